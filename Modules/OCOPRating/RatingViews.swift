import OCOPPluginKit

/// What the rating API returns. Snake-case JSON like every other module.

/// The product's and producer's facts as they stood when the dossier was submitted.
struct FrozenFacts: Codable, Sendable, Equatable {
    var productID: Int64
    var productName: String
    var productSet: Int
    var subjectID: Int64
    var subjectName: String
    var provinceCode: String
    var communeCode: String
    var currentStars: Int?
    var frozenOn: String

    enum CodingKeys: String, CodingKey {
        case productID = "product_id", productName = "product_name", productSet = "product_set", subjectID = "subject_id"
        case subjectName = "subject_name", provinceCode = "province_code", communeCode = "commune_code"
        case currentStars = "current_stars", frozenOn = "frozen_on"
    }
}

struct SelfAssessmentView: Codable, Sendable {
    var points: [String: Int]
    var total: Int
    /// The stars these answers would give (one sheet: the applicant's own expectation).
    var stars: Int
    var explanation: [String]
}

struct AttachmentView: Codable, Sendable {
    var id: Int64
    var kind: String
    var contentType: String
    var bytes: Int
    var sha256: String
    var uploadedAt: String

    enum CodingKeys: String, CodingKey {
        case id, kind, bytes, sha256
        case contentType = "content_type", uploadedAt = "uploaded_at"
    }
}

struct ShortfallView: Codable, Sendable {
    var stars: Int
    var criterion: String
    var title: String
    var line: Int
    var requiredPoints: Int
    var reached: Double
    var text: String

    enum CodingKeys: String, CodingKey {
        case stars, criterion, title, line, reached, text
        case requiredPoints = "required_points"
    }
}

/// A council's result for a dossier at one stage.
struct ResultView: Codable, Sendable {
    var roundID: Int64
    var stage: String
    var members: Int
    var totalSum: Int
    var score: Double
    var band: Int
    var stars: Int
    var outcome: String
    var forwarded: Bool
    var decisionDue: Bool
    var explanation: [String]
    var shortfalls: [ShortfallView]
    var gates: [String]
    var closedAt: String

    enum CodingKeys: String, CodingKey {
        case stage, members, score, band, stars, outcome, forwarded, explanation, shortfalls, gates
        case roundID = "round_id", totalSum = "total_sum", decisionDue = "decision_due", closedAt = "closed_at"
    }
}

struct ResultDetail: Codable, Sendable {
    var explanation: [String]
    var shortfalls: [ShortfallView]
    var gates: [String]
}

struct DecisionItemView: Codable, Sendable {
    var decisionID: Int64
    var number: String
    var decidedOn: String
    var level: String
    var stars: Int
    var kind: String
    var certificateNumber: String
    var validUntil: String
    var certificationID: Int64

    enum CodingKeys: String, CodingKey {
        case number, level, stars, kind
        case decisionID = "decision_id", decidedOn = "decided_on", certificateNumber = "certificate_number"
        case validUntil = "valid_until", certificationID = "certification_id"
    }
}

struct DossierView: Codable, Sendable {
    var id: Int64
    var productID: Int64
    var subjectID: Int64
    var provinceCode: String
    var communeCode: String
    var productName: String
    var subjectName: String
    var kind: String
    var state: String
    var process: String
    var act: String
    var criteriaSet: String
    var stage: String
    var roundID: Int64?
    var submittedOn: String?
    var createdAt: String
    var updatedAt: String
    var facts: FrozenFacts?
    var selfAssessment: SelfAssessmentView?
    var preAssessment: PreAssessment?
    var attachments: [AttachmentView]
    /// Council results; a producer sees them once the dossier is decided.
    var results: [ResultView]
    var decisions: [DecisionItemView]
    var decisionDue: Bool

    enum CodingKeys: String, CodingKey {
        case id, kind, state, process, act, stage, facts, attachments, results, decisions
        case productID = "product_id", subjectID = "subject_id", provinceCode = "province_code", communeCode = "commune_code"
        case productName = "product_name", subjectName = "subject_name", criteriaSet = "criteria_set", roundID = "round_id"
        case submittedOn = "submitted_on", createdAt = "created_at", updatedAt = "updated_at", selfAssessment = "self_assessment"
        case preAssessment = "pre_assessment", decisionDue = "decision_due"
    }
}

struct DossierSummary: Codable, Sendable {
    var id: Int64
    var productID: Int64
    var productName: String
    var subjectName: String
    var provinceCode: String
    var communeCode: String
    var kind: String
    var state: String
    var stage: String
    var act: String
    var criteriaSet: String
    var roundID: Int64?
    var submittedOn: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, state, stage, act
        case productID = "product_id", productName = "product_name", subjectName = "subject_name", provinceCode = "province_code"
        case communeCode = "commune_code", criteriaSet = "criteria_set", roundID = "round_id", submittedOn = "submitted_on"
    }
}

struct ChainEntryView: Codable, Sendable {
    var seq: Int
    var kind: String
    var actor: String?
    var at: String
    var payload: String
    var hash: String
}

struct CouncilView: Codable, Sendable {
    var id: Int64
    var level: String
    var provinceCode: String
    var communeCode: String?
    var name: String
    var decisionNumber: String
    var establishedOn: String
    /// Rounds held per year, and how many the process requires (null: the act sets none).
    var roundsByYear: [String: Int]
    var roundsRequiredPerYear: Int?

