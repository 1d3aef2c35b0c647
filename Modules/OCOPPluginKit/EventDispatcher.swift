import Foundation
import Logging
import SQLKit

/// Delivers outbox events to subscribers after commit: at least once, in order per record,
/// with retries, and a list of failed deliveries an operator can replay.
///
/// Each subscriber has a position (the last event ID handled). A delivery that still fails
/// after `maxAttempts` is recorded in `ocop_event_failures` and the position moves on, so one
/// bad event does not stop the others; later events of the same record are held back behind
/// it (recorded as failures too), so that replaying keeps their order.
///
/// Several hosts may share one PostgreSQL: a pass locks the subscriber's position row with
/// `FOR UPDATE SKIP LOCKED`, so each subscriber is fed by one host at a time and no event is
/// handled twice by two hosts at once. On SQLite one process serves, and this task is the only
/// dispatcher.
public final class EventDispatcher: PluginService, @unchecked Sendable {
    public let name = "event-dispatcher"
    public let subscriptions: [EventSubscription]
    let pollInterval: Duration
    let maxAttempts: Int
    let batchSize: Int
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var nudged = false
    /// Subscribers whose position row exists: created once, so idle passes only read.
    private var known: Set<String> = []

    public init(subscriptions: [EventSubscription], pollInterval: Duration = .milliseconds(500), maxAttempts: Int = 3, batchSize: Int = 200) {
        self.subscriptions = subscriptions
        self.pollInterval = pollInterval
        self.maxAttempts = max(1, maxAttempts)
        self.batchSize = batchSize
    }

    /// Wakes the delivery loop (called by the outbox after publishing).
    public func nudge() { lock.withLock { nudged = true } }

    public func start(context: PluginContext) async throws {
        guard !subscriptions.isEmpty else { return }
        let task = Task { [self] in
            while !Task.isCancelled {
                var handled = 0
                do { handled = try await deliverPending(context: context) } catch {
                    // Stopping cancels a pass in progress: what it had not committed is delivered later, not an error.
                    if !Task.isCancelled { context.logger.error("event delivery pass failed", metadata: ["error": "\(String(reflecting: error))"]) }
                }
                if handled == 0 { await idle() }
            }
        }
        lock.withLock { self.task = task }
    }

    public func stop(context: PluginContext) async {
        let task = lock.withLock { self.task }
        task?.cancel()
        await task?.value
    }

    /// Sleeps up to the poll interval, waking early when nudged.
    private func idle() async {
        let step = Duration.milliseconds(20)
        var waited = Duration.zero
        while waited < pollInterval, !Task.isCancelled {
            if lock.withLock({ let was = nudged; nudged = false; return was }) { return }
            try? await Task.sleep(for: step)
            waited += step
        }
    }

    /// One pass over every subscriber; returns the number of events handled (0 when idle).
    @discardableResult
    public func deliverPending(context: PluginContext) async throws -> Int {
        var handled = 0
        for subscription in subscriptions where !Task.isCancelled {
            handled += try await deliver(subscription, context: context)
        }
        return handled
    }

    private func deliver(_ subscription: EventSubscription, context: PluginContext) async throws -> Int {
        let database = context.database
        if !lock.withLock({ known.contains(subscription.subscriber) }) {
            try await database.sql.insert(into: OutboxSchema.cursors).columns("subscriber", "position", "updated_at")
                .values(SQLBind(subscription.subscriber), SQLBind(Int64(0)), SQLBind(Self.now())).ignoringConflicts().run()
            _ = lock.withLock { known.insert(subscription.subscriber) }
        }
        if database.engine == .postgresql {
            return try await database.transaction { db in
                guard let row = try await db.raw("""
                    SELECT position FROM \(unsafeRaw: OutboxSchema.cursors) WHERE subscriber = \(bind: subscription.subscriber)
                    FOR UPDATE SKIP LOCKED
                    """).first() else { return 0 }   // another host is feeding this subscriber
                let position = try row.decode(column: "position", as: Int64.self)
                let events = try await Self.events(after: position, named: subscription.eventName, limit: self.batchSize, on: db)
                for event in events { try await self.handle(event, subscription, context: context, ledger: db) }
                if let last = events.last { try await Self.move(subscription.subscriber, to: last.id, on: db) }
                return events.count
            }
        }
        guard let row = try await database.sql.select().column("position").from(OutboxSchema.cursors)
            .where("subscriber", .equal, subscription.subscriber).first() else { return 0 }
        let position = try row.decode(column: "position", as: Int64.self)
        let events = try await Self.events(after: position, named: subscription.eventName, limit: batchSize, on: database.sql)
        for event in events where !Task.isCancelled {
            try await handle(event, subscription, context: context, ledger: database.sql)
            try await Self.move(subscription.subscriber, to: event.id, on: database.sql)
        }
        return events.count
    }

