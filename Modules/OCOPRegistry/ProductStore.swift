import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Reads and writes `registry_products`, keeping superseded versions in the history table.
struct ProductStore: Sendable {
    static let table = RegistrySchema.products

    struct Filter: Sendable, Hashable {
        var query: String?
        var province: String?
        var commune: String?
        var sector: Int?
        var group: String?
        var productSet: Int?
        var legalForm: String?
        var stars: [Int] = []
        var status: String?
        var subjectID: Int64?
        var limit = Paging.defaultLimit
        var offset = 0
        var descending = false
        /// Exports page through without needing the total.
        var countsTotal = true
        /// The page starts past this row (exports; the total, if counted, is still the whole).
        var after: OrderKey?
    }

    private static let source = SQLQueryString(
        "\(unsafeRaw: RegistrySchema.products) p JOIN \(unsafeRaw: RegistrySchema.subjects) s ON s.id = p.subject_id")
    private static let productsOnly = SQLQueryString("\(unsafeRaw: RegistrySchema.products) p")
    private static let selected = SQLRaw("p.*, s.name AS subject_name, s.legal_form AS subject_legal_form")

    func find(_ id: Int64, on db: any SQLDatabase) async throws -> ProductRecord? {
        guard var record = try await db.select().column(Self.selected).from(Self.source).where(SQLColumn("id", table: "p"), .equal, SQLBind(id))
            .first().map(Self.record) else { return nil }
        record.certificate = try await CertificationLedger().current(for: id, on: db)
        record.photos = try await PhotoStore.list(product: id, on: db)
        return record
    }

    /// The rows of `ids` with their folded names (a search page read by id).
    func find(ids: [Int64], on db: any SQLDatabase) async throws -> [Int64: (record: ProductRecord, folded: String)] {
        guard !ids.isEmpty else { return [:] }
        var found: [Int64: (record: ProductRecord, folded: String)] = [:]
        for row in try await db.select().column(Self.selected).from(Self.source).where(SQLColumn("id", table: "p"), .in, SQLBind.group(ids)).all() {
            let record = try Self.record(row)
            found[record.id] = (record, try row.decode(column: "name_folded", as: String.self))
        }
        return found
    }

    /// Whether a row read by id still matches the search (`search`'s conditions, before scoping):
    /// its folded name holds the folded search text, and the filters hold.
    static func admits(_ r: ProductRecord, folded name: String, containing text: String, filter: Filter) -> Bool {
        guard name.range(of: text, options: .literal) != nil else { return false }
        if let v = filter.province, r.provinceCode != v { return false }
        if let v = filter.commune, r.communeCode != v { return false }
        if let v = filter.sector, r.sector != v { return false }
        if let v = filter.group, r.productGroup != v { return false }
        if let v = filter.productSet, r.productSet != v { return false }
        if let v = filter.legalForm, r.legalForm != v { return false }
        if !filter.stars.isEmpty, !filter.stars.contains(where: { $0 == r.stars }) { return false }
        if let v = filter.status, r.status != v { return false }
        if let v = filter.subjectID, r.subjectID != v { return false }
        return true
    }

    func find(subject: Int64, nameKey: String, on db: any SQLDatabase) async throws -> ProductRecord? {
        try await db.select().column(Self.selected).from(Self.source)
            .where(SQLColumn("subject_id", table: "p"), .equal, SQLBind(subject)).where(SQLColumn("name_key", table: "p"), .equal, SQLBind(nameKey))
            .first().map(Self.record)
    }

    func search(_ filter: Filter, scope: Scope, on db: any SQLDatabase) async throws -> Page<ProductRecord> {
        try await searchPage(filter, scope: scope, on: db).page
    }

    /// A search's page and where its last row stands, for the page after it.
    func searchPage(_ filter: Filter, scope: Scope, on db: any SQLDatabase) async throws -> (page: Page<ProductRecord>, last: OrderKey?) {
        let query = filter.query.flatMap(Text.clean)
        // A text in many names (more than 1 in 20) finds its page fastest by walking the name
        // order; a rarer one by reading its matches from the index and sorting them.
        var walk = false
        if let query { walk = try await Search.isCommon(query, on: db) }
        func conditions(_ builder: SQLSelectBuilder, walking: Bool = false) -> SQLSelectBuilder {
            var b = builder
            if let query {
                b = b.where(walking ? Search.productsScanning(query) : Search.products(matching: query, on: db))
            }
            if let v = filter.province { b = b.where(SQLColumn("province_code", table: "p"), .equal, SQLBind(v)) }
            if let v = filter.commune { b = b.where(SQLColumn("commune_code", table: "p"), .equal, SQLBind(v)) }
            if let v = filter.sector { b = b.where(SQLColumn("sector", table: "p"), .equal, SQLBind(v)) }
            if let v = filter.group { b = b.where(SQLColumn("product_group", table: "p"), .equal, SQLBind(v)) }
            if let v = filter.productSet { b = b.where(SQLColumn("product_set", table: "p"), .equal, SQLBind(v)) }
            if let v = filter.legalForm { b = b.where(SQLColumn("legal_form", table: "s"), .equal, SQLBind(v)) }
            if !filter.stars.isEmpty { b = b.where(SQLColumn("current_stars", table: "p"), .in, SQLBind.group(filter.stars)) }
            if let v = filter.status { b = b.where(SQLColumn("status", table: "p"), .equal, SQLBind(v)) }
            if let v = filter.subjectID { b = b.where(SQLColumn("subject_id", table: "p"), .equal, SQLBind(v)) }
            return Search.restrictProducts(b, scope: scope)
        }
        let order = filter.descending ? SQLDirection.descending : .ascending
        var page = conditions(db.select().column(Self.selected).from(Self.source), walking: walk)
        if let after = filter.after { page = page.where(after.rowsPast(in: "p", descending: filter.descending)) }
        let rows = try await page
            .orderBy(SQLColumn("name_collation", table: "p"), order).orderBy(SQLColumn("id", table: "p"), order)
            .limit(filter.limit).offset(filter.offset).all()
        // The total needs the subject only to filter by its legal form; without the join it is
        // counted from an index alone (ListIndexes).
        let counted = filter.legalForm == nil ? Self.productsOnly : Self.source
        let total = !filter.countsTotal ? -1 : try await conditions(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(counted))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let items = try rows.map { row -> ProductRecord in
            let record = try Self.record(row)
            return scope.seesFully(province: record.provinceCode, commune: record.communeCode, subjectID: record.subjectID) ? record : record.published
        }
        return (Page(items: items, total: total, limit: filter.limit, offset: filter.offset), try rows.last.map(OrderKey.init(row:)))
    }

