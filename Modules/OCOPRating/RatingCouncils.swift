import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Councils, their rounds and seats, conflicts of interest, the members' sheets and the
/// chair's close.
extension RatingService {
    /// The province code central councils and decisions carry: they serve every province.
    static let nationwide = "*"

    struct NewCouncil: Decodable, Sendable {
        var level: CouncilLevel
        var provinceCode: String?
        var communeCode: String?
        var name: String
        var decisionNumber: String
        var establishedOn: String

        enum CodingKeys: String, CodingKey {
            case level, name
            case provinceCode = "province_code", communeCode = "commune_code", decisionNumber = "decision_number", establishedOn = "established_on"
        }
    }

    func createCouncil(_ new: NewCouncil, by principal: Principal?, context: PluginContext) async throws -> Int64 {
        let name = try RatingText.required(new.name, path: "/name")
        let number = try RatingText.required(new.decisionNumber, path: "/decision_number", max: 100)
        guard ProgrammeDate.isDate(new.establishedOn) else {
            throw DomainError.invalid([.init(path: "/established_on", message: "expected a date (YYYY-MM-DD), found '\(new.establishedOn)'")])
        }
        let units = try AdminUnits.shared
        var province = Self.nationwide
        var commune: String?
        switch new.level {
        case .central:
            guard principal?.role == .nationalAdmin else { throw DomainError.forbidden("Only a national admin sets up the central council.") }
        case .province, .district, .commune:
            guard let code = new.provinceCode, let provinceCode = ProvinceCode(code), units.province(provinceCode) != nil else {
                throw DomainError.invalid([.init(path: "/province_code", message: "expected a current province code, found '\(new.provinceCode ?? "")'")])
            }
            province = code
            if new.level == .commune {
                guard let code = new.communeCode, let communeCode = CommuneCode(code), let found = units.commune(communeCode),
                      found.provinceCode == provinceCode else {
                    throw DomainError.invalid([.init(path: "/commune_code", message: "expected a commune of province \(province), found '\(new.communeCode ?? "")'")])
                }
                commune = code
                guard Self.isOfficer(principal, province: province) || (principal?.role == .communeOfficer && principal?.communeCode == code) else {
                    throw DomainError.forbidden("Only the officers of commune \(code) or of province \(province) set up its council.")
                }
            } else {
                guard Self.isOfficer(principal, province: province) else {
                    throw DomainError.forbidden("Only the officers of province \(province) set up its councils.")
                }
            }
        }
        let councilProvince = province, councilCommune = commune
        return try await context.database.transaction { db in
            guard let row = try await db.insert(into: RatingSchema.councils)
                .columns("level", "province_code", "commune_code", "name", "decision_number", "established_on", "created_by", "created_at")
                .values(SQLBind(new.level.rawValue), SQLBind(councilProvince), SQLBind(councilCommune), SQLBind(name), SQLBind(number), SQLBind(new.establishedOn),
                        SQLBind(principal?.username), SQLBind(RatingClock.now()))
                .returning("id").first() else { throw DomainError.notFound("The council was not stored.") }
            return try row.decode(column: "id", as: Int64.self)
        }
    }

    struct CouncilRow: Sendable {
        var id: Int64
        var level: CouncilLevel
        var provinceCode: String
        var communeCode: String?
        var name: String
        var decisionNumber: String
        var establishedOn: String

