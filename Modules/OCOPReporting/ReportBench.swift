import ArgumentParser
import Foundation
import OCOPPluginKit

extension ReportCommand {
    /// Placeholder until the benchmark lands.
    struct ReportBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmark the national summary against the same aggregate in raw SQL.")
        func run() async throws {}
    }
}
