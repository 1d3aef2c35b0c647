import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// The evaluation cycle: dossiers, councils, rounds, sheets, results and decisions. Every
/// operation runs in one transaction and either stores all it should or nothing; every refusal
/// is a `DomainError` (or a 415 `Problem` for an attachment) naming the field and the reason.
struct RatingService: Sendable {
    let state: RatingState
    let recorder: ServiceRef<any CertificationRecorder>
    let products: ServiceRef<any ProductLookup>
    let subjects: ServiceRef<any SubjectLookup>
    let accounts: ServiceRef<any AccountLookup>
    let maxAttachmentBytes: Int

    var catalogue: CriteriaCatalogue { state.cachedCatalogue }
    var processes: ProcessCatalogue { state.processCatalogue }

    static let source = "ocop.rating"

    // MARK: access

    /// Who may act for the applicant: the producer of the subject or an officer of its area.
    static func mayFile(_ principal: Principal?, province: String, commune: String, subject: Int64) -> Bool {
        guard let principal, principal.role != .councilMember else { return false }
        return Scope(principal: principal).mayWrite(province: province, commune: commune, subjectID: subject)
    }

    /// Officers who check dossiers at `stage` (the commune pre-assesses its own; province officers
    /// stand in for the abolished districts when recording QĐ 148 history).
    static func mayCheck(_ principal: Principal?, province: String, commune: String, preAssessment: Bool) -> Bool {
        guard let principal else { return false }
        switch principal.role {
        case .nationalAdmin: return true
        case .provinceOfficer: return principal.provinceCode == province
        case .communeOfficer: return preAssessment && principal.communeCode == commune
        case .councilMember, .producer: return false
        }
    }

    static func isOfficer(_ principal: Principal?, province: String) -> Bool {
        guard let principal else { return false }
        return principal.role == .nationalAdmin || (principal.role == .provinceOfficer && principal.provinceCode == province)
    }

    func seat(of username: String, round: Int64, on db: any SQLDatabase) async throws -> CouncilSeat? {
        guard let row = try await db.select().column("seat").from(RatingSchema.members).where("round_id", .equal, round)
            .where("username", .equal, username).first() else { return nil }
        return CouncilSeat(rawValue: try row.decode(column: "seat", as: String.self))
    }

    /// Whether the caller sees the dossier: its area's officers, the producer, the members of
    /// the round that holds it (not earlier or later rounds), national admins.
    func sees(_ dossier: DossierRow, _ principal: Principal?, on db: any SQLDatabase) async throws -> Bool {
        guard let principal else { return false }
        switch principal.role {
        case .nationalAdmin: return true
        case .provinceOfficer: return principal.provinceCode == dossier.provinceCode
        case .communeOfficer: return principal.communeCode == dossier.communeCode
        case .producer: return principal.subjectID == dossier.subjectID
        case .councilMember:
            guard let round = dossier.roundID else { return false }
            return try await seat(of: principal.username, round: round, on: db) != nil
        }
    }

    func visible(_ id: Int64, _ principal: Principal?, on db: any SQLDatabase, lock: Bool = false, engine: DatabaseEngine = .sqlite) async throws -> DossierRow {
        guard let dossier = try await DossierRow.find(id, on: db, lockFor: lock ? engine : nil),
              try await sees(dossier, principal, on: db) else { throw DomainError.notFound("No dossier \(id).") }
        return dossier
    }

    func set(of dossier: DossierRow) throws -> CriteriaSet {
        guard let id = CriteriaSetID(text: dossier.criteriaSet), let entry = catalogue.entry(id), entry.isUsable else {
            throw DomainError.conflict("Criteria set \(dossier.criteriaSet) of dossier \(dossier.id) is no longer usable on this host.")
        }
        return entry.set
    }

    func process(of dossier: DossierRow) throws -> RatingProcess {
        guard let process = processes.process(id: dossier.process) else {
            throw DomainError.conflict("Process \(dossier.process) of dossier \(dossier.id) is not defined on this host.")
        }
        return process
    }

    // MARK: dossiers

    struct NewDossier: Decodable, Sendable {
        var productID: Int64
        var kind: DossierKind
        var criteriaSet: String?
        /// For recording a dossier of the past (officers only); today otherwise.
        var submittedOn: String?

        enum CodingKeys: String, CodingKey {
            case kind
            case productID = "product_id", criteriaSet = "criteria_set", submittedOn = "submitted_on"
        }
    }

