import OCOPPluginKit
import SQLKit

/// Reads what is stored, for comparing it with what an import brings.
enum StoredRows {
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
