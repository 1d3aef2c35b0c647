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

    /// With `history`, every decision of each product: a CSV row per decision (the product's
    /// columns repeated, as the importer reads several decisions), or `certifications` in JSON.
    func products(_ filter: ProductStore.Filter, scope: Scope, format: Format, history: Bool = false,
                  onFinish: (@Sendable () -> Void)? = nil) -> ExportCursor {
        ExportCursor(database: database, source: .products(filter, history: history), scope: scope, format: format, onFinish: onFinish)
    }

    /// The decision columns of a CSV row (see `ImportColumns.products`): the decision's stars,
    /// and separately where the product stands today, so an expired 4★ reads "4" and "expired".
    static func decisionColumns(_ c: ProductRecord.Certificate?) -> [String] {
        guard let c else { return ["", "", "", "", "", "", "", "", ""] }
        return [String(c.stars), c.certificateNumber ?? "", c.decidedOnText, c.decisionNumber ?? "", c.issuingLevel ?? "",
                c.legalAct ?? "", c.decision, c.ground ?? "", c.standing.rawValue]
    }

    static func flag(_ value: Bool?) -> String { value.map { $0 ? "có" : "không" } ?? "" }
}

/// One export in progress: each `next()` reads the following page and returns its bytes.
actor ExportCursor {
    enum Source: Sendable {
        case subjects(SubjectStore.Filter)
        case products(ProductStore.Filter, history: Bool)
    }

    let database: any SQLStore
    let source: Source
    let scope: Scope
    let format: Exporter.Format
    /// Called once: when the last piece is produced, or at deinit for an export left unfinished.
    private let onFinish: (@Sendable () -> Void)?
    private var released = false
    private var history: Bool { if case .products(_, true) = source { true } else { false } }
    /// The last row written: each page starts past it.
    private var last: OrderKey?
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

    /// Runs when the export is abandoned by its client or never read (HEAD).
    deinit { if !released { onFinish?() } }

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
        case .products(let filter, _): count = try await productPage(filter, into: &out)
        }
        if format == .csv { out += csv.takeBytes() }
        if count < Exporter.pageSize {
            finished = true
            if format == .json { out.append(UInt8(ascii: "]")) }
            // The slot is free before the client reads the end: its next export is not refused
            // because this one's response has not been torn down yet.
            released = true
            onFinish?()
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
        filter.offset = 0
        filter.after = last
        filter.countsTotal = false
        let (page, last) = try await SubjectStore().searchPage(filter, scope: scope, on: database.sql)
        self.last = last
        let items = page.items
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
        filter.offset = 0
        filter.after = last
        filter.countsTotal = false
        let db = database.sql
        let (found, last) = try await ProductStore().searchPage(filter, scope: scope, on: db)
        self.last = last
        let page = found.items
        let certificates = try await decisions(Array(Set(page.map(\.id))), on: db)
        switch format {
        case .json:
            let items = page.map { product -> ProductRecord in
                var copy = product
                copy.certificate = certificates[product.id]?.last
                if history { copy.certifications = certificates[product.id] ?? [] }
                // Decisions are attached after the search chose the view: another area's product shows them without provenance.
                return scope.seesFully(province: product.provinceCode, commune: product.communeCode, subjectID: product.subjectID) ? copy : copy.published
            }
            try json(items, into: &out)
        case .csv:
            let registration = try await registrationNumbers(Array(Set(page.map(\.subjectID))), on: db)
            for p in page {
                let product = [
                    registration[p.subjectID] ?? "", p.subjectName, p.name, String(p.productSet), p.communeCode, p.legacyCommuneCode ?? "",
                    p.description ?? "", p.packaging ?? "", p.ingredients ?? "", p.rawMaterialOrigin ?? "", p.status,
                ]
                let decisions = certificates[p.id] ?? []
                for certificate in history ? decisions : decisions.suffix(1) {
                    csv.write(product + Exporter.decisionColumns(certificate))
                }
                if decisions.isEmpty { csv.write(product + Exporter.decisionColumns(nil)) }
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

    /// Every decision per product of the page, oldest first (the last is the current standing).
    private func decisions(_ ids: [Int64], on db: any SQLDatabase) async throws -> [Int64: [ProductRecord.Certificate]] {
        var out: [Int64: [ProductRecord.Certificate]] = [:]
        guard !ids.isEmpty else { return out }
        let today = Clock.today()
        for row in try await db.select().column("product_id").columns(ProductRecord.Certificate.columns)
            .from(RegistrySchema.certifications).where("product_id", .in, SQLBind.group(ids)).orderBy("decided_on").orderBy("id").all() {
            out[try row.decode(column: "product_id", as: Int64.self), default: []].append(try ProductRecord.Certificate(row: row, today: today))
        }
        return out
    }

}

extension Exporter {
    /// Everything (or one province), for operators: written part by part to `handle`, so memory
    /// does not follow the size of the export. Returns the number of bytes written.
    func exportAll(subjects: Bool, province: String?, format: Format, history: Bool = false, to handle: FileHandle) async throws -> Int {
        let operatorScope = Scope(principal: Principal(userID: 0, username: "operator", role: .nationalAdmin))
        let cursor: ExportCursor
        if subjects {
            var filter = SubjectStore.Filter()
            filter.province = province
            cursor = self.subjects(filter, scope: operatorScope, format: format)
        } else {
            var filter = ProductStore.Filter()
            filter.province = province
            cursor = products(filter, scope: operatorScope, format: format, history: history)
        }
        var written = 0
        while let part = try await cursor.next() {
            try handle.write(contentsOf: part)
            written += part.count
        }
        return written
    }
}
