import Foundation
import OCOPPluginKit
import OCOPStorage

extension TestHost {
    /// The storage URL the host runs on (`sqlite:/…` or `postgres://…`), for an `ocop` process
    /// pointed at the same database.
    public var storageURL: String {
        switch database.location {
        case .sqlite(let path): "sqlite:" + path
        case .postgres(let url): url
        }
    }

    /// Runs one SQL statement as is, behind the platform's back (tamper tests).
    public func execute(_ statement: String) async throws {
        try await database.sql.raw("\(unsafeRaw: statement)").run()
    }
}

/// A reply the rating flow did not expect, with the step that got it.
public struct RatingFlowError: Error, CustomStringConvertible {
    public let step: String
    public let status: Int
    public let body: String
    public var description: String { "\(step): HTTP \(status): \(body)" }
}

/// Drives dossiers through the evaluation cycle over the HTTP API (QĐ 1489: file, self-assess,
/// attach the registration form, submit, commune pre-assessment, a provincial round with a chair
/// and two members who each submit a sheet, the chair's close, the officer's decision). Every
/// step checks its status and throws `RatingFlowError` otherwise.
public struct RatingFlow: Sendable {
    public let host: TestHost
    /// Province officer: registers producers, files, pre-assesses, runs the round, decides.
    public let officer: TestHost.Account
    public let province: String

    public init(host: TestHost, province: String) async throws {
        self.host = host
        self.province = province
        officer = try await host.account(.provinceOfficer, province: province)
    }

    /// A minimal PDF, as the registration form.
    public static let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    @discardableResult
    func expect(_ step: String, _ reply: LiveServer.Client.Reply, _ status: Int) throws -> [String: Any] {
        guard reply.status == status else { throw RatingFlowError(step: step, status: reply.status, body: reply.text) }
        return (try? reply.json()) ?? [:]
    }

    func id(_ object: [String: Any], _ step: String) throws -> Int64 {
        guard let value = object["id"] as? Int else { throw RatingFlowError(step: step, status: 0, body: "no id in \(object)") }
        return Int64(value)
    }

    /// Registers a producer (subject) in `commune` and one product of `productSet`; returns both ids.
    public func product(commune: String, tax: String, name: String, productSet: Int = 5) async throws -> (subject: Int64, product: Int64) {
        let subject = try expect("create subject", try await host.client.post("/api/v1/subjects", json: """
            {"registration_number":"\(tax)","name":"HTX \(name)","legal_form":"hop_tac_xa","commune_code":"\(commune)"}
            """, headers: officer.headers), 201)
        let subjectID = try id(subject, "create subject")
        let product = try expect("create product", try await host.client.post("/api/v1/products", json: """
            {"subject_id":\(subjectID),"name":"\(name)","product_set":\(productSet)}
            """, headers: officer.headers), 201)
        return (subjectID, try id(product, "create product"))
    }

    /// A complete, valid sheet for `set` (e.g. `148/5`) that rates exactly `stars` (3 or 4): every
    /// minimum of that level met, the total in its band (55 for 3★, 75 for 4★ when reachable).
    public func sheet(set: String, stars: Int) async throws -> [String: Int] {
        let object = try expect("criteria set \(set)", try await host.client.get("/api/v1/rating/criteria-sets/\(set)"), 200)
        return try Self.sheet(object, stars: stars)
    }

