import Foundation
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// `ocop rating verify` through the real executable, on the database of a host that took a
/// dossier to a decision over the API: exit 0 and "ok" untouched, exit 1 with one line per
/// problem after an edit behind the platform's back, 0 again once it is undone.
enum RatingVerifyChecks {
    static func exitStatusFollowsTheRecord(_ host: TestHost) async throws {
        let flow = try await RatingFlow(host: host, province: "24")
        let decided = try await flow.decided(commune: "07210", tax: TestTaxCodes.make("230001010"), name: "Bánh khúc", stars: 4)
        let decision = try #require(decided.decision["id"] as? Int)
        let directory = try Host.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["OCOP_DATABASE_URL": host.storageURL]

        let clean = try Host.run(["rating", "verify"], in: directory, environment: environment)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        // One chain of 12 entries; 3 sheets, 1 result, 1 decision item and the dossier checked.
        #expect(clean.stdout.contains("1 chain(s), 12 entries, 6 record(s) checked"), "\(clean.stdout)")
        #expect(clean.stdout.contains("ok: every chain links and every record matches its entry"), "\(clean.stdout)")

        try await host.execute("UPDATE rating_decision_items SET stars = 5 WHERE dossier_id = \(decided.dossier)")
        let edited = try Host.run(["rating", "verify"], in: directory, environment: environment)
        #expect(edited.status == 1, "\(edited.stdout)\(edited.stderr)")
        #expect(!edited.stdout.contains("ok:"), "\(edited.stdout)")
        let problems = edited.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("dossier:") }
        #expect(problems == ["dossier:\(decided.dossier): its entry in decision \(decision) differs from chain entry 12 (edited)"], "\(edited.stderr)")
        #expect(edited.stderr.contains("1 problem(s): the rating record was changed outside the platform"), "\(edited.stderr)")

        try await host.execute("UPDATE rating_decision_items SET stars = 4 WHERE dossier_id = \(decided.dossier)")
        try await host.execute("DELETE FROM rating_chain WHERE chain = 'dossier:\(decided.dossier)' AND seq = 12")
        let removed = try Host.run(["rating", "verify"], in: directory, environment: environment)
        #expect(removed.status == 1, "\(removed.stdout)\(removed.stderr)")
        #expect(removed.stderr.contains("dossier:\(decided.dossier): the chain ends at entry 11 but its head records entry 12"), "\(removed.stderr)")
    }
}

@Suite struct RatingVerifyCommandSQLiteTests {
    @Test func exitStatusFollowsTheRecord() async throws {
        try await TestHost.run(.sqlite, plugins: TestHost.core, config: "plugins:\n\(TestHost.coreConfig)", RatingVerifyChecks.exitStatusFollowsTheRecord)
    }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct RatingVerifyCommandPostgreSQLTests {
    @Test func exitStatusFollowsTheRecord() async throws {
        try await TestHost.run(.postgresql, plugins: TestHost.core, config: "plugins:\n\(TestHost.coreConfig)", RatingVerifyChecks.exitStatusFollowsTheRecord)
    }
}
