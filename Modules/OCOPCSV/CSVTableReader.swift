import Foundation

/// Reads a CSV file whose first row is a header: checks the header against the accepted columns
/// and yields the data rows with their fields addressable by canonical name.
///
/// Rows whose cells are all empty are skipped (spreadsheets write `,,,,` for blank rows). A row
/// with a different number of fields than the header, or with a value under an unnamed header
/// cell, throws an error of kind `.row` for that row only: the next call goes on with the
/// following row, so an importer can report bad rows and continue. Encoding and syntax errors end
/// the reading (see ``CSVReader``); check ``CSVError/endsReading``.
public struct CSVTableReader: Sendable {
    public let header: CSVHeader
    private var reader: CSVReader
    private let unnamedFields: [Int]

    public init(reader: CSVReader, columns: [CSVColumn], ignoring: Set<String> = []) throws(CSVError) {
        var reader = reader
        let firstLine = reader.line
        if let delimiter = reader.foreignDelimiter() {
            throw CSVHeader.delimiterError(delimiter, line: firstLine)
        }
        guard let record = try reader.next() else {
            throw CSVError(line: firstLine, message: "the file is empty; the first row must be the header", kind: .header)
        }
        let header = try CSVHeader(record: record, columns: columns, ignoring: ignoring)
        unnamedFields = header.cells.indices.filter { header.column(at: $0) == nil && !header.skipped.contains($0) }
        self.header = header
        self.reader = reader
    }

    public init(bytes: [UInt8], columns: [CSVColumn]) throws(CSVError) {
        try self.init(reader: CSVReader(bytes: bytes), columns: columns)
    }

    public init(data: Data, columns: [CSVColumn]) throws(CSVError) {
        try self.init(reader: CSVReader(data: data), columns: columns)
    }

    /// The next non-blank data row, or nil at the end.
    public mutating func next() throws(CSVError) -> CSVRow? {
        while let record = try reader.next() {
            if record.isBlank { continue }
            guard record.count == header.fieldCount else {
                throw CSVError(
                    line: record.line,
                    message: "expected \(header.fieldCount) fields as in the header, found \(record.count)", kind: .row)
            }
            for field in unnamedFields where !record.fields[field].isEmpty {
                throw CSVError(
                    line: record.line, column: field + 1, message: "a value in a column without a header name", kind: .row)
            }
            return CSVRow(record: record, columnIndex: header.columnIndex)
        }
        return nil
    }
}
