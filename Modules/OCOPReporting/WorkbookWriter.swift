import CXLSXWriter
import Foundation
import OCOPPluginKit

/// Writes `StatTable`s as one XLSX workbook through Debian's libxlsxwriter, in its
/// constant-memory mode (each row goes to a temporary file as soon as it is written, so memory
/// stays flat however long a table is; strings are stored inline).
///
/// The first sheet, "Mục lục", lists every table with its definition and as-of day; each table
/// then gets a sheet of its own: a title / definition / as-of block, a bold header row frozen
/// under it, numbers as numbers, percents as fractions with a `0.00%` format, widths to fit.
public enum WorkbookWriter {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Rows above the header: title, definition, as-of, blank.
    static let headerRow: UInt32 = 4

    /// Writes `tables` to `path` (replacing it).
    public static func write(_ tables: [StatTable], title: String, to path: String) throws {
        let tmp = FileManager.default.temporaryDirectory.path
        let workbook: UnsafeMutablePointer<lxw_workbook>? = tmp.withCString { tmpdir in
            path.withCString { file in
                var options = lxw_workbook_options(constant_memory: 1, tmpdir: UnsafeMutablePointer(mutating: tmpdir), use_zip64: 0)
                return workbook_new_opt(file, &options)
            }
        }
        guard let workbook else { throw Failure(description: "cannot create the workbook \(path)") }
        var closed = false
        defer { if !closed { workbook_close(workbook) } }

        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        let heading = workbook_add_format(workbook)
        format_set_bold(heading)
        format_set_font_size(heading, 14)
        let percent = workbook_add_format(workbook)
        format_set_num_format(percent, "0.00%")
        let integer = workbook_add_format(workbook)
        format_set_num_format(integer, "#,##0")

        // Sheet names: at most 31 characters, unique, none of []:*?/\ (Excel's rules).
        var used = Set<String>()
        func sheetName(_ id: String) -> String {
            var base = String(id.map { "[]:*?/\\".contains($0) ? "-" : $0 }.prefix(31))
            if base.isEmpty { base = "bang" }
            var name = base
            var n = 2
            while used.contains(name.lowercased()) {
                name = String(base.prefix(31 - String(n).count - 1)) + "-" + String(n)
                n += 1
            }
            used.insert(name.lowercased())
            return name
        }
        let contentsName = sheetName("Mục lục")
        let names = tables.map { sheetName($0.id) }

        // Contents sheet.
        guard let contents = workbook_add_worksheet(workbook, contentsName) else { throw Failure(description: "cannot add a sheet") }
        worksheet_set_column(contents, 0, 0, 24, nil)
        worksheet_set_column(contents, 1, 1, 50, nil)
        worksheet_set_column(contents, 2, 2, 12, nil)
        worksheet_set_column(contents, 3, 3, 100, nil)
        try check(worksheet_write_string(contents, 0, 0, title, heading))
        try check(worksheet_write_string(contents, 2, 0, "Trang tính", bold))
        try check(worksheet_write_string(contents, 2, 1, "Bảng", bold))
        try check(worksheet_write_string(contents, 2, 2, "Số liệu tại ngày", bold))
        try check(worksheet_write_string(contents, 2, 3, "Cách tính", bold))
        for (index, table) in tables.enumerated() {
            let row = UInt32(3 + index)
            try check(worksheet_write_string(contents, row, 0, names[index], nil))
            try check(worksheet_write_string(contents, row, 1, table.title, nil))
            try check(worksheet_write_string(contents, row, 2, table.asOf, nil))
            try check(worksheet_write_string(contents, row, 3, table.definition, nil))
        }

        for (index, table) in tables.enumerated() {
            guard let sheet = workbook_add_worksheet(workbook, names[index]) else { throw Failure(description: "cannot add a sheet") }
            // Widths first: constant-memory mode writes rows as they come.
            for (column, spec) in table.columns.enumerated() {
                let longest = table.rows.reduce(spec.title.count) { width, row in
                    column < row.count ? max(width, TableExport.text(row[column]).count) : width
                }
                worksheet_set_column(sheet, UInt16(column), UInt16(column), Double(min(60, max(8, longest + 2))), nil)
            }
            worksheet_freeze_panes(sheet, headerRow + 1, 0)
            try check(worksheet_write_string(sheet, 0, 0, table.title, heading))
            try check(worksheet_write_string(sheet, 1, 0, "Cách tính: " + table.definition, nil))
            try check(worksheet_write_string(sheet, 2, 0, "Số liệu tại ngày \(table.asOf); truy vấn lúc \(table.queriedAt)", nil))
            for (column, spec) in table.columns.enumerated() {
                try check(worksheet_write_string(sheet, headerRow, UInt16(column), spec.title, bold))
            }
            for (offset, row) in table.rows.enumerated() {
                let r = headerRow + 1 + UInt32(offset)
                for (column, cell) in row.enumerated() {
                    let c = UInt16(column)
                    switch cell {
                    case .text(let s): try check(worksheet_write_string(sheet, r, c, s, nil))
                    case .integer(let i): try check(worksheet_write_number(sheet, r, c, Double(i), integer))
                    case .percent(let d): try check(worksheet_write_number(sheet, r, c, d / 100, percent))
                    case .null: break
                    }
                }
            }
        }
        closed = true
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else { throw Failure(description: "cannot write \(path): \(String(cString: lxw_strerror(result)))") }
    }

    /// The workbook's bytes (written to a temporary file, read, removed).
    public static func data(_ tables: [StatTable], title: String) throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-report-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try write(tables, title: title, to: path)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    static func check(_ error: lxw_error) throws {
        guard error == LXW_NO_ERROR else { throw Failure(description: "libxlsxwriter: \(String(cString: lxw_strerror(error)))") }
    }
}
