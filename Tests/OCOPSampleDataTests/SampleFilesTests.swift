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
        let data = try SampleDataset.generate(province: #require(ProvinceCode(rawValue: "01")), products: 3_000, seed: 42, today: testToday)
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

    /// The importer's product columns in its export order (Modules/OCOPRegistry/ImportColumns.swift),
    /// which this target cannot import; `standing` is derived and ignored on import.
    static let importerProductColumns = [
        "subject_registration_number", "subject_name", "name", "product_set", "commune_code", "legacy_commune_code",
        "description", "packaging", "ingredients", "raw_material_origin", "status", "stars", "certificate_number",
        "certified_on", "decision_number", "issuing_level", "legal_act", "decision", "ground", "standing",
    ]

    @Test func productColumnsAreTheImportersInItsOrder() {
        let columns = SampleDataset.productColumns
        let positions = columns.compactMap { Self.importerProductColumns.firstIndex(of: $0) }
        #expect(positions.count == columns.count, "unknown columns: \(columns.filter { !Self.importerProductColumns.contains($0) })")
        #expect(positions == positions.sorted() && Set(positions).count == positions.count, "export order, each once")
        for required in ["subject_registration_number", "name", "product_set", "stars", "certificate_number", "certified_on",
                         "decision_number", "decision"] {
            #expect(columns.contains(required), "\(required)")
        }
        #expect(!columns.contains("standing"), "derived on export, not imported")
    }

    @Test(arguments: ["92", "01"])
    func productsFileFollowsTheContract(_ province: String) throws {
        let data = try SampleDataset.generate(province: #require(ProvinceCode(rawValue: province)), products: 3_000, seed: 42, today: testToday)
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
            #expect(DecisionDate(text: date)?.day == date, "the importer reads the day as written")
            #expect(row["certificate_number"] == product.certificateNumber && row["decision_number"] == product.decisionNumber)
            // Written as the importer's own codes, which it reads back unchanged.
            #expect(["recognised", "potential_5"].contains(row["decision"]))
            #expect(DecisionKind(text: row["decision"] ?? "") == product.decision)
            #expect(IssuingLevel(text: row["issuing_level"] ?? "") == product.issuingLevel)
            if product.decision == .potentialFiveStar { #expect(row["stars"] == "4", "potential 5★ is written with the 4★ it holds") }
            if row["description"]?.contains("\n") == true { multiline += 1 }
            if row["description"]?.contains("\"") == true { quoted += 1 }
        }
        #expect(multiline > 0 && quoted > 0, "realistic quoting cases are exercised")
        #expect(data.products.contains { $0.decision == .potentialFiveStar }, "potential 5★ products are included")
    }

    /// The summary's standings against the written rows, read back as the importer reads them and
    /// judged by the registry's rule: current stars while valid, none once expired.
    @Test(arguments: [("01", "2026-01-15"), ("01", "2024-04-30"), ("24", "2025-07-06")])
    func summaryStandingsMatchTheWrittenRows(_ province: String, _ today: String) throws {
        let day = try #require(SampleDate(text: today))
        let data = try SampleDataset.generate(province: #require(ProvinceCode(rawValue: province)), products: 3_000, seed: 5, today: day)
        let (_, rows) = try rows(data.productsCSV(), columns: SampleDataset.productColumns)
        var current: [Int: Int] = [:]
        var potential = 0, expired = 0, certifications = 0
        var decisions: Set<String> = []
        for row in rows {
            let kind = try #require(DecisionKind(text: row["decision"] ?? ""))
            let date = try #require(DecisionDate(text: row["certified_on"] ?? ""))
            // As the importer: a potential 5★ holds 4★ whatever the stars column says.
            let written = try #require(Int(row["stars"] ?? ""))
            let stars = kind == .potentialFiveStar ? 4 : written
            certifications += 1
            decisions.insert("\(row["decision_number"] ?? "") \(date.day.prefix(4))")
            let standing = CertificationStanding.of(kind, validUntil: date.validUntil, today: today)
            switch standing {
            case .valid: current[stars, default: 0] += 1
            case .potentialFiveStar: potential += 1
            default: expired += 1
            }
            #expect(standing.holdsStars || standing == .expired)
        }
        let summary = data.summary
        #expect(summary.today == day)
        #expect(summary.validStars[.three] ?? 0 == current[3] ?? 0)
        #expect(summary.validStars[.four] ?? 0 == current[4] ?? 0)
        #expect(summary.validStars[.five] ?? 0 == current[5] ?? 0)
        #expect(summary.validPotentialFiveStar == potential)
        #expect(summary.expired == expired)
        #expect(summary.certifications == certifications)
        #expect(summary.decisions.values.reduce(0, +) == decisions.count)
        #expect(expired > 0 && (current[3] ?? 0) > 0 && (current[4] ?? 0) > 0, "both standings occur")
        // 36 months by the calendar: a decision exactly 36 months old is still valid today.
        let boundary = day.adding(months: -36)
        #expect(boundary.standing(of: .recognised, on: day) == .valid)
    }

    @Test func writesBothFiles() throws {
        let data = try SampleDataset.generate(province: #require(ProvinceCode(rawValue: "48")), products: 200, seed: 3, today: testToday)
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
