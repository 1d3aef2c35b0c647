import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Decisions and certificates, inspections, downgrades and revocations. Stars enter the
/// registry only through its `CertificationRecorder`, in the same transaction as the rating
/// records, so the product's standing is always derived from the ledger.
extension RatingService {
    struct NewDecision: Decodable, Sendable {
        var number: String
        var decidedOn: String
        var level: IssuingLevel
        var dossierIDs: [Int64]
        /// Certificate numbers by dossier id; `<decision number>/<n>` otherwise.
        var certificateNumbers: [String: String]?

        enum CodingKeys: String, CodingKey {
            case number, level
            case decidedOn = "decided_on", dossierIDs = "dossier_ids", certificateNumbers = "certificate_numbers"
        }
    }

    func decide(_ new: NewDecision, by principal: Principal?, context: PluginContext) async throws -> Int64 {
        let number = try RatingText.required(new.number, path: "/number", max: 100)
        guard ProgrammeDate.isDate(new.decidedOn), new.decidedOn <= RatingClock.today() else {
            throw DomainError.invalid([.init(path: "/decided_on", message: "expected a date (YYYY-MM-DD) not after today, found '\(new.decidedOn)'")])
        }
        guard !new.dossierIDs.isEmpty, new.dossierIDs.count <= 5000, Set(new.dossierIDs).count == new.dossierIDs.count else {
            throw DomainError.invalid([.init(path: "/dossier_ids", message: "give 1 to 5000 distinct dossier ids")])
        }
        guard let validUntil = ProgrammeCalendar.adding(months: ProgrammeCalendar.validityMonths, to: new.decidedOn) else {
            throw DomainError.invalid([.init(path: "/decided_on", message: "not a calendar date")])
        }
        let level = new.level
        let database = context.database
        return try await database.transaction { db in
            var province: String?
            var rows: [(DossierRow, ResultEntry)] = []
            for (index, id) in new.dossierIDs.enumerated() {
                let path = "/dossier_ids/\(index)"
                guard let dossier = try await DossierRow.find(id, on: db, lockFor: database.engine), try await sees(dossier, principal, on: db) else {
                    throw DomainError.invalid([.init(path: path, message: "no dossier \(id)")])
                }
                let mayDecide = level == .central ? principal?.role == .nationalAdmin : Self.isOfficer(principal, province: dossier.provinceCode)
                guard mayDecide else { throw DomainError.forbidden("Your role may not sign \(level.rawValue) decisions for dossier \(id).") }
                if level != .central {
                    if let province, province != dossier.provinceCode {
                        throw DomainError.invalid([.init(path: path, message: "dossier \(id) is of province \(dossier.provinceCode); a decision covers one province (\(province))")])
                    }
                    province = dossier.provinceCode
                }
                let stageName = level == .district ? CouncilLevel.district.rawValue : level.rawValue
                guard let row = try await db.select().columns("*").from(RatingSchema.results).where("dossier_id", .equal, id)
                    .where("stage", .equal, stageName).orderBy("chain_seq", .descending).first() else {
                    throw DomainError.invalid([.init(path: path, message: "dossier \(id) has no result at the \(stageName) level")])
                }
                let result = try ResultEntry(row: row)
                guard result.decisionDue else {
                    throw DomainError.invalid([.init(path: path, message: result.stars < 3 || result.outcome == "ended"
                        ? "dossier \(id) was rated \(result.stars)★ (\(result.outcome)); only 3★ and above get a decision"
                        : "dossier \(id) is decided at another level (\(result.forwarded ? "forwarded" : "not recognised here"))")])
                }
                let already = try await db.select().column(SQLColumn("decision_id", table: "i"))
                    .from(SQLAlias(SQLIdentifier(RatingSchema.decisionItems), as: SQLIdentifier("i")))
                    .join(SQLAlias(SQLIdentifier(RatingSchema.decisions), as: SQLIdentifier("d")), method: SQLJoinMethod.inner,
                          on: SQLColumn("id", table: "d"), .equal, SQLColumn("decision_id", table: "i"))
                    .where(SQLColumn("dossier_id", table: "i"), .equal, SQLBind(id)).where(SQLColumn("level", table: "d"), .equal, SQLBind(level.rawValue))
                    .first()
                if let already {
                    throw DomainError.conflict("Dossier \(id) is already in decision \(try already.decode(column: "decision_id", as: Int64.self)).", path: path)
                }
                rows.append((dossier, result))
            }
            let decisionProvince = province ?? Self.nationwide
            let clash = try await db.select().column("id").from(RatingSchema.decisions).where("province_code", .equal, decisionProvince)
                .where("level", .equal, level.rawValue).where("number", .equal, number).first()
            guard clash == nil else { throw DomainError.conflict("Decision \(number) is already recorded at this level.", path: "/number") }
            guard let act = rows.first.flatMap({ LegalAct(rawValue: $0.0.act) }) else { throw DomainError.invalid([.init(path: "/dossier_ids", message: "no act")]) }
            guard let decisionRow = try await db.insert(into: RatingSchema.decisions)
                .columns("number", "decided_on", "level", "act", "province_code", "recorded_by", "recorded_at")
                .values(SQLBind(number), SQLBind(new.decidedOn), SQLBind(level.rawValue), SQLBind(act.rawValue), SQLBind(decisionProvince),
                        SQLBind(principal?.username), SQLBind(RatingClock.now()))
                .returning("id").first() else { throw DomainError.notFound("The decision was not stored.") }
            let decisionID = try decisionRow.decode(column: "id", as: Int64.self)
            let recorder = try recorder()
            for (index, (dossier, result)) in rows.enumerated() {
                let potential = result.outcome == "potential_5"
                let stars = potential ? 4 : result.stars
                let kind = potential ? DecisionKind.potentialFiveStar : .recognised
                let certificate = try RatingText.clean(new.certificateNumbers?[String(dossier.id)], path: "/certificate_numbers/\(dossier.id)", max: 100)
                    ?? "\(number)/\(index + 1)"
                let certificationID = try await recorder.record(CertificationRecord(
                    productID: dossier.productID, stars: stars, certificateNumber: certificate, decidedOn: new.decidedOn, validUntil: validUntil,
                    source: Self.source, decision: kind.rawValue, decisionNumber: number, issuingLevel: level.rawValue, legalAct: dossier.act,
                    recordedBy: principal?.username), outbox: context.outbox, on: db)
                // Rating's copy of the standing follows at once (the registry's event comes later, and is then a no-op).
                try await Self.apply(CertificationRecorded(
                    certificationID: certificationID, productID: dossier.productID, subjectID: dossier.subjectID, provinceCode: dossier.provinceCode,
                    communeCode: dossier.communeCode, stars: stars, certificateNumber: certificate, decidedOn: new.decidedOn, validUntil: validUntil,
                    source: Self.source, decision: kind.rawValue), on: db)
                let entry = DecisionEntry(decisionID: decisionID, dossierID: dossier.id, productID: dossier.productID, stars: stars, kind: kind.rawValue,
                                          certificateNumber: certificate, validUntil: validUntil, certificationID: certificationID)
                let seq = try await HashChain.append("dossier:\(dossier.id)", kind: "decision", actor: principal?.username,
                                                     payload: HashChain.canonical(entry), engine: database.engine, on: db)
                try await db.insert(into: RatingSchema.decisionItems)
                    .columns("decision_id", "dossier_id", "product_id", "stars", "kind", "certificate_number", "valid_until", "certification_id", "chain_seq")
                    .values(SQLBind(decisionID), SQLBind(dossier.id), SQLBind(dossier.productID), SQLBind(stars), SQLBind(kind.rawValue),
                            SQLBind(certificate), SQLBind(validUntil), SQLBind(certificationID), SQLBind(seq))
                    .run()
            }
            return decisionID
        }
    }

