import Foundation
import Testing

@testable import OCOPCSV

/// A subset of the subjects.csv contract (docs/import-format.md).
private let subjectColumns = [
    CSVColumn("registration_number", aliases: ["Mã số thuế", "Số đăng ký", "Mã số đăng ký"], required: true),
    CSVColumn("name", aliases: ["Tên chủ thể"], required: true),
    CSVColumn("legal_form", aliases: ["Loại hình"], required: true),
    CSVColumn("commune_code", aliases: ["Mã xã"]),
    CSVColumn("representative_is_woman", aliases: ["Đại diện là nữ"]),
    CSVColumn("local_labour_percent", aliases: ["Tỷ lệ lao động địa phương"]),
]

@Suite struct CSVHeaderTests {
    private func table(_ text: String) throws(CSVError) -> CSVTableReader {
        try CSVTableReader(bytes: Array(text.utf8), columns: subjectColumns)
    }

    private func headerError(_ text: String) -> CSVError? {
        do {
            _ = try table(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("Mã số thuế", "masothue"),
        ("MA SO THUE", "masothue"),
        ("ma_so_thue", "masothue"),
        ("registration_number", "registrationnumber"),
        ("Đại diện là nữ", "daidienlanu"),
        ("Tỷ lệ lao động địa phương (%)", "tylelaodongdiaphuong"),
        ("  Mã xã: ", "maxa"),
        ("ĐƯỜNG", "duong"),
    ])
    func foldsHeaderNames(_ name: String, _ key: String) {
        #expect(HeaderKey.fold(name) == key)
        #expect(HeaderKey.fold(name.decomposedStringWithCanonicalMapping) == key)
    }

    /// Offices' sheets start with a row-number column: read past, values and all.
    @Test func rowNumberColumnsAreSkipped() throws {
        let columns = [CSVColumn("name", aliases: ["Tên"], required: true)]
        for title in ["STT", "TT", "No.", "Số TT", "số thứ tự"] {
            var table = try CSVTableReader(bytes: Array("\(title),Tên\n1,Bát Tràng\n2,Vạn Phúc\n".utf8), columns: columns)
            #expect(table.header.skipped == [0], "\(title)")
            #expect(try table.next()?.value("name") == "Bát Tràng")
            #expect(try table.next()?.value("name") == "Vạn Phúc")
        }
        // Any other unknown column is still an error naming it.
        #expect(throws: CSVError.self) { try CSVTableReader(bytes: Array("Ghi chú,Tên\nx,y\n".utf8), columns: columns) }
    }

    @Test func matchesVietnameseAliasesInAnyOrder() throws {
        var reader = try table("Tên chủ thể,MA SO THUE,loại hình,Mã xã\nHTX Chè,0100109106,hop_tac_xa,00004\n")
        #expect(reader.header.columns == ["name", "registration_number", "legal_form", "commune_code"])
        #expect(reader.header.index(of: "registration_number") == 1)
        #expect(!reader.header.contains("representative_is_woman"))
        let row = try #require(try reader.next())
        #expect(row.line == 2)
        #expect(row["registration_number"] == "0100109106")
        #expect(row["representative_is_woman"] == nil)
        #expect(row.value("commune_code") == "00004")
        #expect(row.columnNumber(of: "legal_form") == 3)
        #expect(row.error("legal_form", "unknown legal form").description == "line 2, column 3: unknown legal form")
        #expect(row.error("legal_form", "x").field == "legal_form")
        #expect(row.error("legal_form", "x").kind == .value)
        #expect(row.error("representative_is_woman", "x").column == nil)
        #expect(try reader.next() == nil)
    }

    @Test func matchesDecomposedHeaders() throws {
        let nfd = "Mã số thuế,Tên chủ thể,Loại hình,Đại diện là nữ".decomposedStringWithCanonicalMapping
        #expect(nfd.unicodeScalars.count > "Mã số thuế,Tên chủ thể,Loại hình,Đại diện là nữ".unicodeScalars.count)
        let reader = try table(nfd + "\n")
        #expect(reader.header.columns == ["registration_number", "name", "legal_form", "representative_is_woman"])
    }

    @Test func unknownColumnIsNamedWithExpectedList() {
        let error = headerError("registration_number,name,legal_form,Ten san pham\n")
        #expect(error?.line == 1)
        #expect(error?.column == 4)
        #expect(error?.field == "Ten san pham")
        #expect(error?.kind == .header)
        #expect(error?.message == "unknown column 'Ten san pham'; expected: registration_number, name, legal_form, "
            + "commune_code, representative_is_woman, local_labour_percent")
    }

