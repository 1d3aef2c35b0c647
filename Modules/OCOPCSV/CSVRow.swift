/// A data row read through a ``CSVHeader``: fields by canonical column name, and located errors.
public struct CSVRow: Sendable {
    /// 1-based line the row starts on.
    public let line: Int
    /// The fields in file order.
    public let fields: [String]
    private let columnIndex: CSVColumnIndex

    init(record: CSVRecord, columnIndex: CSVColumnIndex) {
        line = record.line
        fields = record.fields
        self.columnIndex = columnIndex
    }

    /// The raw field of a canonical column; nil when the file has no such column.
    public subscript(column: String) -> String? {
        columnIndex.positions[column].map { fields[$0] }
    }

    /// The field with surrounding spaces removed; nil when the column is absent or the cell empty.
    /// The `'` that exports put before formula-like text (``FormulaGuard``) is removed, so an
    /// export imports back unchanged.
    public func value(_ column: String) -> String? {
        guard let raw = self[column] else { return nil }
        let trimmed = FormulaGuard.unguarded(raw.trimmingSpaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// 1-based column (field) number of a canonical column in this file.
    public func columnNumber(of column: String) -> Int? {
        columnIndex.positions[column].map { $0 + 1 }
    }

    /// An error located at this row and, when given and present, the column's cell.
    public func error(_ column: String?, _ message: String) -> CSVError {
        CSVError(line: line, column: column.flatMap(columnNumber(of:)), field: column, message: message)
    }
}
