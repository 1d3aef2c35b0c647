import BacNinh
import Foundation
import OCOPPluginKit
import OCOPTestSupport
import SQLKit
import Testing

/// Bắc Ninh with the core modules, on a real host.
func withBacNinh(_ engine: DatabaseEngine, settings: String = "{}", _ body: @escaping @Sendable (TestHost) async throws -> Void) async throws {
    try await TestHost.run(engine, plugins: TestHost.core + [PluginFactory(BacNinhPlugin.self)], config: """
        plugins:
        \(TestHost.coreConfig)
          vn.bac-ninh: \(settings)
        """, body)
}

extension LiveServer.Client.Reply {
    var object: [String: Any] { (try? json()) ?? [:] }
    var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
}

enum RewardChecks {
    /// Registers a subject and product in `province` over the API; returns the product ID.
    static func product(_ host: TestHost, _ officer: [String: String], province: String, commune: String, tax: String, name: String) async throws -> Int64 {
        let subject = try await host.client.post("/api/v1/subjects", json: """
            {"registration_number":"\(tax)","name":"HTX \(name)","legal_form":"hop_tac_xa","commune_code":"\(commune)"}
            """, headers: officer)
        #expect(subject.status == 201, "\(subject.text)")
        let product = try await host.client.post("/api/v1/products", json: """
            {"subject_id":\(subject.object["id"] as? Int ?? -1),"name":"\(name)","product_set":5}
            """, headers: officer)
        #expect(product.status == 201, "\(product.text)")
        return Int64(product.object["id"] as? Int ?? -1)
    }

    static func certify(_ host: TestHost, _ product: Int64, stars: Int, on date: String, decision: String = "recognised") async throws {
        let recorder = try #require(host.registry.directory.resolve((any CertificationRecorder).self))
        try await host.database.transaction { db in
            try await recorder.record(CertificationRecord(productID: product, stars: stars, certificateNumber: "QĐ \(date)", decidedOn: date,
                                                          validUntil: ProgrammeCalendar.adding(months: 36, to: date) ?? date, source: "test",
                                                          decision: decision),
                                      outbox: host.context.outbox, on: db)
        }
    }

    static func rewardsFollowCertificationEvents(_ host: TestHost) async throws {
        let officer = try await host.signIn(.nationalAdmin)
        // Bắc Ninh (24) communes, and one of Hà Nội (01) whose products earn nothing here.
        let ga = try await product(host, officer, province: "24", commune: "07210", tax: "2300000011", name: "Gà Đông Tảo")
        let rice = try await product(host, officer, province: "24", commune: "07210", tax: "2300000029", name: "Gạo nếp cái hoa vàng")
        let old = try await product(host, officer, province: "24", commune: "07210", tax: "2300000036", name: "Bánh phu thê")
        let hanoi = try await product(host, officer, province: "01", commune: "00577", tax: "0100000028", name: "Bình gốm")

        try await certify(host, ga, stars: 3, on: "2024-03-01")      // new 3★: 8,000,000
        try await certify(host, ga, stars: 4, on: "2025-05-10")      // upgrade: 2,000,000
        try await certify(host, ga, stars: 4, on: "2025-06-01")      // same level again: nothing
        try await certify(host, rice, stars: 4, on: "2025-02-02")    // new 4★: 10,000,000
        try await certify(host, old, stars: 3, on: "2023-12-31")     // before the policy: nothing…
        try await certify(host, old, stars: 3, on: "2024-06-01")     // …and not new afterwards: nothing
        try await certify(host, hanoi, stars: 4, on: "2025-01-01")   // another province: nothing
        try await certify(host, old, stars: 5, on: "2025-03-01", decision: "revoked")  // a revocation earns nothing
        try await host.eventsDelivered()

        let admin = try await host.signIn(.nationalAdmin)
        let all = try await host.client.get("/api/v1/bac-ninh/rewards", headers: admin)
        #expect(all.status == 200, "\(all.text)")
        #expect(all.object["total"] as? Int == 3)
        #expect(all.object["amount_vnd"] as? Int == 20_000_000)
        #expect(all.items.map { [$0["product_name"] as? String ?? "", $0["kind"] as? String ?? "", "\($0["amount_vnd"] as? Int ?? 0)"] } == [
            ["Gà Đông Tảo", "new_level", "8000000"], ["Gạo nếp cái hoa vàng", "new_level", "10000000"], ["Gà Đông Tảo", "upgrade", "2000000"],
        ])
        let year = try await host.client.get("/api/v1/bac-ninh/rewards?year=2025", headers: admin)
        #expect(year.object["total"] as? Int == 2 && year.object["amount_vnd"] as? Int == 12_000_000)

        // Delivered again from the start (as after a crash before the position was saved): nothing doubles.
        try await host.database.sql.update(OutboxSchema.cursors).set("position", to: SQLBind(Int64(0)))
            .where("subscriber", .equal, "vn.bac-ninh/rewards").run()
        host.running.dispatcher.nudge()
        try await host.eventsDelivered()
        #expect(try await host.client.get("/api/v1/bac-ninh/rewards", headers: admin).object["total"] as? Int == 3)

        let csv = try await host.client.get("/api/v1/bac-ninh/rewards/export?year=2025", headers: admin)
        #expect(csv.status == 200)
        #expect(csv.headers["content-type"]?.hasPrefix("text/csv") == true)
        #expect(csv.text.contains("Gạo nếp cái hoa vàng") && csv.text.contains("10000000") && !csv.text.contains("2024-03-01"))

        let own = try await host.signIn(.provinceOfficer, province: "24")
        #expect(try await host.client.get("/api/v1/bac-ninh/rewards", headers: own).status == 200)
        #expect(try await host.client.get("/api/v1/bac-ninh/rewards", headers: try await host.signIn(.provinceOfficer, province: "01")).status == 403)
        #expect(try await host.client.get("/api/v1/bac-ninh/rewards").status == 401)
        #expect(try await host.client.get("/api/v1/bac-ninh/rewards?year=1990", headers: admin).status == 422)
    }
}

@Suite struct BacNinhSQLiteTests {
    @Test func rewards() async throws { try await withBacNinh(.sqlite, RewardChecks.rewardsFollowCertificationEvents) }

    @Test func policiesComeFromYAMLWithLocatedErrors() async throws {
        for (settings, expected) in [
            (#"{policies: [{from: 2024-01-01, new_star_level: {2: 100}}]}"#, "star levels are 3, 4 or 5"),
            (#"{policies: [{from: 2024-01-01}, {from: 2025-01-01}]}"#, "the policy from 2024-01-01 overlaps the one from 2025-01-01"),
            (#"{policies: [{from: 2024-13-01}]}"#, "expected a date YYYY-MM-DD, found '2024-13-01'"),
            (#"{province: "99"}"#, "'99' is not a current (2025) province code"),
        ] {
            do {
                try await withBacNinh(.sqlite, settings: settings) { _ in Issue.record("should not start with \(settings)") }
                Issue.record("expected an error for \(settings)")
            } catch {
                #expect("\(error)".contains("config.yaml:"), "located: \(error)")
                #expect("\(error)".contains("plugins.vn.bac-ninh"), "\(error)")
                #expect("\(error)".contains(expected), "\(error)")
            }
        }
    }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct BacNinhPostgreSQLTests {
    @Test func rewards() async throws { try await withBacNinh(.postgresql, RewardChecks.rewardsFollowCertificationEvents) }
}
