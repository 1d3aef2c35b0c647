import Foundation
import OCOPCSV
import OCOPPluginKit
import SQLKit

/// Exports any search as CSV (the import format, so an export can be edited in Excel and
/// imported back) or as JSON (the API's records).
///
/// Exports are produced a page at a time (`ExportCursor`), so memory stays flat however large
/// the registry is; the API streams the pages to the client as it reads them.
public struct Exporter: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case csv, json
    }

    let database: any SQLStore

    public init(database: any SQLStore) {
        self.database = database
    }

    /// Rows read and encoded per step.
    static let pageSize = 2000

    func subjects(_ filter: SubjectStore.Filter, scope: Scope, format: Format, onFinish: (@Sendable () -> Void)? = nil) -> ExportCursor {
        ExportCursor(database: database, source: .subjects(filter), scope: scope, format: format, onFinish: onFinish)
    }

    func products(_ filter: ProductStore.Filter, scope: Scope, format: Format, onFinish: (@Sendable () -> Void)? = nil) -> ExportCursor {
        ExportCursor(database: database, source: .products(filter), scope: scope, format: format, onFinish: onFinish)
    }

    static func flag(_ value: Bool?) -> String { value.map { $0 ? "có" : "không" } ?? "" }
}

/// One export in progress: each `next()` reads the following page and returns its bytes.
actor ExportCursor {
    enum Source: Sendable {
        case subjects(SubjectStore.Filter)
        case products(ProductStore.Filter)
    }

    let database: any SQLStore
    let source: Source
    let scope: Scope
    let format: Exporter.Format
    private let onFinish: (@Sendable () -> Void)?
    private var offset = 0
    private var started = false
    private var finished = false
    private var wroteItem = false
    private var csv = CSVWriter(byteOrderMark: true, excelSafe: true)
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    init(database: any SQLStore, source: Source, scope: Scope, format: Exporter.Format, onFinish: (@Sendable () -> Void)?) {
        self.database = database
        self.source = source
        self.scope = scope
        self.format = format
        self.onFinish = onFinish
    }

    /// Runs when the export ends, is abandoned by its client, or is never read (HEAD).
    deinit { onFinish?() }

    /// The next part of the file, nil when it is complete.
    func next() async throws -> [UInt8]? {
        guard !finished else { return nil }
        var out: [UInt8] = []
        if !started {
            started = true
            switch format {
            case .json: out.append(UInt8(ascii: "["))
            case .csv:
                switch source {
                case .subjects: csv.write(ImportColumns.subjects.map(\.name))
                case .products: csv.write(ImportColumns.products.map(\.name))
                }
            }
        }
        let count: Int
        switch source {
        case .subjects(let filter): count = try await subjectPage(filter, into: &out)
        case .products(let filter): count = try await productPage(filter, into: &out)
        }
        offset += count
        if format == .csv { out += csv.takeBytes() }
        if count < Exporter.pageSize {
            finished = true
            if format == .json { out.append(UInt8(ascii: "]")) }
        }
        return out
    }

    private func json<T: Encodable>(_ items: [T], into out: inout [UInt8]) throws {
        for item in items {
            if wroteItem { out.append(UInt8(ascii: ",")) }
            wroteItem = true
            out += try Self.encoder.encode(item)
        }
    }

    private func subjectPage(_ base: SubjectStore.Filter, into out: inout [UInt8]) async throws -> Int {
        var filter = base
        filter.limit = Exporter.pageSize
        filter.offset = offset
        filter.countsTotal = false
        let items = try await SubjectStore().search(filter, scope: scope, on: database.sql).items
        switch format {
        case .json: try json(items, into: &out)
        case .csv:
            for s in items {
                csv.write([
                    s.registrationNumber, s.name, s.legalForm, s.communeCode, s.legacyCommuneCode ?? "", s.address ?? "",
                    s.representative ?? "", Exporter.flag(s.representativeIsWoman), Exporter.flag(s.representativeIsEthnicMinority),
                    s.phone ?? "", s.email ?? "", s.website ?? "", s.foundedYear.map(String.init) ?? "",
                    s.employees.map(String.init) ?? "", s.localLabourPercent.map(String.init) ?? "", s.valueChain ?? "",
                    s.salesChannels.joined(separator: ";"),
                ])
            }
        }
        return items.count
    }

    private func productPage(_ base: ProductStore.Filter, into out: inout [UInt8]) async throws -> Int {
        var filter = base
        filter.limit = Exporter.pageSize
        filter.offset = offset
        filter.countsTotal = false
        let db = database.sql
        let page = try await ProductStore().search(filter, scope: scope, on: db).items
        let certificates = try await latestCertificates(Array(Set(page.map(\.id))), on: db)
        switch format {
        case .json:
            let items = page.map { product -> ProductRecord in
                var copy = product
                copy.certificate = certificates[product.id]
                return copy
            }
            try json(items, into: &out)
        case .csv:
            let registration = try await registrationNumbers(Array(Set(page.map(\.subjectID))), on: db)
            for p in page {
                let certificate = certificates[p.id]
                csv.write([
                    registration[p.subjectID] ?? "", p.name, String(p.productSet), p.communeCode, p.legacyCommuneCode ?? "",
                    p.description ?? "", p.packaging ?? "", p.ingredients ?? "", p.rawMaterialOrigin ?? "", p.status,
                    certificate.map { String($0.stars) } ?? "", certificate?.certificateNumber ?? "", certificate?.decidedOn ?? "",
                ])
            }
        }
        return page.count
    }

    private func registrationNumbers(_ ids: [Int64], on db: any SQLDatabase) async throws -> [Int64: String] {
        var out: [Int64: String] = [:]
        guard !ids.isEmpty else { return out }
        for row in try await db.select().columns("id", "registration_number").from(RegistrySchema.subjects)
            .where("id", .in, SQLBind.group(ids)).all() {
            out[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "registration_number", as: String.self)
        }
        return out
    }

    /// The latest decision per product of the page (what the product's page shows).
    private func latestCertificates(_ ids: [Int64], on db: any SQLDatabase) async throws -> [Int64: ProductRecord.Certificate] {
        var out: [Int64: ProductRecord.Certificate] = [:]
        guard !ids.isEmpty else { return out }
        for row in try await db.select().columns("product_id", "stars", "certificate_number", "decided_on", "valid_until", "source")
            .from(RegistrySchema.certifications).where("product_id", .in, SQLBind.group(ids)).orderBy("decided_on").orderBy("id").all() {
            out[try row.decode(column: "product_id", as: Int64.self)] = ProductRecord.Certificate(
                stars: try row.decode(column: "stars", as: Int.self),
                certificateNumber: try row.decode(column: "certificate_number", as: String?.self),
                decidedOn: try row.decode(column: "decided_on", as: String.self),
                validUntil: try row.decode(column: "valid_until", as: String.self),
                source: try row.decode(column: "source", as: String.self))
        }
        return out
    }
}

extension Exporter {
    /// Everything (or one province) with full detail, for operators on the command line.
    /// Everything (or one province), for operators: written part by part to `handle`, so memory
    /// does not follow the size of the export. Returns the number of bytes written.
    func exportAll(subjects: Bool, province: String?, format: Format, to handle: FileHandle) async throws -> Int {
        let operatorScope = Scope(principal: Principal(userID: 0, username: "operator", role: .nationalAdmin))
        let cursor: ExportCursor
        if subjects {
            var filter = SubjectStore.Filter()
            filter.province = province
            cursor = self.subjects(filter, scope: operatorScope, format: format)
        } else {
            var filter = ProductStore.Filter()
            filter.province = province
            cursor = products(filter, scope: operatorScope, format: format)
        }
        var written = 0
        while let part = try await cursor.next() {
            try handle.write(contentsOf: part)
            written += part.count
        }
        return written
    }
}
