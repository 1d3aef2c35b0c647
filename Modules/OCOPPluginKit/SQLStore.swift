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
    /// The engine's fastest way to load many rows (see `bulkInsert`).
    var bulkLoader: any BulkLoader { get }
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

/// A value for bulk loading: what `SQLStore.bulkInsert` writes.
public enum BulkValue: Sendable, Equatable {
    case null
    case text(String)
    case integer(Int64)

    public init(_ value: String?) { self = value.map(BulkValue.text) ?? .null }
    public init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    public init(_ value: Int64?) { self = value.map(BulkValue.integer) ?? .null }
    public init(_ value: Bool?) { self = value.map { .integer($0 ? 1 : 0) } ?? .null }

    /// As a bound SQL value, for engines without a bulk path. NULL is a literal: a bound NULL
    /// would carry a type (text) that PostgreSQL refuses for integer columns.
    public var bind: any SQLExpression {
        switch self {
        case .null: return SQLLiteral.null
        case .text(let text): return SQLBind(text)
        case .integer(let number): return SQLBind(number)
        }
    }
}

extension SQLStore {
    /// Inserts many rows on `database` (a transaction's connection): the fastest way the engine
    /// offers (PostgreSQL `COPY … FROM STDIN`; multi-row INSERTs elsewhere).
    public func bulkInsert(into table: String, columns: [String], rows: [[BulkValue]], on database: any SQLDatabase) async throws {
        try await bulkLoader.insert(into: table, columns: columns, rows: rows, on: database)
    }
}

/// How a store loads rows in bulk; storage engines with a faster path than INSERT provide one.
public protocol BulkLoader: Sendable {
    func insert(into table: String, columns: [String], rows: [[BulkValue]], on database: any SQLDatabase) async throws
}

/// Multi-row INSERT statements of a few hundred rows each.
public struct InsertBulkLoader: BulkLoader {
    public init() {}

    public func insert(into table: String, columns: [String], rows: [[BulkValue]], on database: any SQLDatabase) async throws {
        // SQLite allows 32,766 bound values per statement, PostgreSQL 65,535.
        let batch = max(1, min(1000, 30_000 / max(1, columns.count)))
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + batch)
            var insert = database.insert(into: table).columns(columns)
            for row in rows[start..<end] { insert = insert.values(row.map(\.bind)) }
            try await insert.run()
            start = end
        }
    }
}