    func insert(_ product: ValidProduct, now: String, on db: any SQLDatabase) async throws -> Int64 {
        let row = try await db.insert(into: Self.table).columns(Self.columns)
            .values(Self.values(product, version: 1, created: now, updated: now).map(\.bind)).returning("id").first()
        guard let id = try row?.decode(column: "id", as: Int64.self) else { throw RegistryError.notStored }
        return id
    }

    func update(_ existing: ProductRecord, to product: ValidProduct, by actor: String?, now: String, on db: any SQLDatabase) async throws {
        try await archive(existing, by: actor, now: now, on: db)
        var update = db.update(Self.table)
        let values = Self.values(product, version: (existing.version ?? 1) + 1, created: existing.createdAt ?? now, updated: now)
        for (column, value) in zip(Self.columns, values) where column != "created_at" {
            update = update.set(SQLIdentifier(column), to: value.bind)
        }
        try await update.where("id", .equal, existing.id).run()
    }

    func history(of id: Int64, on db: any SQLDatabase) async throws -> [HistoryEntry<ProductRecord>] {
        try await HistoryEntry.read(from: RegistrySchema.productHistory, key: "product_id", id: id, on: db)
    }

    func archive(_ existing: ProductRecord, by actor: String?, now: String, on db: any SQLDatabase) async throws {
        var snapshot = existing
        snapshot.certificate = nil
        try await db.insert(into: RegistrySchema.productHistory)
            .columns("product_id", "version", "changed_at", "changed_by", "snapshot")
            .values(SQLBind(existing.id), SQLBind(existing.version ?? 1), SQLBind(now), SQLBind(actor), SQLBind(JSON.string(snapshot)))
            .run()
    }

    static let columns = [
        "subject_id", "province_code", "commune_code", "legacy_commune_code", "name", "name_folded", "name_collation", "name_key",
        "product_set", "product_group", "sector", "description", "packaging", "ingredients", "raw_material_origin", "status",
        "version", "created_at", "updated_at",
    ]

    static func values(_ p: ValidProduct, version: Int, created: String, updated: String) -> [BulkValue] {
        [
            .integer(p.subjectID), .text(p.provinceCode), .text(p.communeCode), BulkValue(p.legacyCommuneCode), .text(p.name),
            .text(p.nameFolded), .text(p.nameCollation), .text(p.nameKey), BulkValue(p.productSet.rawValue), .text(p.productSet.group.rawValue),
            BulkValue(p.productSet.sector.rawValue), BulkValue(p.description), BulkValue(p.packaging), BulkValue(p.ingredients),
            BulkValue(p.rawMaterialOrigin), .text(p.status.rawValue), BulkValue(version), .text(created), .text(updated),
        ]
    }

    static func record(_ row: any SQLRow) throws -> ProductRecord {
        let setCode = try row.decode(column: "product_set", as: Int.self)
        let set = ProductSet(code: setCode)
        let commune = try row.decode(column: "commune_code", as: String.self)
        return ProductRecord(
            id: try row.decode(column: "id", as: Int64.self),
            subjectID: try row.decode(column: "subject_id", as: Int64.self),
            subjectName: try row.decode(column: "subject_name", as: String.self),
            legalForm: try row.decode(column: "subject_legal_form", as: String.self),
            provinceCode: try row.decode(column: "province_code", as: String.self),
            communeCode: commune,
            communeName: Places.communeName(commune),
            legacyCommuneCode: try row.decode(column: "legacy_commune_code", as: String?.self),
            name: try row.decode(column: "name", as: String.self),
            productSet: setCode,
            productSetName: set?.vietnameseName ?? "",
            productGroup: try row.decode(column: "product_group", as: String.self),
            sector: try row.decode(column: "sector", as: Int.self),
            sectorName: set?.sector.vietnameseName ?? "",
            description: try row.decode(column: "description", as: String?.self),
            packaging: try row.decode(column: "packaging", as: String?.self),
            ingredients: try row.decode(column: "ingredients", as: String?.self),
            rawMaterialOrigin: try row.decode(column: "raw_material_origin", as: String?.self),
            status: try row.decode(column: "status", as: String.self),
            stars: try row.decode(column: "current_stars", as: Int?.self),
            certificate: nil,
            photos: nil,
            version: try row.decode(column: "version", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: String.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self))
    }
}