    func create(_ new: NewDossier, by principal: Principal?, context: PluginContext) async throws -> Int64 {
        let database = context.database
        return try await database.transaction { db in
            guard let product = try await products().product(new.productID, on: db),
                  Scope(principal: principal).seesFully(province: product.provinceCode, commune: product.communeCode, subjectID: product.subjectID)
            else { throw DomainError.invalid([.init(path: "/product_id", message: "no product \(new.productID) in your area")]) }
            guard Self.mayFile(principal, province: product.provinceCode, commune: product.communeCode, subject: product.subjectID) else {
                throw DomainError.forbidden("Your role may not file a dossier for product \(product.id).")
            }
            let today = RatingClock.today()
            let date = new.submittedOn ?? today
            if new.submittedOn != nil {
                guard principal?.role == .nationalAdmin || principal?.role == .provinceOfficer else {
                    throw DomainError.invalid([.init(path: "/submitted_on", message: "only officers record dossiers of the past")])
                }
                guard ProgrammeDate.isDate(date), date <= today else {
                    throw DomainError.invalid([.init(path: "/submitted_on", message: "expected a date (YYYY-MM-DD) not after today, found '\(date)'")])
                }
            }
            guard let process = processes.process(province: product.provinceCode, on: date) else {
                throw DomainError.invalid([.init(path: "/submitted_on", message: "no evaluation process was in force on \(date)")])
            }
            let setText = new.criteriaSet ?? "\(process.criteriaAct.rawValue)/\(product.productSet)"
            guard let setID = CriteriaSetID(text: setText), let entry = catalogue.entry(setID) else {
                throw DomainError.invalid([.init(path: "/criteria_set", message: "no criteria set \(setText); see GET /api/v1/rating/criteria-sets")])
            }
            guard setID.act == process.criteriaAct else {
                throw DomainError.invalid([.init(path: "/criteria_set", message: "set \(setID) belongs to \(setID.act.citation); dossiers under process \(process.id) are scored on \(process.criteriaAct.citation)'s sets")])
            }
            guard entry.isUsable else {
                throw DomainError.invalid([.init(path: "/criteria_set", message: "set \(setID) cannot be scored: " + entry.problems.map(\.description).joined(separator: "; "))])
            }
            switch new.kind {
            case .new:
                if let stars = product.currentStars {
                    throw DomainError.invalid([.init(path: "/kind", message: "product \(product.id) holds \(stars)★; file a re_evaluation at expiry or an upgrade")])
                }
            case .upgrade:
                guard let stars = product.currentStars, stars < 5 else {
                    throw DomainError.invalid([.init(path: "/kind", message: product.currentStars == nil
                        ? "product \(product.id) holds no valid certificate to upgrade; file a new dossier"
                        : "product \(product.id) already holds 5★")])
                }
            case .reEvaluation:
                let known = try await db.select().column("product_id").from(RatingSchema.certificates).where("product_id", .equal, product.id).first()
                guard product.currentStars != nil || known != nil else {
                    throw DomainError.invalid([.init(path: "/kind", message: "product \(product.id) was never certified; file a new dossier")])
                }
            }
            let open = try await db.select().column("id").from(RatingSchema.dossiers).where("product_id", .equal, product.id)
                .where("state", .notIn, [DossierState.completed.rawValue, DossierState.cancelled.rawValue]).first()
            if let open {
                throw DomainError.conflict("Product \(product.id) already has open dossier \(try open.decode(column: "id", as: Int64.self)).", path: "/product_id")
            }
            let now = RatingClock.now()
            let stage = process.preAssessment ? CouncilLevel.commune : (process.stages.first?.level ?? .province)
            guard let row = try await db.insert(into: RatingSchema.dossiers)
                .columns("product_id", "subject_id", "province_code", "commune_code", "product_name", "subject_name", "kind", "state",
                         "process", "act", "criteria_set", "stage", "submitted_on", "created_by", "created_at", "updated_at")
                .values(SQLBind(product.id), SQLBind(product.subjectID), SQLBind(product.provinceCode), SQLBind(product.communeCode),
                        SQLBind(product.name), SQLBind(product.subjectName), SQLBind(new.kind.rawValue), SQLBind(DossierState.draft.rawValue),
                        SQLBind(process.id), SQLBind(process.act.rawValue), SQLBind(setID.description), SQLBind(stage.rawValue),
                        SQLBind(new.submittedOn), SQLBind(principal?.username), SQLBind(now), SQLBind(now))
                .returning("id").first() else { throw DomainError.notFound("The dossier was not stored.") }
            let id = try row.decode(column: "id", as: Int64.self)
            try await HashChain.append("dossier:\(id)", kind: "created", actor: principal?.username, payload: HashChain.canonical([
                "product_id": String(product.id), "kind": new.kind.rawValue, "process": process.id, "criteria_set": setID.description,
            ]), engine: database.engine, on: db)
            return id
        }
    }

