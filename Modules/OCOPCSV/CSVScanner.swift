/// The RFC 4180 record scanner, over raw bytes.
///
/// One pass per record over the bytes finds field boundaries and handles quotes; each field then
/// becomes a `String` exactly once, through the standard library's UTF-8 validation (so bytes are
/// validated once, not twice). Bytes that cannot end or break a field (everything above `,`,
/// including all non-ASCII bytes) take a single comparison.
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
                while index < count {
                    let byte = bytes[index]
                    if byte > ASCII.comma {  // letters, digits, most punctuation, all non-ASCII bytes
                        index += 1
                    } else if byte == ASCII.comma || byte == ASCII.lf || byte == ASCII.cr {
                        break
                    } else if byte == ASCII.quote {
                        throw error(bytes, cursor, at: index, column: column, message: { position in
                            "quote character inside an unquoted field (character \(position)); a field that "
                                + "contains quotes must itself be quoted, with each quote doubled"
                        })
                    } else {
                        index += 1
                    }
                }
                fields.append(try string(bytes, start, index, from: cursor, column: column))
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
        let opening = cursor
        let start = cursor.offset + 1
        var index = start
        var hasDoubledQuotes = false
        while true {
            guard index < count else {
                throw CSVError(
                    line: opening.line, column: column,
                    message: "unterminated quoted field (opened at line \(opening.line), column \(column))", kind: .syntax)
            }
            let byte = bytes[index]
            if byte > ASCII.quote {
                index += 1
            } else if byte == ASCII.quote {
                guard index + 1 < count && bytes[index + 1] == ASCII.quote else { break }
                hasDoubledQuotes = true
                index += 2
            } else if byte == ASCII.lf || byte == ASCII.cr {
                cursor.offset = index
                cursor.passLineBreak(bytes)
                index = cursor.offset
            } else {
                index += 1
            }
        }
        fields.append(
            hasDoubledQuotes
                ? try unescaped(bytes, start, index, from: opening, column: column)
                : try string(bytes, start, index, from: opening, column: column))
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

    /// The field's text. Validation happens here, in the standard library's fast UTF-8 check that
    /// building a `String` needs anyway; only when it fails is the bad byte located, from `origin`
    /// (the cursor at the field's start, so lines inside quoted fields count).
    @inline(__always)
    private static func string(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, from origin: CSVCursor, column: Int
    ) throws(CSVError) -> String {
        guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) else {
            throw invalidUTF8(bytes, start, end, from: origin, column: column)
        }
        return text
    }

    /// The field's text with each doubled quote (`""`) made single.
    private static func unescaped(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, from origin: CSVCursor, column: Int
    ) throws(CSVError) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(end - start)
        var index = start
        while index < end {
            let byte = bytes[index]
            text.append(byte)
            index += byte == ASCII.quote ? 2 : 1
        }
        guard let result = String(validating: text, as: UTF8.self) else {
            throw invalidUTF8(bytes, start, end, from: origin, column: column)
        }
        return result
    }

    /// The error for the first invalid UTF-8 sequence in `start..<end`, with its physical line.
    private static func invalidUTF8(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, from origin: CSVCursor, column: Int
    ) -> CSVError {
        var cursor = origin
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == ASCII.lf || byte == ASCII.cr {
                    cursor.offset = index
                    cursor.passLineBreak(bytes)
                    index = cursor.offset
                } else {
                    index += 1
                }
            } else if let length = UTF8Check.sequenceLength(bytes, at: index), index + length <= end {
                index += length
            } else {
                break
            }
        }
        return error(bytes, cursor, at: min(index, end), column: column, kind: .encoding, message: { position in
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
            return "'\(String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<(offset + length)]), as: UTF8.self))'"
        }
    }
}
