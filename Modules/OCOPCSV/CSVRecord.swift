/// One record of a CSV file: its fields, unquoted and unescaped, and the line it starts on.
public struct CSVRecord: Sendable, Hashable {
    /// 1-based physical line of the record's first character.
    public let line: Int
    public let fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }

    public var count: Int { fields.count }

    public subscript(index: Int) -> String { fields[index] }

    /// True when every field is empty, as in the `,,,,` lines spreadsheets write for blank rows.
    public var isBlank: Bool { fields.allSatisfy(\.isEmpty) }
}