    @Test func missingRequiredColumnsAreListed() {
        let one = headerError("registration_number,legal_form\n")
        #expect(one == CSVError(line: 1, field: "name", message: "missing required column name (Tên chủ thể)", kind: .header))
        let two = headerError("name\n")
        #expect(two?.description == "line 1: missing required columns registration_number (Mã số thuế), legal_form (Loại hình)")
    }

    @Test func duplicateColumnIsRefusedEvenThroughAnAlias() {
        let error = headerError("registration_number,name,legal_form,Mã số thuế\n")
        #expect(error?.line == 1)
        #expect(error?.column == 4)
        #expect(error?.field == "registration_number")
        #expect(error?.message == "duplicate column 'Mã số thuế': column 1 is already registration_number")
    }

    @Test func semicolonSeparatedFileIsExplained() {
        let expected = CSVError(line: 1, message: "the file is separated by ';' — save it as comma-separated CSV (UTF-8)", kind: .header)
        #expect(headerError("Mã số thuế;Tên chủ thể;Loại hình\n1;2;3\n") == expected)
        #expect(headerError("\"Mã số thuế\";\"Tên chủ thể\";\"Loại hình\"\n") == expected)
        #expect(headerError("\u{FEFF}Mã số thuế;Tên chủ thể\n") == expected)
    }

    @Test func tabSeparatedFileIsExplained() {
        let error = headerError("Mã số thuế\tTên chủ thể\tLoại hình\n")
        #expect(error?.description == "line 1: the file is separated by tabs — save it as comma-separated CSV (UTF-8)")
        #expect((try? CSVHeader(cells: ["a;b"], columns: subjectColumns)) == nil)
    }

    @Test func emptyFileHasNoHeader() {
        #expect(headerError("")?.message == "the file is empty; the first row must be the header")
        #expect(headerError("\u{FEFF}\r\n")?.line == 1)
    }

    @Test func rowWithWrongFieldCountIsReportedAndReadingGoesOn() throws {
        var reader = try table("registration_number,name,legal_form\n1,a,hop_tac_xa\n2,b\n3,c,ho_kinh_doanh,extra\n4,d,doanh_nghiep\n")
        #expect(try reader.next()?.line == 2)
        #expect(throws: CSVError(line: 3, message: "expected 3 fields as in the header, found 2", kind: .row)) { try reader.next() }
        #expect(throws: CSVError(line: 4, message: "expected 3 fields as in the header, found 4", kind: .row)) { try reader.next() }
        #expect(try reader.next()?["registration_number"] == "4")
        #expect(try reader.next() == nil)
    }

    @Test func blankRowsAreSkipped() throws {
        var reader = try table("registration_number,name,legal_form\n,,\n1,a,b\n\n,,,,\n")
        #expect(try reader.next()?.line == 3)
        #expect(try reader.next() == nil)
    }

    @Test func unnamedColumnsMayOnlyBeEmpty() throws {
        var reader = try table("registration_number,name,legal_form,\n1,a,b,\n2,c,d,oops\n")
        #expect(reader.header.column(at: 3) == nil)
        #expect(try reader.next()?.line == 2)
        #expect(throws: CSVError(line: 3, column: 4, message: "a value in a column without a header name", kind: .row)) { try reader.next() }
    }

    @Test func headerLineAfterByteOrderMarkAndCRLF() throws {
        var reader = try CSVTableReader(
            bytes: [0xEF, 0xBB, 0xBF] + Array("Mã số thuế,Tên chủ thể,Loại hình\r\n0100109106,\"HTX, Chè\",hop_tac_xa\r\n".utf8),
            columns: subjectColumns)
        #expect(reader.header.line == 1)
        let row = try #require(try reader.next())
        #expect(row["name"] == "HTX, Chè")
    }
}
