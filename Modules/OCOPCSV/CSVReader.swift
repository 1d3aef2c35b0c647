import Foundation

/// Reads RFC 4180 CSV from UTF-8 bytes, one record at a time.
///
/// The whole file is held as bytes (a 20 MB file is one 20 MB array); records are produced on
/// demand, so memory does not grow with the number of rows. A UTF-8 byte-order mark is skipped.
/// Accepts CR LF, LF and CR line ends, quoted fields with commas, doubled quotes and line breaks;
/// skips empty lines. Refuses, with line and column: invalid UTF-8, an unterminated quoted field,
/// a quote inside an unquoted field, and anything but a comma or line break after a closing quote.
///
/// A syntax error ends the reading: `next()` throws it once and then returns nil, because what
/// follows a broken quote cannot be split into records reliably (and a loop that keeps going
/// after errors must not spin forever).
public struct CSVReader: Sendable {
    private let bytes: [UInt8]
    private var cursor: CSVCursor
    private var fieldCapacity = 8
    private var failed = false
    /// True when the input started with a UTF-8 byte-order mark (Excel's "CSV UTF-8" writes one).
    public let hasByteOrderMark: Bool

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        hasByteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        cursor = CSVCursor(offset: hasByteOrderMark ? 3 : 0)
    }

    public init(data: Data) {
        self.init(bytes: [UInt8](data))
    }

    public init(string: String) {
        self.init(bytes: Array(string.utf8))
    }

    /// Reads the file at `path` into memory; throws Foundation's error when it cannot be read.
    public init(contentsOfFile path: String) throws {
        try self.init(data: Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe))
    }

    /// The physical line the reader has reached (after the last record returned).
    public var line: Int { cursor.line }

    /// The next record, or nil at the end of the input (or after a syntax error was thrown).
    public mutating func next() throws(CSVError) -> CSVRecord? {
        guard !failed else { return nil }
        var fields: [String] = []
        fields.reserveCapacity(fieldCapacity)
        var cursor = self.cursor
        let line: Int?
        do {
            line = try bytes.withUnsafeBufferPointer { buffer throws(CSVError) in
                try CSVScanner.nextRecord(buffer, cursor: &cursor, fields: &fields)
            }
        } catch {
            failed = true
            throw error
        }
        self.cursor = cursor
        guard let line else { return nil }
        fieldCapacity = fields.count
        return CSVRecord(line: line, fields: fields)
    }

    /// Every remaining record.
    public mutating func readAll() throws(CSVError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        while let record = try next() { records.append(record) }
        return records
    }

    /// The delimiter a spreadsheet used instead of a comma, judged from the raw line at the reader's
    /// position (call it before reading the header), before any quote handling so that a quoted
    /// `"Mã số thuế";"Tên"` header is recognised too: `;` or a tab when the line has no comma.
    /// Nil for a comma-separated or one-column line.
    public func foreignDelimiter() -> Character? {
        var sawSemicolon = false
        var sawTab = false
        var index = cursor.offset
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.lf || byte == ASCII.cr { break }
            if byte == ASCII.comma { return nil }
            if byte == ASCII.semicolon { sawSemicolon = true }
            if byte == ASCII.tab { sawTab = true }
            index += 1
        }
        if sawSemicolon { return ";" }
        if sawTab { return "\t" }
        return nil
    }
}
