import Foundation
import Logging
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Reads and writes `ha_noi_craft_villages`.
struct CraftVillageStore: Sendable {
    static let table = "ha_noi_craft_villages"
    let tourismCommunes: Set<String>

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
        let name = VietnameseText.nfc(input.name.trimmingCharacters(in: .whitespacesAndNewlines))
        let craft = VietnameseText.nfc(input.craft.trimmingCharacters(in: .whitespacesAndNewlines))
        var errors: [InvalidField] = []
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
        let existing = try await database.sql.select().column("id").from(Self.table).where("name_folded", .equal, folded).first()
        if existing != nil { throw DomainError.conflict("A craft village named '\(name)' already exists.", path: "/name") }

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
            tourismLinked: tourismCommunes.contains(code)
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
        let existing = try await database.sql.select().column("id").from(Self.table).limit(1).first()
        guard existing == nil else { return }
        let units = try AdminUnits.shared
        for demo in Self.demoVillages {
            guard let code = CommuneCode(demo.legacyCommune), let current = units.currentCommunes(forLegacy: code)?.default else { continue }
            _ = try await create(NewCraftVillage(name: demo.name, communeCode: current.code.rawValue, craft: demo.craft,
                                                 recognised: true, yearRecognised: nil), in: database)
        }
        logger.info("loaded Hà Nội demo craft villages", metadata: ["count": "\(Self.demoVillages.count)"])
    }
}
