import Foundation
import SQLKit

/// A fact a module publishes for others (a product certified, a certificate expiring…).
///
/// Events are written to the outbox in the same transaction as the change they describe and
/// delivered to subscribers after commit, at least once, in order per record. Payloads are
/// JSON, so keep them small, flat and additive: a new optional field is a compatible change.
public protocol DomainEvent: Codable, Sendable {
    /// Stable name, `module.event-name`, e.g. `registry.certification-recorded`.
    static var name: String { get }
    /// The record the event is about (`product:42`): delivery keeps order within one key.
    var recordKey: String { get }
}

/// An event as a subscriber receives it.
public struct EventEnvelope<E: DomainEvent>: Sendable {
    /// The outbox ID: unique and increasing; subscribers are idempotent by it.
    public let id: Int64
    public let recordKey: String
    /// UTC timestamp (ISO 8601) of the publishing transaction.
    public let occurredAt: String
    public let event: E
}

/// An event as stored in the outbox.
public struct StoredEvent: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let recordKey: String
    public let payload: String
    public let occurredAt: String

    public func decode<E: DomainEvent>(_ type: E.Type) throws -> EventEnvelope<E> {
        let event = try JSONDecoder().decode(E.self, from: Data(payload.utf8))
        return EventEnvelope(id: id, recordKey: recordKey, occurredAt: occurredAt, event: event)
    }
}

/// A durable handler of one kind of event (see `Registrar.subscribe`).
public struct EventSubscription: Sendable {
    /// `plugin/name`: where the subscriber's position and failures are stored.
    public let subscriber: String
    public let plugin: PluginID
    public let eventName: String
    public let handle: @Sendable (StoredEvent, PluginContext) async throws -> Void
}

/// Writes domain events in the caller's transaction.
public struct Outbox: Sendable {
    private let loader: any BulkLoader
    private let nudge: @Sendable () -> Void

    /// `loader` writes many events at once (the store's: COPY on PostgreSQL); `nudge` wakes the
    /// dispatcher of this process (it also polls, so a missed nudge only delays delivery).
    public init(loader: any BulkLoader = InsertBulkLoader(), nudge: @escaping @Sendable () -> Void = {}) {
        self.loader = loader
        self.nudge = nudge
    }

    /// Publishes `event` on `db`, which must be the connection of the transaction making the
    /// change: the event then exists exactly when the change does.
    public func publish<E: DomainEvent>(_ event: E, on db: any SQLDatabase) async throws {
        try await publish([event], on: db)
    }

    /// Publishes several events in one statement per batch (imports).
    public func publish<E: DomainEvent>(_ events: [E], on db: any SQLDatabase) async throws {
        guard !events.isEmpty else { return }
        try await publish(rows: try Self.rows(events), on: db)
    }

    /// The outbox rows of `events` (name, record key, JSON payload, time): pure work, so an
    /// import encodes a batch's events on another core while it writes the batch's rows.
    public static func rows<E: DomainEvent>(_ events: [E]) throws -> [[BulkValue]] {
        guard !events.isEmpty else { return [] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let now = Date().formatted(.iso8601)
        var rows: [[BulkValue]] = []
        rows.reserveCapacity(events.count)
        for event in events {
            rows.append([.text(E.name), .text(event.recordKey), .text(String(decoding: try encoder.encode(event), as: UTF8.self)), .text(now)])
        }
        return rows
    }

    /// Publishes rows made by `rows(_:)`, in their order, in one statement per batch.
    public func publish(rows: [[BulkValue]], on db: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        try await OutboxSchema.serialiseWriters(on: db)
        try await loader.insert(into: OutboxSchema.events, columns: ["name", "record_key", "payload", "occurred_at"],
                                            rows: rows, on: db)
        nudge()
    }
}

/// The outbox's tables, created by the host's own migration.
public enum OutboxSchema {
    public static let events = "ocop_outbox"
    public static let cursors = "ocop_event_cursors"
    public static let failures = "ocop_event_failures"

    public static let migration = Migration("0001_outbox") { db, _ in
        try await db.create(table: events)
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("name", type: .text, .notNull)
            .column("record_key", type: .text, .notNull)
            .column("payload", type: .text, .notNull)
            .column("occurred_at", type: .text, .notNull)
            .run()
        try await db.create(index: "ocop_outbox_name").on(events).column("name").column("id").run()
        try await db.create(table: cursors)
            .column("subscriber", type: .text, .primaryKey(autoIncrement: false))
            .column("position", type: .bigint, .notNull)
            .column("updated_at", type: .text, .notNull)
            .run()
        try await db.create(table: failures)
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("subscriber", type: .text, .notNull)
            .column("event_id", type: .bigint, .notNull)
            .column("record_key", type: .text, .notNull)
            .column("attempts", type: .int, .notNull)
            .column("error", type: .text, .notNull)
            .column("failed_at", type: .text, .notNull)
            .column("resolved_at", type: .text)
            .run()
        try await db.create(index: "ocop_event_failures_open").on(failures).column("subscriber").column("record_key").run()
    }

    /// On PostgreSQL, outbox IDs must become visible in ID order, or a dispatcher reading past
    /// an ID could skip one committed later with a smaller ID. A transaction-scoped advisory lock
    /// makes publishing transactions commit one after the other (SQLite has one writer anyway).
    static func serialiseWriters(on db: any SQLDatabase) async throws {
        if db.dialect.name == "postgresql" {
            try await db.raw("SELECT pg_advisory_xact_lock(4208)").run()
        }
    }
}
