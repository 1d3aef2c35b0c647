import ArgumentParser
import OCOPPluginKit

extension RatingCommand {
    struct RoundBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "round-bench", abstract: "Benchmark a full national round (placeholder).")
        func run() async throws {}
    }
}
