import Foundation
import OCOPPluginKit
@testable import OCOPRegistry
import OCOPTestSupport
import SQLKit
import Testing

/// Certificates age on Vietnam's calendar: 30 days before the end a `CertificateExpiring`, after
/// it the stars go and a `CertificateExpired` — each published once, in the outbox, with the change.
enum CertificateLifecycleChecks {
    static func noticesOnceEach(_ engine: DatabaseEngine) async throws {
        try await TestHost.run(engine, plugins: TestHost.core, config: "plugins:\n\(TestHost.coreConfig)") { host in
            let officer = try await host.signIn(.provinceOfficer, province: "01")
            func product(_ tax: String, _ name: String) async throws -> Int64 {
                let subject = try await host.client.post("/api/v1/subjects", json: """
                    {"registration_number":"\(tax)","name":"Cơ sở \(name)","legal_form":"ho_kinh_doanh","commune_code":"00577"}
                    """, headers: officer)
                let product = try await host.client.post("/api/v1/products", json: """
                    {"subject_id":\((try subject.json()["id"] as? Int) ?? -1),"name":"\(name)","product_set":20}
                    """, headers: officer)
                return Int64((try product.json()["id"] as? Int) ?? -1)
            }
            let today = "2026-03-01"
            let soon = try await product("0101111115", "Bình hoa"), later = try await product("0102222227", "Ấm chén")
            let recorder = try #require(host.registry.directory.resolve((any CertificationRecorder).self))
            try await host.database.transaction { db in
                for (id, until) in [(soon, "2026-03-11"), (later, "2026-04-10")] {
                    try await recorder.record(CertificationRecord(productID: id, stars: 4, certificateNumber: nil, decidedOn: "2023-03-11",
                                                                  validUntil: until, source: "test"), outbox: host.context.outbox, on: db)
                }
            }
            let lifecycle = CertificateLifecycle()
            func counts(_ day: String) async throws -> [Int] {
                let published = try await lifecycle.pass(today: day, context: host.context)
                return [published.expired, published.expiring]
            }
            func notices() async throws -> [String] {
                try await host.database.sql.select().columns("name", "record_key").from(OutboxSchema.events)
                    .where("name", .in, [CertificateExpiring.name, CertificateExpired.name]).orderBy("id").all()
                    .map { "\(try $0.decode(column: "name", as: String.self)) \(try $0.decode(column: "record_key", as: String.self))" }
            }
            func stars(_ id: Int64) async throws -> Int? {
                try await host.database.sql.select().column("current_stars").from("registry_products").where("id", .equal, id)
                    .first()?.decode(column: "current_stars", as: Int?.self)
            }
            // The recorder derived stars from the real today; pin them as they were on the pass's "today".
            try await host.database.sql.update("registry_products").set("current_stars", to: SQLBind(4)).run()

            #expect(try await counts(today) == [0, 1])
            #expect(try await notices() == ["registry.certificate-expiring product:\(soon)"])
            #expect(try await counts(today) == [0, 0], "once each")
            #expect(try await counts("2026-03-11") == [0, 1], "the last valid day still counts")
            #expect(try await stars(soon) == 4)
            #expect(try await counts("2026-03-12") == [1, 0])
            #expect(try await stars(soon) == nil)
            #expect(try await stars(later) == 4)
            #expect(try await notices() == ["registry.certificate-expiring product:\(soon)", "registry.certificate-expiring product:\(later)",
                                            "registry.certificate-expired product:\(soon)"])
            let payload = try await host.database.sql.select().column("payload").from(OutboxSchema.events)
                .where("name", .equal, CertificateExpired.name).first()?.decode(column: "payload", as: String.self) ?? ""
            let expired = try JSONDecoder().decode(CertificateExpired.self, from: Data(payload.utf8))
            #expect(expired.productID == soon && expired.stars == 4 && expired.validUntil == "2026-03-11" && expired.provinceCode == "01")
        }
    }
}

@Suite struct CertificateLifecycleSQLiteTests {
    @Test func notices() async throws { try await CertificateLifecycleChecks.noticesOnceEach(.sqlite) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct CertificateLifecyclePostgreSQLTests {
    @Test func notices() async throws { try await CertificateLifecycleChecks.noticesOnceEach(.postgresql) }
}

@Suite struct ProgrammeCalendarTests {
    @Test func daysAreVietnamsDays() throws {
        let evening = try #require(ISO8601DateFormatter().date(from: "2026-11-30T16:59:59Z"))
        let night = try #require(ISO8601DateFormatter().date(from: "2026-11-30T17:00:00Z"))
        #expect(ProgrammeCalendar.today(at: evening) == "2026-11-30")
        #expect(ProgrammeCalendar.today(at: night) == "2026-12-01", "midnight in Hà Nội is 17:00 UTC")
        #expect(ProgrammeCalendar.adding(months: 36, to: "2024-02-29") == "2027-02-28")
        #expect(ProgrammeCalendar.adding(days: 30, to: "2026-12-15") == "2027-01-14")
        #expect(ProgrammeCalendar.parse("2026-02-30") == nil)
    }
}
