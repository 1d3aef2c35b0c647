import Foundation
import OCOPCSV
import OCOPPluginKit

/// A `StatTable` as a file: CSV for Excel, JSON for machines, XLSX (see `WorkbookWriter`).
public enum TableExport {
    public enum Format: String, Sendable, CaseIterable {
        case csv, xlsx, json

        public var contentType: String {
            switch self {
            case .csv: "text/csv; charset=utf-8"
            case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case .json: "application/json; charset=utf-8"
            }
        }

        /// `name.csv` → (`name`, .csv); nil without a known extension.
        public static func split(_ file: String) -> (name: String, format: Format)? {
            guard let dot = file.lastIndex(of: "."), let format = Format(rawValue: String(file[file.index(after: dot)...]).lowercased()) else {
                return nil
            }
            return (String(file[..<dot]), format)
        }
    }

    /// Excel-friendly CSV: UTF-8 with a byte-order mark, CR LF, RFC 4180 quoting, the Vietnamese
    /// column titles as header, text that a spreadsheet would run as a formula guarded with `'`.
    /// Percents are written 0–100 with two decimals, integers as digits, empty cells empty.
    public static func csv(_ table: StatTable) -> Data {
        var writer = CSVWriter(byteOrderMark: true, excelSafe: true)
        writer.write(table.columns.map(\.title))
        for row in table.rows { writer.write(row.map(text)) }
        return writer.data
    }

    /// The table as JSON: `id, title, definition, as_of, queried_at, columns, rows` (rows as arrays).
    public static func json(_ table: StatTable) throws -> Data {
        try encoder.encode(JSONTable(table))
    }

    /// The file name a download gets: `bao-cao-ocop-<table>-<province>-<as-of>.<ext>`.
    public static func fileName(_ name: String, province: String?, asOf: String, format: Format) -> String {
        "bao-cao-ocop-\(name)-\(province ?? "toan-quoc")-\(asOf).\(format.rawValue)"
    }

    /// `attachment` with the file name (ASCII by construction).
    public static func disposition(_ fileName: String) -> String { "attachment; filename=\"\(fileName)\"" }

    public static func text(_ cell: StatTable.Cell) -> String {
        switch cell {
        case .text(let s): s
        case .integer(let i): String(i)
        case .percent(let d): String(format: "%.2f", d)
        case .null: ""
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    struct JSONTable: Encodable {
        let table: StatTable
        init(_ table: StatTable) { self.table = table }
        enum CodingKeys: String, CodingKey { case id, title, definition, asOf = "as_of", queriedAt = "queried_at", columns, rows }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(table.id, forKey: .id)
            try c.encode(table.title, forKey: .title)
            try c.encode(table.definition, forKey: .definition)
            try c.encode(table.asOf, forKey: .asOf)
            try c.encode(table.queriedAt, forKey: .queriedAt)
            try c.encode(table.columns, forKey: .columns)
            try c.encode(table.rows, forKey: .rows)
        }
    }
}
