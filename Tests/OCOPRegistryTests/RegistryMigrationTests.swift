import Foundation
import OCOPPluginKit
import OCOPStorage
import OCOPTestSupport
import SQLKit
import Testing

/// Products stored before the QĐ 148 grouping was corrected take their set's group.
enum RegistryMigrationChecks {
    static func productGroupsAreCorrected(_ engine: DatabaseEngine) async throws {
        let photos = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-photos-\(UUID().uuidString)")
        let registry = try Platform.load(photos: photos)
        let correction = registry.migrations.filter { $0.migration.id == "0004_product_groups_148" }
        #expect(correction.count == 1)
        try await TestDatabase.with(engine) { database in
            try await Migrator(database: database).migrate(registry.migrations.filter { $0.migration.id != "0004_product_groups_148" })
            try await database.sql.raw("""
                INSERT INTO registry_subjects (province_code, commune_code, legal_form, registration_number, name, name_folded, name_collation,
                    sales_channels, version, created_at, updated_at)
                VALUES ('01', '00577', 'ho_kinh_doanh', '0101234565', 'Cơ sở A', 'co so a', 'co so a', '', 1, 'now', 'now')
                """).run()
            for (set, oldGroup) in [(2, "1.1"), (3, "1.1"), (4, "1.1"), (5, "1.2"), (6, "1.3"), (13, "1.6")] {
                try await database.sql.raw("""
                    INSERT INTO registry_products (subject_id, province_code, commune_code, name, name_folded, name_collation, name_key,
                        product_set, product_group, sector, status, version, created_at, updated_at)
                    VALUES (1, '01', '00577', \(bind: "P\(set)"), 'p', 'p', \(bind: "p\(set)"), \(bind: set), \(bind: oldGroup), 1, 'active', 1, 'now', 'now')
                    """).run()
            }
            try await Migrator(database: database).migrate(registry.migrations)
            let rows = try await database.sql.select().columns("product_set", "product_group").from("registry_products").orderBy("product_set").all()
            let groups = try rows.map { "\(try $0.decode(column: "product_set", as: Int.self)):\(try $0.decode(column: "product_group", as: String.self))" }
            #expect(groups == ["2:1.1", "3:1.2", "4:1.2", "5:1.3", "6:1.3", "13:1.6"])
        }
    }
}

@Suite struct RegistryMigrationSQLiteTests {
    @Test func productGroups() async throws { try await RegistryMigrationChecks.productGroupsAreCorrected(.sqlite) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct RegistryMigrationPostgreSQLTests {
    @Test func productGroups() async throws { try await RegistryMigrationChecks.productGroupsAreCorrected(.postgresql) }
}

/// Excel drops leading zeros from codes; an import restores them where that alone makes a valid
/// code, and says so in the report.
enum LeadingZeroChecks {
    static func restoredWithWarnings(_ engine: DatabaseEngine) async throws {
        try await TestHost.run(engine, plugins: TestHost.core, config: "plugins:\n\(TestHost.coreConfig)") { host in
            let officer = try await host.signIn(.provinceOfficer, province: "01")
            let csv = "Mã số thuế,Tên chủ thể,Loại hình,Mã xã\n100109106,Công ty Gốm Bát Tràng,doanh_nghiep,577\n"
            let reply = try await host.client.send("POST", "/api/v1/imports/subjects", body: Data(csv.utf8),
                                                   headers: officer.merging(["Content-Type": "text/csv"]) { $1 })
            #expect(reply.status == 200, "\(reply.text)")
            let report = try reply.json()
            #expect(report["created"] as? Int == 1)
            let warnings = (report["warnings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            #expect(warnings == ["'100109106' read as 0100109106: the leading zero was restored",
                                 "'577' read as 00577: the leading zeros were restored"], "\(warnings)")
            let stored = try await host.client.get("/api/v1/subjects?q=gom%20bat%20trang", headers: officer)
            let item = ((try stored.json()["items"]) as? [[String: Any]])?.first
            #expect(item?["registration_number"] as? String == "0100109106")
            #expect(item?["commune_code"] as? String == "00577")
        }
    }
}

@Suite struct LeadingZeroSQLiteTests {
    @Test func restored() async throws { try await LeadingZeroChecks.restoredWithWarnings(.sqlite) }
}
