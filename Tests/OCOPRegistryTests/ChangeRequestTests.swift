import Foundation
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// Producers cannot change scored facts (criterion A.3) alone: the change waits for an officer.
enum ChangeRequestChecks {
    static func producersAskOfficersDecide(_ engine: DatabaseEngine) async throws {
        try await TestHost.run(engine, plugins: TestHost.core, config: "plugins:\n\(TestHost.coreConfig)") { host in
            let officer = try await host.signIn(.provinceOfficer, province: "01")
            let created = try await host.client.post("/api/v1/subjects", json: """
                {"registration_number":"\(TestTaxCodes.make("010555000"))","name":"HTX Nón lá Chuông","legal_form":"to_hop_tac",
                 "commune_code":"00577","representative_is_woman":false}
                """, headers: officer)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(try created.json()["id"] as? Int)
            let producer = try await host.signIn(.producer, subject: Int64(id))
            func subject() async throws -> [String: Any] { try await host.client.get("/api/v1/subjects/\(id)", headers: officer).json() }

            // Unscored fields change at once; the same value of a scored one is no request.
            let plain = try await host.client.send("PATCH", "/api/v1/subjects/\(id)", body: Data(#"{"phone":"0241234567","legal_form":"to_hop_tac"}"#.utf8), headers: producer)
            #expect(plain.status == 200, "\(plain.text)")

            // A scored change becomes a request; the rest of the edit applies.
            let asked = try await host.client.send("PATCH", "/api/v1/subjects/\(id)",
                                                   body: Data(#"{"legal_form":"hop_tac_xa","representative_is_woman":true,"phone":"0249999999"}"#.utf8),
                                                   headers: producer)
            #expect(asked.status == 202, "\(asked.text)")
            let request = try asked.json()
            #expect(request["state"] as? String == "pending")
            #expect((request["changes"] as? [String: Any])?["legal_form"] as? String == "hop_tac_xa")
            let requestID = try #require(request["id"] as? Int)
            var now = try await subject()
            #expect(now["legal_form"] as? String == "to_hop_tac" && now["representative_is_woman"] as? Bool == false, "not changed yet")
            #expect(now["phone"] as? String == "0249999999", "the rest applied")
            let listed = try await host.client.get("/api/v1/subjects/\(id)/change-requests", headers: producer)
            #expect(listed.status == 200)
            #expect(((try JSONSerialization.jsonObject(with: listed.body)) as? [[String: Any]])?.count == 1, "the producer sees their request")

            // The producer cannot approve their own; a foreign officer cannot see it; rejecting needs a reason.
            #expect(try await host.client.send("POST", "/api/v1/subjects/\(id)/change-requests/\(requestID)/approve", headers: producer).status == 403)
            #expect(try await host.client.send("POST", "/api/v1/subjects/\(id)/change-requests/\(requestID)/approve",
                                               headers: try await host.signIn(.provinceOfficer, province: "79")).status == 404)
            let noReason = try await host.client.send("POST", "/api/v1/subjects/\(id)/change-requests/\(requestID)/reject",
                                                      body: Data(#"{"reason":"  "}"#.utf8), headers: officer)
            #expect(noReason.status == 422, "\(noReason.text)")

            let approved = try await host.client.send("POST", "/api/v1/subjects/\(id)/change-requests/\(requestID)/approve", headers: officer)
            #expect(approved.status == 200, "\(approved.text)")
            #expect(try approved.json()["state"] as? String == "approved")
            now = try await subject()
            #expect(now["legal_form"] as? String == "hop_tac_xa" && now["representative_is_woman"] as? Bool == true)
            let again = try await host.client.send("POST", "/api/v1/subjects/\(id)/change-requests/\(requestID)/approve", headers: officer)
            #expect(again.status == 409)

            // A rejected request changes nothing and keeps its reason.
            let second = try await host.client.send("PATCH", "/api/v1/subjects/\(id)", body: Data(#"{"representative_is_ethnic_minority":true}"#.utf8),
                                                    headers: producer)
            let secondID = try #require(try second.json()["id"] as? Int)
            let rejected = try await host.client.send("POST", "/api/v1/subjects/\(id)/change-requests/\(secondID)/reject",
                                                      body: Data(#"{"reason":"Chưa có giấy tờ chứng minh"}"#.utf8), headers: officer)
            #expect(rejected.status == 200)
            #expect(try rejected.json()["reason"] as? String == "Chưa có giấy tờ chứng minh")
            #expect(try await subject()["representative_is_ethnic_minority"] as? Bool != true)
            let history = try await host.client.get("/api/v1/subjects/\(id)/change-requests", headers: officer)
            let states = ((try JSONSerialization.jsonObject(with: history.body)) as? [[String: Any]])?.compactMap { $0["state"] as? String }
            #expect(states == ["rejected", "approved"])

            // Officers change scored facts directly.
            let direct = try await host.client.send("PATCH", "/api/v1/subjects/\(id)", body: Data(#"{"representative_is_ethnic_minority":true}"#.utf8),
                                                    headers: officer)
            #expect(direct.status == 200)
            #expect(try direct.json()["representative_is_ethnic_minority"] as? Bool == true)
        }
    }
}

@Suite struct ChangeRequestSQLiteTests {
    @Test func flow() async throws { try await ChangeRequestChecks.producersAskOfficersDecide(.sqlite) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct ChangeRequestPostgreSQLTests {
    @Test func flow() async throws { try await ChangeRequestChecks.producersAskOfficersDecide(.postgresql) }
}
