/// The RFC 4180 record scanner, over raw bytes.
///
/// One pass per record: field boundaries, quote handling and UTF-8 validation happen together,
/// and each field becomes a `String` exactly once. Runs of plain ASCII are skipped 8 bytes at a
/// time, other ASCII bytes above `,` take one comparison, and non-ASCII bytes are validated as
/// whole sequences. (Letting `String(validating:)` do the validation was 5× slower: it is not
/// specialised for UTF-8 buffers.)
enum CSVScanner {
    /// Scans the record at `cursor`, appending its fields; returns its first line, or nil at the end.
    /// Empty lines are skipped (a file's trailing line break, or blank lines between records).
    static func nextRecord(
        _ bytes: UnsafeBufferPointer<UInt8>, cursor: inout CSVCursor, fields: inout [String]
    ) throws(CSVError) -> Int? {
        let count = bytes.count
        while cursor.offset < count && (bytes[cursor.offset] == ASCII.lf || bytes[cursor.offset] == ASCII.cr) {
            cursor.passLineBreak(bytes)
        }
        guard cursor.offset < count else { return nil }
        let recordLine = cursor.line
        var column = 1
        var index = cursor.offset
        while true {
            if index < count && bytes[index] == ASCII.quote {
                cursor.offset = index
                try quotedField(bytes, cursor: &cursor, column: column, fields: &fields)
                index = cursor.offset
            } else {
                let start = index
                index = skipPlain(bytes, from: index, below: ASCII.comma + 1)
                while index < count {
                    let byte = bytes[index]
                    if byte > ASCII.comma && byte < 0x80 {
                        index += 1
                    } else if byte == ASCII.comma || byte == ASCII.lf || byte == ASCII.cr {
                        break
                    } else if byte == ASCII.quote {
                        throw error(bytes, cursor, at: index, column: column, message: { position in
                            "quote character inside an unquoted field (character \(position)); a field that "
                                + "contains quotes must itself be quoted, with each quote doubled"
                        })
                    } else if byte >= 0x80 {
                        guard let length = UTF8Check.sequenceLength(bytes, at: index) else {
                            throw invalidUTF8(bytes, cursor, at: index, column: column)
                        }
                        index += length
                    } else {
                        index += 1
                    }
                }
                fields.append(string(bytes, start, index))
            }
            guard index < count else {
                cursor.offset = count
                return recordLine
            }
            if bytes[index] == ASCII.comma {
                index += 1
                column += 1
                continue
            }
            cursor.offset = index
            cursor.passLineBreak(bytes)
            return recordLine
        }
    }

    /// Scans a quoted field whose opening quote is at `cursor.offset`; leaves the cursor just after
    /// the closing quote, which must be followed by a comma, a line break or the end of the file.
    private static func quotedField(
        _ bytes: UnsafeBufferPointer<UInt8>, cursor: inout CSVCursor, column: Int, fields: inout [String]
    ) throws(CSVError) {
        let count = bytes.count
        let openLine = cursor.line
        let start = cursor.offset + 1
        var index = start
        var hasDoubledQuotes = false
        while true {
            index = skipPlain(bytes, from: index, below: ASCII.quote + 1)
            guard index < count else {
                throw CSVError(
                    line: openLine, column: column,
                    message: "unterminated quoted field (opened at line \(openLine), column \(column))", kind: .syntax)
            }
            let byte = bytes[index]
            if byte > ASCII.quote && byte < 0x80 {
                index += 1
            } else if byte == ASCII.quote {
                guard index + 1 < count && bytes[index + 1] == ASCII.quote else { break }
                hasDoubledQuotes = true
                index += 2
            } else if byte == ASCII.lf || byte == ASCII.cr {
                cursor.offset = index
                cursor.passLineBreak(bytes)
                index = cursor.offset
            } else if byte >= 0x80 {
                guard let length = UTF8Check.sequenceLength(bytes, at: index) else {
                    throw invalidUTF8(bytes, cursor, at: index, column: column)
                }
                index += length
            } else {
                index += 1
            }
        }
        fields.append(hasDoubledQuotes ? unescaped(bytes, start, index) : string(bytes, start, index))
        index += 1
        if index < count {
            let next = bytes[index]
            if next != ASCII.comma && next != ASCII.lf && next != ASCII.cr {
                let found = describe(bytes, at: index)
                throw error(bytes, cursor, at: index, column: column, message: { position in
                    "unexpected \(found) after the closing quote (character \(position)); a quoted field "
                        + "must end at a comma or a line break"
                })
            }
        }
        cursor.offset = index
    }

    /// Skips 8 bytes at a time while none is below `limit` or non-ASCII (the bytes that need a
    /// closer look): `(w - limit×8) | w` has a high bit set in some byte exactly when one is.
    @inline(__always)
    private static func skipPlain(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, below limit: UInt8) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let repeated = UInt64(limit) &* 0x0101_0101_0101_0101
        var index = start
        while index &+ 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if ((word &- repeated) | word) & 0x8080_8080_8080_8080 != 0 { break }
            index &+= 8
        }
        return index
    }

    @inline(__always)
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// The field's text with each doubled quote (`""`) made single.
    private static func unescaped(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(end - start)
        var index = start
        while index < end {
            let byte = bytes[index]
            text.append(byte)
            index += byte == ASCII.quote ? 2 : 1
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func invalidUTF8(
        _ bytes: UnsafeBufferPointer<UInt8>, _ cursor: CSVCursor, at offset: Int, column: Int
    ) -> CSVError {
        error(bytes, cursor, at: offset, column: column, kind: .encoding, message: { position in
            "invalid UTF-8 byte sequence (character \(position)); save the file as \"CSV UTF-8\""
        })
    }

    private static func error(
        _ bytes: UnsafeBufferPointer<UInt8>, _ cursor: CSVCursor, at offset: Int, column: Int,
        kind: CSVError.Kind = .syntax, message: (Int) -> String
    ) -> CSVError {
        let position = UTF8Check.characterPosition(bytes, lineStart: cursor.lineStart, offset: offset)
        return CSVError(line: cursor.line, column: column, message: message(position), kind: kind)
    }

    /// A readable name for the character at `offset`, for messages.
    private static func describe(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> String {
        let byte = bytes[offset]
        switch byte {
        case UInt8(ascii: " "): return "a space"
        case ASCII.tab: return "a tab"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        default:
            guard byte >= 0x80 else { return "a control character" }
            guard let length = UTF8Check.sequenceLength(bytes, at: offset) else { return "an invalid byte" }
            return "'\(string(bytes, offset, offset + length))'"
        }
    }
}
