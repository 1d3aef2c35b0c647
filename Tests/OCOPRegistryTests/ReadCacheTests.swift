import Foundation
import Logging
import OCOPPluginKit
import OCOPStorage
import OCOPTestSupport
import SQLKit
import Testing

/// The product read cache (`GET /products/{id}` and lists) on a real host: a read after a write
/// on the same host sees the write at once; a write made elsewhere (another process on the same
/// database, which tells this host nothing) shows once the host reads the outbox; role scoping
/// and the published-only rule hold for answers served from memory.
enum ReadCacheChecks {
    static func run(_ engine: DatabaseEngine) async throws {
        try await TestHost.run(engine, plugins: TestHost.core, config: "plugins:\n\(TestHost.coreConfig)") { host in
            let officer = try await host.signIn(.provinceOfficer, province: "01")
            let outsider = try await host.signIn(.provinceOfficer, province: "79")
            let json = ["Content-Type": "application/json"]
            let subject = try await host.client.send("POST", "/api/v1/subjects", body: Data("""
                {"registration_number":"0109876557","name":"Cơ sở Mây tre đan Phú Vinh","legal_form":"ho_kinh_doanh","commune_code":"00577"}
                """.utf8), headers: officer.merging(json) { $1 })
            #expect(subject.status == 201, "\(subject.text)")
            let subjectID = try #require(try subject.json()["id"] as? Int)
            let created = try await host.client.send("POST", "/api/v1/products", body: Data("""
                {"subject_id":\(subjectID),"name":"Nón lá bài thơ","product_set":21,"status":"draft"}
                """.utf8), headers: officer.merging(json) { $1 })
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(try created.json()["id"] as? Int)
            let path = "/api/v1/products/\(id)"

            // A draft: its area reads it (and the answer is kept); the public and other provinces get 404, from memory too.
            for _ in 0..<2 {
                #expect(try await host.client.get(path, headers: officer).json()["version"] as? Int == 1)
                #expect(try await host.client.get(path).status == 404)
                #expect(try await host.client.get(path, headers: outsider).status == 404)
            }
            let list = "/api/v1/products?province=01&limit=20"
            #expect(try await host.client.get(list).json()["total"] as? Int == 0, "a draft is not listed publicly")
            #expect(try await host.client.get(list, headers: officer).json()["total"] as? Int == 1)

            // Published by a PATCH: the very next reads, public ones included, see it.
            let patched = try await host.client.send("PATCH", path, body: Data(#"{"status":"active","description":"Lá cọ"}"#.utf8),
                                                     headers: officer.merging(json) { $1 })
            #expect(patched.status == 200, "\(patched.text)")
            #expect(try patched.json()["description"] as? String == "Lá cọ")
            let publicView = try await host.client.get(path).json()
            #expect(publicView["description"] as? String == "Lá cọ")
            #expect(publicView["version"] == nil, "the public view leaves out the version, even from memory")
            #expect(try await host.client.get(path, headers: officer).json()["version"] as? Int == 2)
            #expect(try await host.client.get(list).json()["total"] as? Int == 1, "the kept list page was dropped")

            // A subject's name shows in its products: renaming the subject drops them.
            let renamed = try await host.client.send("PATCH", "/api/v1/subjects/\(subjectID)", body: Data(#"{"name":"HTX Mây tre Phú Vinh"}"#.utf8),
                                                     headers: officer.merging(json) { $1 })
            #expect(renamed.status == 200, "\(renamed.text)")
            #expect(try await host.client.get(path).json()["subject_name"] as? String == "HTX Mây tre Phú Vinh")

            // Photos are part of the product's answer.
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data("IHDR-read-cache".utf8)
                + Data([0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
            let photo = try await host.client.send("POST", path + "/photos", body: png, headers: officer.merging(["Content-Type": "image/png"]) { $1 })
            #expect(photo.status == 201, "\(photo.text)")
            #expect((try await host.client.get(path).json()["photos"] as? [Any])?.count == 1)

            // Served from memory: a change that publishes no event (raw SQL, which no module
            // may do) goes unseen — every registry write must publish one in its transaction.
            try await host.database.sql.raw("UPDATE registry_products SET description = 'unannounced' WHERE id = \(bind: id)").run()
            #expect(try await host.client.get(path).json()["description"] as? String == "Lá cọ")

            // Another process records a decision on the same database: its own connection and
            // outbox, nothing said to this host. The host's poll of the outbox brings it in.
            #expect(try await host.client.get(path).json()["stars"] == nil)
            let other = try await Database.open(host.database.location)
            let recorder = try #require(host.registry.directory.resolve((any CertificationRecorder).self))
            _ = try await other.transaction { db in
                try await recorder.record(CertificationRecord(productID: Int64(id), stars: 4, certificateNumber: "12/QĐ-UBND",
                                                              decidedOn: ProgrammeCalendar.today(), validUntil: "2099-12-31", source: "test"),
                                          outbox: Outbox(loader: other.bulkLoader), on: db)
            }
            try await other.close()
            var stars: Int?
            for _ in 0..<100 where stars != 4 {
                stars = try await host.client.get(path).json()["stars"] as? Int
                if stars != 4 { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(stars == 4, "the decision made elsewhere shows within the host's poll of the outbox")
            #expect(try await host.client.get("/api/v1/products?province=01&stars=4&limit=20").json()["total"] as? Int == 1)
        }
    }

    /// With the cache off (`read_cache_mb: 0`) answers are the same.
    static func off(_ engine: DatabaseEngine) async throws {
        let config = TestHost.coreConfig.replacingOccurrences(of: "ocop.registry: {}", with: "ocop.registry: {read_cache_mb: 0}")
        try await TestHost.run(engine, plugins: TestHost.core, config: "plugins:\n\(config)") { host in
            let officer = try await host.signIn(.provinceOfficer, province: "01")
            let json = ["Content-Type": "application/json"]
            let subject = try await host.client.send("POST", "/api/v1/subjects", body: Data("""
                {"registration_number":"0109876557","name":"Cơ sở Mây tre đan Phú Vinh","legal_form":"ho_kinh_doanh","commune_code":"00577"}
                """.utf8), headers: officer.merging(json) { $1 })
            let subjectID = try #require(try subject.json()["id"] as? Int)
            let created = try await host.client.send("POST", "/api/v1/products", body: Data("""
                {"subject_id":\(subjectID),"name":"Nón lá bài thơ","product_set":21}
                """.utf8), headers: officer.merging(json) { $1 })
            let id = try #require(try created.json()["id"] as? Int)
            try await host.database.sql.raw("UPDATE registry_products SET description = 'bypassing the outbox' WHERE id = \(bind: id)").run()
            #expect(try await host.client.get("/api/v1/products/\(id)", headers: officer).json()["description"] as? String == "bypassing the outbox",
                    "nothing is kept, so even a change that tells no one shows")
        }
    }
}

@Suite struct ReadCacheSQLiteTests {
    @Test func writesShowAtOnceHereAndSoonFromElsewhere() async throws { try await ReadCacheChecks.run(.sqlite) }
    @Test func offMeansEveryReadGoesToTheDatabase() async throws { try await ReadCacheChecks.off(.sqlite) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct ReadCachePostgreSQLTests {
    @Test func writesShowAtOnceHereAndSoonFromElsewhere() async throws { try await ReadCacheChecks.run(.postgresql) }
    @Test func offMeansEveryReadGoesToTheDatabase() async throws { try await ReadCacheChecks.off(.postgresql) }
}
