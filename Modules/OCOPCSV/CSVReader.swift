import Foundation

/// Reads RFC 4180 CSV from UTF-8 bytes, one record at a time.
///
/// Reads either bytes already in memory or a ``CSVByteSource`` (a file), which it pulls in
/// 64 KiB windows: memory stays flat in the size of the file, growing only for a single record
/// longer than a window. A UTF-8 byte-order mark is skipped. Accepts CR LF, LF and CR line
/// ends, quoted fields with commas, doubled quotes and line breaks; skips empty lines. Refuses,
/// with line and column: invalid UTF-8, an unterminated quoted field, a quote inside an unquoted
/// field, and anything but a comma or line break after a closing quote.
///
/// A syntax error ends the reading: `next()` throws it once and then returns nil, because what
/// follows a broken quote cannot be split into records reliably (and a loop that keeps going
/// after errors must not spin forever).
public struct CSVReader: Sendable {
    static let window = 64 * 1024

    private var bytes: [UInt8]
    private let source: (any CSVByteSource)?
    private var exhausted: Bool
    /// The scanner only sees `bytes[..<complete]`: every record there ends inside the window.
    private var complete: Int
    /// How far the quote-parity scan has gone, and whether it stopped inside quotes.
    private var checked: Int
    private var inQuotes = false
    private var cursor: CSVCursor
    private var fieldCapacity = 8
    private var failed = false
    /// True when the input started with a UTF-8 byte-order mark (Excel's "CSV UTF-8" writes one).
    public private(set) var hasByteOrderMark = false

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        source = nil
        exhausted = true
        complete = bytes.count
        checked = bytes.count
        hasByteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        cursor = CSVCursor(offset: hasByteOrderMark ? 3 : 0)
    }

    public init(data: Data) {
        self.init(bytes: [UInt8](data))
    }

    public init(string: String) {
        self.init(bytes: Array(string.utf8))
    }

    /// Reads from `source` window by window.
    public init(source: any CSVByteSource) throws(CSVError) {
        bytes = []
        self.source = source
        exhausted = false
        complete = 0
        checked = 0
        cursor = CSVCursor(offset: 0)
        // Enough for the byte-order mark and (nearly always) the header line.
        while !exhausted && bytes.count < Self.window { try fill() }
        hasByteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if hasByteOrderMark { cursor = CSVCursor(offset: 3) }
    }

    /// Streams the file at `path`; throws Foundation's error when it cannot be opened.
    public init(contentsOfFile path: String) throws {
        try self.init(source: CSVFile(path: path))
    }

    /// Bytes held now (for tests of the memory bound).
    var bufferedBytes: Int { bytes.count }

    /// The physical line the reader has reached (after the last record returned).
    public var line: Int { cursor.line }

    /// The next record, or nil at the end of the input (or after a syntax error was thrown).
    public mutating func next() throws(CSVError) -> CSVRecord? {
        guard !failed else { return nil }
        var fields: [String] = []
        fields.reserveCapacity(fieldCapacity)
        while true {
            var cursor = self.cursor
            let line: Int?
            let end = complete
            do {
                line = try bytes.withUnsafeBufferPointer { buffer throws(CSVError) in
                    try CSVScanner.nextRecord(UnsafeBufferPointer(rebasing: buffer[..<end]), cursor: &cursor, fields: &fields)
                }
            } catch {
                failed = true
                throw error
            }
            self.cursor = cursor
            if let line {
                fieldCapacity = fields.count
                return CSVRecord(line: line, fields: fields)
            }
            guard !exhausted else { return nil }
            do { try fill() } catch {
                failed = true
                throw error
            }
        }
    }

    /// Every remaining record.
    public mutating func readAll() throws(CSVError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        while let record = try next() { records.append(record) }
        return records
    }

    /// Drops what was read, appends the next window and moves `complete` to the last line
    /// break outside quotes (a record is never cut; a CR at the window's end waits for a
    /// possible LF).
    private mutating func fill() throws(CSVError) {
        guard let source else { exhausted = true; return }
        let consumed = cursor.offset
        if consumed > 0 {
            bytes.removeSubrange(..<consumed)
            cursor.shift(by: consumed)
            complete -= consumed
            checked -= consumed
        }
        let read: Int
        do { read = try source.read(into: &bytes, upTo: Self.window) } catch {
            throw CSVError(line: cursor.line, message: "the file could not be read further: \(error)", kind: .syntax)
        }
        if read == 0 {
            exhausted = true
            complete = bytes.count
            checked = bytes.count
            return
        }
        bytes.withUnsafeBufferPointer { buffer in
            var index = checked
            var quoted = inQuotes
            var boundary = complete
            let count = buffer.count
            while index < count {
                let byte = buffer[index]
                if byte == ASCII.quote {
                    quoted.toggle()
                } else if !quoted {
                    if byte == ASCII.lf {
                        boundary = index + 1
                    } else if byte == ASCII.cr {
                        guard index + 1 < count else { break }
                        if buffer[index + 1] != ASCII.lf { boundary = index + 1 }
                    }
                }
                index += 1
            }
            checked = index
            inQuotes = quoted
            complete = boundary
        }
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

/// Where a ``CSVReader`` pulls its bytes from.
public protocol CSVByteSource: AnyObject, Sendable {
    /// Appends up to `count` bytes to `buffer`; returns how many (0 at the end).
    func read(into buffer: inout [UInt8], upTo count: Int) throws -> Int
}

/// A file read sequentially (it may be larger than memory), closed when released.
public final class CSVFile: CSVByteSource, @unchecked Sendable {
    // One reader at a time: a CSVReader owns its source.
    private let handle: FileHandle

    public init(path: String) throws {
        handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    }

    deinit { try? handle.close() }

    public func read(into buffer: inout [UInt8], upTo count: Int) throws -> Int {
        guard let data = try handle.read(upToCount: count), !data.isEmpty else { return 0 }
        buffer.append(contentsOf: data)
        return data.count
    }
}
