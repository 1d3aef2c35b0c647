import OCOPPluginKit
import SQLKit

/// Multi-row INSERTs in batches: one statement per few hundred rows instead of one per row,
/// which is what makes a 100,000-row import take seconds rather than minutes.
enum BulkWriter {
    static func insert(into table: String, columns: [String], rows: [[any SQLExpression]], on db: any SQLDatabase,
                       progress: ((Int) -> Void)? = nil) async throws {
        // SQLite allows 32,766 bound values per statement, PostgreSQL 65,535.
        let batch = max(1, min(1000, 30_000 / max(1, columns.count)))
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + batch)
            var insert = db.insert(into: table).columns(columns)
            for row in rows[start..<end] { insert = insert.values(row) }
            try await insert.run()
            start = end
            progress?(end)
        }
    }

    /// Reads the given columns as text, keyed by `key`, for comparing stored rows with imported ones.
    static func fingerprints(of table: String, key: (String) -> String = { $0 }, keyColumns: [String], columns: [String],
                             province: String, on db: any SQLDatabase) async throws -> [String: (id: Int64, version: Int, values: [String?])] {
        var select = db.select().column("id").column("version")
        for column in keyColumns + columns {
            select = select.column(SQLFunction("CAST", args: SQLRaw("\(column) AS TEXT")), as: column)
        }
        let rows = try await select.from(table).where("province_code", .equal, province).all()
        var result: [String: (id: Int64, version: Int, values: [String?])] = [:]
        result.reserveCapacity(rows.count)
        for row in rows {
            let keyText = try keyColumns.map { try row.decode(column: $0, as: String?.self) ?? "" }.joined(separator: "\u{1F}")
            let values = try columns.map { try row.decode(column: $0, as: String?.self) }
            result[key(keyText)] = (try row.decode(column: "id", as: Int64.self), try row.decode(column: "version", as: Int.self), values)
        }
        return result
    }
}
