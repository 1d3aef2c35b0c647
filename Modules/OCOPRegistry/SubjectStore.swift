import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Reads and writes `registry_subjects`, keeping every superseded version in the history table.
struct SubjectStore: Sendable {
    static let table = RegistrySchema.subjects

    struct Filter: Sendable {
        var query: String?
        var province: String?
        var commune: String?
        var legalForm: String?
        var salesChannel: String?
        var limit = Paging.defaultLimit
        var offset = 0
        var descending = false
        /// Exports page through without needing the total.
        var countsTotal = true
        /// The page starts past this row (exports; the total, if counted, is still the whole).
        var after: OrderKey?
    }

    // MARK: reading

    func find(_ id: Int64, on db: any SQLDatabase) async throws -> SubjectRecord? {
        try await db.select().columns("*").from(Self.table).where("id", .equal, id).first().map(Self.record)
    }

    /// The rows of `ids` with their folded names (a search page read by id).
    func find(ids: [Int64], on db: any SQLDatabase) async throws -> [Int64: (record: SubjectRecord, folded: String)] {
        guard !ids.isEmpty else { return [:] }
        var found: [Int64: (record: SubjectRecord, folded: String)] = [:]
        for row in try await db.select().columns("*").from(Self.table).where(SQLColumn("id"), .in, SQLBind.group(ids)).all() {
            let record = try Self.record(row)
            found[record.id] = (record, try row.decode(column: "name_folded", as: String.self))
        }
        return found
    }

    /// Whether a row read by id still matches the search (`search`'s conditions, before scoping).
    static func admits(_ r: SubjectRecord, folded name: String, containing text: String, registration: String, filter: Filter) -> Bool {
        guard name.range(of: text, options: .literal) != nil || r.registrationNumber == registration else { return false }
        if let v = filter.province, r.provinceCode != v { return false }
        if let v = filter.commune, r.communeCode != v { return false }
        if let v = filter.legalForm, r.legalForm != v { return false }
        if let v = filter.salesChannel, !r.salesChannels.contains(v) { return false }
        return true
    }

    func find(registration: String, province: String, on db: any SQLDatabase) async throws -> SubjectRecord? {
        try await db.select().columns("*").from(Self.table)
            .where("province_code", .equal, province).where("registration_number", .equal, registration)
            .first().map(Self.record)
    }

    /// The subject of another province holding `registration`, if any: a tax code (or a branch's,
    /// or a household's personal number) identifies one legal person nationally.
    func holder(of registration: String, outside province: String, on db: any SQLDatabase) async throws -> SubjectRecord? {
        try await db.select().columns("*").from(Self.table)
            .where("registration_number", .equal, registration).where("province_code", .notEqual, province)
            .orderBy("id").limit(1).first().map(Self.record)
    }

    /// The refusal for registering `registration` in `province` while `holder` has it: which
    /// province holds it, and how a production site there is registered instead.
    static func heldElsewhere(_ registration: String, by holder: SubjectRecord, registeringIn province: String) -> DomainError {
        let units = try? AdminUnits.shared
        let holderProvince = ProvinceCode(holder.provinceCode).flatMap { units?.province($0) }?.name ?? holder.provinceCode
        let hint: String
        switch TaxIdentifier.parse(registration) {
        case .success(let parsed) where parsed.identifier == .taxCode(registration):
            hint = "To register a branch or production site in province \(province), use the branch's 13-digit code (\(registration)-001 …) "
                + "as the tax office issued it; to change the subject, ask \(holderProvince)'s OCOP officers."
        default:
            hint = "One legal person is registered once; ask \(holderProvince)'s OCOP officers to check the subject."
        }
        return DomainError.conflict("Tax code \(registration) is already registered in \(holderProvince) (\(holder.provinceCode)) as subject \(holder.id), '\(holder.name)'. \(hint)",
                                    path: "/registration_number")
    }

    func search(_ filter: Filter, scope: Scope, on db: any SQLDatabase) async throws -> Page<SubjectRecord> {
        try await searchPage(filter, scope: scope, on: db).page
    }

