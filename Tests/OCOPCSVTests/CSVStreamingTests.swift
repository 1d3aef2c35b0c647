import Foundation
import Testing

@testable import OCOPCSV

/// A source that hands out the bytes in pieces of a chosen size, so records, CR LF pairs and
/// UTF-8 sequences fall across window boundaries.
private final class Pieces: CSVByteSource, @unchecked Sendable {
    private let bytes: [UInt8]
    private let size: Int
    private var offset = 0
    private(set) var largestRead = 0

    init(_ bytes: [UInt8], size: Int) {
        self.bytes = bytes
        self.size = size
    }

    func read(into buffer: inout [UInt8], upTo count: Int) throws -> Int {
        let n = min(size, count, bytes.count - offset)
        buffer.append(contentsOf: bytes[offset..<offset + n])
        offset += n
        largestRead = max(largestRead, n)
        return n
    }
}

@Suite struct CSVStreamingTests {
    /// Quoted fields with commas, doubled quotes and line breaks, Vietnamese text, CR LF and a BOM.
    static func sample(rows: Int) -> [UInt8] {
        var text = "\u{FEFF}id,name,note\r\n"
        for n in 0..<rows {
            switch n % 4 {
            case 0: text += "\(n),Gốm Bát Tràng \(n),\"men rạn, \"\"cổ\"\"\nhai dòng\"\r\n"
            case 1: text += "\(n),Chè Thái Nguyên,\r\n"
            case 2: text += "\r\n\(n),\"Nón lá, Huế\",ổn định\n"
            default: text += "\(n),Nước mắm Phú Quốc,\"đậm\rđà\"\r"
            }
        }
        return Array(text.utf8)
    }

    static func records(_ reader: CSVReader) throws -> [CSVRecord] {
        var reader = reader
        return try reader.readAll()
    }

    @Test(arguments: [1, 2, 3, 7, 64, 1000, 70_000])
    func windowsGiveTheSameRecordsAsMemory(pieceSize: Int) throws {
        let bytes = Self.sample(rows: 3000)
        let expected = try Self.records(CSVReader(bytes: bytes))
        #expect(expected.count == 3001)
        let streamed = try CSVReader(source: Pieces(bytes, size: pieceSize))
        #expect(streamed.hasByteOrderMark)
        let records = try Self.records(streamed)
        #expect(records == expected)
    }

    @Test func memoryDoesNotFollowTheFile() throws {
        let bytes = Self.sample(rows: 40_000)
        #expect(bytes.count > 20 * CSVReader.window)
        let source = Pieces(bytes, size: .max)
        var reader = try CSVReader(source: source)
        var count = 0
        var held = 0
        while try reader.next() != nil {
            count += 1
            held = max(held, reader.bufferedBytes)
        }
        #expect(count == 40_001)
        #expect(source.largestRead <= CSVReader.window)
        #expect(held <= 2 * CSVReader.window)
    }

    @Test func errorsKeepTheirLineAcrossWindows() throws {
        var text = "id,name\n"
        for n in 0..<20_000 { text += "\(n),tên \(n)\n" }
        text += "20000,bad\"quote\n"
        var reader = try CSVReader(source: Pieces(Array(text.utf8), size: 4099))
        var count = 0
        do {
            while try reader.next() != nil { count += 1 }
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.line == 20_002)
            #expect(error.kind == .syntax)
        }
        #expect(count == 20_001)
    }

    @Test func invalidUTF8IsFoundInAnyWindow() throws {
        var bytes = Array("id,name\n".utf8)
        for n in 0..<10_000 { bytes += Array("\(n),Hà Nội\n".utf8) }
        bytes += [0x31, 0x2C, 0xC3, 0x28, 0x0A]
        var reader = try CSVReader(source: Pieces(bytes, size: 333))
        #expect(throws: CSVError.self) { while try reader.next() != nil {} }
    }

    @Test func aFileIsStreamed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csv-stream-\(UUID().uuidString).csv").path
        let bytes = Self.sample(rows: 5000)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Self.records(CSVReader(contentsOfFile: path)) == Self.records(CSVReader(bytes: bytes)))
    }
}
