import Foundation
import OCOPAccounts
import OCOPPluginKit
import OCOPTestSupport
import SQLKit
import Testing

/// The rating plugin in the role matrix: the host it runs on, the dossiers, councils, rounds and
/// decisions it is seeded with, the request for each of its cells, and what its responses may show.
extension Platform {
    /// The core plugins (accounts, registry, rating) on a real host (`TestHost`: the configuration,
    /// migrations, services and event delivery as `ocop serve` runs them).
    static func withCore(_ engine: DatabaseEngine, _ body: @escaping @Sendable (Platform, TestHost) async throws -> Void) async throws {
        let photos = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-photos-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: photos) }
        try await TestHost.run(engine, plugins: TestHost.core, config: """
            plugins:
              ocop.accounts: {bcrypt_cost: 4}
              ocop.registry: {photos_dir: "\(photos.path)"}
              ocop.rating: {}
            """) { host in
            let service = try #require(host.registry.directory.resolve(AccountsService.self))
            try await body(Platform(database: host.database, registry: host.registry, client: host.client,
                                    accounts: service.store(database: host.database)), host)
        }
    }

    /// The core plugins' registry, loaded but not served (which endpoints exist).
    static func loadCore(photos: URL) throws -> Registry {
        try Registry.load(available: TestHost.core, enabled: [
            ("ocop.accounts", "plugins.ocop.accounts", JSONConfig(json: #"{"bcrypt_cost":4}"#)),
            ("ocop.registry", "plugins.ocop.registry", JSONConfig(json: String(decoding: encode(["photos_dir": photos.path]), as: UTF8.self))),
            ("ocop.rating", "plugins.ocop.rating", JSONConfig(json: "{}")),
        ])
    }
}

extension RoleMatrix {
    static let rp = "/api/v1/rating"

    struct SeedDossier: Sendable {
        let id: Int64
        let province: String
        let commune: String
        let subject: Int64
        /// The round holding it now (a forwarded dossier has left the round that scored it).
        let round: Int64?
    }

    /// Dossiers and products for writes that use them up (a submit, a decision, a downgrade): the
    /// same one serves every refused attempt, and a new one is made after a success.
    final class Fixtures: @unchecked Sendable {
        private let lock = NSLock()
        private var ids: [String: Int64] = [:]
        subscript(key: String) -> Int64? {
            get { lock.withLock { ids[key] } }
            set { lock.withLock { ids[key] = newValue } }
        }
    }

    /// The rating world (`seedRating`).
    struct RatingSeed: Sendable {
        let host: TestHost
        let flow01: RatingFlow
        let flow79: RatingFlow
        /// c01's round without council.hn (RatingFlow's chair and two members).
        let round01: RatingFlow.Round
        /// c79's round, where d79 was scored.
        let round79: RatingFlow.Round
        /// A 4★ sheet of set 148/21 (every rated product of the matrix is of set 21).
        let points: [String: Int]
        /// By target; `.rCentral` is the 79 dossier the central council scored.
        let dossiers: [Target: SeedDossier]
        let councils: [Target: Int64]
        let rounds: [Target: Int64]
        let decisions: [Target: Int64]
        /// The registration form of each dossier target.
        let attachments: [Target: Int64]
        /// The rounds council.hn sits in.
        let seated: Set<Int64>
        /// Products holding 4★ by province, for downgrades and revocations (`fourStarProduct`).
        let fourStar: [String: [Int64]]
        let fixtures: Fixtures
    }

    struct SeedError: Error, CustomStringConvertible {
        let description: String
    }

    @discardableResult
    static func expectStatus(_ step: String, _ reply: Reply, _ status: Int) throws -> Reply {
        guard reply.status == status else { throw SeedError(description: "\(step): expected \(status), got \(reply.summary)") }
        return reply
    }

    static func pdf(_ n: Int) -> Data { RatingFlow.pdf + Data("% matrix \(n)\n".utf8) }

    /// The commune's pre-assessment that forwards a dossier (every criterion met).
    static var forward: [String: Any] {
        ["origin_local_materials": true, "local_labour": true, "idea_origin": true, "local_identity": true, "form_complete": true, "forward": true]
    }

    /// A product of set 21 for `subject`, created by a national admin.
    static func newProduct(_ p: Platform, _ admin: [String: String], subject: Int64, name: String, active: Bool) async throws -> Int64 {
        let reply = try expectStatus("product \(name)", try await p.send("POST", "/api/v1/products", [
            "subject_id": subject, "name": name, "product_set": 21, "status": active ? "active" : "draft"], as: admin), 201)
        return try #require(reply.id)
    }

    /// Files a dossier for `product` as `headers` (the self-assessment and the registration form); submits it if asked.
    static func file(_ p: Platform, product: Int64, points: [String: Int], as headers: [String: String], submit: Bool = false, n: Int = 0) async throws -> Int64 {
        let id = try #require(try expectStatus("file", try await p.send("POST", "\(rp)/dossiers", ["product_id": product, "kind": "new"], as: headers), 201).id)
        try expectStatus("self-assessment", try await p.send("PUT", "\(rp)/dossiers/\(id)/self-assessment", ["points": points], as: headers), 200)
        try expectStatus("registration form", try await p.client.send("POST", "\(rp)/dossiers/\(id)/attachments?kind=registration_form", body: pdf(n),
                                                                        headers: headers.merging(["Content-Type": "application/pdf"]) { $1 }), 201)
        if submit {
            try expectStatus("submit", try await p.send("POST", "\(rp)/dossiers/\(id)/transitions", ["to": "submitted"], as: headers), 200)
        }
        return id
    }

    /// Every seat that scores saves and submits `points`; the chair closes; the dossier ends `state`.
    static func scoreAndClose(_ p: Platform, _ dossier: Int64, scorers: [TestHost.Account], chair: TestHost.Account, points: [String: Int],
                              state: String) async throws {
        for scorer in scorers {
            try expectStatus("sheet", try await p.send("PUT", "\(rp)/dossiers/\(dossier)/sheet", ["points": points], as: scorer.headers), 200)
            try expectStatus("submit sheet", try await p.send("POST", "\(rp)/dossiers/\(dossier)/sheet/submit", as: scorer.headers), 200)
        }
        let closed = try expectStatus("close", try await p.send("POST", "\(rp)/dossiers/\(dossier)/close", as: chair.headers), 200)
        guard closed.object["state"] as? String == state else { throw SeedError(description: "close: expected \(state), got \(closed.summary)") }
    }

    // MARK: seed

    /// The rating world. In province 01: council c01 with round r01 (RatingFlow's seats) and round rSeat
    /// (r01's chair, and council.hn as a scoring member); d1 of P1, filed by the producer, forwarded by
    /// commune 00577 and being scored in rSeat; d1draft of P1draft; d1due and d1done of two more S1
    /// products, closed in r01 (d1done decided); d2 of P2draft (commune 00565), submitted; an empty
    /// council c01other; an inspection of S1. In province 79: a draft of P79draft; d79 of a new producer,
    /// decided in c79's round r79; another 79 product rated potential 5★ there and scored by the central
    /// council (rCentral); an inspection of S79. Returns the seed and the 79 accounts it made.
    static func seedRating(_ p: Platform, _ host: TestHost, _ w: World) async throws -> (RatingSeed, [String]) {
        let admin = w.headers[.admin]!, producer = w.headers[.producer]!
        let flow01 = try await RatingFlow(host: host, province: "01")
        let flow79 = try await RatingFlow(host: host, province: "79")
        let officer = flow01.officer.headers
        let points = try await flow01.sheet(set: "148/21", stars: 4)
        let year = ProgrammeCalendar.currentYear()
        let today = ProgrammeCalendar.today()
        func round(_ council: Int64, _ seats: [(String, String)], as headers: [String: String]) async throws -> Int64 {
            try #require(try expectStatus("round", try await p.send("POST", "\(rp)/councils/\(council)/rounds", [
                "name": "Đợt \(UUID().uuidString.prefix(4)) năm \(year)", "year": year, "opens_on": "\(year)-01-10",
                "members": seats.map { ["username": $0.0, "seat": $0.1] }], as: headers), 201).id)
        }

        let round01 = try await flow01.round()
        let rSeat = try await round(round01.council, [(round01.chair.username, "chair"), (w.usernames[.council]!, "member")], as: officer)

        let d1 = try await file(p, product: w.product(.p1).id, points: points, as: producer, submit: true)
        try expectStatus("pre-assessment", try await p.send("POST", "\(rp)/dossiers/\(d1)/pre-assessment", forward, as: w.headers[.commune]!), 200)
        try expectStatus("assign d1", try await p.send("POST", "\(rp)/rounds/\(rSeat)/dossiers", ["dossier_ids": [d1]], as: officer), 200)
        let d1draft = try await file(p, product: w.product(.p1draft).id, points: points, as: producer)

        let s1 = w.subject(.s1)
        let d1due = try await flow01.eligibleDossier(product: try await newProduct(p, admin, subject: s1.id, name: "Lọ hoa men lam", active: true),
                                                     points: points)
        let d1done = try await flow01.eligibleDossier(product: try await newProduct(p, admin, subject: s1.id, name: "Đèn gốm", active: true),
                                                      points: points)
        try await flow01.assign([d1due, d1done], to: round01)
        try await flow01.score(d1due, in: round01, points: points)
        try await flow01.score(d1done, in: round01, points: points)
        let dec01 = try #require(try await flow01.decide([d1done], number: "12/QĐ-UBND", decidedOn: today)["id"] as? Int)

        let d2 = try await file(p, product: w.product(.p2draft).id, points: points, as: officer, submit: true)
        let c01other = try #require(try expectStatus("council", try await p.send("POST", "\(rp)/councils", [
            "level": "province", "province_code": "01", "name": "Hội đồng OCOP tỉnh (dự phòng)", "decision_number": "7/QĐ-UBND",
            "established_on": "\(year)-01-03"], as: officer), 201).id)

        let d79draft = try await file(p, product: w.product(.p79draft).id, points: points, as: admin)
        let decided79 = try await flow79.decided(commune: "25747", tax: registration("79", 9001), name: "Cà phê rang xay", productSet: 21, stars: 4,
                                                 number: "31/QĐ-UBND")
        let round79 = decided79.round
        let dec79 = try #require(decided79.decision["id"] as? Int)

        // Potential 5★ at the province: forwarded to the central council, which scores it there.
        let five = try await flow79.sheet(set: "148/21", stars: 5)
        let s79 = w.subject(.s79)
        let d79central = try await flow79.eligibleDossier(product: try await newProduct(p, admin, subject: s79.id, name: "Cà phê chồn thượng hạng",
                                                                                        active: true), points: five)
        try await flow79.assign([d79central], to: round79)
        try await scoreAndClose(p, d79central, scorers: round79.scorers, chair: round79.chair, points: five, state: "eligible")
        let central = try #require(try expectStatus("central council", try await p.send("POST", "\(rp)/councils", [
            "level": "central", "name": "Hội đồng OCOP trung ương", "decision_number": "1/QĐ-BNN", "established_on": "\(year)-01-02"],
            as: admin), 201).id)
        let centralChair = try await host.account(.nationalAdmin), centralMember = try await host.account(.nationalAdmin)
        let rCentral = try await round(central, [(centralChair.username, "chair"), (centralMember.username, "member")], as: admin)
        try expectStatus("assign central", try await p.send("POST", "\(rp)/rounds/\(rCentral)/dossiers", ["dossier_ids": [d79central]], as: admin), 200)
        try await scoreAndClose(p, d79central, scorers: [centralChair, centralMember], chair: centralChair, points: five, state: "completed")

        for subject in [s1, s79] {
            try expectStatus("inspection", try await p.send("POST", "\(rp)/inspections", [
                "subject_id": subject.id, "inspected_on": today, "findings": [], "conclusion": "compliant"], as: admin), 201)
        }

        // Downgrades and revocations use one each when they succeed (national admins and the 01 officer).
        let fourStar = ["01": try await importFourStar(p, admin, of: s1, count: 5, tag: "01"),
                        "79": try await importFourStar(p, admin, of: s79, count: 3, tag: "79")]
        try await host.eventsDelivered()

        var attachments: [Target: Int64] = [:]
        for (target, dossier) in [(Target.d1, d1), (.d2, d2), (.d79, decided79.dossier)] {
            let row = try await p.database.sql.select().column("id").from("rating_attachments").where("dossier_id", .equal, dossier).orderBy("id").first()
            attachments[target] = try row?.decode(column: "id", as: Int64.self)
        }
        let s2 = w.subject(.s2)
        let dossiers: [Target: SeedDossier] = [
            .d1draft: SeedDossier(id: d1draft, province: "01", commune: s1.commune, subject: s1.id, round: nil),
            .d1: SeedDossier(id: d1, province: "01", commune: s1.commune, subject: s1.id, round: rSeat),
            .d1due: SeedDossier(id: d1due, province: "01", commune: s1.commune, subject: s1.id, round: round01.id),
            .d1done: SeedDossier(id: d1done, province: "01", commune: s1.commune, subject: s1.id, round: round01.id),
            .d2: SeedDossier(id: d2, province: "01", commune: s2.commune, subject: s2.id, round: nil),
            .d79draft: SeedDossier(id: d79draft, province: "79", commune: s79.commune, subject: s79.id, round: nil),
            .d79: SeedDossier(id: decided79.dossier, province: "79", commune: "25747", subject: decided79.subject, round: round79.id),
            .rCentral: SeedDossier(id: d79central, province: "79", commune: s79.commune, subject: s79.id, round: rCentral),
        ]
        let seed = RatingSeed(
            host: host, flow01: flow01, flow79: flow79, round01: round01, round79: round79, points: points, dossiers: dossiers,
            councils: [.c01: round01.council, .c01other: c01other, .c79: round79.council],
            rounds: [.rSeat: rSeat, .r01: round01.id, .r79: round79.id, .rCentral: rCentral],
            decisions: [.dec01: Int64(dec01), .dec79: Int64(dec79)], attachments: attachments, seated: [rSeat], fourStar: fourStar,
            fixtures: Fixtures())
        return (seed, [flow79.officer.username] + round79.scorers.map(\.username))
    }

    // MARK: fixtures

    static func state(of dossier: Int64, _ p: Platform) async throws -> String? {
        try await p.database.sql.select().column("state").from("rating_dossiers").where("id", .equal, dossier).first()?
            .decode(column: "state", as: String.self)
    }

    /// The fixture under `key` while `usable`, else a new one from `make`.
    static func fixture(_ w: World, _ key: String, usable: (Int64) async throws -> Bool, make: () async throws -> Int64) async throws -> Int64 {
        let fixtures = w.rating!.fixtures
        if let id = fixtures[key], try await usable(id) { return id }
        let id = try await make()
        fixtures[key] = id
        return id
    }

    /// A dossier of `subject` in `state`, made by a national admin or the province's RatingFlow:
    /// `draft` (or returned: its applicant may submit it), `submitted`, `eligible`, or `due` (closed with
    /// a 4★ decision due). A submitted one an officer returned (or one submitted again) is put back by a
    /// national admin with one move; the others need a fresh product each time.
    static func freshDossier(_ w: World, _ state: String, of subject: SeedSubject, n: Int) async throws -> Int64 {
        let r = w.rating!, admin = w.headers[.admin]!
        return try await fixture(w, "\(state):\(subject.token)", usable: { id in
            let now = try await RoleMatrix.state(of: id, w.p)
            switch (state, now) {
            case ("draft", "returned"): return true
            case ("draft", "submitted"):
                return try await w.p.send("POST", "\(rp)/dossiers/\(id)/transitions", ["to": "returned", "reason": "Bổ sung ảnh mẫu"], as: admin).status == 200
            case ("submitted", "returned"):
                return try await w.p.send("POST", "\(rp)/dossiers/\(id)/transitions", ["to": "submitted"], as: admin).status == 200
            case ("due", "completed"): return try await w.p.count("rating_decision_items", "dossier_id = \(id)") == 0
            default: return now == state
            }
        }, make: {
            let product = try await newProduct(w.p, admin, subject: subject.id, name: "Sản phẩm \(state) \(n)", active: state == "due")
            switch state {
            case "draft", "submitted":
                return try await file(w.p, product: product, points: r.points, as: admin, submit: state == "submitted", n: n)
            default:
                let flow = subject.province == "79" ? r.flow79 : r.flow01
                let id = try await flow.eligibleDossier(product: product, points: r.points)
                if state == "due" {
                    let round = subject.province == "79" ? r.round79 : r.round01
                    try await flow.assign([id], to: round)
                    try await flow.score(id, in: round, points: r.points)
                }
                return id
            }
        })
    }

    /// Imports `count` products of `subject` holding 4★ (decided yesterday). Wait for the events
    /// (`TestHost.eventsDelivered`) before using them: a downgrade or revocation racing rating's copy of
    /// the certificate (`rating_certificates`, kept from the registry's event) fails with 409 (try again).
    static func importFourStar(_ p: Platform, _ admin: [String: String], of subject: SeedSubject, count: Int, tag: String) async throws -> [Int64] {
        let names = (1...count).map { "Matrix bon sao \(tag) \($0)" }
        let csv = "subject_registration_number,name,product_set,status,stars,certified_on\r\n"
            + names.map { "\(subject.registration),\($0),21,active,4,\(Day.offset(days: -1))\r\n" }.joined()
        let reply = try await p.client.send("POST", "/api/v1/imports/products?province=\(subject.province)", body: Data(csv.utf8),
                                            headers: admin.merging(["Content-Type": "text/csv; charset=utf-8"]) { $1 })
        guard (200..<300).contains(reply.status) else { throw SeedError(description: "import 4★ products: \(reply.summary)") }
        return try await p.database.sql.select().column("id").from("registry_products").where("name", .in, names).orderBy("id").all()
            .map { try $0.decode(column: "id", as: Int64.self) }
    }

    /// A product of `subject` still holding 4★: the next of those imported at seeding (a downgrade or a
    /// revocation uses one up), or a new one.
    static func fourStarProduct(_ w: World, of subject: SeedSubject, n: Int) async throws -> Int64 {
        let r = w.rating!
        let pool = r.fourStar[subject.province] ?? []
        if !pool.isEmpty, let row = try await w.p.database.sql.select().column("id").from("registry_products").where("id", .in, pool)
            .where("current_stars", .equal, 4).orderBy("id").first() {
            return try row.decode(column: "id", as: Int64.self)
        }
        let product = try #require(try await importFourStar(w.p, w.headers[.admin]!, of: subject, count: 1, tag: "\(n)").first)
        try await r.host.eventsDelivered()
        return product
    }

    // MARK: requests

    /// The concrete request for one rating cell (nil: not a rating endpoint).
    static func ratingCall(_ rule: Rule, _ caller: Caller, _ w: World, n: Int) async throws -> Call? {
        guard rule.endpoint.contains(" \(rp)/"), let r = w.rating else { return nil }
        var headers = w.headers[caller] ?? [:]
        let template = String(rule.endpoint.drop { $0 != " " }.dropFirst())
        func json(_ object: [String: Any]) -> Data { Platform.encode(object) }
        func at(_ id: Int64) -> String { template.replacingOccurrences(of: "{id}", with: String(id)) }
        func dossier() -> Int64 { r.dossiers[rule.target]!.id }
        let area: SeedSubject = switch rule.target {
        case .sibling: w.subject(.s2)
        case .foreign, .probe, .r79: w.subject(.s79)
        default: w.subject(.s1)
        }
        let today = ProgrammeCalendar.today()
        let year = ProgrammeCalendar.currentYear()

        switch rule.endpoint {
        case "GET \(rp)/criteria-sets", "GET \(rp)/councils":
            return Call(method: "GET", path: template, headers: headers)
        case "GET \(rp)/criteria-sets/{act}/{code}":
            return Call(method: "GET", path: "\(rp)/criteria-sets/148/21", headers: headers)
        case "POST \(rp)/dossiers":
            // A fresh product (not for an anonymous caller, refused before anything is read).
            let product = caller == .anonymous ? w.product(.p1).id
                : try await newProduct(w.p, w.headers[.admin]!, subject: area.id, name: "Sản phẩm hồ sơ \(n)", active: false)
            return Call(method: "POST", path: template, body: json(["product_id": product, "kind": "new"]), headers: headers)
        case "GET \(rp)/dossiers":
            return Call(method: "GET", path: "\(template)?limit=500", headers: headers)
        case "GET \(rp)/dossiers/{id}", "GET \(rp)/dossiers/{id}/history", "GET \(rp)/dossiers/{id}/advice", "GET \(rp)/dossiers/{id}/sheet",
             "GET \(rp)/dossiers/{id}/sheets", "GET \(rp)/dossiers/{id}/consistency", "POST \(rp)/dossiers/{id}/close":
            return Call(method: rule.method, path: at(dossier()), headers: headers)
        case "PUT \(rp)/dossiers/{id}/self-assessment", "PUT \(rp)/dossiers/{id}/sheet":
            return Call(method: "PUT", path: at(dossier()), body: json(["points": r.points]), headers: headers)
        case "POST \(rp)/dossiers/{id}/sheet/submit":
            if caller == .council {
                // The member's answers first (a sheet is submitted complete).
                _ = try await w.p.send("PUT", "\(rp)/dossiers/\(dossier())/sheet", ["points": r.points], as: headers)
            }
            return Call(method: "POST", path: at(dossier()), headers: headers)
        case "POST \(rp)/dossiers/{id}/attachments":
            headers["Content-Type"] = "application/pdf"
            return Call(method: "POST", path: at(dossier()) + "?kind=registration_form", body: pdf(n), headers: headers)
        case "GET \(rp)/dossiers/{id}/attachments/{attachment}":
            let path = at(dossier()).replacingOccurrences(of: "{attachment}", with: String(r.attachments[rule.target] ?? 0))
            return Call(method: "GET", path: path, headers: headers)
        case "POST \(rp)/dossiers/{id}/transitions":
            let id = try await freshDossier(w, "draft", of: area, n: n)
            return Call(method: "POST", path: at(id), body: json(["to": "submitted"]), headers: headers)
        case "POST \(rp)/dossiers/{id}/pre-assessment":
            // Returned with a note (the same rule as forwarding, and the dossier can be submitted again).
            let id = try await freshDossier(w, "submitted", of: area, n: n)
            return Call(method: "POST", path: at(id), body: json(["origin_local_materials": true, "local_labour": true, "idea_origin": true,
                                                                  "local_identity": false, "form_complete": true, "forward": false,
                                                                  "note": "Chưa thể hiện bản sắc địa phương"]), headers: headers)
        case "POST \(rp)/councils":
            var body: [String: Any] = ["name": "Hội đồng \(n)", "decision_number": "\(n)/QĐ-UBND", "established_on": "\(year)-02-01"]
            switch rule.target {
            case .own: body.merge(["level": "commune", "province_code": "01", "commune_code": "00577"]) { $1 }
            case .sibling: body.merge(["level": "province", "province_code": "01"]) { $1 }
            default: body.merge(["level": "province", "province_code": "79"]) { $1 }
            }
            return Call(method: "POST", path: template, body: json(body), headers: headers)
        case "GET \(rp)/councils/{id}":
            return Call(method: "GET", path: at(r.councils[rule.target]!), headers: headers)
        case "POST \(rp)/councils/{id}/rounds":
            // Seats that change nobody's view of the seeded world (never council.hn).
            let seats = rule.target == .c79 ? [(r.round79.chair.username, "chair"), (r.round79.members[0].username, "member")]
                                            : [("signin.hn", "chair"), (r.round01.members[0].username, "member")]
            return Call(method: "POST", path: at(r.councils[rule.target]!), body: json([
                "name": "Đợt \(n)", "year": year, "opens_on": "\(year)-03-01", "members": seats.map { ["username": $0.0, "seat": $0.1] }]),
                        headers: headers)
        case "GET \(rp)/rounds/{id}", "POST \(rp)/rounds/{id}/close", "GET \(rp)/rounds/{id}/results":
            return Call(method: rule.method, path: at(r.rounds[rule.target]!), headers: headers)
        case "POST \(rp)/rounds/{id}/dossiers":
            let id = try await freshDossier(w, "eligible", of: area, n: n)
            let round = rule.target == .r79 ? r.rounds[.r79]! : r.rounds[.r01]!
            return Call(method: "POST", path: at(round), body: json(["dossier_ids": [id]]), headers: headers)
        case "POST \(rp)/rounds/{id}/conflicts":
            let subject = rule.target == .r79 ? w.subject(.s79) : w.subject(.s2)
            return Call(method: "POST", path: at(r.rounds[rule.target]!), body: json(["subject_id": subject.id, "reason": "Người thân làm việc tại cơ sở"]),
                        headers: headers)
        case "POST \(rp)/decisions":
            let id = try await freshDossier(w, "due", of: area, n: n)
            return Call(method: "POST", path: template, body: json([
                "number": "\(n)/QĐ-UBND", "decided_on": today, "level": "province", "dossier_ids": [id]]), headers: headers)
        case "GET \(rp)/decisions/{id}":
            return Call(method: "GET", path: at(r.decisions[rule.target]!), headers: headers)
        case "GET \(rp)/results":
            return Call(method: "GET", path: "\(template)?province=\(area.province)&limit=500", headers: headers)
        case "GET \(rp)/expiring":
            return Call(method: "GET", path: "\(template)?within=3660" + (rule.target == .foreign ? "&province=79" : ""), headers: headers)
        case "POST \(rp)/inspections":
            return Call(method: "POST", path: template, body: json([
                "subject_id": w.subject(rule.target).id, "inspected_on": today, "conclusion": "remedy",
                "findings": [["topic": "Nhãn mác", "finding": "Thiếu ngày sản xuất", "severity": "minor"]]]), headers: headers)
        case "GET \(rp)/inspections":
            return Call(method: "GET", path: "\(template)?subject_id=\(w.subject(rule.target).id)", headers: headers)
        case "POST \(rp)/products/{id}/downgrade", "POST \(rp)/products/{id}/revoke":
            let product = try await fourStarProduct(w, of: area, n: n)
            let body: [String: Any] = rule.endpoint.hasSuffix("downgrade")
                ? ["stars": 3, "ground": "fails_mandatory_criteria", "decision_number": "\(n)/QĐ-UBND", "decided_on": today]
                : ["ground": "food_safety_breach", "decision_number": "\(n)/QĐ-UBND", "decided_on": today]
            return Call(method: "POST", path: at(product), body: json(body), headers: headers)
        default:
            Issue.record("the matrix has a row for \(rule.endpoint) but does not know how to call it")
            return Call(method: rule.method, path: "/", headers: headers)
        }
    }

    // MARK: checks

    /// What of rating may change (with `fingerprint`): dossiers' states and sheets row by row, the rest by count.
    /// Not rating_certificates: it follows the registry's ledger (fingerprinted) through events, in the background.
    static func ratingFingerprintLists(_ rows: (String, [String], String) -> String) -> [(String, String)] {
        [("rating_dossiers", rows("rating_dossiers", ["id", "state", "stage", "round_id", "updated_at"], "id")),
         ("rating_sheets", rows("rating_sheets", ["dossier_id", "round_id", "username", "points", "submitted_at"], "dossier_id, round_id, username"))]
    }

    static let ratingFingerprintCounts: [(String, String)] = [
        "rating_councils", "rating_rounds", "rating_round_members", "rating_conflicts", "rating_attachments", "rating_results",
        "rating_decisions", "rating_decision_items", "rating_inspections", "rating_chain",
    ].enumerated().map { ("r\($0.offset)", $0.element) }

    /// One object of a rating response: dossiers, ranked results, councils, rounds, inspections and
    /// expiring certificates only reach who may see them; producers see no results before a decision.
    static func checkRatingObject(_ object: [String: Any], _ caller: Caller, _ call: Call, _ w: World, cell: String, _ reply: Reply) {
        guard let r = w.rating else { return }
        func seeded(_ id: Int64?) -> SeedDossier? { id.flatMap { id in r.dossiers.values.first { $0.id == id } } }
        let id = (object["id"] as? Int).map(Int64.init)
        let province = object["province_code"] as? String
        if object["criteria_set"] != nil, object["state"] != nil, let dossier = seeded(id) {
            #expect(w.seesDossier(caller, dossier), "\(cell): dossier \(dossier.id) shown: \(reply.summary)")
        }
        if caller == .producer, let results = object["results"] as? [Any], let due = object["decision_due"] as? Bool {
            let decided = object["state"] as? String == "completed" && !due
            #expect(decided || results.isEmpty, "\(cell): a producer sees results before the decision: \(reply.summary)")
        }
        if object["rank"] != nil, let dossier = seeded((object["dossier_id"] as? Int).map(Int64.init)) {
            // A ranked result: the round's seats, and officers within their province.
            let round = call.path.split(separator: "/").dropLast().last.flatMap { Int64($0) }
            let visible = caller == .admin || (caller == .officer && dossier.province == "01")
                || (caller == .council && round.map(r.seated.contains) == true)
            #expect(visible, "\(cell): the result of dossier \(dossier.id) (\(dossier.province)) shown: \(reply.summary)")
        }
        if object["rounds_by_year"] != nil {
            // A council.
            let visible = switch caller {
            case .admin: true
            case .officer: province == "01" || province == "*"
            case .commune: object["commune_code"] as? String == "00577"
            case .council: id == r.councils[.c01]
            case .anonymous, .producer: false
            }
            #expect(visible, "\(cell): council \(id ?? 0) of \(province ?? "?") shown: \(reply.summary)")
        }
        if object["opens_on"] != nil, object["members"] != nil {
            // A round.
            let visible = switch caller {
            case .admin: true
            case .officer: province == "01" || province == "*"
            case .council: object["council_id"] as? Int == r.councils[.c01].map(Int.init)
            case .anonymous, .commune, .producer: false
            }
            #expect(visible, "\(cell): round \(id ?? 0) of \(province ?? "?") shown: \(reply.summary)")
        }
        if object["conclusion"] != nil, object["inspected_on"] != nil {
            #expect(caller == .admin || (caller == .officer && province == "01"), "\(cell): an inspection of \(province ?? "?") shown: \(reply.summary)")
        }
        if object["days_left"] != nil {
            let visible = switch caller {
            case .admin: true
            case .officer: province == "01"
            case .commune: object["commune_code"] as? String == "00577"
            case .producer: (object["subject_id"] as? Int).map(Int64.init) == w.subject(.s1).id
            case .anonymous, .council: false
            }
            #expect(visible, "\(cell): an expiring certificate of \(province ?? "?") shown: \(reply.summary)")
        }
    }

    /// Whole-response checks: the dossier list shows exactly the seeded dossiers the caller may see;
    /// a producer reads the council's results once decided (and not while a decision is due).
    static func checkRatingReply(_ reply: Reply, _ rule: Rule, _ caller: Caller, _ w: World) {
        guard let r = w.rating, reply.status == 200 else { return }
        let cell = "\(rule.endpoint) [\(rule.target)] as \(caller)"
        if rule.endpoint == "GET \(rp)/dossiers" {
            let listed = Set(reply.ids)
            for (target, dossier) in r.dossiers {
                let shown = w.seesDossier(caller, dossier)
                #expect(listed.contains(dossier.id) == shown, "\(cell): \(target) should \(shown ? "" : "not ")be listed")
            }
        }
        if rule.endpoint == "GET \(rp)/dossiers/{id}", [.d1due, .d1done].contains(rule.target), caller == .producer || caller == .admin {
            let results = reply.object["results"] as? [Any] ?? []
            let expected = caller == .admin || rule.target == .d1done
            #expect(results.isEmpty != expected, "\(cell): results \(expected ? "expected" : "hidden until the decision"): \(reply.summary)")
        }
    }
}

extension RoleMatrix.World {
    /// The policy's own statement of who sees a seeded dossier (independent of the service's `sees`).
    func seesDossier(_ caller: Caller, _ dossier: RoleMatrix.SeedDossier) -> Bool {
        switch caller {
        case .anonymous: return false
        case .admin: return true
        case .officer: return dossier.province == "01"
        case .commune: return dossier.commune == "00577"
        case .producer: return dossier.subject == subject(.s1).id
        case .council: return dossier.round.map { rating?.seated.contains($0) == true } ?? false
        }
    }
}
