import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// The append-only record of certification decisions, and the product's current stars
/// derived from it: the one writer of both. Rating, imports and the expiry job all come
/// through here, and every decision and expiry is published as a domain event in the same
/// transaction.
struct CertificationLedger: CertificationRecorder {
    static let columns = [
        "product_id", "stars", "certificate_number", "decided_on", "valid_until", "source", "recorded_at", "decision_number",
        "issuing_level", "legal_act", "decision", "ground", "date_precision", "recorded_by", "import_run",
    ]

    /// A decision's row in `columns` order; the act and level are derived from the date and stars
    /// unless given.
    static func values(_ c: CertificationRecord, recordedAt: String, importRun: Int64?) -> [BulkValue] {
        let act = c.legalAct ?? LegalAct.inForce(on: c.decidedOn)?.rawValue ?? LegalAct.decision490.rawValue
        let level = c.issuingLevel ?? IssuingLevel.recognising(stars: c.stars, under: LegalAct(rawValue: act) ?? .decision148).rawValue
        return [.integer(c.productID), BulkValue(c.stars), BulkValue(c.certificateNumber), .text(c.decidedOn), .text(c.validUntil),
                .text(c.source), .text(recordedAt), BulkValue(c.decisionNumber), .text(level), .text(act), .text(c.decision),
                BulkValue(c.ground), .text(c.datePrecision), BulkValue(c.recordedBy), BulkValue(importRun)]
    }

    @discardableResult
    func record(_ c: CertificationRecord, outbox: Outbox, on db: any SQLDatabase) async throws -> Int64 {
        let values = Self.values(c, recordedAt: Clock.now(), importRun: nil).map { value -> any SQLExpression in
            switch value {
            case .null: SQLLiteral.null
            case .text(let text): SQLBind(text)
            case .integer(let number): SQLBind(number)
            }
        }
        guard let row = try await db.insert(into: RegistrySchema.certifications).columns(Self.columns).values(values)
            .returning("id").first() else { throw DomainError.notFound("The certification of product \(c.productID) was not stored.") }
        let id = try row.decode(column: "id", as: Int64.self)
        try await refresh(product: c.productID, on: db)
        try await outbox.publish(try await Self.recorded(where: SQLBinaryExpression(SQLColumn("id", table: "c"), .equal, SQLBind(id)), on: db), on: db)
        return id
    }

    /// Records many decisions of one import run at once (rows in `columns` order, all with
    /// `recordedAt`), then publishes an event for each.
    func recordImported(_ rows: [[BulkValue]], recordedAt: String, store: any SQLStore, outbox: Outbox,
                        on db: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        try await store.bulkInsert(into: RegistrySchema.certifications, columns: Self.columns, rows: rows, on: db)
        let products: [Int64] = rows.compactMap { if case .integer(let id) = $0.first { id } else { nil } }
        let events = try await Self.recorded(where: SQLBinaryExpression(
            SQLBinaryExpression(SQLColumn("recorded_at", table: "c"), .equal, SQLBind(recordedAt)), .and,
            SQLBinaryExpression(SQLColumn("product_id", table: "c"), .in, SQLBind.group(products))), on: db)
        try await outbox.publish(events, on: db)
    }

    /// Sets `current_stars` from the latest decision: its stars while it is valid, none once it
    /// expired or when it revoked or withdrew the recognition.
    func refresh(product id: Int64, on db: any SQLDatabase) async throws {
        let current = try await self.current(for: id, on: db)
        let valid = current.flatMap { $0.standing.holdsStars ? $0.stars : nil }
        try await db.update(RegistrySchema.products).set("current_stars", to: SQLBind(valid)).where("id", .equal, id).run()
    }

    func current(for id: Int64, on db: any SQLDatabase) async throws -> ProductRecord.Certificate? {
        guard let row = try await db.select().columns(ProductRecord.Certificate.columns)
            .from(RegistrySchema.certifications).where("product_id", .equal, id)
            .orderBy("decided_on", .descending).orderBy("id", .descending).limit(1).first() else { return nil }
        return try ProductRecord.Certificate(row: row, today: Clock.today())
    }

    private static func recorded(where condition: any SQLExpression, on db: any SQLDatabase) async throws -> [CertificationRecorded] {
        let rows = try await db.select()
            .column(SQLColumn("id", table: "c")).column(SQLColumn("product_id", table: "c")).column(SQLColumn("stars", table: "c"))
            .column(SQLColumn("certificate_number", table: "c")).column(SQLColumn("decided_on", table: "c"))
            .column(SQLColumn("valid_until", table: "c")).column(SQLColumn("source", table: "c"))
            .column(SQLColumn("decision", table: "c")).column(SQLColumn("decision_number", table: "c"))
            .column(SQLColumn("issuing_level", table: "c")).column(SQLColumn("legal_act", table: "c"))
            .column(SQLColumn("subject_id", table: "p")).column(SQLColumn("province_code", table: "p")).column(SQLColumn("commune_code", table: "p"))
            .from(SQLAlias(SQLIdentifier(RegistrySchema.certifications), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier(RegistrySchema.products), as: SQLIdentifier("p")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "p"), .equal, SQLColumn("product_id", table: "c"))
            .where(condition).orderBy(SQLColumn("id", table: "c")).all()
        return try rows.map { row in
            CertificationRecorded(
                certificationID: try row.decode(column: "id", as: Int64.self), productID: try row.decode(column: "product_id", as: Int64.self),
                subjectID: try row.decode(column: "subject_id", as: Int64.self), provinceCode: try row.decode(column: "province_code", as: String.self),
                communeCode: try row.decode(column: "commune_code", as: String.self), stars: try row.decode(column: "stars", as: Int.self),
                certificateNumber: try row.decode(column: "certificate_number", as: String?.self),
                decidedOn: try row.decode(column: "decided_on", as: String.self), validUntil: try row.decode(column: "valid_until", as: String.self),
                source: try row.decode(column: "source", as: String.self), decision: try row.decode(column: "decision", as: String.self),
                decisionNumber: try row.decode(column: "decision_number", as: String?.self),
                issuingLevel: try row.decode(column: "issuing_level", as: String?.self),
                legalAct: try row.decode(column: "legal_act", as: String?.self))
        }
    }
}
