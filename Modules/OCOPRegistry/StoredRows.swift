import OCOPPluginKit
import SQLKit

/// Reads what is stored, for comparing it with what an import brings.
enum StoredRows {
    /// Reads the given columns as text, keyed by `key`, for comparing stored rows with imported ones.
    static func fingerprints(of table: String, key: (String) -> String = { $0 }, keyColumns: [String], columns: [String],
                             province: String?, matching filter: (any SQLExpression)? = nil,
                             on db: any SQLDatabase) async throws -> [String: (id: Int64, version: Int, values: [String?])] {
        var select = db.select().column("id").column("version")
        for column in keyColumns + columns {
            select = select.column(SQLFunction("CAST", args: SQLRaw("\(column) AS TEXT")), as: column)
        }
        select = select.from(table)
        if let province { select = select.where("province_code", .equal, province) }
        if let filter { select = select.where(filter) }
        let rows = try await select.all()
        var result: [String: (id: Int64, version: Int, values: [String?])] = [:]
        result.reserveCapacity(rows.count)
        for row in rows {
            let keyText = try keyColumns.map { try row.decode(column: $0, as: String?.self) ?? "" }.joined(separator: "\u{1F}")
            let values = try columns.map { try row.decode(column: $0, as: String?.self) }
            result[key(keyText)] = (try row.decode(column: "id", as: Int64.self), try row.decode(column: "version", as: Int.self), values)
        }
        return result
    }

    /// `column IN (values)`, for the filters above (an index on `column` keeps each batch's query small).
    static func among<Value: Encodable & Sendable>(_ column: String, _ values: some Collection<Value>) -> any SQLExpression {
        SQLBinaryExpression(SQLIdentifier(column), .in, SQLBind.group(Array(values)))
    }

    /// IDs by key of the rows in `province` that match `filter`.
    static func ids(of table: String, keyColumns: [String], province: String?, matching filter: any SQLExpression,
                    on db: any SQLDatabase) async throws -> [String: Int64] {
        var select = db.select().column("id")
        for column in keyColumns { select = select.column(SQLFunction("CAST", args: SQLRaw("\(column) AS TEXT")), as: column) }
        select = select.from(table).where(filter)
        if let province { select = select.where("province_code", .equal, province) }
        let rows = try await select.all()
        var result: [String: Int64] = [:]
        for row in rows {
            let key = try keyColumns.map { try row.decode(column: $0, as: String?.self) ?? "" }.joined(separator: "\u{1F}")
            result[key] = try row.decode(column: "id", as: Int64.self)
        }
        return result
    }
}