    func saveSelfAssessment(_ id: Int64, points: [String: Int], by principal: Principal?, context: PluginContext) async throws {
        let database = context.database
        try await database.transaction { db in
            let dossier = try await visible(id, principal, on: db, lock: true, engine: database.engine)
            guard Self.mayFile(principal, province: dossier.provinceCode, commune: dossier.communeCode, subject: dossier.subjectID) else {
                throw DomainError.forbidden("Your role may not change dossier \(id).")
            }
            guard dossier.state == .draft || dossier.state == .returned else {
                throw DomainError.conflict("Dossier \(id) is \(dossier.state.rawValue); the self-assessment changes only in draft or returned.")
            }
            let set = try set(of: dossier)
            do { _ = try RatingEngine.check(ScoreSheet(member: "self-assessment", points: points), on: set) } catch let error as RatingError {
                throw DomainError.invalid([.init(path: "/points", message: error.message)])
            }
            try await db.update(RatingSchema.dossiers).set("self_assessment", to: SQLBind(HashChain.canonical(points)))
                .set("updated_at", to: SQLBind(RatingClock.now())).where("id", .equal, id).run()
        }
    }

    func attach(_ id: Int64, kind: AttachmentKind, data: Data, declaredType: String?, by principal: Principal?,
                context: PluginContext) async throws -> AttachmentView {
        guard !data.isEmpty else { throw DomainError.invalid([.init(path: "/", message: "the body is empty; send the file's bytes")]) }
        guard data.count <= maxAttachmentBytes else {
            throw Problem(status: 413, title: "Content Too Large", detail: "An attachment may be at most \(maxAttachmentBytes) bytes; this one is \(data.count).")
        }
        let allowed: ContentSniffer.Kind?
        if kind == .samplePhoto { allowed = ContentSniffer.image(data) } else { allowed = ContentSniffer.document(data) }
        guard let sniffed = allowed else {
            throw Problem(status: 415, title: "Unsupported Media Type", detail: kind == .samplePhoto
                ? "Sample photos must be JPEG, PNG or WebP images."
                : "Dossier papers must be PDF files or JPEG, PNG or WebP images.")
        }
        try ContentSniffer.check(declared: declaredType, against: sniffed)
        let hash = HashChain.sha256(data)
        let database = context.database
        return try await database.transaction { db in
            let dossier = try await visible(id, principal, on: db, lock: true, engine: database.engine)
            guard Self.mayFile(principal, province: dossier.provinceCode, commune: dossier.communeCode, subject: dossier.subjectID) else {
                throw DomainError.forbidden("Your role may not change dossier \(id).")
            }
            guard dossier.state == .draft || dossier.state == .returned else {
                throw DomainError.conflict("Dossier \(id) is \(dossier.state.rawValue); papers are added only in draft or returned.")
            }
            if let same = try await attachments(of: id, on: db).first(where: { $0.sha256 == hash && $0.kind == kind.rawValue }) { return same }
            let now = RatingClock.now()
            guard let row = try await db.insert(into: RatingSchema.attachments)
                .columns("dossier_id", "kind", "content_type", "bytes", "sha256", "data", "uploaded_by", "uploaded_at")
                .values(SQLBind(id), SQLBind(kind.rawValue), SQLBind(sniffed.contentType), SQLBind(data.count), SQLBind(hash), SQLBind(data),
                        SQLBind(principal?.username), SQLBind(now))
                .returning("id").first() else { throw DomainError.notFound("The attachment was not stored.") }
            let attachment = try row.decode(column: "id", as: Int64.self)
            try await HashChain.append("dossier:\(id)", kind: "attachment", actor: principal?.username, payload: HashChain.canonical([
                "id": String(attachment), "kind": kind.rawValue, "sha256": hash,
            ]), engine: database.engine, on: db)
            return AttachmentView(id: attachment, kind: kind.rawValue, contentType: sniffed.contentType, bytes: data.count, sha256: hash, uploadedAt: now)
        }
    }

