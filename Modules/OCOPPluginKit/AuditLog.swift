import SQLKit

/// One change worth remembering: who did what to which record.
public struct AuditEntry: Sendable, Equatable {
    /// The signed-in account, or nil for the command line / system.
    public var actor: Principal?
    /// Dotted verb, e.g. `subject.create`, `product.update`, `import.products`, `user.create`.
    public var action: String
    /// Record kind and ID, e.g. `subject` / `42`.
    public var entity: String
    public var entityID: String
    /// Province the record belongs to, so province officers can read their own audit trail.
    public var provinceCode: String?
    /// A short human summary; details as JSON when useful.
    public var summary: String
    public var details: String?

    public init(actor: Principal?, action: String, entity: String, entityID: String, provinceCode: String? = nil,
                summary: String, details: String? = nil) {
        self.actor = actor
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.provinceCode = provinceCode
        self.summary = summary
        self.details = details
    }
}

/// Records changes. The accounts module provides it; callers write the entry on the same
/// connection as the change, inside its transaction, so a change and its record stand or fall together.
public protocol AuditLog: Sendable {
    func record(_ entry: AuditEntry, on database: any SQLDatabase) async throws
}

/// Where a subject (producer) sits, for modules that scope by it without reading the
/// registry's tables. The registry module provides it.
public protocol SubjectLookup: Sendable {
    /// The subject's province and commune codes, or nil if there is no such subject.
    func area(ofSubject id: Int64, on database: any SQLDatabase) async throws -> (provinceCode: String, communeCode: String)?
}

/// A certification decision as the registry records it (append-only: corrections are new records).
public struct CertificationRecord: Sendable, Equatable {
    public var productID: Int64
    public var stars: Int
    public var certificateNumber: String?
    /// Calendar dates, `YYYY-MM-DD`.
    public var decidedOn: String
    public var validUntil: String
    /// Who decided: `import` for decisions made before the platform, else the rating module's plugin ID.
    public var source: String
    /// The decision's provenance; the values are the raw values of OCOPDomain's `DecisionKind`,
    /// `IssuingLevel` and `LegalAct`. Nil level and act are derived from the date and stars.
    public var decision: String
    public var decisionNumber: String?
    public var issuingLevel: String?
    public var legalAct: String?
    /// Why a decision revoked, withdrew or downgraded.
    public var ground: String?
    /// `day`, or `year` when only the year is known (decidedOn is then 1 January).
    public var datePrecision: String
    /// The user who recorded it.
    public var recordedBy: String?

    public init(productID: Int64, stars: Int, certificateNumber: String?, decidedOn: String, validUntil: String, source: String,
                decision: String = "recognised", decisionNumber: String? = nil, issuingLevel: String? = nil, legalAct: String? = nil,
                ground: String? = nil, datePrecision: String = "day", recordedBy: String? = nil) {
        self.productID = productID
        self.stars = stars
        self.certificateNumber = certificateNumber
        self.decidedOn = decidedOn
        self.validUntil = validUntil
        self.source = source
        self.decision = decision
        self.decisionNumber = decisionNumber
        self.issuingLevel = issuingLevel
        self.legalAct = legalAct
        self.ground = ground
        self.datePrecision = datePrecision
        self.recordedBy = recordedBy
    }
}

/// How a product's OCOP standing enters the registry: the rating module records decisions
/// through it; nobody edits stars by hand. The registry module provides it, and publishes
/// `CertificationRecorded` through `outbox` in the same transaction.
public protocol CertificationRecorder: Sendable {
    /// Records the decision on `database` (the caller's transaction); returns its ID.
    @discardableResult
    func record(_ certification: CertificationRecord, outbox: Outbox, on database: any SQLDatabase) async throws -> Int64
}

/// Who holds a username, for modules that seat people by name (a council's round) without reading
/// the accounts' tables. The accounts module provides it.
public protocol AccountLookup: Sendable {
    /// The active account's principal, or nil when no active account has that username.
    func activeAccount(username: String, on database: any SQLDatabase) async throws -> Principal?
}