    static func sheet(_ set: [String: Any], stars: Int) throws -> [String: Int] {
        let (low, high) = stars == 3 ? (50, 69) : stars == 4 ? (70, 89) : (90, 100)
        let target = min(high, low + 5)
        var answers: [(id: String, allowed: [Int], points: Int)] = []
        for part in set["parts"] as? [[String: Any]] ?? [] {
            for group in part["groups"] as? [[String: Any]] ?? [] {
                var criteria = group["criteria"] as? [[String: Any]] ?? []
                if group["pick"] as? String == "one" { criteria = Array(criteria.prefix(1)) }
                for criterion in criteria {
                    let options = criterion["options"] as? [[String: Any]] ?? []
                    let points = options.compactMap { $0["points"] as? Int }
                    let allowed = ((points.first ?? 0) > 0 ? [0] : []) + points
                    var required: Int?
                    if let own = criterion["stars"] as? Int, own <= stars { required = points.first }
                    for option in options {
                        if let mark = option["stars"] as? Int, mark <= stars, let value = option["points"] as? Int { required = max(required ?? 0, value) }
                    }
                    answers.append((criterion["id"] as? String ?? "?", allowed, required ?? allowed.first ?? 0))
                }
            }
        }
        var total = answers.map(\.points).reduce(0, +)
        guard total <= high else { throw RatingFlowError(step: "sheet for \(stars)★", status: 0, body: "the minimums alone give \(total) points") }
        for index in answers.indices where total < target {
            let current = answers[index].points
            if let best = answers[index].allowed.filter({ $0 > current && total - current + $0 <= target }).max() {
                answers[index].points = best
                total += best - current
            }
        }
        guard total >= low else { throw RatingFlowError(step: "sheet for \(stars)★", status: 0, body: "reached only \(total) points") }
        return Dictionary(uniqueKeysWithValues: answers.map { ($0.id, $0.points) })
    }

    /// Files a new dossier for `product`, self-assesses with `points`, attaches the registration
    /// form, submits it and has the commune forward it: the dossier ends eligible at the province.
    public func eligibleDossier(product: Int64, points: [String: Int], kind: String = "new") async throws -> Int64 {
        let client = host.client
        let created = try expect("file dossier", try await client.post("/api/v1/rating/dossiers", json: """
            {"product_id":\(product),"kind":"\(kind)"}
            """, headers: officer.headers), 201)
        let dossier = try id(created, "file dossier")
        let body = try JSONSerialization.data(withJSONObject: ["points": points])
        try expect("self-assessment", try await client.send("PUT", "/api/v1/rating/dossiers/\(dossier)/self-assessment", body: body,
                                                            headers: officer.headers), 200)
        try expect("registration form", try await client.send("POST", "/api/v1/rating/dossiers/\(dossier)/attachments?kind=registration_form",
                                                               body: Self.pdf, headers: officer.headers.merging(["Content-Type": "application/pdf"]) { $1 }), 201)
        try expect("submit", try await client.post("/api/v1/rating/dossiers/\(dossier)/transitions", json: #"{"to":"submitted"}"#,
                                                   headers: officer.headers), 200)
        let forwarded = try expect("pre-assessment", try await client.post("/api/v1/rating/dossiers/\(dossier)/pre-assessment", json: """
            {"origin_local_materials":true,"local_labour":true,"idea_origin":true,"local_identity":true,"form_complete":true,"forward":true}
            """, headers: officer.headers), 200)
        guard forwarded["state"] as? String == "eligible" else {
            throw RatingFlowError(step: "pre-assessment", status: 200, body: "state \(forwarded["state"] ?? "?")")
        }
        return dossier
    }

    /// A provincial round: its chair and two members score.
    public struct Round: Sendable {
        public let id: Int64
        public let council: Int64
        public let chair: TestHost.Account
        public let members: [TestHost.Account]
        /// Everyone who submits a sheet: the chair and the members.
        public var scorers: [TestHost.Account] { [chair] + members }
    }

