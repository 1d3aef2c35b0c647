import ArgumentParser
import Foundation
import OCOPPluginKit

/// `ocop report …`: signing keys, the national roll-up's bundles, and the benchmark.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reporting: roll-up signing keys, province bundles and the nation, the benchmark.",
        subcommands: [Keygen.self, Bundle.self, ReportBench.self, ReportTargetsCommand.self, ReportWorkbookCommand.self])

    static func rollup(_ context: PluginContext) throws -> RollupService {
        guard let service = context.services.resolve(RollupService.self) else {
            throw PluginCommands.fail(["ocop report: the plugin ocop.reporting is not enabled"])
        }
        return service
    }

    static let flags = ["/province": "--province", "/as_of": "--as-of", "/out": "--out", "/signing_key_file": "ocop.reporting.signing_key_file"]

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new Ed25519 signing key (mode 0600) for a province host and print its public key.")
        /// Read by the host to find the plugin; keygen itself needs no database.
        @OptionGroup var options: ConfigOptions
        @Option(help: "The private key file to create (never overwritten).") var out: String

        func run() throws {
            do {
                let key = try RollupKeys.generate(to: out)
                print(key.rawRepresentation.base64EncodedString())
                FileHandle.standardError.write(Data("wrote \(out) (0600); give the line above to the national host's trusted_provinces\n".utf8))
            } catch let error as DomainError {
                throw PluginCommands.fail(PluginCommands.lines(for: error, flags: ReportCommand.flags))
            }
        }
    }

    struct Bundle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Province summary bundles: export (province host), import and nation (national host).",
            subcommands: [Export.self, Import.self, Nation.self])

        struct Export: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Compute, number and sign this province's summary bundle.")
            @OptionGroup var options: ConfigOptions
            @Option(help: "The province (default: province_code of the ocop.reporting section).") var province: String?
            @Option(name: .customLong("as-of"), help: "The day figures are taken on, YYYY-MM-DD (default: today).") var asOf: String?
            @Option(help: "Write the bundle here (default: standard output).") var out: String?

            func run() async throws {
                let province = self.province, asOf = self.asOf ?? ProgrammeCalendar.today()
                let bundle = try await PluginCommands.withContext(options, label: "ocop.reporting") { context in
                    do {
                        return try await ReportCommand.rollup(context).export(province: province, asOf: asOf, store: context.database)
                    } catch let error as DomainError {
                        throw PluginCommands.fail(PluginCommands.lines(for: error, flags: ReportCommand.flags))
                    }
                }
                let bytes = try bundle.fileBytes()
                if let out {
                    try bytes.write(to: URL(fileURLWithPath: out))
                    FileHandle.standardError.write(Data("wrote \(out): province \(bundle.provinceCode), as of \(bundle.asOf), sequence \(bundle.sequence)\n".utf8))
                } else {
                    FileHandle.standardOutput.write(bytes)
                }
            }
        }

        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Check and store province bundles (each all or nothing).")
            @OptionGroup var options: ConfigOptions
            @Argument(help: "Bundle files.") var files: [String]

            func run() async throws {
                let files = self.files
                let failed = try await PluginCommands.withContext(options, label: "ocop.reporting") { context in
                    let service = try ReportCommand.rollup(context)
                    var failed = 0
                    for file in files {
                        guard let data = FileManager.default.contents(atPath: file) else {
                            FileHandle.standardError.write(Data("\(file): cannot read\n".utf8))
                            failed += 1
                            continue
                        }
                        do {
                            let result = try await service.importBundle(data, by: nil, store: context.database)
                            print("\(file): \(result.outcome.rawValue) province \(result.provinceCode), sequence \(result.sequence), as of \(result.asOf)")
                        } catch let error as DomainError {
                            for line in PluginCommands.lines(for: error) { FileHandle.standardError.write(Data("\(file): \(line)\n".utf8)) }
                            failed += 1
                        }
                    }
                    return failed
                }
                if failed > 0 { throw ExitCode(1) }
            }
        }

        struct Nation: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The nation: each imported province and the total.")
            @OptionGroup var options: ConfigOptions
            @Flag(help: "JSON instead of a table.") var json = false

            func run() async throws {
                let nation = try await PluginCommands.withContext(options, label: "ocop.reporting") { context in
                    try await ReportCommand.rollup(context).nation(on: context.database.sql)
                }
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(nation), as: UTF8.self))
                    return
                }
                let table = nation.table
                print(TextTable.render(header: table.columns.map(\.name), rows: table.rows.map { $0.map(Self.text) }), terminator: "")
            }

            static func text(_ cell: StatTable.Cell) -> String {
                switch cell {
                case .text(let s): s
                case .integer(let i): String(i)
                case .percent(let d): String(format: "%.1f", d)
                case .null: "-"
                }
            }
        }
    }
}
