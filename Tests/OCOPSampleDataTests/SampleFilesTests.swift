import Foundation
import OCOPCSV
import OCOPDomain
import Testing

@testable import OCOPSampleData

/// The generated files against the column contract of docs/import-format.md, read back with OCOPCSV.
@Suite struct SampleFilesTests {
    private static let salesChannelCodes: Set<String> = [
        "sieu_thi", "cua_hang_tien_loi", "thuong_mai_dien_tu", "xuat_khau", "cho_truyen_thong", "diem_ban_ocop",
        "ban_truc_tiep", "livestream",
    ]

    private func rows(_ bytes: [UInt8], columns: [String]) throws -> (CSVHeader, [CSVRow]) {
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 byte-order mark for Excel")
        var reader = try CSVTableReader(bytes: bytes, columns: columns.map { CSVColumn($0, required: true) })
        var rows: [CSVRow] = []
        while let row = try reader.next() { rows.append(row) }
        return (reader.header, rows)
    }

    @Test func subjectsFileFollowsTheContract() throws {
        let data = try SampleDataset.generate(province: #require(ProvinceCode(rawValue: "01")), products: 3_000, seed: 42)
        let (header, rows) = try rows(data.subjectsCSV(), columns: SampleDataset.subjectColumns)
        #expect(header.cells == SampleDataset.subjectColumns)
        #expect(rows.count == data.subjects.count)
        for (row, subject) in zip(rows, data.subjects) {
            #expect(row["registration_number"] == subject.registrationNumber)
            #expect(row["name"] == subject.name)
            #expect(LegalForm(rawValue: row["legal_form"] ?? "") == subject.legalForm)
            let current = row.value("commune_code"), legacy = row.value("legacy_commune_code")
            #expect((current == nil) != (legacy == nil), "exactly one commune column, line \(row.line)")
            #expect(["yes", "no"].contains(row["representative_is_woman"]))
            #expect(["yes", "no"].contains(row["representative_is_ethnic_minority"]))
            #expect(Int(row["founded_year"] ?? "") == subject.foundedYear)
            let channels = (row["sales_channels"] ?? "").split(separator: ";").map(String.init)
            #expect(!channels.isEmpty && channels.allSatisfy(Self.salesChannelCodes.contains))
        }
    }

    @Test func productsFileFollowsTheContract() throws {
        let data = try SampleDataset.generate(province: #require(ProvinceCode(rawValue: "92")), products: 3_000, seed: 42)
        let (header, rows) = try rows(data.productsCSV(), columns: SampleDataset.productColumns)
        #expect(header.cells == SampleDataset.productColumns)
        #expect(rows.count == 3_000)
        let subjects = Set(data.subjects.map(\.registrationNumber))
        var multiline = 0
        var quoted = 0
        for (row, product) in zip(rows, data.products) {
            #expect(subjects.contains(row["subject_registration_number"] ?? ""))
            #expect(row["name"] == product.name)
            #expect(Int(row["product_set"] ?? "").flatMap(ProductSet.init(code:)) == product.productSet)
            #expect(["", "active", "draft", "discontinued"].contains(row["status"]))
            #expect(Int(row["stars"] ?? "").flatMap(StarRating.init(stars:)) == product.stars)
            let date = row["certified_on"] ?? ""
            #expect(date.count == 10 && date == product.certifiedOn.description)
            if row["description"]?.contains("\n") == true { multiline += 1 }
            if row["description"]?.contains("\"") == true { quoted += 1 }
        }
        #expect(multiline > 0 && quoted > 0, "realistic quoting cases are exercised")
    }

    @Test func writesBothFiles() throws {
        let data = try SampleDataset.generate(province: #require(ProvinceCode(rawValue: "48")), products: 200, seed: 3)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-sample-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try data.write(to: directory)
        #expect(files.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["subjects.csv", "products.csv"])
        #expect(files.map(\.rows) == [data.subjects.count, 200])
        for file in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            #expect((attributes[.size] as? NSNumber)?.intValue == file.byteCount)
        }
        let read = try CSVReader(contentsOfFile: files[1].path)
        #expect(read.hasByteOrderMark)
    }
}
