/// A CSV header row matched against the columns a caller accepts.
///
/// Matching ignores diacritics, case, spaces and punctuation (see ``HeaderKey``), and column order
/// does not matter. Refused, with line and column: a header that is really `;`- or tab-separated,
/// an unknown column (so a typo never silently drops data), a column given twice, and a missing
/// required column. A header cell left empty is allowed (spreadsheets leave trailing ones), but
/// ``CSVTableReader`` refuses any value under it. A row-number column (`STT`, `TT`, `No.`, `Số TT`),
/// which every office's sheet starts with, is recognised and skipped, values and all.
public struct CSVHeader: Sendable {
    /// Headers of row-number columns (folded): read past, whatever they hold.
    static let rowNumberKeys: Set<String> = ["stt", "tt", "no", "sott", "sothutu"]

    /// 0-based indexes of row-number columns.
    public private(set) var skipped: Set<Int> = []

    public let line: Int
    /// The header cells as written.
    public let cells: [String]
    let columnIndex: CSVColumnIndex

    /// - Parameter ignoring: headers the user said to skip, values and all (matched as headers are).
    public init(record: CSVRecord, columns: [CSVColumn], ignoring: Set<String> = []) throws(CSVError) {
        try self.init(cells: record.fields, line: record.line, columns: columns, ignoring: ignoring)
    }

    public init(cells: [String], line: Int = 1, columns: [CSVColumn], ignoring: Set<String> = []) throws(CSVError) {
        let ignored = Set(ignoring.map(HeaderKey.fold))
        if cells.count == 1, let delimiter = Self.foreignDelimiter(in: cells[0]) {
            throw Self.delimiterError(delimiter, line: line)
        }
        var lookup: [String: Int] = [:]
        for (position, column) in columns.enumerated() {
            for key in ([column.name] + column.aliases).map(HeaderKey.fold) where !key.isEmpty && lookup[key] == nil {
                lookup[key] = position
            }
        }
        var positions: [String: Int] = [:]
        var names: [String?] = []
        for (field, cell) in cells.enumerated() {
            let trimmed = cell.trimmingSpaces
            guard !trimmed.isEmpty else {
                names.append(nil)
                continue
            }
            if ignored.contains(HeaderKey.fold(trimmed))
                || (lookup[HeaderKey.fold(trimmed)] == nil && Self.rowNumberKeys.contains(HeaderKey.fold(trimmed))) {
                skipped.insert(field)
                names.append(nil)
                continue
            }
            guard let position = lookup[HeaderKey.fold(trimmed)] else {
                let expected = columns.map(\.name).joined(separator: ", ")
                throw CSVError(
                    line: line, column: field + 1, field: trimmed,
                    message: "unknown column '\(trimmed)'; expected: \(expected)", kind: .header)
            }
            let column = columns[position]
            if let first = positions[column.name] {
                throw CSVError(
                    line: line, column: field + 1, field: column.name,
                    message: "duplicate column '\(trimmed)': column \(first + 1) is already \(column.name)", kind: .header)
            }
            positions[column.name] = field
            names.append(column.name)
        }
        let missing = columns.filter { $0.isRequired && positions[$0.name] == nil }
        if let first = missing.first {
            let list = missing.map(\.label).joined(separator: ", ")
            throw CSVError(
                line: line, field: first.name,
                message: missing.count == 1 ? "missing required column \(list)" : "missing required columns \(list)",
                kind: .header)
        }
        self.line = line
        self.cells = cells
        columnIndex = CSVColumnIndex(positions: positions, names: names)
    }

    /// Number of fields every row must have.
    public var fieldCount: Int { cells.count }

    /// 0-based field index of a canonical column, or nil when the file does not have it.
    public func index(of column: String) -> Int? { columnIndex.positions[column] }

    public func contains(_ column: String) -> Bool { columnIndex.positions[column] != nil }

    /// The canonical column at a 0-based field index (nil for an unnamed column or out of range).
    public func column(at field: Int) -> String? {
        columnIndex.names.indices.contains(field) ? columnIndex.names[field] : nil
    }

    /// Canonical names of the columns present, in file order.
    public var columns: [String] { columnIndex.names.compactMap { $0 } }

    static func foreignDelimiter(in text: String) -> Character? {
        if text.contains(",") { return nil }
        if text.contains(";") { return ";" }
        if text.contains("\t") { return "\t" }
        return nil
    }

    static func delimiterError(_ delimiter: Character, line: Int) -> CSVError {
        let name = delimiter == "\t" ? "tabs" : "'\(delimiter)'"
        return CSVError(
            line: line, message: "the file is separated by \(name) — save it as comma-separated CSV (UTF-8)", kind: .header)
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and no-break spaces (no Foundation round trip).
    var trimmingSpaces: String {
        // Fast path (every cell of an import): neither end can be a space, tab or NBSP (C2 A0).
        let bytes = utf8
        if let first = bytes.first, let last = bytes.last, first != 0x20, first != 0x09, first != 0xC2,
           last != 0x20, last != 0x09, last != 0xA0 {
            return self
        }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
