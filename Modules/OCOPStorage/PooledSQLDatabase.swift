import Foundation
import Logging
import Metrics
import NIOCore
import SQLKit
@preconcurrency import AsyncKit

/// A `SQLDatabase` over a connection pool: each query borrows a connection, and a session
/// (used for transactions) holds one for its whole duration.
struct PooledSQLDatabase<Source: ConnectionPoolSource>: SQLDatabase {
    let pool: EventLoopGroupConnectionPool<Source>
    let makeSQL: @Sendable (Source.Connection) -> any SQLDatabase
    let logger: Logger
    let dialect: any SQLDialect
    let metrics: StorageMetrics
    /// Connections lent out right now, so closing can wait for them to come back.
    let leases = LeaseCount()

    var eventLoop: any EventLoop { pool.eventLoopGroup.any() }
    var queryLogLevel: Logger.Level? { .debug }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        let start = NIODeadline.now()
        let metrics = self.metrics
        metrics.inUse.increment()
        let leases = self.leases
        leases.change(by: 1)
        return pool.withConnection(logger: logger) { connection in
            self.makeSQL(connection).execute(sql: query, onRow)
        }.flatMapErrorThrowing { error in
            throw StorageFailure.map(error)
        }.always { result in
            leases.change(by: -1)
            metrics.inUse.decrement()
            metrics.queryDuration.recordNanoseconds((NIODeadline.now() - start).nanoseconds)
            if case .failure = result { metrics.queryErrors.increment() }
        }
    }

    /// The async path: the drivers' async queries hand each row over where they read it, where
    /// the future-based path queues one event-loop task per row (SQLite), which a read of many
    /// rows pays for in time and memory.
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let start = NIODeadline.now()
        do {
            try await withSession { try await $0.execute(sql: query, onRow) }
        } catch {
            metrics.queryErrors.increment()
            throw error
        }
        metrics.queryDuration.recordNanoseconds((NIODeadline.now() - start).nanoseconds)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        leases.change(by: 1)
        let connection: Source.Connection
        do { connection = try await pool.requestConnection(logger: logger).get() } catch {
            leases.change(by: -1)
            throw StorageFailure.map(error)
        }
        metrics.inUse.increment()
        defer {
            leases.change(by: -1)
            metrics.inUse.decrement()
            pool.releaseConnection(connection, logger: logger)
        }
        return try await closure(SessionSQLDatabase(base: makeSQL(connection), connection: connection))
    }
}

/// One pooled connection held for a session (a transaction), keeping the driver's connection
/// at hand for what SQLKit does not offer, such as PostgreSQL's COPY.
struct SessionSQLDatabase: SQLDatabase, @unchecked Sendable {
    let base: any SQLDatabase
    /// The driver's connection (`PostgresConnection`, `SQLiteConnection`); used only by the task holding the session.
    let connection: AnyObject

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow).flatMapErrorThrowing { error in throw StorageFailure.map(error) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        do { try await base.execute(sql: query, onRow) } catch { throw StorageFailure.map(error) }
    }
}

/// Pool and query metrics, created once (metric lookup is not free on the hot path).
struct StorageMetrics: Sendable {
    let inUse: Meter
    let queryDuration: Metrics.Timer
    let queryErrors: Counter

    init(engine: String) {
        let dimensions = [("engine", engine)]
        inUse = Meter(label: "ocop_db_connections_in_use", dimensions: dimensions)
        queryDuration = Metrics.Timer(label: "ocop_db_query_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        queryErrors = Counter(label: "ocop_db_query_errors_total", dimensions: dimensions)
    }
}

/// A thread-safe count of borrowed connections.
final class LeaseCount: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func change(by delta: Int) { lock.withLock { value += delta } }
    var current: Int { lock.withLock { value } }

    /// Waits (polling; only used when closing) until nothing is borrowed or `timeout` passes.
    func drained(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while current > 0 {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}