    /// A search's page and where its last row stands, for the page after it.
    func searchPage(_ filter: Filter, scope: Scope, on db: any SQLDatabase) async throws -> (page: Page<SubjectRecord>, last: OrderKey?) {
        func conditions(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            var b = builder
            if let q = filter.query.flatMap(Text.clean) { b = b.where(Search.subjects(matching: q, on: db)) }
            if let v = filter.province { b = b.where(SQLColumn("province_code", table: "s"), .equal, SQLBind(v)) }
            if let v = filter.commune { b = b.where(SQLColumn("commune_code", table: "s"), .equal, SQLBind(v)) }
            if let v = filter.legalForm { b = b.where(SQLColumn("legal_form", table: "s"), .equal, SQLBind(v)) }
            if let v = filter.salesChannel {
                b = b.where(SQLQueryString("(',' || s.sales_channels || ',') LIKE \(bind: "%," + Search.escapeLike(v) + ",%") ESCAPE '!'"))
            }
            return Search.restrictSubjects(b, scope: scope)
        }
        let order = filter.descending ? SQLDirection.descending : .ascending
        var page = conditions(db.select().column(SQLLiteral.all).from(SQLAlias(SQLIdentifier(Self.table), as: SQLIdentifier("s"))))
        if let after = filter.after { page = page.where(after.rowsPast(in: "s", descending: filter.descending)) }
        let rows = try await page
            .orderBy(SQLColumn("name_collation", table: "s"), order).orderBy(SQLColumn("id", table: "s"), order)
            .limit(filter.limit).offset(filter.offset).all()
        let total = !filter.countsTotal ? -1 : try await conditions(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(Self.table), as: SQLIdentifier("s")))).first()?.decode(column: "n", as: Int.self) ?? 0
        let items = try rows.map { row -> SubjectRecord in
            let record = try Self.record(row)
            return scope.seesFully(province: record.provinceCode, commune: record.communeCode, subjectID: record.id) ? record : record.published
        }
        return (Page(items: items, total: total, limit: filter.limit, offset: filter.offset), try rows.last.map(OrderKey.init(row:)))
    }

    func history(of id: Int64, on db: any SQLDatabase) async throws -> [HistoryEntry<SubjectRecord>] {
        try await HistoryEntry.read(from: RegistrySchema.subjectHistory, key: "subject_id", id: id, on: db)
    }

    // MARK: writing

    func insert(_ subject: ValidSubject, now: String, on db: any SQLDatabase) async throws -> Int64 {
        let row = try await db.insert(into: Self.table).columns(Self.columns)
            .values(Self.values(subject, version: 1, created: now, updated: now).map(\.bind))
            .returning("id").first()
        guard let id = try row?.decode(column: "id", as: Int64.self) else { throw RegistryError.notStored }
        return id
    }

    /// Replaces the subject's fields, archiving the previous version first.
    func update(_ existing: SubjectRecord, to subject: ValidSubject, by actor: String?, now: String, on db: any SQLDatabase) async throws {
        let version = (existing.version ?? 1) + 1
        try await archive(existing, by: actor, now: now, on: db)
        var update = db.update(Self.table)
        let values = Self.values(subject, version: version, created: existing.createdAt ?? now, updated: now)
        for (column, value) in zip(Self.columns, values) where column != "created_at" {
            update = update.set(SQLIdentifier(column), to: value.bind)
        }
        try await update.where("id", .equal, existing.id).run()
    }

    func archive(_ existing: SubjectRecord, by actor: String?, now: String, on db: any SQLDatabase) async throws {
        try await db.insert(into: RegistrySchema.subjectHistory)
            .columns("subject_id", "version", "changed_at", "changed_by", "snapshot")
            .values(SQLBind(existing.id), SQLBind(existing.version ?? 1), SQLBind(now), SQLBind(actor), SQLBind(JSON.string(existing)))
            .run()
    }

    static let columns = [
        "province_code", "commune_code", "legacy_commune_code", "legal_form", "registration_number", "name", "name_folded",
        "name_collation", "address", "representative", "representative_is_woman", "representative_is_ethnic_minority",
        "phone", "email", "website", "founded_year", "employees", "local_labour_percent", "value_chain", "sales_channels",
        "version", "created_at", "updated_at",
    ]

    static func values(_ s: ValidSubject, version: Int, created: String, updated: String) -> [BulkValue] {
        [
            .text(s.provinceCode), .text(s.communeCode), BulkValue(s.legacyCommuneCode), .text(s.legalForm.rawValue),
            .text(s.registrationNumber), .text(s.name), .text(s.nameFolded), .text(s.nameCollation), BulkValue(s.address),
            BulkValue(s.representative), BulkValue(s.representativeIsWoman), BulkValue(s.representativeIsEthnicMinority),
            BulkValue(s.phone), BulkValue(s.email), BulkValue(s.website), BulkValue(s.foundedYear), BulkValue(s.employees),
            BulkValue(s.localLabourPercent), BulkValue(s.valueChain), .text(s.salesChannels.map(\.rawValue).joined(separator: ",")),
            BulkValue(version), .text(created), .text(updated),
        ]
    }

    static func record(_ row: any SQLRow) throws -> SubjectRecord {
        let form = try row.decode(column: "legal_form", as: String.self)
        let commune = try row.decode(column: "commune_code", as: String.self)
        let channels = try row.decode(column: "sales_channels", as: String.self)
        return SubjectRecord(
            id: try row.decode(column: "id", as: Int64.self),
            registrationNumber: try row.decode(column: "registration_number", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            legalForm: form,
            legalFormName: LegalForm(rawValue: form)?.vietnameseName ?? form,
            provinceCode: try row.decode(column: "province_code", as: String.self),
            communeCode: commune,
            communeName: Places.communeName(commune),
            legacyCommuneCode: try row.decode(column: "legacy_commune_code", as: String?.self),
            address: try row.decode(column: "address", as: String?.self),
            phone: try row.decode(column: "phone", as: String?.self),
            email: try row.decode(column: "email", as: String?.self),
            website: try row.decode(column: "website", as: String?.self),
            salesChannels: channels.isEmpty ? [] : channels.split(separator: ",").map(String.init),
            representative: try row.decode(column: "representative", as: String?.self),
            representativeIsWoman: try row.decode(column: "representative_is_woman", as: Int?.self).map { $0 != 0 },
            representativeIsEthnicMinority: try row.decode(column: "representative_is_ethnic_minority", as: Int?.self).map { $0 != 0 },
            foundedYear: try row.decode(column: "founded_year", as: Int?.self),
            employees: try row.decode(column: "employees", as: Int?.self),
            localLabourPercent: try row.decode(column: "local_labour_percent", as: Int?.self),
            valueChain: try row.decode(column: "value_chain", as: String?.self),
            version: try row.decode(column: "version", as: Int.self),
            createdAt: try row.decode(column: "created_at", as: String.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self))
    }
}

