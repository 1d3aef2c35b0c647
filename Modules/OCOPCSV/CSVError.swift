/// A located problem in a CSV file. The caller prefixes the file name, so messages read like
/// `subjects.csv: line 7, column 3: unterminated quoted field (opened at line 7, column 3)`.
///
/// `line` is the 1-based physical line (a record spanning several lines reports the line where
/// the problem is). `column` is the 1-based CSV column (field) number, as a spreadsheet counts
/// columns, because the people fixing these files open them in a spreadsheet; syntax errors add
/// the character position on the line to the message for text editors.
public struct CSVError: Error, CustomStringConvertible, Sendable, Hashable {
    public var line: Int
    public var column: Int?
    /// The column's name: the canonical name when the header matched it, else the header text.
    public var field: String?
    public var message: String

    public init(line: Int, column: Int? = nil, field: String? = nil, message: String) {
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String {
        if let column {
            return "line \(line), column \(column): \(message)"
        }
        return "line \(line): \(message)"
    }
}
