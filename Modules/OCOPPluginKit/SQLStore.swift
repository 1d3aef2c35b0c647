import SQLKit

/// The database engines the platform runs on.
public enum DatabaseEngine: String, Sendable, Hashable, Codable {
    case sqlite
    case postgresql
}

/// The database as plugins see it: SQLKit's dialect-neutral query layer plus transactions.
///
/// Storage implements it for the embedded SQLite file and for PostgreSQL; plugins write one
/// set of queries for both.
public protocol SQLStore: Sendable {
    var engine: DatabaseEngine { get }
    /// A pooled database: each query may run on a different connection.
    var sql: any SQLDatabase { get }
    /// Runs `body` on one connection inside a transaction; commits if it returns, rolls back if it throws.
    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R
}

/// A versioned schema change contributed by a plugin.
///
/// Migrations run once, in registry order (plugins in start order, each plugin's migrations
/// in the order registered), each in its own transaction, and are recorded by
/// `(plugin, id)`. Never edit one that has shipped: add a new one.
public struct Migration: Sendable {
    public var id: String
    public var apply: @Sendable (any SQLDatabase, DatabaseEngine) async throws -> Void

    public init(_ id: String, apply: @escaping @Sendable (any SQLDatabase, DatabaseEngine) async throws -> Void) {
        self.id = id
        self.apply = apply
    }

    /// A migration made of plain SQL statements valid on both engines.
    public init(_ id: String, statements: [String]) {
        self.init(id) { db, _ in
            for statement in statements { try await db.raw(SQLQueryString(statement)).run() }
        }
    }
}
