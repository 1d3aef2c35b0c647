import Foundation
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// `GET /api/v1/rating/expiring`: certificates recorded through rating decisions reach the list
/// through the registry's `CertificationRecorded` events; who sees which.
enum ExpiryChecks {
    /// The decision date whose certificate (36 months) ends `days` from today.
    static func decidedOn(endingIn days: Int) throws -> (decidedOn: String, validUntil: String) {
        let today = ProgrammeCalendar.today()
        let until = try #require(ProgrammeCalendar.adding(days: days, to: today))
        let decided = try #require(ProgrammeCalendar.adding(months: -36, to: until))
        try #require(ProgrammeCalendar.adding(months: 36, to: decided) == until, "\(decided) + 36 months is not \(until)")
        return (decided, until)
    }

    static func rows(_ reply: LiveServer.Client.Reply) throws -> [[String: Any]] {
        try reply.json()["items"] as? [[String: Any]] ?? []
    }

    static func soonEndingCertificatesAreListed(_ host: TestHost) async throws {
        let flow = try await RatingFlow(host: host, province: "24")
        let soon = try decidedOn(endingIn: 10), edge = try decidedOn(endingIn: 30), later = try decidedOn(endingIn: 45), ended = try decidedOn(endingIn: -1)
        let a = try await flow.decided(commune: "07210", tax: TestTaxCodes.make("230000303"), name: "Bánh đa Kế", stars: 4, decidedOn: soon.decidedOn)
        let c = try await flow.decided(commune: "07210", tax: TestTaxCodes.make("230000404"), name: "Mỳ gạo Chũ", stars: 3, decidedOn: edge.decidedOn)
        let b = try await flow.decided(commune: "07210", tax: TestTaxCodes.make("230000505"), name: "Vải thiều Lục Ngạn", stars: 3, decidedOn: later.decidedOn)
        let d = try await flow.decided(commune: "07210", tax: TestTaxCodes.make("230000606"), name: "Rượu làng Vân", stars: 3, decidedOn: ended.decidedOn)
        let fresh = try await flow.decided(commune: "07210", tax: TestTaxCodes.make("230000707"), name: "Gà Hồ", stars: 4)
        // The decisions carry the 36-month term.
        let decisionItems = try #require(a.decision["items"] as? [[String: Any]])
        #expect(decisionItems.first?["valid_until"] as? String == soon.validUntil, "\(a.decision)")
        try await host.eventsDelivered()

        let client = host.client
        let officer = flow.officer.headers
        let list = try await client.get("/api/v1/rating/expiring", headers: officer)
        #expect(list.status == 200, "\(list.text)")
        let listed = try rows(list)
        // Soonest first; the one ending in 45 days, the one that ended yesterday and the fresh one are not there.
        #expect(listed.compactMap { $0["product_id"] as? Int } == [Int(a.product), Int(c.product)], "\(list.text)")
        #expect(listed.map { $0["days_left"] as? Int } == [10, 30], "\(list.text)")
        #expect(listed.map { $0["valid_until"] as? String } == [soon.validUntil, edge.validUntil])
        #expect(listed.map { $0["stars"] as? Int } == [4, 3])
        #expect(listed.first?["product_name"] as? String == "Bánh đa Kế")
        #expect(listed.first?["subject_id"] as? Int == Int(a.subject))
        #expect(!listed.contains { [Int(b.product), Int(d.product), Int(fresh.product)].contains($0["product_id"] as? Int ?? 0) })

        // A wider window takes the one ending later.
        let wider = try rows(try await client.get("/api/v1/rating/expiring?within=60", headers: officer))
        #expect(wider.compactMap { $0["product_id"] as? Int } == [Int(a.product), Int(c.product), Int(b.product)])
        #expect(wider.last?["days_left"] as? Int == 45)

        // Producers see their own only.
        let producerA = try await host.signIn(.producer, subject: a.subject)
        let own = try await client.get("/api/v1/rating/expiring", headers: producerA)
        #expect(own.status == 200, "\(own.text)")
        #expect(try rows(own).compactMap { $0["product_id"] as? Int } == [Int(a.product)])
        let producerB = try await host.signIn(.producer, subject: b.subject)
        #expect(try rows(try await client.get("/api/v1/rating/expiring", headers: producerB)).isEmpty)
        #expect(try rows(try await client.get("/api/v1/rating/expiring?within=60", headers: producerB)).compactMap { $0["product_id"] as? Int }
            == [Int(b.product)])

        // Officers of another province see none of these; council members are refused; strangers must sign in.
        let hanoi = try await host.signIn(.provinceOfficer, province: "01")
        let foreign = try await client.get("/api/v1/rating/expiring", headers: hanoi)
        #expect(foreign.status == 200, "\(foreign.text)")
        #expect(try rows(foreign).isEmpty, "\(foreign.text)")
        let member = try await client.get("/api/v1/rating/expiring", headers: a.round.chair.headers)
        #expect(member.status == 403, "\(member.text)")
        #expect(try await client.get("/api/v1/rating/expiring").status == 401)
        #expect(try await client.get("/api/v1/rating/expiring?within=-1", headers: officer).status == 422)

        // A revoked certificate leaves the list.
        let revoked = try await client.post("/api/v1/rating/products/\(a.product)/revoke", json: """
            {"ground":"food_safety_breach","decision_number":"R-\(a.product)/QĐ-UBND","decided_on":"\(ProgrammeCalendar.today())"}
            """, headers: officer)
        #expect(revoked.status == 201, "\(revoked.text)")
        try await host.eventsDelivered()
        let after = try rows(try await client.get("/api/v1/rating/expiring", headers: officer))
        #expect(after.compactMap { $0["product_id"] as? Int } == [Int(c.product)], "\(after)")
    }
}

@Suite struct ExpiryListSQLiteTests {
    @Test func soonEndingCertificatesAreListed() async throws { try await TamperChecks.host(.sqlite, ExpiryChecks.soonEndingCertificatesAreListed) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct ExpiryListPostgreSQLTests {
    @Test func soonEndingCertificatesAreListed() async throws { try await TamperChecks.host(.postgresql, ExpiryChecks.soonEndingCertificatesAreListed) }
}