/// A superseded version of a subject or product, as archived when it changed.
struct HistoryEntry<Record: Codable & Sendable>: Codable, Sendable {
    var version: Int
    var changedAt: String
    var changedBy: String?
    var snapshot: Record?
    enum CodingKeys: String, CodingKey {
        case version, snapshot
        case changedAt = "changed_at"
        case changedBy = "changed_by"
    }
}

enum RegistryError: Error {
    case notStored
}

/// Commune names for display, from the bundled administrative units.
enum Places {
    static func communeName(_ code: String) -> String? {
        guard let code = CommuneCode(code) else { return nil }
        return (try? AdminUnits.shared)?.commune(code)?.name
    }
}

extension HistoryEntry {
    /// Every archived version of record `id` in `table`, newest first.
    static func read(from table: String, key: String, id: Int64, on db: any SQLDatabase) async throws -> [HistoryEntry] {
        try await db.select().columns("version", "changed_at", "changed_by", "snapshot").from(table)
            .where(SQLIdentifier(key), .equal, SQLBind(id)).orderBy("version", .descending).all()
            .map { row in
                HistoryEntry(
                    version: try row.decode(column: "version", as: Int.self),
                    changedAt: try row.decode(column: "changed_at", as: String.self),
                    changedBy: try row.decode(column: "changed_by", as: String?.self),
                    snapshot: try? JSONDecoder().decode(Record.self, from: Data(try row.decode(column: "snapshot", as: String.self).utf8)))
            }
    }
}
