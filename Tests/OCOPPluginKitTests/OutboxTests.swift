import Foundation
import Logging
import OCOPPluginKit
import OCOPStorage
import OCOPTestSupport
import SQLKit
import Testing

/// A test event about a numbered record.
struct Noted: DomainEvent, Equatable {
    static let name = "test.noted"
    var record: Int
    var step: Int
    var recordKey: String { "record:\(record)" }
}

/// Records every delivery in its own table (event ID, record, step), idempotently by event ID,
/// and fails on purpose for the records listed in its database's `test_refusals`.
struct ListenerPlugin: Plugin {
    static let manifest = PluginManifest(id: "test.listener", version: "1.0.0", summary: "listens")
    init(config: NoConfig) {}
    func register(with registrar: Registrar) throws {
        try registrar.add(Migration("0001_deliveries", statements: [
            "CREATE TABLE test_deliveries (event_id BIGINT PRIMARY KEY, record INTEGER NOT NULL, step INTEGER NOT NULL, seq INTEGER NOT NULL)",
            "CREATE TABLE test_refusals (record INTEGER PRIMARY KEY)",
        ]))
        try registrar.subscribe(to: Noted.self, as: "journal") { envelope, context in
            let refused = try await context.database.sql.select().column("record").from("test_refusals")
                .where("record", .equal, envelope.event.record).first()
            if refused != nil { throw ListenerError.refused(envelope.event.record) }
            try await context.database.transaction { db in
                let seen = try await db.select().column("event_id").from("test_deliveries").where("event_id", .equal, envelope.id).first()
                guard seen == nil else { return }
                let count = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("test_deliveries")
                    .first()?.decode(column: "n", as: Int.self) ?? 0
                try await db.insert(into: "test_deliveries").columns("event_id", "record", "step", "seq")
                    .values(SQLBind(envelope.id), SQLBind(envelope.event.record), SQLBind(envelope.event.step), SQLBind(count)).run()
            }
        }
    }
}

enum ListenerError: Error, CustomStringConvertible {
    case refused(Int)
    var description: String { if case .refused(let record) = self { return "record \(record) refused" }; return "" }
}

/// A migrated database with the listener, and a dispatcher over its subscriptions.
struct Outboxed {
    let database: Database
    let registry: Registry
    let context: PluginContext
    let dispatcher: EventDispatcher

    static func with(_ engine: DatabaseEngine, _ body: @escaping @Sendable (Outboxed) async throws -> Void) async throws {
        let registry = try Registry.load(available: [PluginFactory(ListenerPlugin.self)],
                                         enabled: [("test.listener", "plugins.test.listener", JSONSource(json: "{}"))])
        try await TestDatabase.with(engine) { database in
            try await Migrator(database: database).migrate(registry.migrations)
            let dispatcher = EventDispatcher(subscriptions: registry.subscriptions, pollInterval: .milliseconds(20), maxAttempts: 2)
            var logger = Logger(label: "test.outbox")
            logger.logLevel = .critical
            let context = PluginContext(database: database, services: registry.directory, events: registry.events,
                                        outbox: Outbox(nudge: { dispatcher.nudge() }), logger: logger)
            try await body(Outboxed(database: database, registry: registry, context: context, dispatcher: dispatcher))
        }
    }

    func publish(_ events: [Noted]) async throws {
        try await database.transaction { db in try await context.outbox.publish(events, on: db) }
    }

    /// (record, step) in delivery order.
    func delivered() async throws -> [[Int]] {
        try await database.sql.select().columns("record", "step").from("test_deliveries").orderBy("seq").all().map {
            [try $0.decode(column: "record", as: Int.self), try $0.decode(column: "step", as: Int.self)]
        }
    }
}

struct OutboxChecks {
    static func eventsExistExactlyWhenTheirChangeCommits(_ engine: DatabaseEngine) async throws {
        try await Outboxed.with(engine) { o in
            struct Abort: Error {}
            try await o.publish([Noted(record: 1, step: 1)])
            do {
                try await o.database.transaction { db in
                    try await o.context.outbox.publish(Noted(record: 2, step: 1), on: db)
                    throw Abort()
                }
            } catch is Abort {}
            let stored = try await o.database.sql.select().column("record_key").from(OutboxSchema.events).all()
                .map { try $0.decode(column: "record_key", as: String.self) }
            #expect(stored == ["record:1"], "a rolled-back change publishes nothing")
            #expect(try await o.dispatcher.deliverPending(context: o.context) == 1)
            #expect(try await o.delivered() == [[1, 1]])
            #expect(try await o.dispatcher.deliverPending(context: o.context) == 0, "delivered once")
        }
    }

