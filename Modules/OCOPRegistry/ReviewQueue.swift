import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// A spreadsheet row the importer could not place without a guess — a pre-2025 commune divided
/// in 2025 whose address does not say which successor it is now in, or a product set named in
/// words that fit several sets (or none exactly). The row is kept; a province officer picks among
/// the candidates, and the record is then registered as any other.
struct ReviewItem: Codable, Sendable, Equatable {
    enum State: String, Codable, Sendable { case open, resolved }
    struct Candidate: Codable, Sendable, Equatable {
        var code: String
        var name: String
    }

    var id: Int64
    var provinceCode: String
    /// `subjects` or `products`: what `record` is.
    var sheet: String
    var line: Int
    /// What the candidates are for: `commune_code` or `product_set`.
    var field: String
    var reason: String
    var candidates: [Candidate]
    /// The row as read (the import's draft, JSON), to register once the commune is chosen.
    var record: String
    var state: State
    var createdAt: String
    var resolvedBy: String?
    var resolvedAt: String?
    /// The subject or product registered from it.
    var recordID: Int64?

    enum CodingKeys: String, CodingKey {
        case id, sheet, line, field, reason, candidates, record, state
        case provinceCode = "province_code", createdAt = "created_at", resolvedBy = "resolved_by", resolvedAt = "resolved_at"
        case recordID = "record_id"
    }
}

/// A product row waiting for review, with the decision it carried.
struct QueuedProduct: Codable, Sendable {
    var draft: ProductDraft
    var stars: Int?
    var certificateNumber: String?
    var certifiedOn: String?
    var decision: String?
    var decisionNumber: String?
    var issuingLevel: String?
    var legalAct: String?
    var ground: String?
    var datePrecision: String?

    enum CodingKeys: String, CodingKey {
        case draft, stars, decision, ground
        case certificateNumber = "certificate_number", certifiedOn = "certified_on", decisionNumber = "decision_number"
        case issuingLevel = "issuing_level", legalAct = "legal_act", datePrecision = "date_precision"
    }
}

/// `registry_review_queue`.
struct ReviewQueueStore: Sendable {
    static let table = "registry_review_queue"

