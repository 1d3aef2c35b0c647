import Foundation
import Testing

@testable import OCOPCSV

@Suite struct CSVReaderTests {
    private func records(_ text: String) throws -> [CSVRecord] {
        var reader = CSVReader(string: text)
        return try reader.readAll()
    }

    private func failure(_ bytes: [UInt8]) -> CSVError? {
        var reader = CSVReader(bytes: bytes)
        do {
            _ = try reader.readAll()
            return nil
        } catch {
            return error
        }
    }

    private func failure(_ text: String) -> CSVError? { failure(Array(text.utf8)) }

    @Test func readsPlainRecordsWithLineNumbers() throws {
        let result = try records("a,b,c\n1,2,3\n4,,6\n")
        #expect(result.map(\.fields) == [["a", "b", "c"], ["1", "2", "3"], ["4", "", "6"]])
        #expect(result.map(\.line) == [1, 2, 3])
    }

    @Test(arguments: ["\r\n", "\n", "\r"])
    func acceptsEveryLineEnding(_ end: String) throws {
        let result = try records("a,b\(end)1,2\(end)\"x\(end)y\",3\(end)4,5\(end)")
        #expect(result.map(\.fields) == [["a", "b"], ["1", "2"], ["x\(end)y", "3"], ["4", "5"]])
        #expect(result.map(\.line) == [1, 2, 3, 5])
    }

    @Test func stripsByteOrderMark() throws {
        var withMark = CSVReader(bytes: [0xEF, 0xBB, 0xBF] + Array("Mã số thuế,name\r\n1,2\r\n".utf8))
        var without = CSVReader(string: "Mã số thuế,name\r\n1,2\r\n")
        #expect(withMark.hasByteOrderMark)
        #expect(!without.hasByteOrderMark)
        let first = try withMark.readAll()
        #expect(first == (try without.readAll()))
        #expect(first[0].fields[0] == "Mã số thuế")
    }

