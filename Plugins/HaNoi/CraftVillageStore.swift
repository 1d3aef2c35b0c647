import Foundation
import Logging
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Reads and writes `ha_noi_craft_villages`.
struct CraftVillageStore: Sendable {
    static let table = "ha_noi_craft_villages"
    let tourismCommunes: Set<String>

    static let links = "ha_noi_village_products"

    static var migrations: [Migration] { [migration, linksMigration] }

    static let migration = Migration("0001_create_craft_villages") { db, _ in
        try await db.create(table: table)
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("name", type: .text, .notNull)
            .column("name_folded", type: .text, .notNull)
            .column("commune_code", type: .text, .notNull)
            .column("craft", type: .text, .notNull)
            .column("recognised", type: .int, .notNull)
            .column("year_recognised", type: .int)
            .column("created_at", type: .text, .notNull)
            .run()
        try await db.create(index: "ha_noi_craft_villages_commune").on(table).column("commune_code").run()
        try await db.create(index: "ha_noi_craft_villages_name").on(table).column("name_folded").unique().run()
    }

    /// Names are unique per commune (two communes may each have a "Làng gốm"), and products
    /// name their village, with the registry's facts copied and kept current by its events.
    static let linksMigration = Migration("0002_names_per_commune_and_products") { db, _ in
        try await db.drop(index: "ha_noi_craft_villages_name").run()
        try await db.create(index: "ha_noi_craft_villages_commune_name").on(table).column("commune_code").column("name_folded").unique().run()
        try await db.create(table: links)
            .column("product_id", type: .bigint, .primaryKey(autoIncrement: false))
            .column("village_id", type: .bigint, .notNull, .references(table, "id"))
            .column("subject_id", type: .bigint, .notNull)
            .column("subject_name", type: .text, .notNull)
            .column("product_name", type: .text, .notNull)
            .column("current_stars", type: .int)
            .column("linked_at", type: .text, .notNull)
            .run()
        try await db.create(index: "ha_noi_village_products_village").on(links).column("village_id").run()
    }

    struct Filter {
        var query: String?
        var communeCode: String?
        var recognised: Bool?
        var limit = 50
        var offset = 0
    }

    func list(_ filter: Filter, in database: any SQLStore) async throws -> (items: [CraftVillage], total: Int) {
        func apply(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            var builder = builder
            if let query = filter.query, !query.isEmpty {
                builder = builder.where("name_folded", .like, "%" + VietnameseText.fold(query) + "%")
            }
            if let commune = filter.communeCode { builder = builder.where("commune_code", .equal, commune) }
            if let recognised = filter.recognised { builder = builder.where("recognised", .equal, recognised ? 1 : 0) }
            return builder
        }
        let rows = try await apply(database.sql.select().columns("*").from(Self.table))
            .orderBy("name_folded").orderBy("id")
            .limit(filter.limit).offset(filter.offset).all()
        let countRow = try await apply(database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(Self.table)).first()
        let total = try countRow?.decode(column: "n", as: Int.self) ?? 0
        return (try rows.map(village), total)
    }

    func find(_ id: Int64, in database: any SQLStore) async throws -> CraftVillage? {
        try await database.sql.select().columns("*").from(Self.table).where("id", .equal, id).first().map(village)
    }

