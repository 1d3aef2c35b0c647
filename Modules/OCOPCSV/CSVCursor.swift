/// Where the scanner is: byte offset, current physical line and the offset where it began.
struct CSVCursor: Sendable {
    var offset: Int
    var line = 1
    var lineStart: Int

    init(offset: Int) {
        self.offset = offset
        lineStart = offset
    }

    /// The window it reads from dropped its first `count` bytes.
    mutating func shift(by count: Int) {
        offset -= count
        lineStart = max(0, lineStart - count)
    }

    /// Moves past a line break whose first byte is at `offset` (CR LF counts as one break).
    mutating func passLineBreak(_ bytes: UnsafeBufferPointer<UInt8>) {
        let first = bytes[offset]
        offset += 1
        if first == ASCII.cr && offset < bytes.count && bytes[offset] == ASCII.lf { offset += 1 }
        line += 1
        lineStart = offset
    }
}

/// The bytes the scanner looks for.
enum ASCII {
    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let semicolon = UInt8(ascii: ";")
    static let tab = UInt8(ascii: "\t")
}