    static func failuresAreRetriedRecordedHeldInOrderAndReplayed(_ engine: DatabaseEngine) async throws {
        try await Outboxed.with(engine) { o in
            try await o.database.sql.raw("INSERT INTO test_refusals (record) VALUES (7)").run()
            try await o.publish([Noted(record: 7, step: 1), Noted(record: 8, step: 1), Noted(record: 7, step: 2), Noted(record: 8, step: 2)])
            #expect(try await o.dispatcher.deliverPending(context: o.context) == 4)
            #expect(try await o.delivered() == [[8, 1], [8, 2]], "other records go on")
            let failures = try await EventDispatcher.failures(on: o.database.sql)
            #expect(failures.map(\.recordKey) == ["record:7", "record:7"])
            #expect(failures.first?.attempts == 2 && failures.first?.error == "record 7 refused")
            #expect(failures.last?.attempts == 0 && failures.last?.error.contains("held back") == true, "the later event waits behind the first")
            let progress = try await o.dispatcher.progress(on: o.database.sql)
            #expect(progress.map(\.failed) == [2] && progress.map(\.pending) == [0])

            // Still failing: both stay, the second waits.
            let again = try await o.dispatcher.replay(context: o.context)
            #expect(again.map(\.delivered) == [false, false])
            #expect(try await EventDispatcher.failures(on: o.database.sql).first?.attempts == 3)

            try await o.database.sql.raw("DELETE FROM test_refusals").run()
            let replayed = try await o.dispatcher.replay(context: o.context)
            #expect(replayed.map(\.delivered) == [true, true])
            #expect(try await o.delivered() == [[8, 1], [8, 2], [7, 1], [7, 2]], "record 7 in its own order")
            #expect(try await EventDispatcher.failures(on: o.database.sql).isEmpty)
        }
    }

    static func theLoopDeliversAfterCommitAndStops(_ engine: DatabaseEngine) async throws {
        try await Outboxed.with(engine) { o in
            try await o.dispatcher.start(context: o.context)
            try await o.publish((1...50).map { Noted(record: $0 % 5, step: $0) })
            var delivered: [[Int]] = []
            for _ in 0..<250 where delivered.count < 50 {
                try await Task.sleep(for: .milliseconds(20))
                delivered = try await o.delivered()
            }
            await o.dispatcher.stop(context: o.context)
            #expect(delivered.count == 50)
            for record in 0..<5 {
                let steps = delivered.filter { $0[0] == record }.map { $0[1] }
                #expect(steps == steps.sorted(), "in order per record")
            }
        }
    }

    /// Two dispatchers over one database (two hosts): every event handled once.
    static func twoDispatchersDeliverEachEventOnce(_ engine: DatabaseEngine) async throws {
        try await Outboxed.with(engine) { o in
            let second = EventDispatcher(subscriptions: o.registry.subscriptions, pollInterval: .milliseconds(20))
            try await o.publish((1...300).map { Noted(record: $0 % 7, step: $0) })
            async let a = o.dispatcher.deliverPending(context: o.context)
            async let b = second.deliverPending(context: o.context)
            _ = try await (a, b)
            while try await o.dispatcher.deliverPending(context: o.context) > 0 {}
            let delivered = try await o.delivered()
            #expect(delivered.count == 300)
            let rows = try await o.database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("test_deliveries")
                .first()?.decode(column: "n", as: Int.self)
            #expect(rows == 300)
        }
    }
}

@Suite struct OutboxSQLiteTests {
    @Test func commits() async throws { try await OutboxChecks.eventsExistExactlyWhenTheirChangeCommits(.sqlite) }
    @Test func failures() async throws { try await OutboxChecks.failuresAreRetriedRecordedHeldInOrderAndReplayed(.sqlite) }
    @Test func loop() async throws { try await OutboxChecks.theLoopDeliversAfterCommitAndStops(.sqlite) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "needs OCOP_TEST_DATABASE_URL"))
struct OutboxPostgreSQLTests {
    @Test func commits() async throws { try await OutboxChecks.eventsExistExactlyWhenTheirChangeCommits(.postgresql) }
    @Test func failures() async throws { try await OutboxChecks.failuresAreRetriedRecordedHeldInOrderAndReplayed(.postgresql) }
    @Test func loop() async throws { try await OutboxChecks.theLoopDeliversAfterCommitAndStops(.postgresql) }
    @Test func twoHosts() async throws { try await OutboxChecks.twoDispatchersDeliverEachEventOnce(.postgresql) }
}
