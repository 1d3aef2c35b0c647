import OCOPPluginKit
import SQLKit

/// The registry's published facts (`RegistryViews`): read-only views with stable columns, the one
/// door reporting and indicators read the registry through, so the tables stay free to change.
enum FactsViews {
    /// Created once on both engines; plain SQL both dialects read the same way (`SUBSTR` of the
    /// ISO-8601 creation time gives the registration day).
    static let migration = Migration("0009_facts_views", statements: [
        """
        CREATE VIEW \(RegistryViews.products) AS SELECT id AS product_id, subject_id, province_code, commune_code, \
        legacy_commune_code, product_set, product_group, sector, \
        CASE WHEN status = 'active' THEN 1 ELSE 0 END AS active, SUBSTR(created_at, 1, 10) AS registered_on \
        FROM \(RegistrySchema.products)
        """,
        """
        CREATE VIEW \(RegistryViews.subjects) AS SELECT id AS subject_id, province_code, commune_code, legacy_commune_code, \
        legal_form, value_chain, sales_channels, SUBSTR(created_at, 1, 10) AS registered_on \
        FROM \(RegistrySchema.subjects)
        """,
        """
        CREATE VIEW \(RegistryViews.certifications) AS SELECT id AS certification_id, product_id, stars, decision, decided_on, \
        valid_until, issuing_level, legal_act, certificate_number \
        FROM \(RegistrySchema.certifications)
        """,
    ])
}