    func attachment(_ id: Int64, of dossier: Int64, by principal: Principal?, on db: any SQLDatabase) async throws -> (type: String, data: Data) {
        _ = try await visible(dossier, principal, on: db)
        guard let row = try await db.select().columns("content_type", "data").from(RatingSchema.attachments).where("id", .equal, id)
            .where("dossier_id", .equal, dossier).first() else { throw DomainError.notFound("No attachment \(id) in dossier \(dossier).") }
        return (try row.decode(column: "content_type", as: String.self), try row.decode(column: "data", as: Data.self))
    }

    func attachments(of dossier: Int64, on db: any SQLDatabase) async throws -> [AttachmentView] {
        try await db.select().columns("id", "kind", "content_type", "bytes", "sha256", "uploaded_at").from(RatingSchema.attachments)
            .where("dossier_id", .equal, dossier).orderBy("id").all().map { row in
                AttachmentView(id: try row.decode(column: "id", as: Int64.self), kind: try row.decode(column: "kind", as: String.self),
                               contentType: try row.decode(column: "content_type", as: String.self), bytes: try row.decode(column: "bytes", as: Int.self),
                               sha256: try row.decode(column: "sha256", as: String.self), uploadedAt: try row.decode(column: "uploaded_at", as: String.self))
            }
    }

    struct TransitionRequest: Decodable, Sendable {
        var to: DossierState
        var reason: String?
    }

    func transition(_ id: Int64, _ request: TransitionRequest, by principal: Principal?, context: PluginContext) async throws {
        let database = context.database
        try await database.transaction { db in
            let dossier = try await visible(id, principal, on: db, lock: true, engine: database.engine)
            let process = try process(of: dossier)
            let target = request.to
            guard dossier.state.allowed.contains(target) else {
                let allowed = dossier.state.allowed.map(\.rawValue).sorted()
                throw DomainError.conflict("Dossier \(id) is \(dossier.state.rawValue) and cannot move to \(target.rawValue)"
                    + (allowed.isEmpty ? "; it is closed." : "; from \(dossier.state.rawValue) it may move to \(allowed.joined(separator: ", "))."), path: "/to")
            }
            let reason = try RatingText.clean(request.reason, path: "/reason", lineBreaks: true)
            let checker = Self.mayCheck(principal, province: dossier.provinceCode, commune: dossier.communeCode, preAssessment: process.preAssessment)
            let applicant = Self.mayFile(principal, province: dossier.provinceCode, commune: dossier.communeCode, subject: dossier.subjectID)
            var update = db.update(RatingSchema.dossiers)
            switch target {
            case .submitted:
                guard applicant else { throw DomainError.forbidden("Only the applicant or an officer of its area submits dossier \(id).") }
                guard dossier.selfAssessment != nil else {
                    throw DomainError.invalid([.init(path: "/to", message: "the self-assessment is missing; PUT /api/v1/rating/dossiers/\(id)/self-assessment first")])
                }
                let present = Set(try await attachments(of: id, on: db).map(\.kind))
                let missing = process.requiredAttachments.filter { !present.contains($0.rawValue) }
                guard missing.isEmpty else {
                    throw DomainError.invalid([.init(path: "/to", message: "process \(process.id) requires \(missing.map(\.rawValue).joined(separator: ", ")); attach it first")])
                }
                guard let product = try await products().product(dossier.productID, on: db) else {
                    throw DomainError.conflict("Product \(dossier.productID) is no longer in the registry.")
                }
                let facts = FrozenFacts(productID: product.id, productName: product.name, productSet: product.productSet, subjectID: product.subjectID,
                                        subjectName: product.subjectName, provinceCode: product.provinceCode, communeCode: product.communeCode,
                                        currentStars: product.currentStars, frozenOn: RatingClock.today())
                update = update.set("facts", to: SQLBind(HashChain.canonical(facts)))
                if dossier.submittedOn == nil { update = update.set("submitted_on", to: SQLBind(RatingClock.today())) }
            case .checking:
                guard checker else { throw DomainError.forbidden("Only an officer who checks dossiers at this level takes dossier \(id).") }
            case .returned:
                guard checker else { throw DomainError.forbidden("Only an officer who checks dossiers at this level returns dossier \(id).") }
                guard reason != nil else { throw DomainError.invalid([.init(path: "/reason", message: "say what the applicant must fix")]) }
            case .eligible:
                guard checker else { throw DomainError.forbidden("Only an officer who checks dossiers at this level declares dossier \(id) eligible.") }
                if process.preAssessment {
                    throw DomainError.conflict("Under process \(process.id) the commune's pre-assessment forwards the dossier: POST /api/v1/rating/dossiers/\(id)/pre-assessment.", path: "/to")
                }
            case .cancelled:
                guard applicant || checker else { throw DomainError.forbidden("Your role may not cancel dossier \(id).") }
                guard reason != nil else { throw DomainError.invalid([.init(path: "/reason", message: "say why the dossier is cancelled")]) }
            case .draft, .scoring, .completed:
                throw DomainError.conflict("Dossier \(id) reaches \(target.rawValue) through its round, not by request.", path: "/to")
            }
            try await update.set("state", to: SQLBind(target.rawValue)).set("updated_at", to: SQLBind(RatingClock.now())).where("id", .equal, id).run()
            try await recordTransition(id, from: dossier.state, to: target, stage: dossier.stage, reason: reason, round: nil,
                                       actor: principal?.username, engine: database.engine, on: db)
        }
    }