    @Test func quotedFieldsKeepCommasQuotesAndLineBreaks() throws {
        let text = "name,note\n\"Hợp tác xã Chè, Tân Cương\",\"gọi là \"\"đặc sản\"\"\"\n\"a\r\nb\nc\",\"\"\nlast,x\n"
        let result = try records(text)
        #expect(result.map(\.fields) == [
            ["name", "note"],
            ["Hợp tác xã Chè, Tân Cương", "gọi là \"đặc sản\""],
            ["a\r\nb\nc", ""],
            ["last", "x"],
        ])
        #expect(result.map(\.line) == [1, 2, 3, 6])
    }

    @Test func ignoresTrailingAndBlankLines() throws {
        #expect(try records("a,b\n1,2\n\n").count == 2)
        #expect(try records("a,b\r\n\r\n1,2\r\n\r\n").map(\.line) == [1, 3])
        #expect(try records("a,b\n1,2").map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(try records("").isEmpty)
        #expect(try records("\u{FEFF}").isEmpty)
    }

    @Test func trailingCommaMeansEmptyLastField() throws {
        #expect(try records("a,b,\n,,\n").map(\.fields) == [["a", "b", ""], ["", "", ""]])
        #expect(try records("\"a\",").map(\.fields) == [["a", ""]])
    }

    @Test func unterminatedQuoteReportsWhereItOpened() {
        let error = failure("a,b,c\n1,2,3\n4,5,6\n7,8,9\n1,2,3\n4,5,6\n7,8,\"never closed\n8,9,10\n")
        #expect(error == CSVError(line: 7, column: 3, message: "unterminated quoted field (opened at line 7, column 3)", kind: .syntax))
        #expect(error?.endsReading == true)
        #expect(error?.description == "line 7, column 3: unterminated quoted field (opened at line 7, column 3)")
    }

    @Test func quoteInsideUnquotedFieldIsLocated() {
        let error = failure("a,b\nxy,Chè \"ngon\"\n")
        #expect(error?.line == 2)
        #expect(error?.column == 2)
        #expect(error?.message.hasPrefix("quote character inside an unquoted field (character 8)") == true)
        #expect(error?.kind == .syntax)
    }

    @Test func charactersAfterClosingQuoteAreLocated() {
        let error = failure("a,b\n1,\"x\ny\"z,3\n")
        #expect(error?.line == 3)
        #expect(error?.column == 2)
        #expect(error?.message.hasPrefix("unexpected 'z' after the closing quote (character 3)") == true)
        #expect(failure("\"a\" ,b")?.message.hasPrefix("unexpected a space after the closing quote (character 4)") == true)
    }

    @Test(arguments: [
        [0xFF] as [UInt8],  // never valid
        [0xC3],  // truncated at the end of the input
        [0xC0, 0x80],  // overlong NUL
        [0xED, 0xA0, 0x80],  // UTF-16 surrogate
        [0xE1, 0x41, 0x80],  // continuation byte missing
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0x80],  // lone continuation byte
    ])
    func invalidUTF8NamesLineAndColumn(_ bad: [UInt8]) {
        let error = failure(Array("a,b\n1,2\nHà,".utf8) + bad)
        #expect(error?.line == 3)
        #expect(error?.column == 2)
        #expect(error?.message.hasPrefix("invalid UTF-8 byte sequence (character 4)") == true)
        #expect(error?.kind == .encoding)
    }

    @Test func invalidUTF8InsideMultilineQuotedFieldNamesPhysicalLine() {
        let error = failure(Array("a,b\n1,\"x\ny\nz".utf8) + [0xFE] + Array("\"\n".utf8))
        #expect(error?.line == 4)
        #expect(error?.column == 2)
    }

    @Test func longFieldsAcrossWordBoundaries() throws {
        // The scanner skips 8 plain bytes at a time; specials at every offset must still be seen.
        for offset in 0..<17 {
            let pad = String(repeating: "x", count: offset)
            let text = "\(pad),\(pad)y\r\n\"\(pad)\"\"\(pad)\n\(pad)\",\(pad)é\(pad)\n"
            let result = try records(text)
            #expect(result.map(\.fields) == [[pad, pad + "y"], ["\(pad)\"\(pad)\n\(pad)", "\(pad)é\(pad)"]])
            #expect(result.map(\.line) == [1, 2])
            #expect(offset == 0 || failure("a,\(pad)\"\(pad)")?.message.hasPrefix("quote character inside an unquoted field (character \(offset + 3))") == true)
        }
    }

    @Test func acceptsAllValidUTF8Lengths() throws {
        let text = "ascii,é,Đặng,😀,\u{10FFFF}\n"
        #expect(try records(text).first?.fields == ["ascii", "é", "Đặng", "😀", "\u{10FFFF}"])
    }

    @Test func syntaxErrorEndsReading() throws {
        var reader = CSVReader(string: "a,b\n\"x\n")
        #expect(try reader.next()?.fields == ["a", "b"])
        #expect(throws: CSVError.self) { _ = try reader.next() }
        #expect((try? reader.next()) == .some(nil))
    }

    @Test func readsAHundredThousandRows() throws {
        var writer = CSVWriter()
        writer.write(["registration_number", "name", "note"])
        for index in 0..<100_000 {
            writer.write(["01\(index)", "Hợp tác xã số \(index)", index % 7 == 0 ? "có, \"dấu\"\nxuống dòng" : ""])
        }
        var reader = CSVReader(bytes: writer.bytes)
        var count = 0
        var lastLine = 0
        while let record = try reader.next() {
            #expect(record.count == 3)
            count += 1
            lastLine = record.line
        }
        #expect(count == 100_001)
        // Header on line 1; every seventh row before the last one spans two lines.
        #expect(lastLine == 2 + 99_999 + (0..<99_999).filter { $0 % 7 == 0 }.count)
    }
}
