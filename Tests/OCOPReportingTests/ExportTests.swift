import Foundation
import OCOPCSV
import OCOPReporting
import Testing

/// A table with what trips writers: Vietnamese text, commas, quotes, line breaks, a would-be
/// formula, numbers, percents and empty cells.
func sampleTable(rows: Int = 3) -> StatTable {
    var cells: [[StatTable.Cell]] = [
        [.text("Hà Nội"), .text("Gốm \"Bát Tràng\", men lam"), .integer(1_649), .percent(33.33), .null],
        [.text("Bắc Ninh"), .text("Dòng 1\r\nDòng 2"), .integer(0), .percent(100), .text("=SUM(A1:A2)")],
        [.text("Tổng cộng"), .text(""), .integer(1_649), .percent(50), .null],
    ]
    while cells.count < rows { cells.insert([.text("Xã \(cells.count)"), .text("Sản phẩm"), .integer(Int64(cells.count)), .percent(1.5), .null], at: 0) }
    return StatTable(
        id: "by-province", title: "Sản phẩm OCOP theo tỉnh", definition: "Sản phẩm có hạng sao còn hiệu lực tại ngày số liệu.",
        asOf: "2025-06-30", queriedAt: "2025-07-01T00:00:00Z",
        columns: [.init("province", title: "Tỉnh, thành phố", kind: .text), .init("note", title: "Ghi chú", kind: .text),
                  .init("products", title: "Số sản phẩm", kind: .integer), .init("share", title: "Tỷ lệ (%)", kind: .percent),
                  .init("extra", title: "Khác", kind: .text)],
        rows: cells)
}

@Suite struct ExportTests {
    @Test func csvIsExcelFriendlyAndRoundTripsThroughOCOPCSV() throws {
        let table = sampleTable()
        let data = TableExport.csv(table)
        let bytes = [UInt8](data)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 byte-order mark for Excel")
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("\"Tỉnh, thành phố\",Ghi chú,Số sản phẩm,Tỷ lệ (%),Khác\r\n"))
        #expect(text.contains("\"Gốm \"\"Bát Tràng\"\", men lam\""), "quotes doubled inside a quoted field")

        var reader = CSVReader(data: data)
        #expect(try reader.next()?.fields == table.columns.map(\.title))
        let records = try reader.readAll()
        #expect(reader.hasByteOrderMark)
        #expect(records.count == table.rows.count)
        #expect(records[0].fields == ["Hà Nội", "Gốm \"Bát Tràng\", men lam", "1649", "33.33", ""])
        #expect(records[1].fields[1] == "Dòng 1\r\nDòng 2", "a line break survives inside its field")
        // A would-be formula is guarded for spreadsheets; the guard is the only change.
        #expect(records[1].fields[4] == "'=SUM(A1:A2)")
        #expect(records[2].fields == ["Tổng cộng", "", "1649", "50.00", ""])
    }

    @Test func jsonCarriesTheDefinitionAndTypedCells() throws {
        let object = try JSONSerialization.jsonObject(with: try TableExport.json(sampleTable())) as? [String: Any]
        #expect(object?["as_of"] as? String == "2025-06-30")
        #expect(object?["definition"] as? String == "Sản phẩm có hạng sao còn hiệu lực tại ngày số liệu.")
        let rows = object?["rows"] as? [[Any]]
        #expect(rows?[0][2] as? Int == 1649)
        #expect(rows?[0][3] as? Double == 33.33)
        #expect(rows?[0][4] is NSNull)
        #expect((object?["columns"] as? [[String: Any]])?.map { $0["title"] as? String } == sampleTable().columns.map(\.title))
    }

    @Test func formatsFromFileNames() {
        #expect(TableExport.Format.split("targets.csv")?.format == .csv)
        #expect(TableExport.Format.split("by-sector.XLSX")?.name == "by-sector")
        #expect(TableExport.Format.split("targets.pdf")?.name == nil)
        #expect(TableExport.Format.split("targets")?.name == nil)
        #expect(TableExport.fileName("tinh", province: "01", asOf: "2025-06-30", format: .xlsx) == "bao-cao-ocop-tinh-01-2025-06-30.xlsx")
    }
}