    /// Sets up a provincial council and opens a round this year with a chair and two members.
    public func round() async throws -> Round {
        let year = ProgrammeCalendar.currentYear()
        let council = try id(try expect("council", try await host.client.post("/api/v1/rating/councils", json: """
            {"level":"province","province_code":"\(province)","name":"Hội đồng OCOP tỉnh","decision_number":"\(Int.random(in: 1...9999))/QĐ-UBND","established_on":"\(year)-01-05"}
            """, headers: officer.headers), 201), "council")
        let chair = try await host.account(.councilMember, province: province)
        let members = [try await host.account(.councilMember, province: province), try await host.account(.councilMember, province: province)]
        let seats = ([(chair, "chair")] + members.map { ($0, "member") }).map { #"{"username":"\#($0.0.username)","seat":"\#($0.1)"}"# }
        let round = try id(try expect("round", try await host.client.post("/api/v1/rating/councils/\(council)/rounds", json: """
            {"name":"Đợt 1 năm \(year)","year":\(year),"opens_on":"\(year)-01-10","members":[\(seats.joined(separator: ","))]}
            """, headers: officer.headers), 201), "round")
        return Round(id: round, council: council, chair: chair, members: members)
    }

    /// Puts eligible dossiers into the round (they are then being scored).
    public func assign(_ dossiers: [Int64], to round: Round) async throws {
        try expect("assign", try await host.client.post("/api/v1/rating/rounds/\(round.id)/dossiers", json: """
            {"dossier_ids":[\(dossiers.map(String.init).joined(separator: ","))]}
            """, headers: officer.headers), 200)
    }

    /// Every scorer of the round saves `points` on the dossier and submits; then the chair closes.
    public func score(_ dossier: Int64, in round: Round, points: [String: Int]) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["points": points])
        for scorer in round.scorers {
            try expect("sheet of \(scorer.username)", try await host.client.send("PUT", "/api/v1/rating/dossiers/\(dossier)/sheet", body: body,
                                                                                  headers: scorer.headers), 200)
            try expect("submit sheet of \(scorer.username)", try await host.client.send("POST", "/api/v1/rating/dossiers/\(dossier)/sheet/submit",
                                                                                         headers: scorer.headers), 200)
        }
        let closed = try expect("close", try await host.client.send("POST", "/api/v1/rating/dossiers/\(dossier)/close", headers: round.chair.headers), 200)
        guard closed["state"] as? String == "completed" else { throw RatingFlowError(step: "close", status: 200, body: "state \(closed["state"] ?? "?")") }
    }

    /// The officer's provincial decision over `dossiers`; returns the decision as the API shows it.
    @discardableResult
    public func decide(_ dossiers: [Int64], number: String, decidedOn: String) async throws -> [String: Any] {
        try expect("decision", try await host.client.post("/api/v1/rating/decisions", json: """
            {"number":"\(number)","decided_on":"\(decidedOn)","level":"province","dossier_ids":[\(dossiers.map(String.init).joined(separator: ","))]}
            """, headers: officer.headers), 201)
    }

    /// One product of a new producer in `commune` taken all the way to a provincial decision at
    /// `stars` (3 or 4) dated `decidedOn`, in a round of its own. Returns the ids involved.
    public func decided(commune: String, tax: String, name: String, productSet: Int = 5, stars: Int,
                        decidedOn: String = ProgrammeCalendar.today(), number: String? = nil) async throws -> Decided {
        let (subject, product) = try await self.product(commune: commune, tax: tax, name: name, productSet: productSet)
        let points = try await sheet(set: "148/\(productSet)", stars: stars)
        let dossier = try await eligibleDossier(product: product, points: points)
        let round = try await self.round()
        try await assign([dossier], to: round)
        try await score(dossier, in: round, points: points)
        let decision = try await decide([dossier], number: number ?? "\(UUID().uuidString.prefix(8))/QĐ-UBND", decidedOn: decidedOn)
        return Decided(subject: subject, product: product, dossier: dossier, round: round, points: points, decision: decision)
    }

    public struct Decided: @unchecked Sendable {
        public let subject: Int64
        public let product: Int64
        public let dossier: Int64
        public let round: Round
        public let points: [String: Int]
        /// The decision as `POST /api/v1/rating/decisions` returned it.
        public let decision: [String: Any]
    }
}
