import ArgumentParser
import Logging
import OCOPPluginKit
import OCOPRuntime

/// `ocop events …`: the operator's view of domain-event delivery.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Inspect domain-event delivery: subscribers' progress, failed deliveries, replays.",
        subcommands: [Status.self, Failed.self, Replay.self], defaultSubcommand: Status.self)

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each subscriber: its event, position, events waiting, open failures.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let rows = try await EventsCommand.withDispatcher(options) { dispatcher, context in
                try await dispatcher.progress(on: context.database.sql).map {
                    [$0.subscriber, $0.eventName, String($0.position), String($0.pending), String($0.failed)]
                }
            }
            print(rows.isEmpty ? "no enabled plugin subscribes to domain events\n"
                  : TextTable.render(header: ["SUBSCRIBER", "EVENT", "POSITION", "PENDING", "FAILED"], rows: rows), terminator: "")
        }
    }

    struct Failed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deliveries that failed and were not replayed successfully.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let failures = try await EventsCommand.withDispatcher(options) { _, context in
                try await EventDispatcher.failures(on: context.database.sql)
            }
            guard !failures.isEmpty else { print("no failed deliveries"); return }
            print(TextTable.render(header: ["ID", "SUBSCRIBER", "EVENT", "RECORD", "ATTEMPTS", "FAILED AT", "ERROR"], rows: failures.map {
                [String($0.id), $0.subscriber, "\($0.eventName) #\($0.eventID)", $0.recordKey, String($0.attempts), $0.failedAt,
                 String($0.error.prefix(160))]
            }), terminator: "")
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver failed events again, oldest first, in this process (exit 1 if any fails again).")
        @OptionGroup var options: ConfigOptions
        @Option(help: "Only this failure (an ID from `ocop events failed`).") var id: Int64?
        @Flag(help: "Replay every open failure.") var all = false

        func validate() throws {
            guard (id != nil) != all else { throw ValidationError("give either --id N or --all") }
        }

        func run() async throws {
            let id = self.id
            let results = try await EventsCommand.withDispatcher(options) { dispatcher, context in
                try await dispatcher.replay(only: id, context: context)
            }
            if results.isEmpty { print(id.map { "no open failure \($0)" } ?? "no failed deliveries"); return }
            for result in results { print("\(result.failure): \(result.delivered ? "delivered" : "failed again: \(result.message)")") }
            if results.contains(where: { !$0.delivered }) { throw ExitCode(1) }
        }
    }

    static func withDispatcher<R: Sendable>(
        _ options: ConfigOptions, _ body: @escaping @Sendable (EventDispatcher, PluginContext) async throws -> R
    ) async throws -> R {
        let boot = try HostBoot.prepare(options)
        let dispatcher = EventDispatcher(subscriptions: boot.registry.subscriptions)
        return try await PluginCommands.withContext(options, label: "ocop.events") { context in try await body(dispatcher, context) }
    }
}
