import Foundation
import Testing

@testable import OCOPCSV

@Suite struct CSVWriterTests {
    private func text(_ writer: CSVWriter) -> String { String(decoding: writer.bytes, as: UTF8.self) }

    @Test func quotesOnlyWhenNeededAndEndsLinesWithCRLF() {
        var writer = CSVWriter(byteOrderMark: false)
        writer.write(["plain", "a,b", "say \"hi\"", "two\nlines", "cr\rx", " spaced ", ""])
        writer.write(["x"])
        #expect(text(writer) == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rx\", spaced ,\r\nx\r\n")
    }

    @Test func byteOrderMarkIsOptional() {
        var with = CSVWriter()
        with.write(["Mã"])
        #expect(Array(with.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        var without = CSVWriter(byteOrderMark: false)
        without.write(["Mã"])
        #expect(without.bytes == Array("Mã\r\n".utf8))
    }

    @Test func roundTripsThroughTheReader() throws {
        let records: [[String]] = [
            ["registration_number", "name", "description"],
            ["0100109106", "Hợp tác xã Chè \"Tân Cương\"", "Chè búp, loại đặc biệt\r\nHộp 200 g"],
            ["0100109107", "", "\"\""],
            ["-5", "=1+1", "Nguyễn Thị Hoa".decomposedStringWithCanonicalMapping],
            ["", "", ""],
        ]
        var writer = CSVWriter()
        for record in records { writer.write(record) }
        var reader = CSVReader(data: writer.data)
        #expect(reader.hasByteOrderMark)
        let read = try reader.readAll()
        #expect(read.map(\.fields) == records)
        #expect(read.map(\.line) == [1, 2, 4, 5, 6])
    }

    @Test(arguments: [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("@cmd", "'@cmd"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("-", "'-"),
        ("\tx", "'\tx"),
        ("\r=1", "\"'\r=1\""),
        ("=a,b", "\"'=a,b\""),
        ("-5", "-5"),
        ("+84912345678", "+84912345678"),
        ("-3.5", "-3.5"),
        ("-0,25", "\"-0,25\""),
        ("0912345678", "0912345678"),
        ("Nước mắm = ngon", "Nước mắm = ngon"),
    ])
    func excelSafeGuardsFormulas(_ field: String, _ written: String) {
        var safe = CSVWriter(byteOrderMark: false, excelSafe: true)
        safe.write([field])
        #expect(text(safe) == written + "\r\n")
    }

    @Test func formulasAreKeptWithoutExcelSafe() throws {
        var writer = CSVWriter(byteOrderMark: false)
        writer.write(["=SUM(A1)", "@x", "-"])
        #expect(text(writer) == "=SUM(A1),@x,-\r\n")
    }

    @Test func takeBytesStreamsInParts() {
        var writer = CSVWriter()
        writer.write(["a"])
        let first = writer.takeBytes()
        writer.write(["b"])
        #expect(first == [0xEF, 0xBB, 0xBF] + Array("a\r\n".utf8))
        #expect(writer.bytes == Array("b\r\n".utf8))
    }
}
