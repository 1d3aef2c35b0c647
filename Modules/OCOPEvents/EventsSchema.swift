import OCOPPluginKit
import SQLKit

/// The module's tables (prefixed `events_`) and the read-only views reporting reads
/// (`PromotionViews`): the views are the only door other modules have into these figures.
enum EventsSchema {
    static let events = "events_events"
    static let registrations = "events_registrations"
    static let registrationProducts = "events_registration_products"
    static let results = "events_results"
    static let outlets = "events_outlets"
    static let shelf = "events_shelf"

    /// Collation keys compare byte by byte: PostgreSQL's default collation would not (as in the registry).
    static func collationKeyType(_ engine: DatabaseEngine) -> SQLDataType {
        engine == .postgresql ? .custom(SQLRaw("TEXT COLLATE \"C\"")) : .text
    }

    static let migrations: [Migration] = [
        Migration("0001_events") { db, _ in
            try await db.create(table: events)
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("kind", type: .text, .notNull)
                .column("title", type: .text, .notNull)
                .column("title_folded", type: .text, .notNull)
                .column("organiser", type: .text, .notNull)
                .column("province_code", type: .text, .notNull)
                .column("starts_on", type: .text, .notNull)
                .column("ends_on", type: .text, .notNull)
                .column("venue_commune_code", type: .text)
                .column("venue_address", type: .text)
                .column("venue_platform", type: .text)
                .column("booth_capacity", type: .int, .notNull)
                .column("participating_provinces", type: .text, .notNull)
                .column("eligibility", type: .text, .notNull)
                .column("fields", type: .text, .notNull)
                .column("state", type: .text, .notNull)
                .column("created_by", type: .text)
                .column("created_at", type: .text, .notNull)
                .column("updated_at", type: .text, .notNull)
                .run()
            try await db.create(index: "events_events_province").on(events).column("province_code").column("starts_on").run()
            try await db.create(table: registrations)
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("event_id", type: .bigint, .notNull, .references(events, "id"))
                .column("subject_id", type: .bigint, .notNull)
                .column("subject_name", type: .text, .notNull)
                .column("province_code", type: .text, .notNull)
                .column("commune_code", type: .text, .notNull)
                .column("state", type: .text, .notNull)
                .column("booth", type: .int)
                .column("created_by", type: .text)
                .column("created_at", type: .text, .notNull)
                .column("updated_at", type: .text, .notNull)
                .run()
            // One registration holds a booth per event: the database refuses a double booking
            // even if two requests race past the check.
            try await db.create(index: "events_registrations_booth").on(registrations).column("event_id").column("booth").unique().run()
            try await db.create(index: "events_registrations_event").on(registrations).column("event_id").column("state").run()
            try await db.create(table: registrationProducts)
                .column("registration_id", type: .bigint, .notNull, .references(registrations, "id"))
                .column("event_id", type: .bigint, .notNull)
                .column("product_id", type: .bigint, .notNull)
                .column("subject_id", type: .bigint, .notNull)
                .column("product_name", type: .text, .notNull)
                .column("stars", type: .int)
                .run()
            try await db.create(index: "events_registration_products_registration").on(registrationProducts)
                .column("registration_id").column("product_id").unique().run()
            try await db.create(table: results)
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("event_id", type: .bigint, .notNull, .references(events, "id"))
                .column("row_key", type: .text, .notNull)
                .column("registration_id", type: .bigint)
                .column("session", type: .text)
                .column("visitors", type: .bigint, .notNull)
                .column("orders", type: .bigint, .notNull)
                .column("revenue_total", type: .bigint, .notNull)
                .column("revenue_ocop", type: .bigint, .notNull)
                .column("fields", type: .text, .notNull)
                .column("entered_by", type: .text)
                .column("entered_at", type: .text, .notNull)
                .run()
            try await db.create(index: "events_results_key").on(results).column("event_id").column("row_key").unique().run()
        },
        Migration("0002_outlets") { db, engine in
            try await db.create(table: outlets)
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("kind", type: .text, .notNull)
                .column("name", type: .text, .notNull)
                .column("name_folded", type: .text, .notNull)
                .column("name_collation", type: collationKeyType(engine), .notNull)
                .column("location_type", type: .text, .notNull)
                .column("operator", type: .text, .notNull)
                .column("province_code", type: .text, .notNull)
                .column("commune_code", type: .text, .notNull)
                .column("legacy_district_code", type: .text)
                .column("address", type: .text)
                .column("opened_on", type: .text, .notNull)
                .column("closed_on", type: .text)
                .column("created_at", type: .text, .notNull)
                .column("updated_at", type: .text, .notNull)
                .run()
            try await db.create(index: "events_outlets_province").on(outlets).column("province_code").column("name_collation").run()
            try await db.create(table: shelf)
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("outlet_id", type: .bigint, .notNull, .references(outlets, "id"))
                .column("product_id", type: .bigint, .notNull)
                .column("subject_id", type: .bigint, .notNull)
                .column("subject_name", type: .text, .notNull)
                .column("product_name", type: .text, .notNull)
                .column("stars", type: .int, .notNull)
                .column("added_at", type: .text, .notNull)
                .column("removed_at", type: .text)
                .column("removed_reason", type: .text)
                .run()
            try await db.create(index: "events_shelf_outlet").on(shelf).column("outlet_id").column("product_id").run()
            try await db.create(index: "events_shelf_product").on(shelf).column("product_id").run()
        },
        Migration("0003_facts_views", statements: [
            """
            CREATE VIEW \(PromotionViews.events) AS
            SELECT e.id AS event_id, e.kind AS kind, e.province_code AS province_code, e.starts_on AS starts_on,
                   e.ends_on AS ends_on, e.state AS state,
                   COALESCE(r.visitors, 0) AS visitors, COALESCE(r.revenue_total, 0) AS revenue_total,
                   COALESCE(r.revenue_ocop, 0) AS revenue_ocop, COALESCE(r.orders, 0) AS orders
            FROM \(events) e
            LEFT JOIN (SELECT event_id, CAST(SUM(visitors) AS BIGINT) AS visitors, CAST(SUM(revenue_total) AS BIGINT) AS revenue_total,
                              CAST(SUM(revenue_ocop) AS BIGINT) AS revenue_ocop, CAST(SUM(orders) AS BIGINT) AS orders
                       FROM \(results) GROUP BY event_id) r ON r.event_id = e.id
            """,
            """
            CREATE VIEW \(PromotionViews.eventProducts) AS
            SELECT e.id AS event_id, e.kind AS kind, e.province_code AS province_code, e.starts_on AS starts_on,
                   p.subject_id AS subject_id, p.product_id AS product_id
            FROM \(registrationProducts) p
            JOIN \(registrations) r ON r.id = p.registration_id
            JOIN \(events) e ON e.id = p.event_id
            WHERE r.state = 'accepted'
            """,
            """
            CREATE VIEW \(PromotionViews.outlets) AS
            SELECT id AS outlet_id, kind AS kind, province_code AS province_code, commune_code AS commune_code,
                   legacy_district_code AS legacy_district_code, opened_on AS opened_on, closed_on AS closed_on
            FROM \(outlets)
            """,
        ]),
    ]
}
