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
                VALUES ('01', '00577', 'ho_kinh_doanh', '0101234567', 'Cơ sở A', 'co so a', 'co so a', '', 1, 'now', 'now')
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
