import OCOPPluginKit
import SQLKit

/// Tables of the subject and product registries.
///
/// Search columns are stored beside the text they serve: `*_folded` (diacritics and case
/// removed, for "bat trang" → "Bát Tràng") and `*_collation` (a key that sorts in Vietnamese
/// alphabetical order under plain byte comparison, the same on SQLite and PostgreSQL).
enum RegistrySchema {
    static let subjects = "registry_subjects"
    static let subjectHistory = "registry_subject_history"
    static let products = "registry_products"
    static let productHistory = "registry_product_history"
    static let certifications = "registry_certifications"
    static let photos = "registry_product_photos"
    static let certificateNotices = "registry_certificate_notices"

    /// Collation keys must compare byte by byte. SQLite compares text that way; PostgreSQL uses
    /// the database's default collation, which on most servers (en_US.UTF-8, ICU) ignores case
    /// and so scrambles the keys, so the column (and its indexes) use the "C" collation there.
    static func collationKeyType(_ engine: DatabaseEngine) -> SQLDataType {
        engine == .postgresql ? .custom(SQLRaw("TEXT COLLATE \"C\"")) : .text
    }

    static let migrations: [Migration] = [
        Migration("0001_subjects") { db, engine in
            try await db.create(table: subjects)
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("province_code", type: .text, .notNull)
                .column("commune_code", type: .text, .notNull)
                .column("legacy_commune_code", type: .text)
                .column("legal_form", type: .text, .notNull)
                .column("registration_number", type: .text, .notNull)
                .column("name", type: .text, .notNull)
                .column("name_folded", type: .text, .notNull)
                .column("name_collation", type: collationKeyType(engine), .notNull)
                .column("address", type: .text)
                .column("representative", type: .text)
                .column("representative_is_woman", type: .int)
                .column("representative_is_ethnic_minority", type: .int)
                .column("phone", type: .text)
                .column("email", type: .text)
                .column("website", type: .text)
                .column("founded_year", type: .int)
                .column("employees", type: .int)
                .column("local_labour_percent", type: .int)
                .column("value_chain", type: .text)
                .column("sales_channels", type: .text, .notNull)
                .column("version", type: .int, .notNull)
                .column("created_at", type: .text, .notNull)
                .column("updated_at", type: .text, .notNull)
                .run()
            try await db.create(index: "registry_subjects_registration").on(subjects)
                .column("province_code").column("registration_number").unique().run()
            try await db.create(index: "registry_subjects_order").on(subjects)
                .column("name_collation").column("id").run()
            try await db.create(index: "registry_subjects_commune").on(subjects).column("commune_code").run()
            try await db.create(table: subjectHistory)
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("subject_id", type: .bigint, .notNull, .references(subjects, "id", onDelete: .cascade))
                .column("version", type: .int, .notNull)
                .column("changed_at", type: .text, .notNull)
                .column("changed_by", type: .text)
                .column("snapshot", type: .text, .notNull)
                .run()
            try await db.create(index: "registry_subject_history_subject").on(subjectHistory).column("subject_id").column("version").run()
        },
        Migration("0002_products") { db, engine in
            try await db.create(table: products)
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("subject_id", type: .bigint, .notNull, .references(subjects, "id"))
                .column("province_code", type: .text, .notNull)
                .column("commune_code", type: .text, .notNull)
                .column("legacy_commune_code", type: .text)
                .column("name", type: .text, .notNull)
                .column("name_folded", type: .text, .notNull)
                .column("name_collation", type: collationKeyType(engine), .notNull)
                // Identity of a product within its subject: case-insensitive but keeping
                // diacritics, since "Cá kho" and "Cá khô" are different products.
                .column("name_key", type: .text, .notNull)
                .column("product_set", type: .int, .notNull)
                .column("product_group", type: .text, .notNull)
                .column("sector", type: .int, .notNull)
                .column("description", type: .text)
                .column("packaging", type: .text)
                .column("ingredients", type: .text)
                .column("raw_material_origin", type: .text)
                .column("status", type: .text, .notNull)
                // Maintained only by the certification ledger (see CertificationLedger).
                .column("current_stars", type: .int)
                .column("version", type: .int, .notNull)
                .column("created_at", type: .text, .notNull)
                .column("updated_at", type: .text, .notNull)
                .run()
            try await db.create(index: "registry_products_subject_name").on(products)
                .column("subject_id").column("name_key").unique().run()
            try await db.create(index: "registry_products_order").on(products)
                .column("province_code").column("name_collation").column("id").run()
            try await db.create(index: "registry_products_global_order").on(products)
                .column("name_collation").column("id").run()
            try await db.create(index: "registry_products_commune").on(products).column("commune_code").run()
            // The filters officers combine most (province, sector, stars), so counts and pages need no table scan.
            try await db.create(index: "registry_products_filter").on(products)
                .column("province_code").column("sector").column("current_stars").run()
            try await db.create(table: productHistory)
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("product_id", type: .bigint, .notNull, .references(products, "id", onDelete: .cascade))
                .column("version", type: .int, .notNull)
                .column("changed_at", type: .text, .notNull)
                .column("changed_by", type: .text)
                .column("snapshot", type: .text, .notNull)
                .run()
            try await db.create(index: "registry_product_history_product").on(productHistory).column("product_id").column("version").run()
            try await db.create(table: certifications)
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("product_id", type: .bigint, .notNull, .references(products, "id"))
                .column("stars", type: .int, .notNull)
                .column("certificate_number", type: .text)
                .column("decided_on", type: .text, .notNull)
                .column("valid_until", type: .text, .notNull)
                .column("source", type: .text, .notNull)
                .column("recorded_at", type: .text, .notNull)
                .run()
            try await db.create(index: "registry_certifications_product").on(certifications)
                .column("product_id").column("decided_on").run()
            try await db.create(table: photos)
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("product_id", type: .bigint, .notNull, .references(products, "id", onDelete: .cascade))
                .column("content_type", type: .text, .notNull)
                .column("bytes", type: .int, .notNull)
                .column("sha256", type: .text, .notNull)
                .column("file_name", type: .text, .notNull)
                .column("created_at", type: .text, .notNull)
                .run()
            try await db.create(index: "registry_product_photos_product").on(photos).column("product_id").run()
        },
        // Expiry notices already published, so each is published once (see CertificateLifecycle).
        Migration("0003_certificate_notices") { db, _ in
            try await db.create(table: certificateNotices)
                .column("certification_id", type: .bigint, .notNull, .references(certifications, "id"))
                .column("kind", type: .text, .notNull)
                .column("noted_at", type: .text, .notNull)
                .run()
            try await db.create(index: "registry_certificate_notices_key").on(certificateNotices)
                .column("certification_id").column("kind").unique().run()
            try await db.create(index: "registry_certifications_valid_until").on(certifications).column("valid_until").run()
        },
        // QĐ 148 Annex I puts sets 1–2 in group 1.1, 3–4 in 1.2 and 5–8 in 1.3; rows stored under the
        // earlier, wrong grouping take the group their set belongs to.
        Migration("0004_product_groups_148", statements: [
            "UPDATE \(products) SET product_group = '1.1' WHERE product_set IN (1, 2)",
            "UPDATE \(products) SET product_group = '1.2' WHERE product_set IN (3, 4)",
            "UPDATE \(products) SET product_group = '1.3' WHERE product_set IN (5, 6, 7, 8)",
        ]),
        // Tax codes are unique nationally, so they are looked up across provinces.
        Migration("0005_registration_lookup") { db, _ in
            try await db.create(index: "registry_subjects_registration_national").on(subjects).column("registration_number").run()
        },
        ChangeRequestStore.migration,
        ReviewQueueStore.migration,
        ImportRunStore.migration,
        FactsViews.migration,
        SearchIndex.migration,
        ListIndexes.migration,
    ]
}
