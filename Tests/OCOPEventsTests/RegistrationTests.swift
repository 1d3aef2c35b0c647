import Foundation
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// Events and registration on a real host: validation, eligibility rules, booths, the waiting
/// list and withdrawals.
enum RegistrationChecks {
    static func badEventsAreRefusedAndNothingStored(_ host: TestHost) async throws {
        let w = try await World.make(host)
        let cases: [(String, String, String)] = [
            (#""kind":"concert""#, "/kind", "unknown kind 'concert'"),
            (#""ends_on":"2026-05-01""#, "/ends_on", "ends (2026-05-01) before it starts (2026-05-03)"),
            (#""venue":{"commune_code":"99999"}"#, "/venue/commune_code", "'99999' is not a current (2025) commune code"),
            (#""starts_on":"2026-02-30""#, "/starts_on", "expected a date YYYY-MM-DD"),
            (#""participating_provinces":["01","88"]"#, "/participating_provinces/1", "'88' is not a current (2025) province code"),
            (#""eligibility":["only-certified","lucky-draw"]"#, "/eligibility/1", "unknown rule 'lucky-draw'"),
            (#""booth_capacity":0"#, "/booth_capacity", "from 1 to 10000"),
        ]
        for (override, path, message) in cases {
            var fields: [String: String] = ["kind": #""kind":"fair""#, "ends_on": #""ends_on":"2026-05-04""#, "venue": #""venue":{"commune_code":"00577"}"#,
                                            "starts_on": #""starts_on":"2026-05-03""#, "participating_provinces": #""participating_provinces":[]"#,
                                            "eligibility": #""eligibility":[]"#, "booth_capacity": #""booth_capacity":5"#]
            let key = String(override.dropFirst().prefix { $0 != "\"" })
            fields[key] = override
            let body = "{" + fields.values.sorted().joined(separator: ",") + #","title":"Hội chợ","organiser":"Sở","province_code":"01"}"#
            let reply = try await host.client.post("/api/v1/events", json: body, headers: w.officer01)
            #expect(reply.status == 422, "\(override): \(reply.text)")
            #expect(reply.fieldErrors.contains { $0.hasPrefix(path + ":") && $0.contains(message) }, "\(override): \(reply.fieldErrors)")
        }
        // Online kinds take a platform, places a commune or address.
        let online = try await w.event(kind: "livestream", venue: #"{"commune_code":"00577"}"#, open: false)
        #expect(online.status == 422 && online.fieldErrors.contains { $0.hasPrefix("/venue") }, "\(online.text)")
        let noVenue = try await w.event(venue: "{}", open: false)
        #expect(noVenue.fieldErrors == ["/venue: give the venue's commune_code (2025) or its address"], "\(noVenue.text)")
        // Another province's officer may not organise Hà Nội's events.
        let foreign = try await w.event("01", open: false, as: w.officer31)
        #expect(foreign.status == 403, "\(foreign.text)")
        #expect(try await w.count("events_events") == 0)

        let good = try await w.event(title: "Hội chợ Tinh hoa; làng nghề, Hà Nội", open: false)
        #expect(good.status == 201, "\(good.text)")
        #expect(good.object["state"] as? String == "planned")
        #expect((good.object["venue"] as? [String: Any])?["commune_name"] as? String == "Xã Bát Tràng", "\(good.text)")
        // Drafts are the organisers' only.
        #expect(try await host.client.get("/api/v1/events/\(good.id)").status == 404)
        #expect(try await host.client.get("/api/v1/events/\(good.id)", headers: w.officer01).status == 200)
        #expect(try await w.move(good.id, to: "closed").status == 409, "planned cannot be closed")
        #expect(try await w.move(good.id, to: "open").status == 200)
        #expect(try await host.client.get("/api/v1/events/\(good.id)").status == 200)
        let list = try await host.client.get("/api/v1/events?province=01&upcoming=true")
        #expect(list.items.map { $0["id"] as? Int } == [Int(good.id)])
        // Titles are found without diacritics.
        #expect(try await host.client.get("/api/v1/events?q=TINH%20HOA").items.map { $0["id"] as? Int } == [Int(good.id)])
        #expect(try await host.client.get("/api/v1/events?q=hoi%20cho%20xuan").items.isEmpty)
    }

    static func eligibilityRules(_ host: TestHost) async throws {
        let w = try await World.make(host)
        let hn = try await w.subject("01", "HTX Gốm Bát Tràng", products: ["Bình gốm men lam", "Ấm trà", "Đĩa gốm"])
        let hp = try await w.subject("31", "HTX Bánh đa Hải Phòng", products: ["Bánh đa cua"])
        try await w.certify(hn.products[0], stars: 4)
        try await w.certify(hn.products[1], stars: 5, decision: "revoked")
        try await w.certify(hp.products[0], stars: 3)
        // hn.products[2] never certified.
        let event = try await w.event(eligibility: #"["only-certified","organising-province"]"#).id

        let uncertified = try await w.register(event, subject: hn.subject, products: [hn.products[0], hn.products[2]])
        #expect(uncertified.status == 422)
        #expect(uncertified.fieldErrors == ["/product_ids/1: only-certified: product \(hn.products[2]) has no valid OCOP certificate (uncertified, revoked, withdrawn or expired)"],
                "\(uncertified.text)")
        let revoked = try await w.register(event, subject: hn.subject, products: [hn.products[1]])
        #expect(revoked.status == 422 && revoked.fieldErrors.first?.contains("only-certified") == true, "\(revoked.text)")
        let foreign = try await w.register(event, subject: hp.subject, products: hp.products)
        #expect(foreign.fieldErrors == ["/product_ids/0: organising-province: product \(hp.products[0]) is from province 31; the event takes province 01 only"],
                "\(foreign.text)")
        let mismatch = try await w.register(event, subject: hn.subject, products: [hp.products[0]])
        #expect(mismatch.fieldErrors.first?.contains("belongs to subject \(hp.subject)") == true, "\(mismatch.text)")
        #expect(try await w.count("events_registrations") == 0)

        // Participating provinces open the event to them.
        let regional = try await w.event(eligibility: #"["only-certified","participating-provinces"]"#, participating: #"["31"]"#).id
        #expect(try await w.register(regional, subject: hp.subject, products: hp.products).status == 201)

        // A producer registers their own subject only.
        let producer = try await host.signIn(.producer, subject: hn.subject)
        let other = try await host.signIn(.producer, subject: hp.subject)
        #expect(try await w.register(event, subject: hn.subject, products: [hn.products[0]], as: other).status == 403)
        let own = try await w.register(event, subject: hn.subject, products: [hn.products[0]], as: producer)
        #expect(own.status == 201, "\(own.text)")
        #expect(own.object["state"] as? String == "accepted" && own.object["booth"] as? Int == 1)
        let twice = try await w.register(event, subject: hn.subject, products: [hn.products[0]], as: producer)
        #expect(twice.status == 409 && twice.text.contains("already has registration \(own.id)"), "\(twice.text)")
    }

    static func boothsWaitingListAndWithdrawal(_ host: TestHost) async throws {
        let w = try await World.make(host)
        var subjects: [(subject: Int64, products: [Int64])] = []
        for n in 1...5 {
            let s = try await w.subject("01", "Cơ sở \(n)", products: ["Sản phẩm \(n)"])
            try await w.certify(s.products[0], stars: 3 + n % 2)
            subjects.append(s)
        }
        let event = try await w.event(capacity: 2, eligibility: "[]").id
        let first = try await w.register(event, subject: subjects[0].subject, products: subjects[0].products, booth: 2)
        #expect(first.status == 201 && first.object["booth"] as? Int == 2, "\(first.text)")
        // Booth 2 is held: a second booking of it is refused, precisely, and nothing is stored.
        let clash = try await w.register(event, subject: subjects[1].subject, products: subjects[1].products, booth: 2)
        #expect(clash.status == 409, "\(clash.text)")
        #expect(clash.fieldErrors.first?.hasPrefix("/booth: Booth 2 of event \(event) is already booked by registration \(first.id) (Cơ sở 1)") == true,
                "\(clash.fieldErrors)")
        let outside = try await w.register(event, subject: subjects[1].subject, products: subjects[1].products, booth: 3)
        #expect(outside.fieldErrors == ["/booth: event \(event) has booths 1 to 2, not 3"], "\(outside.text)")
        #expect(try await w.count("events_registrations") == 1)

        let second = try await w.register(event, subject: subjects[1].subject, products: subjects[1].products)
        #expect(second.object["booth"] as? Int == 1 && second.object["state"] as? String == "accepted", "\(second.text)")
        // Full: the next ones wait, in order; a booth asked for is held by someone.
        let third = try await w.register(event, subject: subjects[2].subject, products: subjects[2].products)
        let fourth = try await w.register(event, subject: subjects[3].subject, products: subjects[3].products)
        #expect(third.object["state"] as? String == "waiting" && third.object["waiting_position"] as? Int == 1, "\(third.text)")
        #expect(fourth.object["waiting_position"] as? Int == 2 && fourth.object["booth"] == nil)
        #expect(try await w.register(event, subject: subjects[4].subject, products: subjects[4].products, booth: 1).status == 409)
        let detail = try await host.client.get("/api/v1/events/\(event)")
        #expect(detail.object["booths_taken"] as? Int == 2 && detail.object["waiting"] as? Int == 2)

        // The holder of booth 2 withdraws: the first in line takes booth 2, the second moves up.
        let withdrawn = try await host.client.post("/api/v1/events/\(event)/registrations/\(first.id)/withdraw", json: "", headers: w.officer01)
        #expect(withdrawn.status == 200 && withdrawn.object["state"] as? String == "withdrawn", "\(withdrawn.text)")
        #expect(try await host.client.post("/api/v1/events/\(event)/registrations/\(first.id)/withdraw", json: "", headers: w.officer01).status == 409)
        let all = try await host.client.get("/api/v1/events/\(event)/registrations", headers: w.officer01).items
        let states = all.map { "\($0["id"] as? Int ?? 0):\($0["state"] as? String ?? "")/\($0["booth"] as? Int ?? 0)/\($0["waiting_position"] as? Int ?? 0)" }
        #expect(states == ["\(first.id):withdrawn/0/0", "\(second.id):accepted/1/0", "\(third.id):accepted/2/0", "\(fourth.id):waiting/0/1"], "\(states)")
        // The public sees exhibitors only.
        let publicList = try await host.client.get("/api/v1/events/\(event)/registrations").items
        #expect(publicList.map { $0["state"] as? String } == ["accepted", "accepted"])
        // A withdrawn subject may apply again (and waits).
        let again = try await w.register(event, subject: subjects[0].subject, products: subjects[0].products)
        #expect(again.status == 201 && again.object["state"] as? String == "waiting" && again.object["waiting_position"] as? Int == 2, "\(again.text)")
        // More booths let the waiting list in, in order.
        let grown = try await host.client.send("PUT", "/api/v1/events/\(event)", body: Data("""
            {"kind":"fair","title":"Hội chợ OCOP","organiser":"Sở Công Thương","province_code":"01","starts_on":"\(day(10))","ends_on":"\(day(12))",
             "venue":{"commune_code":"00577"},"booth_capacity":3,"eligibility":[]}
            """.utf8), headers: w.officer01)
        #expect(grown.status == 200 && grown.object["booths_taken"] as? Int == 3 && grown.object["waiting"] as? Int == 1, "\(grown.text)")
        let shrink = try await host.client.send("PUT", "/api/v1/events/\(event)", body: Data("""
            {"kind":"fair","title":"Hội chợ OCOP","organiser":"Sở Công Thương","province_code":"01","starts_on":"\(day(10))","ends_on":"\(day(12))",
             "venue":{"commune_code":"00577"},"booth_capacity":1,"eligibility":[]}
            """.utf8), headers: w.officer01)
        #expect(shrink.status == 409 && shrink.fieldErrors.first?.hasPrefix("/booth_capacity") == true, "\(shrink.text)")
    }
}

extension RegistrationChecks {
    /// Ten subjects apply at once for three booths: three distinct booths, seven in line, never more.
    static func concurrentApplicationsNeverOverbook(_ host: TestHost) async throws {
        let w = try await World.make(host)
        var subjects: [(subject: Int64, products: [Int64])] = []
        for n in 1...10 { subjects.append(try await w.subject("01", "Cơ sở song song \(n)", products: ["Hàng \(n)"])) }
        let event = try await w.event(capacity: 3, eligibility: "[]").id
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for s in subjects { group.addTask { try await w.register(event, subject: s.subject, products: s.products).status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 201 || $0 == 503 }, "\(statuses)")
        let all = try await host.client.get("/api/v1/events/\(event)/registrations", headers: w.officer01).items
        let booths = all.compactMap { $0["booth"] as? Int }
        #expect(booths.sorted() == [1, 2, 3], "\(booths)")
        #expect(all.filter { $0["state"] as? String == "waiting" }.count == statuses.filter { $0 == 201 }.count - 3)
        let positions = all.compactMap { $0["waiting_position"] as? Int }
        #expect(positions == Array(1...positions.count) || positions.isEmpty)
    }
}

@Suite(.serialized) struct RegistrationSQLiteTests {
    @Test func badEvents() async throws { try await withEvents(.sqlite, RegistrationChecks.badEventsAreRefusedAndNothingStored) }
    @Test func eligibility() async throws { try await withEvents(.sqlite, RegistrationChecks.eligibilityRules) }
    @Test func booths() async throws { try await withEvents(.sqlite, RegistrationChecks.boothsWaitingListAndWithdrawal) }
    @Test func concurrent() async throws { try await withEvents(.sqlite, RegistrationChecks.concurrentApplicationsNeverOverbook) }
}

@Suite(.serialized, .enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct RegistrationPostgreSQLTests {
    @Test func badEvents() async throws { try await withEvents(.postgresql, RegistrationChecks.badEventsAreRefusedAndNothingStored) }
    @Test func eligibility() async throws { try await withEvents(.postgresql, RegistrationChecks.eligibilityRules) }
    @Test func booths() async throws { try await withEvents(.postgresql, RegistrationChecks.boothsWaitingListAndWithdrawal) }
    @Test func concurrent() async throws { try await withEvents(.postgresql, RegistrationChecks.concurrentApplicationsNeverOverbook) }
}