    func decision(_ id: Int64, by principal: Principal?, on db: any SQLDatabase) async throws -> DecisionView {
        guard let row = try await db.select().columns("*").from(RatingSchema.decisions).where("id", .equal, id).first() else {
            throw DomainError.notFound("No decision \(id).")
        }
        let items = try await db.select()
            .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("i"))).column(SQLColumn("product_name", table: "d"))
            .from(SQLAlias(SQLIdentifier(RatingSchema.decisionItems), as: SQLIdentifier("i")))
            .join(SQLAlias(SQLIdentifier(RatingSchema.dossiers), as: SQLIdentifier("d")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "d"), .equal, SQLColumn("dossier_id", table: "i"))
            .where(SQLColumn("decision_id", table: "i"), .equal, SQLBind(id)).orderBy(SQLColumn("dossier_id", table: "i")).all()
            .map { row in
                let entry = try DecisionEntry(row: row)
                return DecisionView.Item(dossierID: entry.dossierID, productID: entry.productID, productName: try row.decode(column: "product_name", as: String.self),
                                         stars: entry.stars, kind: entry.kind, certificateNumber: entry.certificateNumber, validUntil: entry.validUntil,
                                         certificationID: entry.certificationID)
            }
        // A decision is public once signed: it names products and stars, nothing private.
        return DecisionView(id: id, number: try row.decode(column: "number", as: String.self), decidedOn: try row.decode(column: "decided_on", as: String.self),
                            level: try row.decode(column: "level", as: String.self), act: try row.decode(column: "act", as: String.self),
                            provinceCode: try row.decode(column: "province_code", as: String.self), items: items)
    }

    /// Decided stars, for everyone: the decisions' items, newest first.
    func publicResults(province: String?, limit: Int, offset: Int, on db: any SQLDatabase) async throws -> Page<PublicResult> {
        func base(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query.from(SQLAlias(SQLIdentifier(RatingSchema.decisionItems), as: SQLIdentifier("i")))
                .join(SQLAlias(SQLIdentifier(RatingSchema.decisions), as: SQLIdentifier("c")), method: SQLJoinMethod.inner,
                      on: SQLColumn("id", table: "c"), .equal, SQLColumn("decision_id", table: "i"))
                .join(SQLAlias(SQLIdentifier(RatingSchema.dossiers), as: SQLIdentifier("d")), method: SQLJoinMethod.inner,
                      on: SQLColumn("id", table: "d"), .equal, SQLColumn("dossier_id", table: "i"))
            if let province { query = query.where(SQLColumn("province_code", table: "d"), .equal, SQLBind(province)) }
            return query
        }
        let total = try await base(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await base(db.select()
            .column(SQLColumn("product_id", table: "i")).column(SQLColumn("stars", table: "i")).column(SQLColumn("kind", table: "i"))
            .column(SQLColumn("valid_until", table: "i")).column(SQLColumn("number", table: "c")).column(SQLColumn("decided_on", table: "c"))
            .column(SQLColumn("level", table: "c")).column(SQLColumn("product_name", table: "d")).column(SQLColumn("subject_name", table: "d"))
            .column(SQLColumn("province_code", table: "d")))
            .orderBy(SQLOrderBy(expression: SQLColumn("decided_on", table: "c"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("decision_id", table: "i"), direction: SQLDirection.descending))
            .orderBy(SQLColumn("dossier_id", table: "i")).limit(limit).offset(offset).all()
        let items = try rows.map { row in
            PublicResult(productID: try row.decode(column: "product_id", as: Int64.self), productName: try row.decode(column: "product_name", as: String.self),
                         subjectName: try row.decode(column: "subject_name", as: String.self), provinceCode: try row.decode(column: "province_code", as: String.self),
                         stars: try row.decode(column: "stars", as: Int.self), kind: try row.decode(column: "kind", as: String.self),
                         decisionNumber: try row.decode(column: "number", as: String.self), decidedOn: try row.decode(column: "decided_on", as: String.self),
                         validUntil: try row.decode(column: "valid_until", as: String.self), level: try row.decode(column: "level", as: String.self))
        }
        return Page(items: items, total: total, limit: limit, offset: offset)
    }

    // MARK: inspections, downgrades, revocations

    struct NewInspection: Decodable, Sendable {
        var subjectID: Int64
        var productID: Int64?
        var inspectedOn: String
        var findings: [Finding]
        var conclusion: InspectionView.Conclusion

        enum CodingKeys: String, CodingKey {
            case findings, conclusion
            case subjectID = "subject_id", productID = "product_id", inspectedOn = "inspected_on"
        }
    }

    func inspect(_ new: NewInspection, by principal: Principal?, context: PluginContext) async throws -> InspectionView {
        guard ProgrammeDate.isDate(new.inspectedOn), new.inspectedOn <= RatingClock.today() else {
            throw DomainError.invalid([.init(path: "/inspected_on", message: "expected a date (YYYY-MM-DD) not after today, found '\(new.inspectedOn)'")])
        }
        guard !new.findings.isEmpty || new.conclusion == .compliant else {
            throw DomainError.invalid([.init(path: "/findings", message: "a conclusion other than compliant rests on findings")])
        }
        var cleaned: [Finding] = []
        for (index, finding) in new.findings.enumerated() {
            cleaned.append(Finding(topic: try RatingText.required(finding.topic, path: "/findings/\(index)/topic", max: 200),
                                    finding: try RatingText.required(finding.finding, path: "/findings/\(index)/finding", lineBreaks: true, max: 4000),
                                    severity: finding.severity))
        }
        let findings = cleaned
        let database = context.database
        return try await database.transaction { db in
            guard let area = try await subjects().area(ofSubject: new.subjectID, on: db),
                  Scope(principal: principal).seesFully(province: area.provinceCode, commune: area.communeCode, subjectID: new.subjectID) else {
                throw DomainError.invalid([.init(path: "/subject_id", message: "no subject \(new.subjectID) in your area")])
            }
            guard Self.isOfficer(principal, province: area.provinceCode) else {
                throw DomainError.forbidden("Only the officers of province \(area.provinceCode) record its inspections.")
            }
            if let product = new.productID {
                guard let facts = try await products().product(product, on: db), facts.subjectID == new.subjectID else {
                    throw DomainError.invalid([.init(path: "/product_id", message: "subject \(new.subjectID) has no product \(product)")])
                }
            }
            guard let row = try await db.insert(into: RatingSchema.inspections)
                .columns("province_code", "subject_id", "product_id", "inspected_on", "findings", "conclusion", "recorded_by", "recorded_at")
                .values(SQLBind(area.provinceCode), SQLBind(new.subjectID), SQLBind(new.productID), SQLBind(new.inspectedOn),
                        SQLBind(HashChain.canonical(findings)), SQLBind(new.conclusion.rawValue), SQLBind(principal?.username), SQLBind(RatingClock.now()))
                .returning("id").first() else { throw DomainError.notFound("The inspection was not stored.") }
            let view = InspectionView(id: try row.decode(column: "id", as: Int64.self), provinceCode: area.provinceCode, subjectID: new.subjectID,
                                      productID: new.productID, inspectedOn: new.inspectedOn, findings: findings, conclusion: new.conclusion,
                                      recordedBy: principal?.username)
            try await HashChain.append("subject:\(new.subjectID)", kind: "inspection", actor: principal?.username, payload: HashChain.canonical(view),
                                       engine: database.engine, on: db)
            return view
        }
    }

    func inspections(subject: Int64?, product: Int64?, by principal: Principal?, on db: any SQLDatabase) async throws -> [InspectionView] {
        guard let principal, principal.role == .nationalAdmin || principal.role == .provinceOfficer else {
            throw DomainError.forbidden("Inspections are read by officers.")
        }
        var query = db.select().columns("*").from(RatingSchema.inspections)
        if principal.role == .provinceOfficer { query = query.where("province_code", .equal, principal.provinceCode ?? "-") }
        if let subject { query = query.where("subject_id", .equal, subject) }
        if let product { query = query.where("product_id", .equal, product) }
        return try await query.orderBy("inspected_on", .descending).orderBy("id", .descending).limit(500).all().map { row in
            InspectionView(id: try row.decode(column: "id", as: Int64.self), provinceCode: try row.decode(column: "province_code", as: String.self),
                           subjectID: try row.decode(column: "subject_id", as: Int64.self), productID: try row.decode(column: "product_id", as: Int64?.self),
                           inspectedOn: try row.decode(column: "inspected_on", as: String.self),
                           findings: try JSONDecoder().decode([Finding].self, from: Data(try row.decode(column: "findings", as: String.self).utf8)),
                           conclusion: InspectionView.Conclusion(rawValue: try row.decode(column: "conclusion", as: String.self)) ?? .remedy,
                           recordedBy: try row.decode(column: "recorded_by", as: String?.self))
        }
    }

    struct StandingRequest: Decodable, Sendable {
        /// The stars after a downgrade (absent for a revocation).
        var stars: Int?
        var ground: DecisionGround
        var decisionNumber: String
        var decidedOn: String
        var inspectionID: Int64?
        var note: String?

        enum CodingKeys: String, CodingKey {
            case stars, ground, note
            case decisionNumber = "decision_number", decidedOn = "decided_on", inspectionID = "inspection_id"
        }
    }

    /// Downgrades (`revoke` false) or revokes a product's recognition through the ledger.
    func changeStanding(product id: Int64, _ request: StandingRequest, revoke: Bool, by principal: Principal?,
                        context: PluginContext) async throws -> StandingChange {
        let number = try RatingText.required(request.decisionNumber, path: "/decision_number", max: 100)
        let note = try RatingText.clean(request.note, path: "/note", lineBreaks: true)
        guard ProgrammeDate.isDate(request.decidedOn), request.decidedOn <= RatingClock.today() else {
            throw DomainError.invalid([.init(path: "/decided_on", message: "expected a date (YYYY-MM-DD) not after today, found '\(request.decidedOn)'")])
        }
        let database = context.database
        return try await database.transaction { db in
            guard let product = try await products().product(id, on: db),
                  Scope(principal: principal).seesFully(province: product.provinceCode, commune: product.communeCode, subjectID: product.subjectID) else {
                throw DomainError.notFound("No product \(id).")
            }
            guard Self.isOfficer(principal, province: product.provinceCode) else {
                throw DomainError.forbidden("Only the officers of province \(product.provinceCode) downgrade or revoke its products.")
            }
            guard let current = product.currentStars else {
                throw DomainError.conflict("Product \(id) holds no valid certificate to \(revoke ? "revoke" : "downgrade").")
            }
            if let inspection = request.inspectionID {
                guard try await db.select().column("id").from(RatingSchema.inspections).where("id", .equal, inspection)
                    .where("subject_id", .equal, product.subjectID).first() != nil else {
                    throw DomainError.invalid([.init(path: "/inspection_id", message: "no inspection \(inspection) of subject \(product.subjectID)")])
                }
            }
            let stars: Int
            if revoke {
                stars = current
            } else {
                guard let wanted = request.stars, wanted >= 3, wanted < current else {
                    throw DomainError.invalid([.init(path: "/stars", message: current <= 3
                        ? "product \(id) holds 3★; below 3★ there is no recognition: revoke it instead"
                        : "a downgrade from \(current)★ goes to 3★–\(current - 1)★, found \(request.stars.map(String.init) ?? "none")")])
                }
                stars = wanted
            }
            let held = try await db.select().columns("valid_until", "certificate_number").from(RatingSchema.certificates).where("product_id", .equal, id).first()
            // A downgrade keeps the certificate's term; a revocation ends it on the decision's day.
            let validUntil = revoke ? request.decidedOn
                : (try held?.decode(column: "valid_until", as: String.self)
                    ?? ProgrammeCalendar.adding(months: ProgrammeCalendar.validityMonths, to: request.decidedOn) ?? request.decidedOn)
            let kind = revoke ? DecisionKind.revoked : .downgraded
            let ground = [request.ground.rawValue, note].compactMap { $0 }.joined(separator: ": ")
            let certificationID = try await recorder().record(CertificationRecord(
                productID: id, stars: stars, certificateNumber: try held?.decode(column: "certificate_number", as: String?.self),
                decidedOn: request.decidedOn, validUntil: validUntil, source: Self.source, decision: kind.rawValue, decisionNumber: number,
                issuingLevel: IssuingLevel.province.rawValue, legalAct: LegalAct.inForce(on: request.decidedOn)?.rawValue, ground: ground,
                recordedBy: principal?.username), outbox: context.outbox, on: db)
            // The change must become the product's latest decision: one dated before the decision it
            // changes would be recorded behind it, and the product would keep its stars.
            guard try await products().product(id, on: db)?.currentStars == (revoke ? nil : stars) else {
                throw DomainError.invalid([.init(path: "/decided_on", message: "product \(id)'s current decision is dated after \(request.decidedOn); a \(revoke ? "revocation" : "downgrade") is dated on or after it")])
            }
            try await Self.apply(CertificationRecorded(
                certificationID: certificationID, productID: id, subjectID: product.subjectID, provinceCode: product.provinceCode,
                communeCode: product.communeCode, stars: stars, certificateNumber: try held?.decode(column: "certificate_number", as: String?.self),
                decidedOn: request.decidedOn, validUntil: validUntil, source: Self.source, decision: kind.rawValue), on: db)
            let change = StandingChange(productID: id, certificationID: certificationID, decision: kind.rawValue, stars: stars, ground: ground,
                                        decisionNumber: number, decidedOn: request.decidedOn, validUntil: validUntil)
            try await HashChain.append("product:\(id)", kind: kind.rawValue, actor: principal?.username, payload: HashChain.canonical(change),
                                       engine: database.engine, on: db)
            return change
        }
    }

    // MARK: the ledger as rating sees it

    /// Keeps `rating_certificates` (the latest decision per product) from the registry's events.
    /// One upsert: the event's delivery and a decision recorded in the same moment may both write
    /// the row; an older decision never replaces a newer one (events come at least once).
    static func apply(_ event: CertificationRecorded, on db: any SQLDatabase) async throws {
        let decision = event.decision ?? DecisionKind.recognised.rawValue
        try await db.raw("""
            INSERT INTO \(unsafeRaw: RatingSchema.certificates)
                (product_id, certification_id, subject_id, province_code, commune_code, stars, decision, certificate_number, decided_on, valid_until)
            VALUES (\(bind: event.productID), \(bind: event.certificationID), \(bind: event.subjectID), \(bind: event.provinceCode),
                    \(bind: event.communeCode), \(bind: event.stars), \(bind: decision), \(bind: event.certificateNumber),
                    \(bind: event.decidedOn), \(bind: event.validUntil))
            ON CONFLICT (product_id) DO UPDATE SET
                certification_id = excluded.certification_id, subject_id = excluded.subject_id, province_code = excluded.province_code,
                commune_code = excluded.commune_code, stars = excluded.stars, decision = excluded.decision,
                certificate_number = excluded.certificate_number, decided_on = excluded.decided_on, valid_until = excluded.valid_until,
                notified_on = NULL
            WHERE excluded.decided_on > \(unsafeRaw: RatingSchema.certificates).decided_on
               OR (excluded.decided_on = \(unsafeRaw: RatingSchema.certificates).decided_on
                   AND excluded.certification_id > \(unsafeRaw: RatingSchema.certificates).certification_id)
            """).run()
    }

    /// The registry's expiry notice reached rating: mark the certificate as notified.
    static func noted(_ event: CertificateExpiring, on db: any SQLDatabase) async throws {
        try await db.update(RatingSchema.certificates).set("notified_on", to: SQLBind(RatingClock.today()))
            .where("product_id", .equal, event.productID).where("certification_id", .equal, event.certificationID).run()
    }

    /// Certificates ending within `days` of `today` that still hold stars, soonest first.
    func expiring(within days: Int, today: String, province: String?, by principal: Principal?, on db: any SQLDatabase) async throws -> [ExpiringCertificate] {
        var query = db.select().columns("*").from(RatingSchema.certificates)
            .where("valid_until", .greaterThanOrEqual, today)
            .where("valid_until", .lessThanOrEqual, ProgrammeCalendar.adding(days: days, to: today) ?? today)
            .where("decision", .notIn, [DecisionKind.revoked.rawValue, DecisionKind.withdrawn.rawValue])
        if let principal {
            switch principal.role {
            case .nationalAdmin: break
            case .provinceOfficer: query = query.where("province_code", .equal, principal.provinceCode ?? "-")
            case .communeOfficer: query = query.where("commune_code", .equal, principal.communeCode ?? "-")
            case .producer: query = query.where("subject_id", .equal, principal.subjectID ?? -1)
            case .councilMember: throw DomainError.forbidden("The expiry list is for officers and producers.")
            }
        }
        if let province { query = query.where("province_code", .equal, province) }
        let rows = try await query.orderBy("valid_until").orderBy("product_id").limit(5000).all()
        var out: [ExpiringCertificate] = []
        let lookup = try products()
        for row in rows {
            let product = try row.decode(column: "product_id", as: Int64.self)
            let until = try row.decode(column: "valid_until", as: String.self)
            out.append(ExpiringCertificate(
                productID: product, productName: try await lookup.product(product, on: db)?.name ?? "",
                subjectID: try row.decode(column: "subject_id", as: Int64.self), provinceCode: try row.decode(column: "province_code", as: String.self),
                communeCode: try row.decode(column: "commune_code", as: String.self), stars: try row.decode(column: "stars", as: Int.self),
                certificateNumber: try row.decode(column: "certificate_number", as: String?.self), validUntil: until,
                daysLeft: ProgrammeDate.days(from: today, to: until), notifiedOn: try row.decode(column: "notified_on", as: String?.self)))
        }
        return out
    }
}

extension ProgrammeDate {
    static func days(from start: String, to end: String) -> Int {
        guard let a = ProgrammeCalendar.parse(start), let b = ProgrammeCalendar.parse(end) else { return 0 }
        return Int((b.timeIntervalSince(a) / 86_400).rounded())
    }
}
