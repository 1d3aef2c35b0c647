import Foundation
import Logging
import NIOCore
import NIOPosix
import OCOPPluginKit
@preconcurrency import AsyncKit
import PostgresKit
import SQLiteKit
import Synchronization

/// The platform's database: an embedded SQLite file or a PostgreSQL server, behind SQLKit.
///
/// SQLKit was chosen as the one query layer because it serialises the same builders to both
/// dialects, its drivers (sqlite-nio, postgres-nio) are maintained, and it stays close to
/// SQL (no ORM to fight for bulk imports or reports).
public final class Database: SQLStore {
    public let engine: DatabaseEngine
    public let location: StorageLocation
    /// The pool; inside a transaction of this database, that transaction's connection, so code
    /// called from a transaction (a service reading back what it wrote) sees its own writes.
    public var sql: any SQLDatabase {
        if let open = Self.open, open.database == ObjectIdentifier(self) { return open.connection }
        return pool
    }
    private let pool: any SQLDatabase
    public var bulkLoader: any BulkLoader { engine == .postgresql ? CopyBulkLoader() : SQLiteBulkLoader() }
    private let shutdownPool: @Sendable () async throws -> Void

    private init(engine: DatabaseEngine, location: StorageLocation, sql: any SQLDatabase,
                 shutdown: @escaping @Sendable () async throws -> Void) {
        self.engine = engine
        self.location = location
        self.pool = sql
        self.shutdownPool = shutdown
    }

    /// Opens the database and checks it answers, so a wrong URL fails at start with a clear message.
    ///
    /// - Parameter connectionsPerLoop: pool size per event loop (the pool spans all loops).
    public static func open(
        _ location: StorageLocation,
        connectionsPerLoop: Int = 4,
        busyTimeoutMilliseconds: Int = 5000,
        logger: Logger = Logger(label: "ocop.storage"),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(StorageError) -> Database {
        // Connection failures surface as query errors, which callers report in one line;
        // the pool's own error log would only repeat them.
        var poolLogger = logger
        poolLogger.logLevel = .critical
        let database: Database
        switch location {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw StorageError(.unreachable, "storage.url: cannot create directory '\(directory.path)': \(error.localizedDescription)")
            }
            let loops = eventLoopGroup.makeIterator().reduce(0) { count, _ in count + 1 }
            let threads = NIOThreadPool(numberOfThreads: connectionsPerLoop * loops + 2)
            threads.start()
            let pool = EventLoopGroupConnectionPool(
                source: SQLiteSource(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, threadPool: threads),
                maxConnectionsPerEventLoop: connectionsPerLoop, logger: poolLogger, on: eventLoopGroup)
            let sql = PooledSQLDatabase(pool: pool, makeSQL: { $0.sql() }, logger: poolLogger,
                                        dialect: SQLiteDialect(), metrics: StorageMetrics(engine: "sqlite"))
            database = Database(engine: .sqlite, location: location, sql: sql, shutdown: {
                // A connection still lent out (a background task's query) would be closed on its
                // return through the thread pool; shutting that down first leaves it unclosed,
                // which sqlite-nio treats as a programming error (an assertion in debug builds).
                if !(await sql.leases.drained(within: .seconds(10))) {
                    logger.warning("closing the database with connections still in use")
                }
                try await pool.shutdownAsync()
                try await threads.shutdownGracefully()
            })
        case .postgres(let url):
            let configuration: SQLPostgresConfiguration
            do { configuration = try SQLPostgresConfiguration(url: url) } catch {
                throw StorageError(.invalidURL, "storage.url: not a valid PostgreSQL URL: \(location)")
            }
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: connectionsPerLoop, requestTimeout: .seconds(10), logger: poolLogger, on: eventLoopGroup)
            let sql = PooledSQLDatabase(pool: pool, makeSQL: { $0.sql() }, logger: poolLogger,
                                        dialect: PostgresDialect(), metrics: StorageMetrics(engine: "postgresql"))
            database = Database(engine: .postgresql, location: location, sql: sql, shutdown: {
                _ = await sql.leases.drained(within: .seconds(10))
                try await pool.shutdownAsync()
            })
        }
        do {
            try await database.sql.raw("SELECT 1").run()
        } catch {
            try? await database.close()
            throw StorageError(.unreachable, "storage.url: cannot open \(location): \(Self.explain(error))")
        }
        return database
    }

    public func close() async throws {
        try await shutdownPool()
    }

    /// Runs `body` in a transaction on one connection. Called again inside `body` (a service
    /// calling another that opens its own transaction), it runs on the same connection inside a
    /// savepoint instead: it never waits for the writer lock its own caller holds.
    public func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        if let open = Self.open, open.database == ObjectIdentifier(self) {
            return try await savepoint(on: open, body)
        }
        let result: R
        if engine == .sqlite {
            // SQLite has one writer at a time: queue writers here, without holding a connection
            // or a thread, rather than in SQLite's busy handler.
            result = try await writers.holding { try await self.run(body, begin: "BEGIN IMMEDIATE") }
        } else {
            result = try await run(body, begin: "BEGIN")
        }
        for hook in hooks.withLock({ $0 }) { await hook() }
        return result
    }

    private let writers = AsyncGate()

    /// Runs after each top-level commit, before `transaction` returns (the host reads the outbox
    /// there, so its caches forget what this transaction changed before the caller reads again).
    public func afterCommit(_ hook: @escaping @Sendable () async -> Void) {
        hooks.withLock { $0.append(hook) }
    }
    private let hooks = Mutex<[@Sendable () async -> Void]>([])

    /// The transaction the current task is in, if any (per database).
    struct OpenTransaction: Sendable {
        let database: ObjectIdentifier
        let connection: any SQLDatabase
        let depth: Int
    }
    @TaskLocal static var open: OpenTransaction?

    private func run<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R, begin: String) async throws -> R {
        try await pool.withSession { connection in
            try await connection.raw(SQLQueryString(begin)).run()
            do {
                let result = try await Self.$open.withValue(OpenTransaction(database: ObjectIdentifier(self), connection: connection, depth: 0)) {
                    try await body(connection)
                }
                try await connection.raw("COMMIT").run()
                return result
            } catch {
                try? await connection.raw("ROLLBACK").run()
                throw StorageFailure.map(error)
            }
        }
    }

    private func savepoint<R: Sendable>(on open: OpenTransaction, _ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let name = "ocop_nested_\(open.depth + 1)"
        try await open.connection.raw("SAVEPOINT \(unsafeRaw: name)").run()
        do {
            let inner = OpenTransaction(database: open.database, connection: open.connection, depth: open.depth + 1)
            let result = try await Self.$open.withValue(inner) { try await body(open.connection) }
            try await open.connection.raw("RELEASE SAVEPOINT \(unsafeRaw: name)").run()
            return result
        } catch {
            try? await open.connection.raw("ROLLBACK TO SAVEPOINT \(unsafeRaw: name)").run()
            try? await open.connection.raw("RELEASE SAVEPOINT \(unsafeRaw: name)").run()
            throw error
        }
    }

    /// Driver errors are verbose structs; keep the part an operator can act on.
    static func explain(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            if let underlying = psql.underlying { return "\(underlying)" }
            return "\(psql.code)"
        }
        return "\(error)"
    }
}
