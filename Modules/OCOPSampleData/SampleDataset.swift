import Foundation
import OCOPCSV
import OCOPDomain

/// Realistic, deterministic OCOP data for one province: subjects and their star-rated products,
/// with the proportions of ocop-rules.md §8 (Hà Nội's own for province 01, the nation's
/// elsewhere), real communes of the province (about 10 % of subjects by a legacy commune code),
/// Vietnamese names, valid tax codes, and decisions dated in the seven years before `today`.
///
/// The same province, count, seed and `today` always give byte-identical files, on any machine.
public struct SampleDataset: Sendable {
    public let province: Province
    public let seed: UInt64
    /// The day the data is generated for: no decision is later, and standings are counted on it.
    public let today: SampleDate
    public let subjects: [SampleSubject]
    public let products: [SampleProduct]

    public static func generate(
        province: ProvinceCode, products: Int, seed: UInt64, today: SampleDate
    ) throws(SampleDataError) -> SampleDataset {
        let units: AdminUnits
        do {
            units = try AdminUnits.shared
        } catch {
            throw .adminUnits(error)
        }
        return try generate(province: province, products: products, seed: seed, today: today, units: units)
    }

    public static func generate(
        province code: ProvinceCode, products count: Int, seed: UInt64, today: SampleDate, units: AdminUnits
    ) throws(SampleDataError) -> SampleDataset {
        guard let province = units.province(code) else {
            throw .unknownProvince(code.rawValue, valid: validProvinces(units))
        }
        guard (1...SampleDataError.maximumProducts).contains(count) else { throw .invalidProductCount(count) }
        guard (earliestToday...latestToday).contains(today) else { throw .invalidToday(today.description) }
        var generator = SampleGenerator(province: province, units: units, products: count, seed: seed, today: today)
        let (subjects, products) = generator.generate(products: count)
        return SampleDataset(province: province, seed: seed, today: today, subjects: subjects, products: products)
    }

    /// The range `today` may take: the programme's first rounds must lie behind it, and dates
    /// stay within what the importer reads.
    public static let earliestToday = CertificateRounds.earliestToday
    public static let latestToday = SampleDate(uncheckedYear: 2099, month: 12, day: 31)

    /// "01 Hà Nội", … for the 34 current provinces, for messages.
    public static func validProvinces(_ units: AdminUnits) -> [String] {
        units.provinces.map { "\($0.code.rawValue) \($0.shortName)" }
    }

    // MARK: Files

    /// `subjects.csv` in the columns of docs/import-format.md, UTF-8 with a byte-order mark.
    public func subjectsCSV() -> [UInt8] {
        var writer = CSVWriter(reservingCapacity: subjects.count * 400)
        writer.write(Self.subjectColumns)
        for index in subjects.indices { writer.write(SampleRows.fields(subjects[index])) }  // indexing borrows; `for in` copies
        return writer.bytes
    }

    /// `products.csv` in the columns of docs/import-format.md, UTF-8 with a byte-order mark.
    public func productsCSV() -> [UInt8] {
        var writer = CSVWriter(reservingCapacity: products.count * 350)
        writer.write(Self.productColumns)
        for index in products.indices { writer.write(SampleRows.fields(products[index])) }
        return writer.bytes
    }

    /// Writes `subjects.csv` and `products.csv` into `directory` (created if needed).
    public func write(to directory: URL) throws(SampleDataError) -> [SampleFile] {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: directory.path, reason: error.localizedDescription)
        }
        let files = [("subjects.csv", subjectsCSV(), subjects.count), ("products.csv", productsCSV(), products.count)]
        var written: [SampleFile] = []
        for (name, bytes, rows) in files {
            let url = directory.appendingPathComponent(name)
            do {
                try Data(bytes).write(to: url, options: .atomic)
            } catch {
                throw .cannotWrite(path: url.path, reason: error.localizedDescription)
            }
            written.append(SampleFile(path: url.path, byteCount: bytes.count, rows: rows))
        }
        return written
    }

    /// The canonical subject columns, in the order of docs/import-format.md.
    public static let subjectColumns = [
        "registration_number", "name", "legal_form", "commune_code", "legacy_commune_code", "address", "representative",
        "representative_is_woman", "representative_is_ethnic_minority", "phone", "email", "website", "founded_year",
        "employees", "local_labour_percent", "value_chain", "sales_channels",
    ]

    /// Canonical product columns the importer reads, in its export order. `legal_act` is left to
    /// the importer (it follows from the date); `issuing_level` is written, as registers give it.
    public static let productColumns = [
        "subject_registration_number", "name", "product_set", "commune_code", "legacy_commune_code", "description",
        "packaging", "ingredients", "raw_material_origin", "status", "stars", "certificate_number", "certified_on",
        "decision_number", "issuing_level", "decision",
    ]

    // MARK: Figures

    /// Counts, with standings on ``today``.
    public var summary: SampleSummary { SampleSummary(self) }
}

/// A file written by ``SampleDataset/write(to:)``.
public struct SampleFile: Sendable, Hashable {
    public let path: String
    public let byteCount: Int
    /// Data rows (without the header).
    public let rows: Int
}
