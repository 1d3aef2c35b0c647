import Foundation

/// Writes CSV that Excel and ``CSVReader`` both read back unchanged: RFC 4180 quoting (only for
/// fields with a comma, quote or line break), CR LF line ends, and by default a UTF-8 byte-order
/// mark, without which Excel reads UTF-8 as the local code page and garbles Vietnamese.
///
/// With `excelSafe`, text that a spreadsheet would run as a formula gets a leading `'` (see
/// ``FormulaGuard``); leave it off for files meant for machines, where the `'` would be data.
/// Output accumulates in memory; call ``takeBytes()`` to stream it out in chunks.
public struct CSVWriter: Sendable {
    public let excelSafe: Bool
    public private(set) var bytes: [UInt8] = []

    public init(byteOrderMark: Bool = true, excelSafe: Bool = false, reservingCapacity capacity: Int = 0) {
        self.excelSafe = excelSafe
        bytes.reserveCapacity(capacity)
        if byteOrderMark { bytes.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
    }

    /// Appends one record and its CR LF.
    public mutating func write(_ fields: some Sequence<String>) {
        var first = true
        for field in fields {
            if !first { bytes.append(ASCII.comma) }
            first = false
            append(field)
        }
        bytes.append(ASCII.cr)
        bytes.append(ASCII.lf)
    }

    /// Returns what was written so far and empties the buffer (for writing a large file in parts).
    public mutating func takeBytes() -> [UInt8] {
        let taken = bytes
        bytes.removeAll(keepingCapacity: true)
        return taken
    }

    public var data: Data { Data(bytes) }

    private mutating func append(_ field: String) {
        let utf8 = field.utf8
        let prefix = excelSafe && Self.needsFormulaGuard(field)
        let quoted = utf8.withContiguousStorageIfAvailable(Self.needsQuotes) ?? Self.needsQuotes(utf8)
        if !quoted {
            if prefix { bytes.append(UInt8(ascii: "'")) }
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(ASCII.quote)
        if prefix { bytes.append(UInt8(ascii: "'")) }
        for byte in utf8 {
            bytes.append(byte)
            if byte == ASCII.quote { bytes.append(ASCII.quote) }
        }
        bytes.append(ASCII.quote)
    }

    private static func needsQuotes(_ utf8: some Sequence<UInt8>) -> Bool {
        utf8.contains { $0 == ASCII.comma || $0 == ASCII.quote || $0 == ASCII.cr || $0 == ASCII.lf }
    }

    private static func needsFormulaGuard(_ field: String) -> Bool {
        var field = field
        return field.withUTF8(FormulaGuard.needsPrefix)
    }
}
