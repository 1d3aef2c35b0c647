import Foundation
import OCOPCSV
import OCOPDomain

/// Realistic, deterministic OCOP data for one province: subjects and their star-rated products,
/// with the national proportions of ocop-rules.md §8, real communes of the province (about 10 %
/// of subjects by a legacy commune code), Vietnamese names and valid tax codes.
///
/// The same province, count and seed always give byte-identical files, on any machine.
public struct SampleDataset: Sendable {
    public let province: Province
    public let seed: UInt64
    public let subjects: [SampleSubject]
    public let products: [SampleProduct]

    public static func generate(province: ProvinceCode, products: Int, seed: UInt64) throws(SampleDataError) -> SampleDataset {
        let units: AdminUnits
        do {
            units = try AdminUnits.shared
        } catch {
            throw .adminUnits(error)
        }
        return try generate(province: province, products: products, seed: seed, units: units)
    }

    public static func generate(
        province code: ProvinceCode, products count: Int, seed: UInt64, units: AdminUnits
    ) throws(SampleDataError) -> SampleDataset {
        guard let province = units.province(code) else {
            throw .unknownProvince(code.rawValue, valid: validProvinces(units))
        }
        guard (1...SampleDataError.maximumProducts).contains(count) else { throw .invalidProductCount(count) }
        var generator = SampleGenerator(province: province, units: units, products: count, seed: seed)
        let (subjects, products) = generator.generate(products: count)
        return SampleDataset(province: province, seed: seed, subjects: subjects, products: products)
    }

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

    /// The canonical product columns, in the order of docs/import-format.md.
    public static let productColumns = [
        "subject_registration_number", "name", "product_set", "commune_code", "legacy_commune_code", "description",
        "packaging", "ingredients", "raw_material_origin", "status", "stars", "certificate_number", "certified_on",
    ]

    // MARK: Figures

    public var summary: SampleSummary { SampleSummary(self) }

    /// Products whose certificate (valid 36 months) had expired on `date`.
    public func expiredCertificates(asOf date: SampleDate) -> Int {
        products.count { $0.certifiedOn.certificateExpired(asOf: date) }
    }
}

/// A file written by ``SampleDataset/write(to:)``.
public struct SampleFile: Sendable, Hashable {
    public let path: String
    public let byteCount: Int
    /// Data rows (without the header).
    public let rows: Int
}
