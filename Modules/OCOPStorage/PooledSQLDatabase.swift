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

    var eventLoop: any EventLoop { pool.eventLoopGroup.any() }
    var queryLogLevel: Logger.Level? { .debug }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        let start = NIODeadline.now()
        let metrics = self.metrics
        metrics.inUse.increment()
        return pool.withConnection(logger: logger) { connection in
            self.makeSQL(connection).execute(sql: query, onRow)
        }.always { result in
            metrics.inUse.decrement()
            metrics.queryDuration.recordNanoseconds((NIODeadline.now() - start).nanoseconds)
            if case .failure = result { metrics.queryErrors.increment() }
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let connection = try await pool.requestConnection(logger: logger).get()
        metrics.inUse.increment()
        defer {
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
        base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await base.execute(sql: query, onRow)
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
