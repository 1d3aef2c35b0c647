/// A located problem in a CSV file. The caller prefixes the file name, so messages read like
/// `subjects.csv: line 7, column 3: unterminated quoted field (opened at line 7, column 3)`.
///
/// `line` is the 1-based physical line (a record spanning several lines reports the line where
/// the problem is). `column` is the 1-based CSV column (field) number, as a spreadsheet counts
/// columns, because the people fixing these files open them in a spreadsheet; syntax errors add
/// the character position on the line to the message for text editors.
public struct CSVError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What went wrong, so callers can decide without reading messages.
    public enum Kind: Sendable, Hashable {
        /// Invalid UTF-8: reading stops.
        case encoding
        /// Broken quoting: reading stops.
        case syntax
        /// The header row is unusable (wrong delimiter, unknown, duplicate or missing column, no header).
        case header
        /// One data row is unusable (wrong field count, value under an unnamed column); reading
        /// goes on with the next row.
        case row
        /// A field's value is invalid: raised by callers through ``CSVRow/error(_:_:)``.
        case value
    }

    public var line: Int
    public var column: Int?
    /// The column's name: the canonical name when the header matched it, else the header text.
    public var field: String?
    public var message: String
    public var kind: Kind

    public init(line: Int, column: Int? = nil, field: String? = nil, message: String, kind: Kind = .value) {
        self.line = line
        self.column = column
        self.field = field
        self.message = message
        self.kind = kind
    }

    /// True when nothing after this error can be read (encoding, syntax and header errors).
    public var endsReading: Bool {
        switch kind {
        case .encoding, .syntax, .header: true
        case .row, .value: false
        }
    }

    public var description: String {
        if let column {
            return "line \(line), column \(column): \(message)"
        }
        return "line \(line): \(message)"
    }
}
