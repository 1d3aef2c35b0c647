import Foundation
import OCOPPluginKit
import SQLKit

/// A stored dossier.
struct DossierRow: Sendable {
    var id: Int64
    var productID: Int64
    var subjectID: Int64
    var provinceCode: String
    var communeCode: String
    var productName: String
    var subjectName: String
    var kind: String
    var state: DossierState
    var process: String
    var act: String
    var criteriaSet: String
    var stage: String
    var roundID: Int64?
    var submittedOn: String?
    var facts: FrozenFacts?
    var selfAssessment: [String: Int]?
    var preAssessment: PreAssessment?
    var createdAt: String
    var updatedAt: String

    init(row: any SQLRow) throws {
        let decoder = JSONDecoder()
        func json<T: Decodable>(_ column: String, _ type: T.Type) throws -> T? {
            try row.decode(column: column, as: String?.self).flatMap { try? decoder.decode(T.self, from: Data($0.utf8)) }
        }
        id = try row.decode(column: "id", as: Int64.self)
        productID = try row.decode(column: "product_id", as: Int64.self)
        subjectID = try row.decode(column: "subject_id", as: Int64.self)
        provinceCode = try row.decode(column: "province_code", as: String.self)
        communeCode = try row.decode(column: "commune_code", as: String.self)
        productName = try row.decode(column: "product_name", as: String.self)
        subjectName = try row.decode(column: "subject_name", as: String.self)
        kind = try row.decode(column: "kind", as: String.self)
        state = DossierState(rawValue: try row.decode(column: "state", as: String.self)) ?? .cancelled
        process = try row.decode(column: "process", as: String.self)
        act = try row.decode(column: "act", as: String.self)
        criteriaSet = try row.decode(column: "criteria_set", as: String.self)
        stage = try row.decode(column: "stage", as: String.self)
        roundID = try row.decode(column: "round_id", as: Int64?.self)
        submittedOn = try row.decode(column: "submitted_on", as: String?.self)
        facts = try json("facts", FrozenFacts.self)
        selfAssessment = try json("self_assessment", [String: Int].self)
        preAssessment = try json("pre_assessment", PreAssessment.self)
        createdAt = try row.decode(column: "created_at", as: String.self)
        updatedAt = try row.decode(column: "updated_at", as: String.self)
    }

    /// The dossier; on PostgreSQL with `lockFor`, its row locked for the transaction (SQLite's
    /// writer lock already serialises writers).
    static func find(_ id: Int64, on db: any SQLDatabase, lockFor engine: DatabaseEngine? = nil) async throws -> DossierRow? {
        let lock = engine == .postgresql ? " FOR UPDATE" : ""
        guard let row = try await db.raw("SELECT * FROM \(unsafeRaw: RatingSchema.dossiers) WHERE id = \(bind: id)\(unsafeRaw: lock)").first() else {
            return nil
        }
        return try DossierRow(row: row)
    }
}