    func recordTransition(_ id: Int64, from: DossierState, to: DossierState, stage: String, reason: String?, round: Int64?, actor: String?,
                          engine: DatabaseEngine, on db: any SQLDatabase) async throws {
        try await HashChain.append("dossier:\(id)", kind: "transition", actor: actor,
                                   payload: HashChain.canonical(TransitionEntry(from: from.rawValue, to: to.rawValue, stage: stage, reason: reason, roundID: round)),
                                   engine: engine, on: db)
    }

    func preAssess(_ id: Int64, _ assessment: PreAssessment, by principal: Principal?, context: PluginContext) async throws {
        let database = context.database
        try await database.transaction { db in
            let dossier = try await visible(id, principal, on: db, lock: true, engine: database.engine)
            let process = try process(of: dossier)
            guard process.preAssessment else {
                throw DomainError.conflict("Process \(process.id) has no commune pre-assessment; an officer checks the dossier and declares it eligible.")
            }
            guard Self.mayCheck(principal, province: dossier.provinceCode, commune: dossier.communeCode, preAssessment: true) else {
                throw DomainError.forbidden("Only the officers of commune \(dossier.communeCode) (or of its province) pre-assess dossier \(id).")
            }
            guard dossier.state == .submitted || dossier.state == .checking else {
                throw DomainError.conflict("Dossier \(id) is \(dossier.state.rawValue); the commune pre-assesses submitted dossiers.")
            }
            var assessment = assessment
            assessment.note = try RatingText.clean(assessment.note, path: "/note", lineBreaks: true)
            let unmet = assessment.unmet
            if assessment.forward, !unmet.isEmpty {
                throw DomainError.invalid(unmet.map { .init(path: "/\($0)", message: "not met: a dossier goes forward only when the form and all four local criteria are met") })
            }
            if !assessment.forward, assessment.note == nil {
                throw DomainError.invalid([.init(path: "/note", message: "say what the applicant must fix")])
            }
            guard let first = process.stages.first else { throw DomainError.conflict("Process \(process.id) has no stage.") }
            let target: DossierState = assessment.forward ? .eligible : .returned
            let stage = assessment.forward ? first.level.rawValue : dossier.stage
            try await db.update(RatingSchema.dossiers).set("pre_assessment", to: SQLBind(HashChain.canonical(assessment)))
                .set("state", to: SQLBind(target.rawValue)).set("stage", to: SQLBind(stage)).set("updated_at", to: SQLBind(RatingClock.now()))
                .where("id", .equal, id).run()
            try await HashChain.append("dossier:\(id)", kind: "pre_assessment", actor: principal?.username, payload: HashChain.canonical(assessment),
                                       engine: database.engine, on: db)
            try await recordTransition(id, from: dossier.state, to: target, stage: stage,
                                       reason: assessment.forward ? "pre-assessed by the commune" : assessment.note, round: nil,
                                       actor: principal?.username, engine: database.engine, on: db)
        }
    }

    // MARK: reading

    func view(_ id: Int64, by principal: Principal?, on db: any SQLDatabase) async throws -> DossierView {
        let dossier = try await visible(id, principal, on: db)
        return try await view(dossier, by: principal, on: db)
    }

