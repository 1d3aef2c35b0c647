import OCOPDomain

/// How an act routes a dossier (ocop-rules.md §4), as data: which levels score it, which stars
/// each recognises, at what score it goes on to the next level, whether the commune
/// pre-assesses first, and which papers a dossier must carry. The act in force on the
/// submission date picks the process; a province plugin may contribute its own for its
/// provinces (`RatingPoints.processes`).
public struct RatingProcess: Sendable, Hashable, Codable {
    public struct Stage: Sendable, Hashable, Codable {
        public var level: CouncilLevel
        /// Stars this level decides (an empty list: it scores and forwards only).
        public var recognises: [Int]
        /// A score (average of the members' totals) at or above this goes on to the next stage.
        public var forwardsFrom: Int?

        public init(level: CouncilLevel, recognises: [Int], forwardsFrom: Int? = nil) {
            self.level = level
            self.recognises = recognises
            self.forwardsFrom = forwardsFrom
        }
    }

    /// `148`, `1489`, … for the bundled processes; a plugin's own name otherwise.
    public var id: String
    public var act: LegalAct
    /// The act whose criteria sets score the dossiers (QĐ 1489 kept QĐ 148's sheets).
    public var criteriaAct: LegalAct
    /// The commune checks the dossier and the four local criteria before any council (QĐ 1489).
    public var preAssessment: Bool
    public var stages: [Stage]
    /// Attachments a dossier must carry before it is submitted.
    public var requiredAttachments: [AttachmentKind]
    /// Provincial rounds a council must hold each year, when the act sets a number.
    public var roundsPerYear: Int?
    /// Provinces it applies to; empty for every province (the bundled processes).
    public var provinces: [String]
    /// From this date on (a contributed process may start later than its act).
    public var effectiveFrom: String

    public init(id: String, act: LegalAct, criteriaAct: LegalAct, preAssessment: Bool, stages: [Stage],
                requiredAttachments: [AttachmentKind], roundsPerYear: Int? = nil, provinces: [String] = [], effectiveFrom: String? = nil) {
        self.id = id
        self.act = act
        self.criteriaAct = criteriaAct
        self.preAssessment = preAssessment
        self.stages = stages
        self.requiredAttachments = requiredAttachments
        self.roundsPerYear = roundsPerYear
        self.provinces = provinces
        self.effectiveFrom = effectiveFrom ?? act.inForceFrom
    }

    public func stage(_ level: CouncilLevel) -> Stage? { stages.first { $0.level == level } }

    /// The stage after `level`, if any.
    public func next(after level: CouncilLevel) -> Stage? {
        guard let index = stages.firstIndex(where: { $0.level == level }), index + 1 < stages.count else { return nil }
        return stages[index + 1]
    }

    /// The level that decides `stars`.
    public func decidingLevel(stars: Int) -> CouncilLevel? { stages.first { $0.recognises.contains(stars) }?.level }

    /// The processes of the acts, from ocop-rules.md §4.
    public static let bundled: [RatingProcess] = [
        RatingProcess(id: "1048", act: .decision1048, criteriaAct: .decision1048, preAssessment: false, stages: [
            Stage(level: .district, recognises: [], forwardsFrom: 50),
            Stage(level: .province, recognises: [3, 4], forwardsFrom: 90),
            Stage(level: .central, recognises: [5]),
        ], requiredAttachments: [.registrationForm]),
        RatingProcess(id: "148", act: .decision148, criteriaAct: .decision148, preAssessment: false, stages: [
            Stage(level: .district, recognises: [3], forwardsFrom: 70),
            Stage(level: .province, recognises: [4], forwardsFrom: 90),
            Stage(level: .central, recognises: [5]),
        ], requiredAttachments: [.registrationForm]),
        RatingProcess(id: "1489", act: .decision1489, criteriaAct: .decision148, preAssessment: true, stages: [
            Stage(level: .province, recognises: [3, 4], forwardsFrom: 90),
            Stage(level: .central, recognises: [5]),
        ], requiredAttachments: [.registrationForm]),
    ]

    /// What is wrong with a process, for its contributor.
    public func problems() -> [String] {
        var out: [String] = []
        if stages.isEmpty { out.append("a process needs at least one stage") }
        if stages.contains(where: { $0.level == .commune }) { out.append("the commune pre-assesses (pre_assessment), it is not a scoring stage") }
        let levels = stages.map(\.level)
        if Set(levels).count != levels.count { out.append("a level appears twice") }
        for (index, stage) in stages.enumerated() {
            if stage.recognises.contains(where: { !(3...5).contains($0) }) { out.append("\(stage.level.rawValue) recognises stars outside 3–5") }
            if stage.forwardsFrom != nil, index == stages.count - 1 { out.append("the last stage (\(stage.level.rawValue)) has nowhere to forward") }
        }
        let recognised = stages.flatMap(\.recognises)
        if Set(recognised).count != recognised.count { out.append("two levels recognise the same stars") }
        if ProgrammeDate.isDate(effectiveFrom) == false { out.append("effective_from \(effectiveFrom) is not a YYYY-MM-DD date") }
        return out
    }
}

