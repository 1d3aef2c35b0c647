import ArgumentParser
import Foundation
import OCOPPluginKit

/// `ocop imports list|undo`: the recorded import runs, and undoing one while nothing depends on it.
struct ImportRunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "imports", abstract: "Recorded import runs: who imported which file when, and undoing one.",
        subcommands: [List.self, Undo.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List import runs, newest first.")
        @OptionGroup var options: ConfigOptions
        @Option(help: ArgumentHelp("Only this province (2025 code).", valueName: "code")) var province: String?
        @Option(help: "How many to show.") var limit = 50

        func run() async throws {
            let province = self.province, limit = self.limit
            let page = try await PluginCommands.withContext(options, label: "ocop.imports") { context in
                try await ImportRunStore().list(province: province, limit: limit, offset: 0, on: context.database.sql)
            }
            guard !page.items.isEmpty else { print("no import runs"); return }
            print(TextTable.render(
                header: ["ID", "WHEN", "WHO", "PROVINCE", "KIND", "FILE", "ROWS", "CREATED", "UPDATED", "DECISIONS", "QUEUED", "STATE"],
                rows: page.items.map { run in
                    [String(run.id), run.startedAt, run.actor, run.provinceCode, run.kind, run.fileName ?? "", String(run.rows), String(run.created),
                     String(run.updated), String(run.certifications), String(run.queued), run.state]
                }), terminator: "")
        }
    }

    struct Undo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo an import run: remove what it created and the decisions it recorded, if nothing depends on them yet.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The run's ID (ocop imports list).") var id: Int64

        func run() async throws {
            let id = self.id
            let undone = try await PluginCommands.withContext(options, label: "ocop.imports") { context in
                guard let environment = context.services.resolve(RegistryEnvironment.self) else {
                    throw PluginCommands.fail(["ocop imports: the registry plugin is not enabled"])
                }
                do {
                    return try await ImportUndo(context: context, environment: environment).undo(id, by: nil, restrictedTo: nil)
                } catch let error as DomainError {
                    throw PluginCommands.fail(PluginCommands.lines(for: error, flags: [:]))
                }
            }
            print("import run \(id) undone: \(undone.recordsRemoved) \(undone.run.kind) and \(undone.decisionsRemoved) decisions removed")
        }
    }
}