    /// Runs the handler with retries; records a failure when it keeps failing or when an
    /// earlier event of the same record is still failed.
    private func handle(_ event: StoredEvent, _ subscription: EventSubscription, context: PluginContext, ledger db: any SQLDatabase) async throws {
        if let blocker = try await Self.openFailure(subscriber: subscription.subscriber, recordKey: event.recordKey, on: db) {
            try await Self.recordFailure(event, subscriber: subscription.subscriber, attempts: 0,
                                         error: "held back: event \(blocker) of \(event.recordKey) has not been delivered", on: db)
            return
        }
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await subscription.handle(event, context)
                // One line per handled event: with several hosts, their logs together show who handled what, once.
                context.logger.debug("event delivered", metadata: ["subscriber": "\(subscription.subscriber)", "event": "\(event.id)"])
                return
            } catch {
                guard attempt < maxAttempts, !Task.isCancelled else {
                    context.logger.error("event delivery failed; recorded for replay", metadata: [
                        "subscriber": "\(subscription.subscriber)", "event": "\(event.id)", "name": "\(event.name)", "error": "\(error)",
                    ])
                    try await Self.recordFailure(event, subscriber: subscription.subscriber, attempts: attempt, error: "\(error)", on: db)
                    return
                }
                try? await Task.sleep(for: .milliseconds(50 << min(attempt, 6)))
            }
        }
    }

    // MARK: failed deliveries

    /// A delivery that failed and has not been replayed successfully.
    public struct FailedDelivery: Sendable, Equatable {
        public let id: Int64
        public let subscriber: String
        public let eventID: Int64
        public let eventName: String
        public let recordKey: String
        public let attempts: Int
        public let error: String
        public let failedAt: String
    }

    public static func failures(on db: any SQLDatabase) async throws -> [FailedDelivery] {
        let rows = try await db.raw("""
            SELECT f.id, f.subscriber, f.event_id, e.name, f.record_key, f.attempts, f.error, f.failed_at
            FROM \(unsafeRaw: OutboxSchema.failures) f JOIN \(unsafeRaw: OutboxSchema.events) e ON e.id = f.event_id
            WHERE f.resolved_at IS NULL ORDER BY f.id
            """).all()
        return try rows.map { row in
            FailedDelivery(id: try row.decode(column: "id", as: Int64.self), subscriber: try row.decode(column: "subscriber", as: String.self),
                           eventID: try row.decode(column: "event_id", as: Int64.self), eventName: try row.decode(column: "name", as: String.self),
                           recordKey: try row.decode(column: "record_key", as: String.self), attempts: try row.decode(column: "attempts", as: Int.self),
                           error: try row.decode(column: "error", as: String.self), failedAt: try row.decode(column: "failed_at", as: String.self))
        }
    }

    /// The outcome of replaying one failed delivery.
    public struct Replayed: Sendable, Equatable {
        public let failure: Int64
        public let delivered: Bool
        public let message: String
    }

    /// Delivers failed events again, oldest first (or only `id`). A failure that fails again
    /// stays open with its new error, and later failures of the same record wait behind it.
    public func replay(only id: Int64? = nil, context: PluginContext) async throws -> [Replayed] {
        let db = context.database.sql
        var open = try await Self.failures(on: db)
        if let id { open = open.filter { $0.id == id } }
        var blocked: Set<String> = []
        var results: [Replayed] = []
        for failure in open {
            let key = failure.subscriber + "\u{1F}" + failure.recordKey
            guard !blocked.contains(key) else {
                results.append(Replayed(failure: failure.id, delivered: false, message: "waits behind an earlier failure of \(failure.recordKey)"))
                continue
            }
            guard let subscription = subscriptions.first(where: { $0.subscriber == failure.subscriber }) else {
                blocked.insert(key)
                results.append(Replayed(failure: failure.id, delivered: false,
                                        message: "subscriber \(failure.subscriber) is not enabled in this configuration"))
                continue
            }
            guard let event = try await Self.event(failure.eventID, on: db) else { continue }
            do {
                try await subscription.handle(event, context)
                try await db.update(OutboxSchema.failures).set("resolved_at", to: SQLBind(Self.now())).where("id", .equal, failure.id).run()
                results.append(Replayed(failure: failure.id, delivered: true, message: "delivered"))
            } catch {
                blocked.insert(key)
                try await db.update(OutboxSchema.failures)
                    .set("attempts", to: SQLBind(failure.attempts + 1)).set("error", to: SQLBind("\(error)"))
                    .set("failed_at", to: SQLBind(Self.now())).where("id", .equal, failure.id).run()
                results.append(Replayed(failure: failure.id, delivered: false, message: "\(error)"))
            }
        }
        return results
    }

    /// Each subscriber's position and how many events wait for it.
    public struct Progress: Sendable, Equatable {
        public let subscriber: String
        public let eventName: String
        public let position: Int64
        public let pending: Int
        public let failed: Int
    }

    public func progress(on db: any SQLDatabase) async throws -> [Progress] {
        var result: [Progress] = []
        for subscription in subscriptions {
            let position = try await db.select().column("position").from(OutboxSchema.cursors)
                .where("subscriber", .equal, subscription.subscriber).first()?.decode(column: "position", as: Int64.self) ?? 0
            let pending = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(OutboxSchema.events)
                .where("name", .equal, subscription.eventName).where("id", .greaterThan, position).first()?.decode(column: "n", as: Int.self) ?? 0
            let failed = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(OutboxSchema.failures)
                .where("subscriber", .equal, subscription.subscriber).where("resolved_at", .is, SQLLiteral.null)
                .first()?.decode(column: "n", as: Int.self) ?? 0
            result.append(Progress(subscriber: subscription.subscriber, eventName: subscription.eventName, position: position,
                                   pending: pending, failed: failed))
        }
        return result
    }

    // MARK: storage

    static func now() -> String { Date().formatted(.iso8601) }

    static func events(after position: Int64, named name: String, limit: Int, on db: any SQLDatabase) async throws -> [StoredEvent] {
        try await db.select().columns("id", "name", "record_key", "payload", "occurred_at").from(OutboxSchema.events)
            .where("name", .equal, name).where("id", .greaterThan, position).orderBy("id").limit(limit).all().map(stored)
    }

    static func event(_ id: Int64, on db: any SQLDatabase) async throws -> StoredEvent? {
        try await db.select().columns("id", "name", "record_key", "payload", "occurred_at").from(OutboxSchema.events)
            .where("id", .equal, id).first().map(stored)
    }

    private static func stored(_ row: any SQLRow) throws -> StoredEvent {
        StoredEvent(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                    recordKey: try row.decode(column: "record_key", as: String.self), payload: try row.decode(column: "payload", as: String.self),
                    occurredAt: try row.decode(column: "occurred_at", as: String.self))
    }

    private static func move(_ subscriber: String, to position: Int64, on db: any SQLDatabase) async throws {
        try await db.update(OutboxSchema.cursors).set("position", to: SQLBind(position)).set("updated_at", to: SQLBind(now()))
            .where("subscriber", .equal, subscriber).run()
    }

    private static func openFailure(subscriber: String, recordKey: String, on db: any SQLDatabase) async throws -> Int64? {
        try await db.select().column("event_id").from(OutboxSchema.failures)
            .where("subscriber", .equal, subscriber).where("record_key", .equal, recordKey).where("resolved_at", .is, SQLLiteral.null)
            .orderBy("id").limit(1).first()?.decode(column: "event_id", as: Int64.self)
    }

    private static func recordFailure(_ event: StoredEvent, subscriber: String, attempts: Int, error: String, on db: any SQLDatabase) async throws {
        try await db.insert(into: OutboxSchema.failures)
            .columns("subscriber", "event_id", "record_key", "attempts", "error", "failed_at")
            .values(SQLBind(subscriber), SQLBind(event.id), SQLBind(event.recordKey), SQLBind(attempts), SQLBind(String(error.prefix(2000))), SQLBind(now()))
            .run()
    }
}