    static let migration = Migration("0007_review_queue") { db, _ in
        try await db.create(table: table)
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("province_code", type: .text, .notNull)
            .column("sheet", type: .text, .notNull)
            .column("line", type: .int, .notNull)
            .column("reason", type: .text, .notNull)
            .column("candidates", type: .text, .notNull)
            .column("record", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("resolved_by", type: .text)
            .column("resolved_at", type: .text)
            .column("record_id", type: .bigint)
            .run()
        try await db.create(index: "registry_review_queue_open").on(table).column("province_code").column("state").run()
    }

    static func candidates(_ codes: [String], field: String) -> [ReviewItem.Candidate] {
        if field == "product_set" {
            return codes.map { ReviewItem.Candidate(code: $0, name: Int($0).flatMap(ProductSet.init(code:))?.vietnameseName ?? $0) }
        }
        let units = try? AdminUnits.shared
        return codes.map { code in
            ReviewItem.Candidate(code: code, name: CommuneCode(code).flatMap { units?.commune($0) }?.name ?? code)
        }
    }

    func insert(province: String, sheet: String, line: Int, field: String = "commune_code", reason: String, candidates: [String],
                record: String, on db: any SQLDatabase) async throws {
        // The same row imported again waits once.
        let waiting = try await db.select().column("id").from(Self.table).where("province_code", .equal, province)
            .where("sheet", .equal, sheet).where("state", .equal, ReviewItem.State.open.rawValue).where("record", .equal, record).first()
        guard waiting == nil else { return }
        try await db.insert(into: Self.table)
            .columns("province_code", "sheet", "line", "field", "reason", "candidates", "record", "state", "created_at")
            .values(SQLBind(province), SQLBind(sheet), SQLBind(line), SQLBind(field), SQLBind(reason),
                    SQLBind(JSON.string(Self.candidates(candidates, field: field))),
                    SQLBind(record), SQLBind(ReviewItem.State.open.rawValue), SQLBind(Clock.now()))
            .run()
    }

    func list(province: String?, state: ReviewItem.State, limit: Int, offset: Int, on db: any SQLDatabase) async throws -> Page<ReviewItem> {
        func filtered(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            var builder = builder.where("state", .equal, state.rawValue)
            if let province { builder = builder.where("province_code", .equal, province) }
            return builder
        }
        let rows = try await filtered(db.select().columns("*").from(Self.table)).orderBy("id").limit(limit).offset(offset).all()
        let total = try await filtered(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(Self.table))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        return Page(items: try rows.map(Self.item), total: total, limit: limit, offset: offset)
    }

    func find(_ id: Int64, on db: any SQLDatabase) async throws -> ReviewItem? {
        try await db.select().columns("*").from(Self.table).where("id", .equal, id).first().map(Self.item)
    }

    func resolve(_ id: Int64, record: Int64, by actor: String?, on db: any SQLDatabase) async throws {
        try await db.update(Self.table).set("state", to: SQLBind(ReviewItem.State.resolved.rawValue)).set("record_id", to: SQLBind(record))
            .set("resolved_by", to: SQLBind(actor)).set("resolved_at", to: SQLBind(Clock.now())).where("id", .equal, id).run()
    }

    private static func item(_ row: any SQLRow) throws -> ReviewItem {
        ReviewItem(
            id: try row.decode(column: "id", as: Int64.self), provinceCode: try row.decode(column: "province_code", as: String.self),
            sheet: try row.decode(column: "sheet", as: String.self), line: try row.decode(column: "line", as: Int.self),
            field: try row.decode(column: "field", as: String.self),
            reason: try row.decode(column: "reason", as: String.self),
            candidates: (try? JSONDecoder().decode([ReviewItem.Candidate].self, from: Data(try row.decode(column: "candidates", as: String.self).utf8))) ?? [],
            record: try row.decode(column: "record", as: String.self),
            state: ReviewItem.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .open,
            createdAt: try row.decode(column: "created_at", as: String.self), resolvedBy: try row.decode(column: "resolved_by", as: String?.self),
            resolvedAt: try row.decode(column: "resolved_at", as: String?.self), recordID: try row.decode(column: "record_id", as: Int64?.self))
    }
}

extension RegistryService {
    /// An officer of the item's province picks its commune (or product set) among the candidates;
    /// the record is registered as through the API (validation, audit, events), and the item
    /// closed, together.
    func resolve(review id: Int64, choice: String, scope: Scope, context: PluginContext) async throws -> ReviewItem {
        let store = ReviewQueueStore()
        return try await context.database.transaction { db in
            guard let item = try await store.find(id, on: db),
                  scope.seesFully(province: item.provinceCode, commune: "", subjectID: -1) || scope.principal?.role == .nationalAdmin else {
                throw DomainError.notFound("No review item \(id).")
            }
            let choosesCommune = item.field == "commune_code"
            guard scope.mayWrite(province: item.provinceCode, commune: choosesCommune ? choice : "", subjectID: nil),
                  scope.principal?.role != .producer else {
                throw DomainError.forbidden("Only officers of province \(item.provinceCode) resolve its review queue.")
            }
            guard item.state == .open else { throw DomainError.conflict("Review item \(id) is already resolved (record \(item.recordID ?? 0)).") }
            // No candidates: the row named nothing known; any commune of the province (or any set) may be chosen.
            let open = item.candidates.isEmpty
            if open, choosesCommune, CommuneCode(choice).flatMap({ try? AdminUnits.shared.commune($0) })?.provinceCode.rawValue != item.provinceCode {
                throw DomainError.invalid([.init(path: "/commune_code", message: "'\(choice)' is not a current commune of province \(item.provinceCode)")])
            }
            if open, !choosesCommune, Int(choice).flatMap(ProductSet.init(code:)) == nil {
                throw DomainError.invalid([.init(path: "/product_set", message: "'\(choice)' is not a product set (1–26)")])
            }
            guard open || item.candidates.contains(where: { $0.code == choice }) else {
                let list = item.candidates.map { "\($0.name) (\($0.code))" }.joined(separator: ", ")
                throw DomainError.invalid([.init(path: "/" + item.field, message: "'\(choice)' is not one of the candidates: \(list)")])
            }
            let recordID: Int64
            if item.sheet == "subjects" {
                var draft = try JSONDecoder().decode(SubjectDraft.self, from: Data(item.record.utf8))
                draft.communeCode = choice
                recordID = try await createSubject(draft, scope: scope, context: context).id
            } else {
                let queued = try JSONDecoder().decode(QueuedProduct.self, from: Data(item.record.utf8))
                var draft = queued.draft
                if choosesCommune { draft.communeCode = choice } else { draft.productSet = choice }
                let product = try await createProduct(draft, scope: scope, context: context)
                recordID = product.id
                if let stars = queued.stars, let on = queued.certifiedOn {
                    let date = DecisionDate(day: on, precision: queued.datePrecision == "year" ? .year : .day)
                    try await CertificationLedger().record(CertificationRecord(
                        productID: product.id, stars: stars, certificateNumber: queued.certificateNumber, decidedOn: on,
                        validUntil: date.validUntil, source: "import", decision: queued.decision ?? DecisionKind.recognised.rawValue,
                        decisionNumber: queued.decisionNumber, issuingLevel: queued.issuingLevel, legalAct: queued.legalAct,
                        ground: queued.ground, datePrecision: date.precision.rawValue, recordedBy: scope.principal?.username),
                        outbox: context.outbox, on: db)
                }
            }
            try await store.resolve(id, record: recordID, by: scope.principal?.username, on: db)
            guard let resolved = try await store.find(id, on: db) else { throw DomainError.notFound("No review item \(id).") }
            return resolved
        }
    }
}