        init(row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int64.self)
            level = CouncilLevel(rawValue: try row.decode(column: "level", as: String.self)) ?? .province
            provinceCode = try row.decode(column: "province_code", as: String.self)
            communeCode = try row.decode(column: "commune_code", as: String?.self)
            name = try row.decode(column: "name", as: String.self)
            decisionNumber = try row.decode(column: "decision_number", as: String.self)
            establishedOn = try row.decode(column: "established_on", as: String.self)
        }
    }

    func council(_ id: Int64, on db: any SQLDatabase) async throws -> CouncilRow {
        guard let row = try await db.select().columns("*").from(RatingSchema.councils).where("id", .equal, id).first() else {
            throw DomainError.notFound("No council \(id).")
        }
        return try CouncilRow(row: row)
    }

    /// Officers see their province's councils (and the central one); members their own.
    func mayRead(council: CouncilRow, _ principal: Principal?, on db: any SQLDatabase) async throws -> Bool {
        guard let principal else { return false }
        switch principal.role {
        case .nationalAdmin: return true
        case .provinceOfficer: return council.provinceCode == principal.provinceCode || council.provinceCode == Self.nationwide
        case .communeOfficer: return council.communeCode != nil && council.communeCode == principal.communeCode
        case .councilMember, .producer:
            return try await db.select().column(SQLColumn("round_id", table: "m"))
                .from(SQLAlias(SQLIdentifier(RatingSchema.members), as: SQLIdentifier("m")))
                .join(SQLAlias(SQLIdentifier(RatingSchema.rounds), as: SQLIdentifier("r")), method: SQLJoinMethod.inner,
                      on: SQLColumn("id", table: "r"), .equal, SQLColumn("round_id", table: "m"))
                .where(SQLColumn("council_id", table: "r"), .equal, SQLBind(council.id))
                .where(SQLColumn("username", table: "m"), .equal, SQLBind(principal.username)).first() != nil
        }
    }

    func councilView(_ council: CouncilRow, on db: any SQLDatabase) async throws -> CouncilView {
        var byYear: [String: Int] = [:]
        for row in try await db.select().column("year").from(RatingSchema.rounds).where("council_id", .equal, council.id).all() {
            byYear[String(try row.decode(column: "year", as: Int.self)), default: 0] += 1
        }
        let process = council.provinceCode == Self.nationwide ? processes.process(province: "", on: RatingClock.today())
                                                               : processes.process(province: council.provinceCode, on: RatingClock.today())
        return CouncilView(id: council.id, level: council.level.rawValue, provinceCode: council.provinceCode, communeCode: council.communeCode,
                           name: council.name, decisionNumber: council.decisionNumber, establishedOn: council.establishedOn,
                           roundsByYear: byYear, roundsRequiredPerYear: council.level == .province ? process?.roundsPerYear : nil)
    }

    func councils(by principal: Principal?, on db: any SQLDatabase) async throws -> [CouncilView] {
        var out: [CouncilView] = []
        for row in try await db.select().columns("*").from(RatingSchema.councils).orderBy("id").all() {
            let council = try CouncilRow(row: row)
            if try await mayRead(council: council, principal, on: db) { out.append(try await councilView(council, on: db)) }
        }
        return out
    }

    struct NewRound: Decodable, Sendable {
        var name: String
        var year: Int
        var opensOn: String
        var members: [MemberView]

        enum CodingKeys: String, CodingKey {
            case name, year, members
            case opensOn = "opens_on"
        }
    }

    func createRound(council id: Int64, _ new: NewRound, by principal: Principal?, context: PluginContext) async throws -> Int64 {
        let name = try RatingText.required(new.name, path: "/name")
        guard (2019...2100).contains(new.year) else {
            throw DomainError.invalid([.init(path: "/year", message: "expected a year from 2019 to 2100, found \(new.year)")])
        }
        guard ProgrammeDate.isDate(new.opensOn), new.opensOn.hasPrefix(String(new.year)) else {
            throw DomainError.invalid([.init(path: "/opens_on", message: "expected a date (YYYY-MM-DD) in \(new.year), found '\(new.opensOn)'")])
        }
        var seen = Set<String>()
        for (index, member) in new.members.enumerated() {
            guard let username = try RatingText.clean(member.username, path: "/members/\(index)/username", max: 100) else {
                throw DomainError.invalid([.init(path: "/members/\(index)/username", message: "is required")])
            }
            guard seen.insert(username.lowercased()).inserted else {
                throw DomainError.invalid([.init(path: "/members/\(index)/username", message: "\(username) already has a seat in this round")])
            }
        }
        let chairs = new.members.filter { $0.seat == .chair }.count
        guard chairs == 1 else {
            throw DomainError.invalid([.init(path: "/members", message: "a round has exactly one chair; found \(chairs)")])
        }
        guard new.members.contains(where: { $0.seat == .member }) else {
            throw DomainError.invalid([.init(path: "/members", message: "a round needs members who score besides the chair")])
        }
        return try await context.database.transaction { db in
            let council = try await council(id, on: db)
            guard try await mayRead(council: council, principal, on: db) else { throw DomainError.notFound("No council \(id).") }
            guard try Self.mayRun(council, principal) else { throw DomainError.forbidden("Your role may not open rounds of council \(id).") }
            guard let row = try await db.insert(into: RatingSchema.rounds).columns("council_id", "name", "year", "opens_on", "created_at")
                .values(SQLBind(id), SQLBind(name), SQLBind(new.year), SQLBind(new.opensOn), SQLBind(RatingClock.now()))
                .returning("id").first() else { throw DomainError.notFound("The round was not stored.") }
            let round = try row.decode(column: "id", as: Int64.self)
            for (index, member) in new.members.enumerated() {
                // A seat goes to an existing, active account; a producer never judges products.
                guard let account = try await accounts().activeAccount(username: member.username.trimmingCharacters(in: .whitespaces), on: db) else {
                    throw DomainError.invalid([.init(path: "/members/\(index)/username", message: "no active account \(member.username)")])
                }
                guard account.role != .producer else {
                    throw DomainError.invalid([.init(path: "/members/\(index)/username", message: "\(account.username) is a producer's account and cannot sit on a council")])
                }
                try await db.insert(into: RatingSchema.members).columns("round_id", "username", "seat")
                    .values(SQLBind(round), SQLBind(account.username), SQLBind(member.seat.rawValue)).run()
            }
            return round
        }
    }

    /// Who runs a council's rounds: the officers of its area (national admins for the central one).
    static func mayRun(_ council: CouncilRow, _ principal: Principal?) throws -> Bool {
        if council.provinceCode == nationwide { return principal?.role == .nationalAdmin }
        if council.level == .commune, principal?.role == .communeOfficer { return principal?.communeCode == council.communeCode }
        return isOfficer(principal, province: council.provinceCode)
    }

    struct RoundRow: Sendable {
        var id: Int64
        var council: CouncilRow
        var name: String
        var year: Int
        var opensOn: String
    }

    func round(_ id: Int64, on db: any SQLDatabase) async throws -> RoundRow {
        guard let row = try await db.select().columns("id", "council_id", "name", "year", "opens_on").from(RatingSchema.rounds)
            .where("id", .equal, id).first() else { throw DomainError.notFound("No round \(id).") }
        return RoundRow(id: id, council: try await council(try row.decode(column: "council_id", as: Int64.self), on: db),
                        name: try row.decode(column: "name", as: String.self), year: try row.decode(column: "year", as: Int.self),
                        opensOn: try row.decode(column: "opens_on", as: String.self))
    }

    func members(of round: Int64, on db: any SQLDatabase) async throws -> [MemberView] {
        try await db.select().columns("username", "seat").from(RatingSchema.members).where("round_id", .equal, round).orderBy("username").all().map {
            MemberView(username: try $0.decode(column: "username", as: String.self),
                       seat: CouncilSeat(rawValue: try $0.decode(column: "seat", as: String.self)) ?? .advisor)
        }
    }

    func roundView(_ id: Int64, by principal: Principal?, on db: any SQLDatabase) async throws -> RoundView {
        let round = try await round(id, on: db)
        guard try await mayRead(council: round.council, principal, on: db) else { throw DomainError.notFound("No round \(id).") }
        let count = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(RatingSchema.dossiers)
            .where("round_id", .equal, id).first()?.decode(column: "n", as: Int.self) ?? 0
        return RoundView(id: id, councilID: round.council.id, level: round.council.level.rawValue, provinceCode: round.council.provinceCode,
                         name: round.name, year: round.year, opensOn: round.opensOn, members: try await members(of: id, on: db), dossiers: count)
    }

    struct NewConflict: Decodable, Sendable {
        var subjectID: Int64
        var reason: String
        enum CodingKeys: String, CodingKey {
            case reason
            case subjectID = "subject_id"
        }
    }

    /// A member declares a tie to a producer: they will not score its dossiers in this round.
    func declareConflict(round id: Int64, _ new: NewConflict, by principal: Principal?, context: PluginContext) async throws -> ConflictView {
        guard let principal else { throw DomainError.forbidden("Sign in to declare a conflict of interest.") }
        let reason = try RatingText.required(new.reason, path: "/reason")
        return try await context.database.transaction { db in
            _ = try await round(id, on: db)
            guard try await seat(of: principal.username, round: id, on: db) != nil else {
                throw DomainError.forbidden("Only members of round \(id) declare conflicts in it.")
            }
            guard try await subjects().area(ofSubject: new.subjectID, on: db) != nil else {
                throw DomainError.invalid([.init(path: "/subject_id", message: "no subject \(new.subjectID)")])
            }
            let existing = try await db.select().column("username").from(RatingSchema.conflicts).where("round_id", .equal, id)
                .where("username", .equal, principal.username).where("subject_id", .equal, new.subjectID).first()
            guard existing == nil else {
                throw DomainError.conflict("\(principal.username) already declared a conflict with subject \(new.subjectID) in round \(id).", path: "/subject_id")
            }
            // A submitted sheet is final and counts at the close: a conflict comes before scoring.
            let scored = try await db.select().column(SQLColumn("dossier_id", table: "s"))
                .from(SQLAlias(SQLIdentifier(RatingSchema.sheets), as: SQLIdentifier("s")))
                .join(SQLAlias(SQLIdentifier(RatingSchema.dossiers), as: SQLIdentifier("d")), method: SQLJoinMethod.inner,
                      on: SQLColumn("id", table: "d"), .equal, SQLColumn("dossier_id", table: "s"))
                .where(SQLColumn("round_id", table: "s"), .equal, SQLBind(id)).where(SQLColumn("username", table: "s"), .equal, SQLBind(principal.username))
                .where(SQLColumn("subject_id", table: "d"), .equal, SQLBind(new.subjectID))
                .where(SQLColumn("submitted_at", table: "s"), .isNot, SQLLiteral.null).first()
            if let scored {
                throw DomainError.conflict("\(principal.username) already submitted a sheet on dossier \(try scored.decode(column: "dossier_id", as: Int64.self)) of subject \(new.subjectID) in round \(id); a conflict is declared before scoring.", path: "/subject_id")
            }
            let now = RatingClock.now()
            try await db.insert(into: RatingSchema.conflicts).columns("round_id", "username", "subject_id", "reason", "declared_at")
                .values(SQLBind(id), SQLBind(principal.username), SQLBind(new.subjectID), SQLBind(reason), SQLBind(now)).run()
            return ConflictView(roundID: id, username: principal.username, subjectID: new.subjectID, reason: reason, declaredAt: now)
        }
    }

    func conflicted(_ username: String, round: Int64, subject: Int64, on db: any SQLDatabase) async throws -> Bool {
        try await db.select().column("username").from(RatingSchema.conflicts).where("round_id", .equal, round)
            .where("username", .equal, username).where("subject_id", .equal, subject).first() != nil
    }

    /// Eligible dossiers at the council's level enter the round: they are now being scored.
    func assign(round id: Int64, dossiers ids: [Int64], by principal: Principal?, context: PluginContext) async throws {
        guard !ids.isEmpty, ids.count <= 5000 else {
            throw DomainError.invalid([.init(path: "/dossier_ids", message: "give 1 to 5000 dossier ids")])
        }
        let database = context.database
        try await database.transaction { db in
            let round = try await round(id, on: db)
            guard try await mayRead(council: round.council, principal, on: db) else { throw DomainError.notFound("No round \(id).") }
            guard try Self.mayRun(round.council, principal) else { throw DomainError.forbidden("Your role may not fill round \(id).") }
            guard round.council.level != .commune else {
                throw DomainError.conflict("A commune council pre-assesses; it does not score dossiers in rounds.")
            }
            for (index, dossierID) in ids.enumerated() {
                guard let dossier = try await DossierRow.find(dossierID, on: db, lockFor: database.engine),
                      round.council.provinceCode == Self.nationwide || dossier.provinceCode == round.council.provinceCode else {
                    throw DomainError.invalid([.init(path: "/dossier_ids/\(index)", message: "no dossier \(dossierID) in the council's area")])
                }
                guard dossier.state == .eligible else {
                    throw DomainError.invalid([.init(path: "/dossier_ids/\(index)", message: "dossier \(dossierID) is \(dossier.state.rawValue); only eligible dossiers enter a round")])
                }
                guard dossier.stage == round.council.level.rawValue else {
                    throw DomainError.invalid([.init(path: "/dossier_ids/\(index)", message: "dossier \(dossierID) waits for the \(dossier.stage) level, not the \(round.council.level.rawValue) council")])
                }
                try await db.update(RatingSchema.dossiers).set("state", to: SQLBind(DossierState.scoring.rawValue)).set("round_id", to: SQLBind(id))
                    .set("updated_at", to: SQLBind(RatingClock.now())).where("id", .equal, dossierID).run()
                try await recordTransition(dossierID, from: .eligible, to: .scoring, stage: dossier.stage, reason: nil, round: id,
                                           actor: principal?.username, engine: database.engine, on: db)
            }
        }
    }

    // MARK: sheets

    /// The caller's seat on the dossier's current round, refusing anyone who may not score it.
    func scorer(_ dossier: DossierRow, _ principal: Principal?, on db: any SQLDatabase) async throws -> (username: String, round: Int64) {
        guard let principal, let round = dossier.roundID, dossier.state == .scoring else {
            throw DomainError.conflict("Dossier \(dossier.id) is \(dossier.state.rawValue); sheets are filled while it is scored in a round.")
        }
        guard let seat = try await seat(of: principal.username, round: round, on: db), seat.scores else {
            throw DomainError.forbidden("Only the chair and members of round \(round) score dossier \(dossier.id).")
        }
        if try await conflicted(principal.username, round: round, subject: dossier.subjectID, on: db) {
            throw DomainError.forbidden("\(principal.username) declared a conflict of interest with subject \(dossier.subjectID) and may not score dossier \(dossier.id).")
        }
        return (principal.username, round)
    }

    struct StoredSheet: Sendable {
        var points: [String: Int]
        var total: Int?
        var submitted: Bool
    }

    func storedSheet(dossier: Int64, round: Int64, username: String, on db: any SQLDatabase) async throws -> StoredSheet? {
        guard let row = try await db.select().columns("points", "total", "submitted_at").from(RatingSchema.sheets).where("dossier_id", .equal, dossier)
            .where("round_id", .equal, round).where("username", .equal, username).first() else { return nil }
        let points = try JSONDecoder().decode([String: Int].self, from: Data(try row.decode(column: "points", as: String.self).utf8))
        return StoredSheet(points: points, total: try row.decode(column: "total", as: Int?.self),
                           submitted: try row.decode(column: "submitted_at", as: String?.self) != nil)
    }

    func sheetView(_ dossier: Int64, round: Int64, username: String, stored: StoredSheet, set: CriteriaSet) -> SheetView {
        let remaining = set.parts.flatMap(\.groups).flatMap { group -> [String] in
            if group.pick == .one { return group.criteria.contains { stored.points[$0.id] != nil } ? [] : [group.criteria.map(\.id).joined(separator: "|")] }
            return group.criteria.map(\.id).filter { stored.points[$0] == nil }
        }
        return SheetView(dossierID: dossier, roundID: round, username: username, points: stored.points, answered: stored.points.count,
                         remaining: remaining, total: stored.total, submitted: stored.submitted)
    }

    /// Saves answers (any subset, merged into the member's sheet); each must be an option of its criterion.
    func saveSheet(_ id: Int64, points: [String: Int], by principal: Principal?, context: PluginContext) async throws -> SheetView {
        let database = context.database
        return try await database.transaction { db in
            let dossier = try await visible(id, principal, on: db, lock: true, engine: database.engine)
            let (username, round) = try await scorer(dossier, principal, on: db)
            let set = try set(of: dossier)
            var stored = try await storedSheet(dossier: id, round: round, username: username, on: db)
            if stored?.submitted == true {
                throw DomainError.conflict("\(username) already submitted a sheet for dossier \(id) in round \(round); a sheet is submitted once.")
            }
            var errors: [InvalidField] = []
            let criteria = Dictionary(set.criteria.map { ($0.criterion.id, $0.criterion) }, uniquingKeysWith: { first, _ in first })
            for (key, value) in points.sorted(by: { $0.key < $1.key }) {
                guard let criterion = criteria[key] else {
                    errors.append(.init(path: "/points/\(key)", message: "set \(set.id) has no criterion \(key)"))
                    continue
                }
                let allowed = criterion.allowedPoints
                if !allowed.contains(value) {
                    errors.append(.init(path: "/points/\(key)", message: "\(value) is not an option of “\(criterion.title)” (line \(criterion.line)); its options give \(allowed.map(String.init).joined(separator: ", "))"))
                }
            }
            guard errors.isEmpty else { throw DomainError.invalid(errors) }
            let merged = (stored?.points ?? [:]).merging(points) { _, new in new }
            if stored == nil {
                try await db.insert(into: RatingSchema.sheets).columns("dossier_id", "round_id", "username", "points")
                    .values(SQLBind(id), SQLBind(round), SQLBind(username), SQLBind(HashChain.canonical(merged))).run()
            } else {
                try await db.update(RatingSchema.sheets).set("points", to: SQLBind(HashChain.canonical(merged))).where("dossier_id", .equal, id)
                    .where("round_id", .equal, round).where("username", .equal, username).run()
            }
            stored = StoredSheet(points: merged, total: nil, submitted: false)
            return sheetView(id, round: round, username: username, stored: stored!, set: set)
        }
    }

    /// Submits the member's sheet: complete, checked against the set, appended to the chain, final.
    func submitSheet(_ id: Int64, by principal: Principal?, context: PluginContext) async throws -> SheetView {
        let database = context.database
        return try await database.transaction { db in
            let dossier = try await visible(id, principal, on: db, lock: true, engine: database.engine)
            let (username, round) = try await scorer(dossier, principal, on: db)
            let set = try set(of: dossier)
            guard let stored = try await storedSheet(dossier: id, round: round, username: username, on: db) else {
                throw DomainError.conflict("\(username) has no answers on dossier \(id) yet; PUT /api/v1/rating/dossiers/\(id)/sheet first.")
            }
            if stored.submitted {
                throw DomainError.conflict("\(username) already submitted a sheet for dossier \(id) in round \(round); a sheet is submitted once.")
            }
            let parts: [String: Int]
            do { parts = try RatingEngine.check(ScoreSheet(member: username, points: stored.points), on: set).parts } catch let error as RatingError {
                throw DomainError.invalid([.init(path: "/points", message: error.message)])
            }
            let total = parts.values.reduce(0, +)
            let seq = try await HashChain.append("dossier:\(id)", kind: "sheet", actor: username, payload: HashChain.canonical(
                SheetEntry(roundID: round, username: username, points: stored.points, total: total)), engine: database.engine, on: db)
            try await db.update(RatingSchema.sheets).set("total", to: SQLBind(total)).set("submitted_at", to: SQLBind(RatingClock.now()))
                .set("chain_seq", to: SQLBind(seq)).where("dossier_id", .equal, id).where("round_id", .equal, round).where("username", .equal, username).run()
            return sheetView(id, round: round, username: username, stored: StoredSheet(points: stored.points, total: total, submitted: true), set: set)
        }
    }

    /// The caller's own sheet on the dossier's round.
    func mySheet(_ id: Int64, by principal: Principal?, on db: any SQLDatabase) async throws -> SheetView {
        let dossier = try await visible(id, principal, on: db)
        let (username, round) = try await scorer(dossier, principal, on: db)
        let stored = try await storedSheet(dossier: id, round: round, username: username, on: db) ?? StoredSheet(points: [:], total: nil, submitted: false)
        return sheetView(id, round: round, username: username, stored: stored, set: try set(of: dossier))
    }

    /// Who has submitted on the dossier's current round (officers, admins and the round's members).
    func sheetStatus(_ id: Int64, by principal: Principal?, on db: any SQLDatabase) async throws -> [SheetStatus] {
        let dossier = try await visible(id, principal, on: db)
        guard principal?.role != .producer else { throw DomainError.forbidden("Sheets are the council's.") }
        guard let round = dossier.roundID else { return [] }
        var out: [SheetStatus] = []
        for member in try await members(of: round, on: db) where member.seat.scores {
            let stored = try await storedSheet(dossier: id, round: round, username: member.username, on: db)
            out.append(SheetStatus(username: member.username, seat: member.seat.rawValue,
                                   conflicted: try await conflicted(member.username, round: round, subject: dossier.subjectID, on: db),
                                   submitted: stored?.submitted ?? false, total: stored?.submitted == true ? stored?.total : nil))
        }
        return out
    }

    func submittedSheets(dossier: Int64, round: Int64, on db: any SQLDatabase) async throws -> [ScoreSheet] {
        try await db.select().columns("username", "points").from(RatingSchema.sheets).where("dossier_id", .equal, dossier).where("round_id", .equal, round)
            .where(SQLColumn("submitted_at"), .isNot, SQLLiteral.null).orderBy("username").all().map { row in
                ScoreSheet(member: try row.decode(column: "username", as: String.self),
                           points: PointsText.decode(try row.decode(column: "points", as: String.self)) ?? [:])
            }
    }

    func consistency(_ id: Int64, by principal: Principal?, on db: any SQLDatabase) async throws -> CouncilConsistency {
        let dossier = try await visible(id, principal, on: db)
        guard principal?.role != .producer else { throw DomainError.forbidden("Sheets are the council's.") }
        let lastRound = try await results(dossier: id, on: db).last?.roundID
        guard let round = dossier.roundID ?? lastRound else {
            throw DomainError.conflict("Dossier \(id) has not been in a round.")
        }
        return CouncilConsistency.measure(try set(of: dossier), sheets: try await submittedSheets(dossier: id, round: round, on: db))
    }

    struct CloseRequest: Decodable, Sendable {
        /// Ids of the set's gates the council found to apply.
        var gates: [String]?
    }

    /// The chair closes the dossier's scoring once every sheet is in: the result is computed,
    /// stored and chained, and the dossier completes or goes on to the next level. Returns the
    /// dossier as closed: a forwarded one has left the round, so its chair no longer sees it.
    @discardableResult
    func close(_ id: Int64, _ request: CloseRequest, by principal: Principal?, context: PluginContext) async throws -> DossierRow {
        let database = context.database
        return try await database.transaction { db in
            let dossier = try await visible(id, principal, on: db, lock: true, engine: database.engine)
            guard let principal, let round = dossier.roundID, dossier.state == .scoring else {
                throw DomainError.conflict("Dossier \(id) is \(dossier.state.rawValue); only a dossier being scored is closed.")
            }
            guard try await seat(of: principal.username, round: round, on: db) == .chair else {
                throw DomainError.forbidden("Only the chair of round \(round) closes its scoring.")
            }
            var missing: [String] = []
            for member in try await members(of: round, on: db) where member.seat.scores {
                if try await conflicted(member.username, round: round, subject: dossier.subjectID, on: db) { continue }
                if try await storedSheet(dossier: id, round: round, username: member.username, on: db)?.submitted != true { missing.append(member.username) }
            }
            guard missing.isEmpty else {
                throw DomainError.conflict("Not every sheet is in: \(missing.joined(separator: ", ")) \(missing.count == 1 ? "has" : "have") not submitted.")
            }
            let sheets = try await submittedSheets(dossier: id, round: round, on: db)
            _ = try await finish(round: round, [Closing(dossier: dossier, sheets: sheets, gates: Set(request.gates ?? []))],
                                 actor: principal.username, store: database, on: db)
            guard let closed = try await DossierRow.find(id, on: db) else { throw DomainError.notFound("No dossier \(id).") }
            return closed
        }
    }

    struct Closing: Sendable {
        var dossier: DossierRow
        var sheets: [ScoreSheet]
        var gates: Set<String>
    }

    /// Rates, routes and stores dossiers of one round whose sheets are all in: the results, their
    /// chain entries and the state moves, in bulk (a round of thousands closes in a few statements
    /// per thousand dossiers).
    func finish(round: Int64, _ items: [Closing], actor: String, store: any SQLStore, on db: any SQLDatabase) async throws -> [ResultEntry] {
        try await self.store(try await prepareAll(round: round, items), round: round, actor: actor, store: store, on: db)
    }

    /// The pure part of closing (score, gate, route, explain, payloads), on every core.
    func prepareAll(round: Int64, _ items: [Closing]) async throws -> [Prepared] {
        let contexts = try items.map { item -> (Closing, CriteriaSet, RatingProcess) in (item, try set(of: item.dossier), try process(of: item.dossier)) }
        let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, contexts.count / 200))
        let size = (contexts.count + slices - 1) / max(1, slices)
        return try await withThrowingTaskGroup(of: (Int, [Prepared]).self) { group in
            for start in stride(from: 0, to: contexts.count, by: max(1, size)) {
                let chunk = Array(contexts[start..<min(contexts.count, start + size)])
                group.addTask {
                    (start, try chunk.map { item, set, process in try Self.prepare(item, set: set, process: process, round: round) })
                }
            }
            var parts: [(Int, [Prepared])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    /// Stores prepared results: chain entries, result rows and state moves, a few statements per thousand.
    func store(_ prepared: [Prepared], round: Int64, actor: String, store: any SQLStore, on db: any SQLDatabase) async throws -> [ResultEntry] {
        var appends: [HashChain.Append] = []
        appends.reserveCapacity(prepared.count * 2)
        for p in prepared {
            let chain = "dossier:\(p.dossier.id)"
            appends.append(HashChain.Append(chain: chain, kind: "result", actor: actor, payload: p.payload))
            appends.append(HashChain.Append(chain: chain, kind: "transition", actor: actor, payload: p.transition))
        }
        let seqs = try await HashChain.appendMany(appends, store: store, on: db)
        let now = RatingClock.now()
        let rows: [[BulkValue]] = prepared.enumerated().map { index, p in
            [.integer(p.dossier.id), .integer(round), .text(p.entry.stage), .integer(Int64(p.entry.members)), .integer(Int64(p.entry.totalSum)),
             .text(String(p.score)), .integer(Int64(p.band)), .integer(Int64(p.entry.stars)), .text(p.entry.outcome),
             .integer(p.entry.forwarded ? 1 : 0), .integer(p.entry.decisionDue ? 1 : 0), .text(p.detail), .text(now),
             .integer(Int64(seqs[index * 2]))]
        }
        try await store.bulkInsert(into: RatingSchema.results, columns: [
            "dossier_id", "round_id", "stage", "members", "total_sum", "score", "band", "stars", "outcome", "forwarded", "decision_due",
            "detail", "closed_at", "chain_seq",
        ], rows: rows, on: db)
        let completed = prepared.filter { $0.target == .completed }.map(\.dossier.id)
        for start in stride(from: 0, to: completed.count, by: 1000) {
            try await db.update(RatingSchema.dossiers).set("state", to: SQLBind(DossierState.completed.rawValue)).set("updated_at", to: SQLBind(now))
                .where("id", .in, Array(completed[start..<min(completed.count, start + 1000)])).run()
        }
        for (stage, group) in Dictionary(grouping: prepared.filter { $0.target == .eligible }, by: \.stage) {
            let ids = group.map(\.dossier.id)
            for start in stride(from: 0, to: ids.count, by: 1000) {
                try await db.update(RatingSchema.dossiers).set("state", to: SQLBind(DossierState.eligible.rawValue)).set("stage", to: SQLBind(stage))
                    .set("round_id", to: SQLLiteral.null).set("updated_at", to: SQLBind(now))
                    .where("id", .in, Array(ids[start..<min(ids.count, start + 1000)])).run()
            }
        }
        return prepared.map(\.entry)
    }

    struct Prepared: Sendable {
        var dossier: DossierRow
        var entry: ResultEntry
        var score: Double
        var band: Int
        var detail: String
        var target: DossierState
        var stage: String
        var transition: String
        var payload: String
    }

    /// One dossier's result, routed and explained, with its stored detail and transition payload.
    static func prepare(_ item: Closing, set: CriteriaSet, process: RatingProcess, round: Int64) throws -> Prepared {
        let dossier = item.dossier
        guard let level = CouncilLevel(rawValue: dossier.stage), let stage = process.stage(level) else {
            throw DomainError.conflict("Dossier \(dossier.id) waits at \(dossier.stage), which process \(process.id) does not score.")
        }
        let result: RatingResult
        do { result = try RatingEngine.rate(set, sheets: item.sheets, gates: item.gates, council: level, validated: true) } catch let error as RatingError {
            throw DomainError.invalid([.init(path: "/gates", message: "dossier \(dossier.id): \(error.message)")])
        }
        let outcome = route(result, stage: stage, next: process.next(after: level))
        let entry = ResultEntry(roundID: round, stage: level.rawValue, members: item.sheets.count, totalSum: result.totalSum, stars: result.stars.rawValue,
                                outcome: outcomeName(result.outcome), forwarded: outcome.forward != nil, decisionDue: outcome.decisionStars != nil)
        var explanation = result.explanation
        if let next = outcome.forward { explanation.append("forwarded to the \(next.rawValue) level (score at least \(stage.forwardsFrom ?? 0))") }
        if let stars = outcome.decisionStars { explanation.append("a \(stars)★ decision is due at the \(level.rawValue) level") }
        let detail = ResultDetail(explanation: explanation, shortfalls: result.shortfalls.map {
            ShortfallView(stars: $0.level.rawValue, criterion: $0.criterion, title: $0.title, line: $0.line, requiredPoints: $0.requiredPoints,
                          reached: $0.reached, text: $0.description)
        }, gates: result.endedBy.map(\.id))
        let target: DossierState = outcome.forward == nil ? .completed : .eligible
        let nextStage = outcome.forward?.rawValue ?? dossier.stage
        let transition = HashChain.canonical(TransitionEntry(from: DossierState.scoring.rawValue, to: target.rawValue, stage: nextStage,
                                                             reason: explanation.last, roundID: round))
        return Prepared(dossier: dossier, entry: entry, score: result.score, band: result.band.rawValue, detail: HashChain.canonical(detail),
                        target: target, stage: nextStage, transition: transition, payload: HashChain.canonical(entry))
    }

    struct RoundClosing: Encodable, Sendable {
        struct Skipped: Encodable, Sendable {
            var dossierID: Int64
            var missing: [String]
            enum CodingKeys: String, CodingKey {
                case missing
                case dossierID = "dossier_id"
            }
        }
        var closed: Int
        var forwarded: Int
        var decisionsDue: Int
        var skipped: [Skipped]

        enum CodingKeys: String, CodingKey {
            case closed, forwarded, skipped
            case decisionsDue = "decisions_due"
        }
    }

    /// The chair closes every dossier of the round whose sheets are all in; the others are listed
    /// with who has not submitted.
    func closeRound(_ id: Int64, by principal: Principal?, context: PluginContext) async throws -> RoundClosing {
        let database = context.database
        return try await database.transaction { db in
            let round = try await round(id, on: db)
            guard let principal, try await seat(of: principal.username, round: id, on: db) == .chair else {
                guard try await mayRead(council: round.council, principal, on: db) else { throw DomainError.notFound("No round \(id).") }
                throw DomainError.forbidden("Only the chair of round \(id) closes its scoring.")
            }
            let scorers = Set(try await members(of: id, on: db).filter(\.seat.scores).map(\.username))
            var conflicts: [Int64: Set<String>] = [:]
            for row in try await db.select().columns("username", "subject_id").from(RatingSchema.conflicts).where("round_id", .equal, id).all() {
                conflicts[try row.decode(column: "subject_id", as: Int64.self), default: []].insert(try row.decode(column: "username", as: String.self))
            }
            let lock = database.engine == .postgresql ? " FOR UPDATE" : ""
            let dossiers = try await db.raw("""
                SELECT * FROM \(unsafeRaw: RatingSchema.dossiers) WHERE round_id = \(bind: id) AND state = \(bind: DossierState.scoring.rawValue) ORDER BY id\(unsafeRaw: lock)
                """).all().map(DossierRow.init(row:))
            var closing = RoundClosing(closed: 0, forwarded: 0, decisionsDue: 0, skipped: [])
            /// A batch's sheets, with the dossiers that cannot close yet set aside.
            func load(_ batch: [DossierRow]) async throws -> [Closing] {
                var sheets: [Int64: [ScoreSheet]] = [:]
                for row in try await db.select().columns("dossier_id", "username", "points").from(RatingSchema.sheets).where("round_id", .equal, id)
                    .where("dossier_id", .in, batch.map(\.id)).where(SQLColumn("submitted_at"), .isNot, SQLLiteral.null).all() {
                    let text = try row.decode(column: "points", as: String.self)
                    guard let points = PointsText.decode(text) else { throw DomainError.conflict("A stored sheet of round \(id) is not readable.") }
                    sheets[try row.decode(column: "dossier_id", as: Int64.self), default: []]
                        .append(ScoreSheet(member: try row.decode(column: "username", as: String.self), points: points))
                }
                var items: [Closing] = []
                for dossier in batch {
                    let expected = conflicts[dossier.subjectID].map { scorers.subtracting($0) } ?? scorers
                    let got = sheets[dossier.id] ?? []
                    let missing = expected.subtracting(got.map(\.member))
                    if !missing.isEmpty || got.isEmpty {
                        closing.skipped.append(.init(dossierID: dossier.id, missing: missing.sorted()))
                        continue
                    }
                    items.append(Closing(dossier: dossier, sheets: got.sorted { $0.member < $1.member }, gates: []))
                }
                return items
            }
            // A pipeline: while one batch is written, the next is scored on the other cores.
            let batches = stride(from: 0, to: dossiers.count, by: 1000).map { Array(dossiers[$0..<min(dossiers.count, $0 + 1000)]) }
            var next: Task<[Prepared], any Error>?
            if let first = batches.first {
                let items = try await load(first)
                next = Task { try await prepareAll(round: id, items) }
            }
            for index in batches.indices {
                guard let current = next else { break }
                let prepared = try await current.value
                next = nil
                if index + 1 < batches.count {
                    let items = try await load(batches[index + 1])
                    next = Task { try await prepareAll(round: id, items) }
                }
                for entry in try await store(prepared, round: id, actor: principal.username, store: database, on: db) {
                    closing.closed += 1
                    if entry.forwarded { closing.forwarded += 1 }
                    if entry.decisionDue { closing.decisionsDue += 1 }
                }
            }
            return closing
        }
    }

    static func insertResult(dossier id: Int64, entry: ResultEntry, score: Double, band: Int, detail: ResultDetail, seq: Int,
                             on db: any SQLDatabase) async throws {
        try await db.insert(into: RatingSchema.results)
            .columns("dossier_id", "round_id", "stage", "members", "total_sum", "score", "band", "stars", "outcome", "forwarded", "decision_due",
                     "detail", "closed_at", "chain_seq")
            .values(SQLBind(id), SQLBind(entry.roundID), SQLBind(entry.stage), SQLBind(entry.members), SQLBind(entry.totalSum), SQLBind(score),
                    SQLBind(band), SQLBind(entry.stars), SQLBind(entry.outcome), SQLBind(entry.forwarded ? 1 : 0), SQLBind(entry.decisionDue ? 1 : 0),
                    SQLBind(HashChain.canonical(detail)), SQLBind(RatingClock.now()), SQLBind(seq))
            .run()
    }

    static func outcomeName(_ outcome: RatingResult.Outcome) -> String {
        switch outcome {
        case .ended: "ended"
        case .notRecognised: "not_recognised"
        case .recognised: "recognised"
        case .potentialFiveStar: "potential_5"
        }
    }

    /// Where a result leads at `stage` (ocop-rules.md §4): a product that reached stars this level
    /// cannot decide goes on when its score reaches the stage's threshold; a decision is due here
    /// for the stars held (4★ for a potential 5★) when this level recognises them.
    static func route(_ result: RatingResult, stage: RatingProcess.Stage, next: RatingProcess.Stage?)
        -> (forward: CouncilLevel?, decisionStars: Int?) {
        guard let held = result.heldStars?.rawValue else { return (nil, nil) }
        let highest = stage.recognises.max() ?? 0
        var forward: CouncilLevel?
        if let next, let threshold = stage.forwardsFrom, result.stars.rawValue > highest, result.totalSum >= threshold * result.members.count {
            forward = next.level
        }
        let due = stage.recognises.contains(held) ? held : nil
        return (forward, due)
    }

    /// A round's closed results, best score first (ties by product name, Vietnamese order). A council
    /// member reads the rounds they sit in (not the council's other rounds); a province officer reads a
    /// central round's results of its own province only.
    func ranking(round id: Int64, by principal: Principal?, on db: any SQLDatabase) async throws -> [RankedResult] {
        let round = try await round(id, on: db)
        guard try await mayRead(council: round.council, principal, on: db) else { throw DomainError.notFound("No round \(id).") }
        if let principal, principal.role == .councilMember, try await seat(of: principal.username, round: id, on: db) == nil {
            throw DomainError.forbidden("Only the members of round \(id) read its results.")
        }
        let ownProvince = principal?.role == .provinceOfficer && round.council.provinceCode == Self.nationwide ? principal?.provinceCode : nil
        let rows = try await db.select()
            .column(SQLColumn("dossier_id", table: "r")).column(SQLColumn("score", table: "r")).column(SQLColumn("stars", table: "r"))
            .column(SQLColumn("outcome", table: "r")).column(SQLColumn("forwarded", table: "r")).column(SQLColumn("decision_due", table: "r"))
            .column(SQLColumn("product_id", table: "d")).column(SQLColumn("product_name", table: "d")).column(SQLColumn("subject_name", table: "d"))
            .column(SQLColumn("province_code", table: "d"))
            .from(SQLAlias(SQLIdentifier(RatingSchema.results), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier(RatingSchema.dossiers), as: SQLIdentifier("d")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "d"), .equal, SQLColumn("dossier_id", table: "r"))
            .where(SQLColumn("round_id", table: "r"), .equal, SQLBind(id)).all()
        var items = try rows.map { row in
            RankedResult(rank: 0, dossierID: try row.decode(column: "dossier_id", as: Int64.self), productID: try row.decode(column: "product_id", as: Int64.self),
                         productName: try row.decode(column: "product_name", as: String.self), subjectName: try row.decode(column: "subject_name", as: String.self),
                         score: try row.decode(column: "score", as: Double.self), stars: try row.decode(column: "stars", as: Int.self),
                         outcome: try row.decode(column: "outcome", as: String.self), forwarded: try row.decode(column: "forwarded", as: Int.self) != 0,
                         decisionDue: try row.decode(column: "decision_due", as: Int.self) != 0)
        }
        // Keys once per item, not per comparison: equal scores are common in a large round.
        var keyed = items.map { (key: VietnameseText.collationKey($0.productName), item: $0) }
        keyed.sort { lhs, rhs in
            if lhs.item.score != rhs.item.score { return lhs.item.score > rhs.item.score }
            if lhs.key != rhs.key { return lhs.key < rhs.key }
            return lhs.item.dossierID < rhs.item.dossierID
        }
        items = keyed.map(\.item)
        for index in items.indices { items[index].rank = index + 1 }
        if let ownProvince {
            let provinces = Dictionary(try rows.map { (try $0.decode(column: "dossier_id", as: Int64.self), try $0.decode(column: "province_code", as: String.self)) },
                                       uniquingKeysWith: { first, _ in first })
            items = items.filter { provinces[$0.dossierID] == ownProvince }
        }
        return items
    }
}
