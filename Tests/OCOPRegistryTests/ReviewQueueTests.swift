import Foundation
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// A pre-2025 commune divided in 2025 is never guessed: the address may name the successor;
/// otherwise the row waits in the review queue for an officer.
enum ReviewQueueChecks {
    static func dividedCommunesAreNeverGuessed(_ engine: DatabaseEngine) async throws {
        try await TestHost.run(engine, plugins: TestHost.core, config: "plugins:\n\(TestHost.coreConfig)") { host in
            let officer = try await host.signIn(.provinceOfficer, province: "01")
            let (a, b, c) = (TestTaxCodes.make("010777000"), TestTaxCodes.make("010777010"), TestTaxCodes.make("010777020"))
            // Phường Cống Vị (00007, Ba Đình) was divided between Ngọc Hà (00008) and Giảng Võ (00025).
            let csv = """
                Mã số thuế,Tên chủ thể,Loại hình,Mã xã cũ,Địa chỉ
                \(a),Hộ kinh doanh Bánh cuốn,ho_kinh_doanh,00007,"Số 5 phố Đội Cấn, phường Giảng Võ"
                \(b),Hộ kinh doanh Phở bò,ho_kinh_doanh,00007,"phường Cống Vị, quận Ba Đình"
                \(c),Hộ kinh doanh Lụa,ho_kinh_doanh,09544,"làng Vạn Phúc, Hà Đông"

                """
            let reply = try await host.client.send("POST", "/api/v1/imports/subjects", body: Data(csv.utf8),
                                                   headers: officer.merging(["Content-Type": "text/csv"]) { $1 })
            #expect(reply.status == 200, "\(reply.text)")
            let report = try reply.json()
            #expect(report["created"] as? Int == 2)
            #expect((report["invalid"] as? [Any])?.isEmpty == true)
            let queued = report["queued"] as? [[String: Any]] ?? []
            #expect(queued.count == 1 && queued.first?["line"] as? Int == 3, "\(queued)")
            #expect((queued.first?["message"] as? String)?.contains("was divided in 2025 between Phường Ngọc Hà (00008), Phường Giảng Võ (00025)") == true,
                    "\(queued)")

            func stored(_ tax: String) async throws -> [String: Any]? {
                let found = try await host.client.get("/api/v1/subjects?q=\(tax)&limit=5", headers: officer)
                let items = (try found.json()["items"] as? [[String: Any]]) ?? []
                return items.first { $0["registration_number"] as? String == tax }
            }
            let chosen = try await stored(a)
            #expect(chosen?["commune_code"] as? String == "00025" && chosen?["legacy_commune_code"] as? String == "00007", "the address named it")
            #expect(try await stored(b) == nil, "not guessed")

            let list = try await host.client.get("/api/v1/review-queue", headers: officer)
            let items = (try list.json()["items"] as? [[String: Any]]) ?? []
            #expect(items.count == 1)
            let item = try #require(items.first)
            #expect((item["candidates"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["00008", "00025"])
            let id = try #require(item["id"] as? Int)
            #expect(try await host.client.get("/api/v1/review-queue", headers: try await host.signIn(.provinceOfficer, province: "79")).json()["total"] as? Int == 0)

            let wrong = try await host.client.post("/api/v1/review-queue/\(id)/resolve", json: #"{"commune_code":"00004"}"#, headers: officer)
            #expect(wrong.status == 422, "\(wrong.text)")
            let resolved = try await host.client.post("/api/v1/review-queue/\(id)/resolve", json: #"{"commune_code":"00008"}"#, headers: officer)
            #expect(resolved.status == 200, "\(resolved.text)")
            #expect(try resolved.json()["state"] as? String == "resolved")
            let placed = try await stored(b)
            #expect(placed?["commune_code"] as? String == "00008" && placed?["legacy_commune_code"] as? String == "00007")
            #expect(try await host.client.post("/api/v1/review-queue/\(id)/resolve", json: #"{"commune_code":"00008"}"#, headers: officer).status == 409)

            // Over the API, a divided commune without an address naming its successor is refused with the candidates.
            let direct = try await host.client.post("/api/v1/subjects", json: """
                {"registration_number":"\(TestTaxCodes.make("010777030"))","name":"Hộ X","legal_form":"ho_kinh_doanh","legacy_commune_code":"00007"}
                """, headers: officer)
            #expect(direct.status == 422)
            #expect(direct.text.contains("Phường Giảng Võ (00025)"), "\(direct.text)")
        }
    }
}

@Suite struct ReviewQueueSQLiteTests {
    @Test func divided() async throws { try await ReviewQueueChecks.dividedCommunesAreNeverGuessed(.sqlite) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct ReviewQueuePostgreSQLTests {
    @Test func divided() async throws { try await ReviewQueueChecks.dividedCommunesAreNeverGuessed(.postgresql) }
}