enum ProgrammeDate {
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), day >= 1 else { return false }
        // A real calendar day: 2019-02-31 is refused.
        let days = [31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}

/// The processes a host knows: bundled plus contributed; the contributed one wins for its provinces.
public struct ProcessCatalogue: Sendable {
    public let processes: [RatingProcess]

    public init(bundled: [RatingProcess] = RatingProcess.bundled, contributed: [RatingProcess]) {
        processes = contributed + bundled
    }

    /// The process for a dossier of `province` submitted on `date`: the latest one in force.
    public func process(province: String, on date: String) -> RatingProcess? {
        processes
            .filter { ($0.provinces.isEmpty || $0.provinces.contains(province)) && $0.effectiveFrom <= date }
            .max { lhs, rhs in
                if lhs.effectiveFrom != rhs.effectiveFrom { return lhs.effectiveFrom < rhs.effectiveFrom }
                return lhs.provinces.isEmpty && !rhs.provinces.isEmpty
            }
    }

    public func process(id: String) -> RatingProcess? { processes.first { $0.id == id } }
}

/// What a dossier asks for.
public enum DossierKind: String, Sendable, Hashable, Codable, CaseIterable {
    case new
    /// At expiry: renewal of the recognition.
    case reEvaluation = "re_evaluation"
    /// A higher star level while the certificate is valid.
    case upgrade
}

/// Where a dossier is (ocop-rules.md §4, as seen in real systems).
public enum DossierState: String, Sendable, Hashable, Codable, CaseIterable {
    case draft, submitted, checking, returned, eligible, scoring, completed, cancelled

    /// The moves a person may ask for. Scoring's own moves (eligible → scoring when a round takes
    /// the dossier, scoring → completed or → eligible at the next level when the chair closes)
    /// are made by those operations, not by a transition request.
    public var allowed: Set<DossierState> {
        switch self {
        case .draft: [.submitted, .cancelled]
        case .submitted: [.checking, .returned, .cancelled]
        case .checking: [.returned, .eligible, .cancelled]
        case .returned: [.submitted, .cancelled]
        case .eligible: [.cancelled]
        case .scoring: [.cancelled]
        case .completed, .cancelled: []
        }
    }

    public var isOpen: Bool { self != .completed && self != .cancelled }
}

/// Papers a dossier carries (stored like product photos: sniffed, size-limited, hashed).
public enum AttachmentKind: String, Sendable, Hashable, Codable, CaseIterable {
    case registrationForm = "registration_form"
    case selfAssessment = "self_assessment"
    case certificate
    case foodSafety = "food_safety"
    case samplePhoto = "sample_photo"
    case other
}

/// Legal grounds for a downgrade or a revocation (ocop-rules.md §5).
public enum DecisionGround: String, Sendable, Hashable, Codable, CaseIterable {
    case notRenewed = "not_renewed"
    case failsMandatoryCriteria = "fails_mandatory_criteria"
    case foodSafetyBreach = "food_safety_breach"
    case processNotFollowed = "process_not_followed"
    case operationSuspended = "operation_suspended"
    case falseDeclaration = "false_declaration"
    case other
}

/// A council seat for one round.
public enum CouncilSeat: String, Sendable, Hashable, Codable, CaseIterable {
    case chair, member, secretary, advisor
    /// The chair and the members fill score sheets; the secretary and the advisory group do not.
    public var scores: Bool { self == .chair || self == .member }
}

/// The commune's pre-assessment under QĐ 1489: the dossier's form and the four local criteria.
public struct PreAssessment: Sendable, Hashable, Codable {
    public var originLocalMaterials: Bool
    public var localLabour: Bool
    public var ideaOrigin: Bool
    public var localIdentity: Bool
    public var formComplete: Bool
    public var note: String?
    public var forward: Bool

    enum CodingKeys: String, CodingKey {
        case originLocalMaterials = "origin_local_materials", localLabour = "local_labour", ideaOrigin = "idea_origin"
        case localIdentity = "local_identity", formComplete = "form_complete", note, forward
    }

    public init(originLocalMaterials: Bool, localLabour: Bool, ideaOrigin: Bool, localIdentity: Bool, formComplete: Bool,
                note: String? = nil, forward: Bool) {
        self.originLocalMaterials = originLocalMaterials
        self.localLabour = localLabour
        self.ideaOrigin = ideaOrigin
        self.localIdentity = localIdentity
        self.formComplete = formComplete
        self.note = note
        self.forward = forward
    }

    /// The criteria not met, by their JSON names.
    public var unmet: [String] {
        [("origin_local_materials", originLocalMaterials), ("local_labour", localLabour), ("idea_origin", ideaOrigin),
         ("local_identity", localIdentity), ("form_complete", formComplete)].filter { !$0.1 }.map(\.0)
    }
}