    func view(_ dossier: DossierRow, by principal: Principal?, on db: any SQLDatabase) async throws -> DossierView {
        let decisions = try await decisionItems(dossier: dossier.id, on: db)
        var results = try await results(dossier: dossier.id, on: db)
        let due = results.contains { result in result.decisionDue && !decisions.contains { $0.level == result.stage } }
        // Producers learn the council's figures once the dossier is decided (or closed without a decision).
        if principal?.role == .producer, dossier.state != .completed || due { results = [] }
        var selfAssessment: SelfAssessmentView?
        if let points = dossier.selfAssessment, let set = try? set(of: dossier),
           let rated = try? RatingEngine.rate(set, sheets: [ScoreSheet(member: "self-assessment", points: points)]) {
            selfAssessment = SelfAssessmentView(points: points, total: rated.totalSum, stars: rated.stars.rawValue, explanation: rated.explanation)
        }
        return DossierView(
            id: dossier.id, productID: dossier.productID, subjectID: dossier.subjectID, provinceCode: dossier.provinceCode,
            communeCode: dossier.communeCode, productName: dossier.productName, subjectName: dossier.subjectName, kind: dossier.kind,
            state: dossier.state.rawValue, process: dossier.process, act: dossier.act, criteriaSet: dossier.criteriaSet, stage: dossier.stage,
            roundID: dossier.roundID, submittedOn: dossier.submittedOn, createdAt: dossier.createdAt, updatedAt: dossier.updatedAt,
            facts: dossier.facts, selfAssessment: selfAssessment, preAssessment: dossier.preAssessment,
            attachments: try await attachments(of: dossier.id, on: db), results: results, decisions: decisions, decisionDue: due)
    }

    func results(dossier: Int64, on db: any SQLDatabase) async throws -> [ResultView] {
        // In the order they were closed: the chain sequence, since two closes may share a second.
        try await db.select().columns("*").from(RatingSchema.results).where("dossier_id", .equal, dossier).orderBy("chain_seq").all().map { row in
            let entry = try ResultEntry(row: row)
            let detail = try JSONDecoder().decode(ResultDetail.self, from: Data(try row.decode(column: "detail", as: String.self).utf8))
            return ResultView(roundID: entry.roundID, stage: entry.stage, members: entry.members, totalSum: entry.totalSum,
                              score: try row.decode(column: "score", as: Double.self), band: try row.decode(column: "band", as: Int.self),
                              stars: entry.stars, outcome: entry.outcome, forwarded: entry.forwarded, decisionDue: entry.decisionDue,
                              explanation: detail.explanation, shortfalls: detail.shortfalls, gates: detail.gates,
                              closedAt: try row.decode(column: "closed_at", as: String.self))
        }
    }

    func decisionItems(dossier: Int64, on db: any SQLDatabase) async throws -> [DecisionItemView] {
        try await db.select()
            .column(SQLColumn("decision_id", table: "i")).column(SQLColumn("stars", table: "i")).column(SQLColumn("kind", table: "i"))
            .column(SQLColumn("certificate_number", table: "i")).column(SQLColumn("valid_until", table: "i"))
            .column(SQLColumn("certification_id", table: "i")).column(SQLColumn("number", table: "d")).column(SQLColumn("decided_on", table: "d"))
            .column(SQLColumn("level", table: "d"))
            .from(SQLAlias(SQLIdentifier(RatingSchema.decisionItems), as: SQLIdentifier("i")))
            .join(SQLAlias(SQLIdentifier(RatingSchema.decisions), as: SQLIdentifier("d")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "d"), .equal, SQLColumn("decision_id", table: "i"))
            .where(SQLColumn("dossier_id", table: "i"), .equal, SQLBind(dossier)).orderBy(SQLColumn("decision_id", table: "i")).all().map { row in
                DecisionItemView(decisionID: try row.decode(column: "decision_id", as: Int64.self), number: try row.decode(column: "number", as: String.self),
                                 decidedOn: try row.decode(column: "decided_on", as: String.self), level: try row.decode(column: "level", as: String.self),
                                 stars: try row.decode(column: "stars", as: Int.self), kind: try row.decode(column: "kind", as: String.self),
                                 certificateNumber: try row.decode(column: "certificate_number", as: String.self),
                                 validUntil: try row.decode(column: "valid_until", as: String.self),
                                 certificationID: try row.decode(column: "certification_id", as: Int64.self))
            }
    }

