import OCOPPluginKit
import SQLiteKit

/// Loads rows into SQLite with multi-row INSERTs bound straight to the driver (`SQLiteData`) on
/// the transaction's own connection: no SQLKit serialisation and no `Encodable` per value, which
/// cost more than SQLite's own work for wide loads (an import, a round's results and chain).
struct SQLiteBulkLoader: BulkLoader {
    func insert(into table: String, columns: [String], rows: [[BulkValue]], on database: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        guard let session = database as? SessionSQLDatabase, let connection = session.connection as? SQLiteConnection else {
            try await InsertBulkLoader().insert(into: table, columns: columns, rows: rows, on: database)
            return
        }
        // SQLite allows 32,766 bound values per statement.
        let perStatement = max(1, min(1000, 32_000 / max(1, columns.count)))
        let head = "INSERT INTO \(Self.quote(table)) (\(columns.map(Self.quote).joined(separator: ", "))) VALUES "
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var fullStatement: String?
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + perStatement)
            let count = end - start
            let sql: String
            if count == perStatement, let full = fullStatement {
                sql = full
            } else {
                sql = head + Array(repeating: tuple, count: count).joined(separator: ", ")
                if count == perStatement { fullStatement = sql }
            }
            var binds: [SQLiteData] = []
            binds.reserveCapacity(count * columns.count)
            for row in rows[start..<end] {
                for value in row {
                    switch value {
                    case .null: binds.append(.null)
                    case .text(let text): binds.append(.text(text))
                    case .integer(let number): binds.append(.integer(Int(number)))
                    }
                }
            }
            do {
                _ = try await connection.query(sql, binds)
            } catch {
                throw StorageFailure.map(error)
            }
            start = end
        }
    }

    static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
