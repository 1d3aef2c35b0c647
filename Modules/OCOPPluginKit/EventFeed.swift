import Foundation
import Logging
import SQLKit

/// Every committed domain event, seen by every host in outbox order: for host-local caches and
/// read models that must forget what changed, wherever it changed.
///
/// Unlike `Registrar.subscribe` (durable, each event handled once across hosts), observers here
/// run on every host, in memory, synchronously and cheaply (drop an entry, bump a generation).
/// The host reads the outbox after each of its own commits (so a host reads its own writes) and
/// polls it for other hosts' and other processes' writes; `position` is the last event observers
/// were told about, so a cache can refuse to store what it read while a change was being reported.
public final class EventFeed: @unchecked Sendable {
    /// What observers get: enough to know which record changed.
    public struct Change: Sendable, Equatable {
        public let id: Int64
        public let name: String
        public let recordKey: String

        public init(id: Int64, name: String, recordKey: String) {
            self.id = id
            self.name = name
            self.recordKey = recordKey
        }
    }

    private let lock = NSLock()
    private var observers: [@Sendable ([Change]) -> Void] = []
    private var last: Int64?
    private let reader = AsyncGate()

    public init() {}

    /// The last event reported to observers; nil until the host has started the feed (a feed
    /// that never starts, as in commands, reports nothing and caches must not keep anything).
    public var position: Int64? { lock.withLock { last } }

    public func observe(_ observer: @escaping @Sendable ([Change]) -> Void) {
        lock.withLock { observers.append(observer) }
    }

    /// Starts at the outbox's end: what was committed before needs no forgetting.
    public func start(on db: any SQLDatabase) async throws {
        let row = try await db.select().column(SQLFunction("MAX", args: SQLColumn("id")), as: "id").from(OutboxSchema.events).first()
        let end = try row?.decode(column: "id", as: Int64?.self) ?? 0
        lock.withLock { if last == nil { last = end } }
    }

    /// Reads what was committed since `position` and tells the observers; one reader at a time,
    /// so a caller returns only after everything committed before its call has been reported.
    public func catchUp(on db: any SQLDatabase) async throws {
        guard position != nil else { return }
        try await reader.holding { [self] in
            while let from = position {
                let rows = try await db.select().columns("id", "name", "record_key").from(OutboxSchema.events)
                    .where("id", .greaterThan, from).orderBy("id").limit(1000).all()
                guard !rows.isEmpty else { return }
                let changes = try rows.map {
                    Change(id: try $0.decode(column: "id", as: Int64.self), name: try $0.decode(column: "name", as: String.self),
                           recordKey: try $0.decode(column: "record_key", as: String.self))
                }
                // Observers first, then the position: a cache that saw the old position and read
                // before the change refuses to store its now stale read.
                let current = lock.withLock { observers }
                for observer in current { observer(changes) }
                lock.withLock { last = changes[changes.count - 1].id }
                if rows.count < 1000 { return }
            }
        }
    }

    /// Catches up every `interval` until cancelled: other hosts' and processes' writes reach this
    /// host's caches within about one interval.
    public func follow(on db: any SQLDatabase, every interval: Duration, logger: Logger) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { return }
            do { try await catchUp(on: db) } catch {
                logger.warning("reading the outbox for caches failed; retrying", metadata: ["error": "\(error)"])
            }
        }
    }
}