    enum CodingKeys: String, CodingKey {
        case id, level, name
        case provinceCode = "province_code", communeCode = "commune_code", decisionNumber = "decision_number"
        case establishedOn = "established_on", roundsByYear = "rounds_by_year", roundsRequiredPerYear = "rounds_required_per_year"
    }
}

struct MemberView: Codable, Sendable, Equatable {
    var username: String
    var seat: CouncilSeat
}

struct RoundView: Codable, Sendable {
    var id: Int64
    var councilID: Int64
    var level: String
    var provinceCode: String
    var name: String
    var year: Int
    var opensOn: String
    var members: [MemberView]
    var dossiers: Int

    enum CodingKeys: String, CodingKey {
        case id, level, name, year, members, dossiers
        case councilID = "council_id", provinceCode = "province_code", opensOn = "opens_on"
    }
}

struct ConflictView: Codable, Sendable {
    var roundID: Int64
    var username: String
    var subjectID: Int64
    var reason: String
    var declaredAt: String

    enum CodingKeys: String, CodingKey {
        case username, reason
        case roundID = "round_id", subjectID = "subject_id", declaredAt = "declared_at"
    }
}

struct SheetView: Codable, Sendable {
    var dossierID: Int64
    var roundID: Int64
    var username: String
    var points: [String: Int]
    var answered: Int
    var remaining: [String]
    var total: Int?
    var submitted: Bool

    enum CodingKeys: String, CodingKey {
        case username, points, answered, remaining, total, submitted
        case dossierID = "dossier_id", roundID = "round_id"
    }
}

struct SheetStatus: Codable, Sendable {
    var username: String
    var seat: String
    var conflicted: Bool
    var submitted: Bool
    var total: Int?
}

struct RankedResult: Codable, Sendable {
    var rank: Int
    var dossierID: Int64
    var productID: Int64
    var productName: String
    var subjectName: String
    var score: Double
    var stars: Int
    var outcome: String
    var forwarded: Bool
    var decisionDue: Bool

    enum CodingKeys: String, CodingKey {
        case rank, score, stars, outcome, forwarded
        case dossierID = "dossier_id", productID = "product_id", productName = "product_name", subjectName = "subject_name"
        case decisionDue = "decision_due"
    }
}

struct DecisionView: Codable, Sendable {
    struct Item: Codable, Sendable {
        var dossierID: Int64
        var productID: Int64
        var productName: String
        var stars: Int
        var kind: String
        var certificateNumber: String
        var validUntil: String
        var certificationID: Int64

        enum CodingKeys: String, CodingKey {
            case stars, kind
            case dossierID = "dossier_id", productID = "product_id", productName = "product_name"
            case certificateNumber = "certificate_number", validUntil = "valid_until", certificationID = "certification_id"
        }
    }

    var id: Int64
    var number: String
    var decidedOn: String
    var level: String
    var act: String
    var provinceCode: String
    var items: [Item]

    enum CodingKeys: String, CodingKey {
        case id, number, level, act, items
        case decidedOn = "decided_on", provinceCode = "province_code"
    }
}

/// A decided star level, as the public sees it.
struct PublicResult: Codable, Sendable {
    var productID: Int64
    var productName: String
    var subjectName: String
    var provinceCode: String
    var stars: Int
    var kind: String
    var decisionNumber: String
    var decidedOn: String
    var validUntil: String
    var level: String

    enum CodingKeys: String, CodingKey {
        case stars, kind, level
        case productID = "product_id", productName = "product_name", subjectName = "subject_name", provinceCode = "province_code"
        case decisionNumber = "decision_number", decidedOn = "decided_on", validUntil = "valid_until"
    }
}

struct Finding: Codable, Sendable, Equatable {
    enum Severity: String, Codable, Sendable { case info, minor, major, critical }
    var topic: String
    var finding: String
    var severity: Severity
}

struct InspectionView: Codable, Sendable {
    enum Conclusion: String, Codable, Sendable { case compliant, remedy, downgrade, revoke }
    var id: Int64
    var provinceCode: String
    var subjectID: Int64
    var productID: Int64?
    var inspectedOn: String
    var findings: [Finding]
    var conclusion: Conclusion
    var recordedBy: String?

    enum CodingKeys: String, CodingKey {
        case id, findings, conclusion
        case provinceCode = "province_code", subjectID = "subject_id", productID = "product_id", inspectedOn = "inspected_on"
        case recordedBy = "recorded_by"
    }
}

struct StandingChange: Codable, Sendable {
    var productID: Int64
    var certificationID: Int64
    var decision: String
    var stars: Int
    var ground: String
    var decisionNumber: String
    var decidedOn: String
    var validUntil: String

    enum CodingKeys: String, CodingKey {
        case decision, stars, ground
        case productID = "product_id", certificationID = "certification_id", decisionNumber = "decision_number"
        case decidedOn = "decided_on", validUntil = "valid_until"
    }
}

struct ExpiringCertificate: Codable, Sendable {
    var productID: Int64
    var productName: String
    var subjectID: Int64
    var provinceCode: String
    var communeCode: String
    var stars: Int
    var certificateNumber: String?
    var validUntil: String
    var daysLeft: Int
    /// When the registry's expiry notice (`CertificateExpiring`) reached rating; null before.
    var notifiedOn: String?

    enum CodingKeys: String, CodingKey {
        case stars
        case productID = "product_id", productName = "product_name", subjectID = "subject_id", provinceCode = "province_code"
        case communeCode = "commune_code", certificateNumber = "certificate_number", validUntil = "valid_until"
        case daysLeft = "days_left", notifiedOn = "notified_on"
    }
}