    func create(_ input: NewCraftVillage, in database: any SQLStore) async throws -> CraftVillage {
        var errors: [InvalidField] = []
        // Control characters are refused (a NUL would truncate the stored name), invisible ones dropped.
        func clean(_ text: String, _ path: String) -> String {
            switch TextSanitizer.sanitize(text) {
            case .success(let cleaned): return VietnameseText.nfc(cleaned.trimmingCharacters(in: .whitespacesAndNewlines))
            case .failure(let refusal):
                errors.append(.init(path: path, message: refusal.message))
                return ""
            }
        }
        let name = clean(input.name, "/name")
        let craft = clean(input.craft, "/craft")
        if name.isEmpty || name.count > 200 { errors.append(.init(path: "/name", message: "must be 1–200 characters")) }
        if craft.isEmpty || craft.count > 200 { errors.append(.init(path: "/craft", message: "must be 1–200 characters")) }
        let commune = try CommuneCode(input.communeCode).flatMap(AdminUnits.shared.commune)
        if commune?.provinceCode.rawValue != HaNoiPlugin.provinceCode {
            errors.append(.init(path: "/commune_code", message: "'\(input.communeCode)' is not a current (2025) commune code of Hà Nội"))
        }
        if let year = input.yearRecognised, !(1900...2100).contains(year) {
            errors.append(.init(path: "/year_recognised", message: "must be a year between 1900 and 2100"))
        }
        if input.yearRecognised != nil && !input.recognised {
            errors.append(.init(path: "/year_recognised", message: "only a recognised village has a year of recognition"))
        }
        guard errors.isEmpty else { throw DomainError.invalid(errors) }

        let folded = VietnameseText.fold(name)
        let existing = try await database.sql.select().column("id").from(Self.table).where("name_folded", .equal, folded)
            .where("commune_code", .equal, input.communeCode).first()
        if existing != nil {
            throw DomainError.conflict("Commune \(input.communeCode) already has a craft village named '\(name)'.", path: "/name")
        }

        let now = ISO8601DateFormatter().string(from: Date())
        let row = try await database.sql.insert(into: Self.table)
            .columns("name", "name_folded", "commune_code", "craft", "recognised", "year_recognised", "created_at")
            .values(SQLBind(name), SQLBind(folded), SQLBind(input.communeCode), SQLBind(craft),
                    SQLBind(input.recognised ? 1 : 0), SQLBind(input.yearRecognised), SQLBind(now))
            .returning("id").first()
        guard let id = try row?.decode(column: "id", as: Int64.self), let village = try await find(id, in: database) else {
            throw Problem(status: 500, title: "Internal Server Error", detail: "The village was not stored.")
        }
        return village
    }

    // MARK: products

    /// Links a product to a village (a product names one village: linking again moves it).
    func link(_ product: ProductFacts, to villageID: Int64, in database: any SQLStore) async throws {
        try await database.sql.insert(into: Self.links)
            .columns("product_id", "village_id", "subject_id", "subject_name", "product_name", "current_stars", "linked_at")
            .values(SQLBind(product.id), SQLBind(villageID), SQLBind(product.subjectID), SQLBind(product.subjectName),
                    SQLBind(product.name), SQLBind(product.currentStars), SQLBind(Date().formatted(.iso8601)))
            .onConflict(with: ["product_id"]) { $0.set(excludedValueOf: "village_id").set(excludedValueOf: "subject_name")
                .set(excludedValueOf: "product_name").set(excludedValueOf: "current_stars") }
            .run()
    }

    /// Removes a product's link; false when it was not linked to this village.
    func unlink(product id: Int64, from villageID: Int64, in database: any SQLStore) async throws -> Bool {
        let linked = try await database.sql.select().column("product_id").from(Self.links)
            .where("product_id", .equal, id).where("village_id", .equal, villageID).first()
        guard linked != nil else { return false }
        try await database.sql.delete(from: Self.links).where("product_id", .equal, id).run()
        return true
    }

    /// Copies the registry's current facts of a linked product (stars, names); ignores others.
    func refresh(_ product: ProductFacts?, id: Int64, on db: any SQLDatabase) async throws {
        guard let product else { return }
        try await db.update(Self.links).set("current_stars", to: SQLBind(product.currentStars))
            .set("product_name", to: SQLBind(product.name)).set("subject_name", to: SQLBind(product.subjectName))
            .where("product_id", .equal, id).run()
    }

    /// A product that left the registry leaves its village.
    func unlink(product id: Int64, on db: any SQLDatabase) async throws {
        try await db.delete(from: Self.links).where("product_id", .equal, id).run()
    }