    struct DossierFilter: Sendable {
        var state: DossierState?
        var roundID: Int64?
        var productID: Int64?
        var limit: Int
        var offset: Int
    }

    func list(_ filter: DossierFilter, by principal: Principal?, on db: any SQLDatabase) async throws -> Page<DossierSummary> {
        guard let principal else { throw DomainError.forbidden("Sign in to list dossiers.") }
        func scoped(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query
            switch principal.role {
            case .nationalAdmin: break
            case .provinceOfficer: query = query.where("province_code", .equal, principal.provinceCode ?? "-")
            case .communeOfficer: query = query.where("commune_code", .equal, principal.communeCode ?? "-")
            case .producer: query = query.where("subject_id", .equal, principal.subjectID ?? -1)
            case .councilMember:
                query = query.where(SQLColumn("round_id"), .in, SQLGroupExpression(
                    db.select().column("round_id").from(RatingSchema.members).where("username", .equal, principal.username).query))
            }
            if let state = filter.state { query = query.where("state", .equal, state.rawValue) }
            if let round = filter.roundID { query = query.where("round_id", .equal, round) }
            if let product = filter.productID { query = query.where("product_id", .equal, product) }
            return query
        }
        let total = try await scoped(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(RatingSchema.dossiers))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await scoped(db.select().columns("*").from(RatingSchema.dossiers)).orderBy("id", .descending)
            .limit(filter.limit).offset(filter.offset).all()
        let items = try rows.map { row in
            let d = try DossierRow(row: row)
            return DossierSummary(id: d.id, productID: d.productID, productName: d.productName, subjectName: d.subjectName, provinceCode: d.provinceCode,
                                  communeCode: d.communeCode, kind: d.kind, state: d.state.rawValue, stage: d.stage, act: d.act,
                                  criteriaSet: d.criteriaSet, roundID: d.roundID, submittedOn: d.submittedOn)
        }
        return Page(items: items, total: total, limit: filter.limit, offset: filter.offset)
    }

    /// The dossier's chain: for officers, admins and its round's members (producers see the dossier itself).
    func history(_ id: Int64, by principal: Principal?, on db: any SQLDatabase) async throws -> [ChainEntryView] {
        _ = try await visible(id, principal, on: db)
        guard principal?.role != .producer else { throw DomainError.forbidden("The chain of dossier \(id) is for officers and its council.") }
        return try await HashChain.entries("dossier:\(id)", on: db).map {
            ChainEntryView(seq: $0.seq, kind: $0.kind, actor: $0.actor, at: $0.at, payload: $0.payload, hash: $0.hash)
        }
    }

    func advice(_ id: Int64, by principal: Principal?, on db: any SQLDatabase) async throws -> UpgradeAdvice? {
        let dossier = try await visible(id, principal, on: db)
        guard let points = dossier.selfAssessment else {
            throw DomainError.conflict("Dossier \(id) has no self-assessment to advise on.")
        }
        do { return try UpgradeAdvisor.advise(try set(of: dossier), sheet: ScoreSheet(member: "self-assessment", points: points)) } catch let error as RatingError {
            throw DomainError.conflict(error.message)
        }
    }
}

extension CriteriaSetID {
    /// `148/10`, or a bare code for act 148.
    init?(text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            guard let act = LegalAct(rawValue: parts[0]), !parts[1].isEmpty else { return nil }
            self.init(act: act, code: parts[1])
        } else {
            guard !text.isEmpty else { return nil }
            self.init(act: .decision148, code: text)
        }
    }
}

/// Free text as every module stores it: sanitized, NFC, trimmed; nil when empty.
enum RatingText {
    static func clean(_ text: String?, path: String, lineBreaks: Bool = false, max: Int = 2000) throws -> String? {
        guard let text else { return nil }
        switch TextSanitizer.sanitize(text, allowsLineBreaks: lineBreaks) {
        case .failure(let refusal): throw DomainError.invalid([.init(path: path, message: refusal.message)])
        case .success(let clean):
            let value = clean.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
            guard value.count <= max else { throw DomainError.invalid([.init(path: path, message: "at most \(max) characters")]) }
            return value.isEmpty ? nil : value
        }
    }

    static func required(_ text: String?, path: String, lineBreaks: Bool = false, max: Int = 500) throws -> String {
        guard let value = try clean(text, path: path, lineBreaks: lineBreaks, max: max) else {
            throw DomainError.invalid([.init(path: path, message: "is required")])
        }
        return value
    }
}
