import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// A producer's change to the facts criterion A.3 scores — legal form, tax code, a woman or an
/// ethnic-minority representative — waiting for an officer of the subject's area. Producers
/// cannot change scored facts alone; the rest of their edit applies at once.
struct ChangeRequest: Codable, Sendable, Equatable {
    enum State: String, Codable, Sendable { case pending, approved, rejected }

    var id: Int64
    var subjectID: Int64
    /// Only the scored fields asked for, with their new values.
    var changes: SubjectDraft
    var state: State
    var requestedBy: String?
    var requestedAt: String
    var decidedBy: String?
    var decidedAt: String?
    var reason: String?

    enum CodingKeys: String, CodingKey {
        case id, changes, state, reason
        case subjectID = "subject_id"
        case requestedBy = "requested_by", requestedAt = "requested_at"
        case decidedBy = "decided_by", decidedAt = "decided_at"
    }

    /// The fields that feed criterion A.3.
    static func scored(_ patch: SubjectDraft) -> SubjectDraft {
        SubjectDraft(registrationNumber: patch.registrationNumber, legalForm: patch.legalForm,
                     representativeIsWoman: patch.representativeIsWoman, representativeIsEthnicMinority: patch.representativeIsEthnicMinority)
    }

    /// `patch` without the scored fields.
    static func unscored(_ patch: SubjectDraft) -> SubjectDraft {
        var rest = patch
        rest.registrationNumber = nil
        rest.legalForm = nil
        rest.representativeIsWoman = nil
        rest.representativeIsEthnicMinority = nil
        return rest
    }

    /// Whether applying `patch` to `current` would change a scored fact.
    static func changesScoredFacts(_ proposed: ValidSubject, of current: ValidSubject) -> Bool {
        proposed.registrationNumber != current.registrationNumber || proposed.legalForm != current.legalForm
            || proposed.representativeIsWoman != current.representativeIsWoman
            || proposed.representativeIsEthnicMinority != current.representativeIsEthnicMinority
    }
}

/// `registry_change_requests`.
struct ChangeRequestStore: Sendable {
    static let table = "registry_change_requests"

    static let migration = Migration("0006_change_requests") { db, _ in
        try await db.create(table: table)
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("subject_id", type: .bigint, .notNull, .references(RegistrySchema.subjects, "id", onDelete: .cascade))
            .column("changes", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .column("requested_by", type: .text)
            .column("requested_at", type: .text, .notNull)
            .column("decided_by", type: .text)
            .column("decided_at", type: .text)
            .column("reason", type: .text)
            .run()
        try await db.create(index: "registry_change_requests_subject").on(table).column("subject_id").column("state").run()
    }

    func insert(subject: Int64, changes: SubjectDraft, by actor: String?, on db: any SQLDatabase) async throws -> ChangeRequest {
        let now = Clock.now()
        guard let row = try await db.insert(into: Self.table).columns("subject_id", "changes", "state", "requested_by", "requested_at")
            .values(SQLBind(subject), SQLBind(JSON.string(changes)), SQLBind(ChangeRequest.State.pending.rawValue), SQLBind(actor), SQLBind(now))
            .returning("id").first() else { throw DomainError.notFound("The change request was not stored.") }
        return ChangeRequest(id: try row.decode(column: "id", as: Int64.self), subjectID: subject, changes: changes, state: .pending,
                             requestedBy: actor, requestedAt: now)
    }

    func list(subject: Int64, on db: any SQLDatabase) async throws -> [ChangeRequest] {
        try await db.select().columns("*").from(Self.table).where("subject_id", .equal, subject).orderBy("id", .descending).all().map(Self.request)
    }

    func find(_ id: Int64, subject: Int64, on db: any SQLDatabase) async throws -> ChangeRequest? {
        try await db.select().columns("*").from(Self.table).where("id", .equal, id).where("subject_id", .equal, subject).first().map(Self.request)
    }

    func decide(_ id: Int64, state: ChangeRequest.State, by actor: String?, reason: String?, on db: any SQLDatabase) async throws {
        try await db.update(Self.table).set("state", to: SQLBind(state.rawValue)).set("decided_by", to: SQLBind(actor))
            .set("decided_at", to: SQLBind(Clock.now())).set("reason", to: SQLBind(reason)).where("id", .equal, id).run()
    }

    private static func request(_ row: any SQLRow) throws -> ChangeRequest {
        let changes = try JSONDecoder().decode(SubjectDraft.self, from: Data(try row.decode(column: "changes", as: String.self).utf8))
        return ChangeRequest(
            id: try row.decode(column: "id", as: Int64.self), subjectID: try row.decode(column: "subject_id", as: Int64.self), changes: changes,
            state: ChangeRequest.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .pending,
            requestedBy: try row.decode(column: "requested_by", as: String?.self), requestedAt: try row.decode(column: "requested_at", as: String.self),
            decidedBy: try row.decode(column: "decided_by", as: String?.self), decidedAt: try row.decode(column: "decided_at", as: String?.self),
            reason: try row.decode(column: "reason", as: String?.self))
    }
}