    /// The village with its producers and its currently certified products.
    func detail(_ id: Int64, in database: any SQLStore) async throws -> CraftVillage? {
        guard var village = try await find(id, in: database) else { return nil }
        let rows = try await database.sql.select().columns("product_id", "subject_id", "subject_name", "product_name", "current_stars")
            .from(Self.links).where("village_id", .equal, id).all()
        var subjects: [Int64: String] = [:]
        var certified: [CraftVillage.CertifiedProduct] = []
        for row in rows {
            subjects[try row.decode(column: "subject_id", as: Int64.self)] = try row.decode(column: "subject_name", as: String.self)
            if let stars = try row.decode(column: "current_stars", as: Int?.self) {
                certified.append(.init(id: try row.decode(column: "product_id", as: Int64.self),
                                       name: try row.decode(column: "product_name", as: String.self), stars: stars))
            }
        }
        village.subjects = subjects.map { CraftVillage.Producer(id: $0.key, name: $0.value) }
            .sorted { VietnameseText.collationKey($0.name) < VietnameseText.collationKey($1.name) }
        village.certifiedProducts = certified.sorted { ($1.stars, VietnameseText.collationKey($0.name)) < ($0.stars, VietnameseText.collationKey($1.name)) }
        return village
    }

    private func village(_ row: any SQLRow) throws -> CraftVillage {
        let code = try row.decode(column: "commune_code", as: String.self)
        return CraftVillage(
            id: try row.decode(column: "id", as: Int64.self),
            name: try row.decode(column: "name", as: String.self),
            communeCode: code,
            communeName: CommuneCode(code).flatMap { (try? AdminUnits.shared)?.commune($0) }?.name,
            craft: try row.decode(column: "craft", as: String.self),
            recognised: try row.decode(column: "recognised", as: Int.self) != 0,
            yearRecognised: try row.decode(column: "year_recognised", as: Int?.self),
            tourismLinked: tourismCommunes.contains(code),
            subjects: nil,
            certifiedProducts: nil
        )
    }

    /// Villages the programme names in public sources, located by their pre-2025 commune
    /// (as the sources give it) and mapped to today's commune through the legacy table.
    static let demoVillages: [(name: String, legacyCommune: String, craft: String)] = [
        ("Làng gốm Bát Tràng", "00583", "Gốm sứ"),
        ("Làng lụa Vạn Phúc", "09544", "Dệt lụa"),
        ("Làng sơn mài Hạ Thái", "10192", "Sơn mài"),
        ("Làng may Vân Từ", "10330", "May đo"),
        ("Làng mây tre đan Phú Vinh", "10033", "Mây tre đan"),
    ]

    func seedDemoVillages(in database: any SQLStore, logger: Logger) async throws {
        // Every host seeds at start: one transaction (locked on PostgreSQL), so hosts starting
        // together on one database neither both insert nor fail on each other's rows.
        let seeded: Bool = try await database.transaction { db in
            if database.engine == .postgresql { try await db.raw("SELECT pg_advisory_xact_lock(4210)").run() }
            let existing = try await db.select().column("id").from(Self.table).limit(1).first()
            guard existing == nil else { return false }
            let units = try AdminUnits.shared
            for demo in Self.demoVillages {
                // A divided commune's successor is taken only when the village's name says which.
                guard let code = CommuneCode(demo.legacyCommune), let current = units.successor(ofLegacy: code, namedIn: demo.name) else {
                    logger.warning("demo village skipped: its pre-2025 commune was divided and its name does not say where it is now",
                                   metadata: ["village": "\(demo.name)", "commune": "\(demo.legacyCommune)"])
                    continue
                }
                _ = try await self.create(NewCraftVillage(name: demo.name, communeCode: current.code.rawValue, craft: demo.craft,
                                                          recognised: true, yearRecognised: nil), in: database)
            }
            return true
        }
        if seeded { logger.info("loaded Hà Nội demo craft villages", metadata: ["count": "\(Self.demoVillages.count)"]) }
    }
}
