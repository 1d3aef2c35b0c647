import BacNinh
import Foundation
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// Bắc Ninh's incentive plugin pays on decisions that come out of the rating module: dossiers
/// driven through rounds over the API, decided by the province, reach the rewards through the
/// registry's ledger events; neither module knows the other.
enum RatingRewardChecks {
    static func decisionsFromRatingRoundsEarnRewards(_ host: TestHost) async throws {
        let flow = try await RatingFlow(host: host, province: "24")
        let today = ProgrammeCalendar.today()
        // A new 4★ (10,000,000 đồng) and a new 3★ (8,000,000), decided today.
        let four = try await flow.decided(commune: "07210", tax: TestTaxCodes.make("230000808"), name: "Gà Đông Tảo", stars: 4)
        let three = try await flow.decided(commune: "07210", tax: TestTaxCodes.make("230000909"), name: "Gạo nếp cái hoa vàng", stars: 3)
        #expect((four.decision["items"] as? [[String: Any]])?.first?["stars"] as? Int == 4, "\(four.decision)")
        #expect((three.decision["items"] as? [[String: Any]])?.first?["stars"] as? Int == 3, "\(three.decision)")

        // The 3★ product comes back for an upgrade and reaches 4★ (2,000,000).
        let points = try await flow.sheet(set: "148/5", stars: 4)
        let upgrade = try await flow.eligibleDossier(product: three.product, points: points, kind: "upgrade")
        let round = try await flow.round()
        try await flow.assign([upgrade], to: round)
        try await flow.score(upgrade, in: round, points: points)
        try await flow.decide([upgrade], number: "77/QĐ-UBND", decidedOn: today)

        // A product of Hà Nội rated 4★ by its own province earns nothing here.
        let hanoi = try await RatingFlow(host: host, province: "01")
        _ = try await hanoi.decided(commune: "00577", tax: TestTaxCodes.make("010000909"), name: "Bình gốm Bát Tràng", stars: 4)
        try await host.eventsDelivered()

        let admin = try await host.signIn(.nationalAdmin)
        let rewards = try await host.client.get("/api/v1/bac-ninh/rewards", headers: admin)
        #expect(rewards.status == 200, "\(rewards.text)")
        #expect(rewards.object["total"] as? Int == 3, "\(rewards.text)")
        #expect(rewards.object["amount_vnd"] as? Int == 20_000_000, "\(rewards.text)")
        let rows = rewards.items.map { [$0["product_name"] as? String ?? "", $0["kind"] as? String ?? "", "\($0["amount_vnd"] as? Int ?? 0)"] }
        #expect(rows.sorted { $0.joined() < $1.joined() } == [
            ["Gà Đông Tảo", "new_level", "10000000"], ["Gạo nếp cái hoa vàng", "new_level", "8000000"], ["Gạo nếp cái hoa vàng", "upgrade", "2000000"],
        ], "\(rewards.text)")
        #expect(!rewards.text.contains("Bình gốm"))
        let year = try await host.client.get("/api/v1/bac-ninh/rewards?year=\(ProgrammeCalendar.currentYear())", headers: admin)
        #expect(year.object["total"] as? Int == 3 && year.object["amount_vnd"] as? Int == 20_000_000, "\(year.text)")
    }
}

@Suite struct RatingRewardSQLiteTests {
    @Test func decisionsFromRatingRoundsEarnRewards() async throws { try await withBacNinh(.sqlite, RatingRewardChecks.decisionsFromRatingRoundsEarnRewards) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct RatingRewardPostgreSQLTests {
    @Test func decisionsFromRatingRoundsEarnRewards() async throws { try await withBacNinh(.postgresql, RatingRewardChecks.decisionsFromRatingRoundsEarnRewards) }
}
