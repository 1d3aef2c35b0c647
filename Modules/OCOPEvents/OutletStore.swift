import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// A point of sale or design centre for OCOP products (QĐ 950/QĐ-BCT) with its shelf.
struct Outlet: Encodable, Sendable {
    struct ShelfItem: Encodable, Sendable {
        var productID: Int64
        var productName: String
        var subjectID: Int64
        var subjectName: String
        var stars: Int
        var addedAt: String
        enum CodingKeys: String, CodingKey {
            case stars
            case productID = "product_id"
            case productName = "product_name"
            case subjectID = "subject_id"
            case subjectName = "subject_name"
            case addedAt = "added_at"
        }
    }

    var id: Int64
    var kind: String
    var name: String
    var locationType: String
    var `operator`: String
    var provinceCode: String
    var communeCode: String
    var communeName: String?
    var legacyDistrictCode: String?
    var address: String?
    var openedOn: String
    var closedOn: String?
    /// Products with a valid certificate (detail only), most stars first.
    var products: [ShelfItem]?

    enum CodingKeys: String, CodingKey {
        case id, kind, name, address, products
        case `operator` = "operator"
        case locationType = "location_type"
        case provinceCode = "province_code"
        case communeCode = "commune_code"
        case communeName = "commune_name"
        case legacyDistrictCode = "legacy_district_code"
        case openedOn = "opened_on"
        case closedOn = "closed_on"
    }
}

struct OutletInput: Decodable, Sendable {
    var kind: String
    var name: String
    var locationType: String
    var `operator`: String
    var communeCode: String
    var legacyDistrictCode: String?
    var address: String?
    var openedOn: String
    var closedOn: String?
    static let keys: Set<String> = ["kind", "name", "location_type", "operator", "commune_code", "legacy_district_code", "address",
                                    "opened_on", "closed_on"]
    enum CodingKeys: String, CodingKey {
        case kind, name, address
        case `operator` = "operator"
        case locationType = "location_type"
        case communeCode = "commune_code"
        case legacyDistrictCode = "legacy_district_code"
        case openedOn = "opened_on"
        case closedOn = "closed_on"
    }
}

struct OutletStore: Sendable {
    let products: ServiceRef<any ProductLookup>

    static let kinds = ["point_of_sale", "design_centre"]
    /// QĐ 950/QĐ-BCT's places for OCOP points of sale.
    static let locationTypes = ["station", "airport", "highway_stop", "supermarket", "market", "tourist_site", "hotel", "craft_village", "other"]

    struct Valid {
        var input: OutletInput
        var name: String
        var operatorName: String
        var address: String?
        var provinceCode: String
    }

    func validate(_ input: OutletInput) throws -> Valid {
        var errors: [InvalidField] = []
        func text(_ value: String?, _ path: String, required: Bool) -> String? {
            guard let value else { return nil }
            switch TextSanitizer.sanitize(value) {
            case .success(let clean):
                let trimmed = VietnameseText.nfc(clean.trimmingCharacters(in: .whitespacesAndNewlines))
                if trimmed.isEmpty && required { errors.append(.init(path: path, message: "must not be empty")) }
                if trimmed.count > 300 { errors.append(.init(path: path, message: "must be at most 300 characters")) }
                return trimmed.isEmpty ? nil : trimmed
            case .failure(let refusal):
                errors.append(.init(path: path, message: refusal.message))
                return nil
            }
        }
        if !Self.kinds.contains(input.kind) {
            errors.append(.init(path: "/kind", message: "expected one of \(Self.kinds.joined(separator: ", ")), found '\(input.kind.prefix(40))'"))
        }
        if !Self.locationTypes.contains(input.locationType) {
            errors.append(.init(path: "/location_type", message: "expected one of \(Self.locationTypes.joined(separator: ", ")), found '\(input.locationType.prefix(40))'"))
        }
        let name = text(input.name, "/name", required: true) ?? ""
        let operatorName = text(input.operator, "/operator", required: true) ?? ""
        let address = text(input.address, "/address", required: false)
        let units = try AdminUnits.shared
        let commune = CommuneCode(input.communeCode).flatMap(units.commune)
        if commune == nil {
            errors.append(.init(path: "/commune_code", message: "'\(input.communeCode.prefix(20))' is not a current (2025) commune code"))
        }
        if let legacy = input.legacyDistrictCode {
            if let district = DistrictCode(legacy).flatMap(units.legacyDistrict) {
                if let commune, units.currentProvince(forLegacy: district.provinceCode)?.code != commune.provinceCode {
                    errors.append(.init(path: "/legacy_district_code", message: "district \(legacy) (\(district.name)) was not in the commune's province"))
                }
            } else {
                errors.append(.init(path: "/legacy_district_code", message: "'\(legacy.prefix(20))' is not a pre-2025 district code"))
            }
        }
        if ProgrammeCalendar.parse(input.openedOn) == nil {
            errors.append(.init(path: "/opened_on", message: "expected a date YYYY-MM-DD, found '\(input.openedOn.prefix(20))'"))
        }
        if let closed = input.closedOn {
            if ProgrammeCalendar.parse(closed) == nil {
                errors.append(.init(path: "/closed_on", message: "expected a date YYYY-MM-DD, found '\(closed.prefix(20))'"))
            } else if closed < input.openedOn {
                errors.append(.init(path: "/closed_on", message: "the outlet closes (\(closed)) before it opens (\(input.openedOn))"))
            }
        }
        guard errors.isEmpty, let commune else { throw DomainError.invalid(errors) }
        return Valid(input: input, name: name, operatorName: operatorName, address: address, provinceCode: commune.provinceCode.rawValue)
    }

    func create(_ input: OutletInput, by principal: Principal?, in database: any SQLStore) async throws -> Outlet {
        let valid = try validate(input)
        guard EventStore.administers(principal, province: valid.provinceCode) else {
            throw DomainError.forbidden("Only officers of province \(valid.provinceCode) and national admins may add its outlets.")
        }
        let now = EventStore.now()
        let row = try await database.sql.insert(into: EventsSchema.outlets)
            .columns("kind", "name", "name_folded", "name_collation", "location_type", "operator", "province_code", "commune_code", "legacy_district_code",
                     "address", "opened_on", "closed_on", "created_at", "updated_at")
            .values(SQLBind(input.kind), SQLBind(valid.name), SQLBind(VietnameseText.fold(valid.name)),
                    SQLBind(VietnameseText.collationKey(valid.name)), SQLBind(input.locationType),
                    SQLBind(valid.operatorName), SQLBind(valid.provinceCode), SQLBind(input.communeCode), SQLBind(input.legacyDistrictCode),
                    SQLBind(valid.address), SQLBind(input.openedOn), SQLBind(input.closedOn), SQLBind(now), SQLBind(now))
            .returning("id").first()
        guard let id = try row?.decode(column: "id", as: Int64.self), let outlet = try await detail(id, on: database.sql) else {
            throw DomainError.busy("The outlet was not stored; try again.")
        }
        return outlet
    }

    func update(_ id: Int64, _ input: OutletInput, by principal: Principal?, in database: any SQLStore) async throws -> Outlet {
        let valid = try validate(input)
        guard let current = try await find(id, on: database.sql) else { throw DomainError.notFound("No outlet \(id).") }
        guard EventStore.administers(principal, province: current.provinceCode), EventStore.administers(principal, province: valid.provinceCode) else {
            throw DomainError.forbidden("Only officers of province \(current.provinceCode) and national admins may edit this outlet.")
        }
        try await database.sql.update(EventsSchema.outlets)
            .set("kind", to: SQLBind(input.kind)).set("name", to: SQLBind(valid.name)).set("name_folded", to: SQLBind(VietnameseText.fold(valid.name)))
            .set("name_collation", to: SQLBind(VietnameseText.collationKey(valid.name)))
            .set("location_type", to: SQLBind(input.locationType)).set("operator", to: SQLBind(valid.operatorName))
            .set("province_code", to: SQLBind(valid.provinceCode)).set("commune_code", to: SQLBind(input.communeCode))
            .set("legacy_district_code", to: SQLBind(input.legacyDistrictCode)).set("address", to: SQLBind(valid.address))
            .set("opened_on", to: SQLBind(input.openedOn)).set("closed_on", to: SQLBind(input.closedOn))
            .set("updated_at", to: SQLBind(EventStore.now())).where("id", .equal, id).run()
        guard let outlet = try await detail(id, on: database.sql) else { throw DomainError.notFound("No outlet \(id).") }
        return outlet
    }

    // MARK: the shelf

    /// Puts a product on the shelf: only with a certificate valid today of 3★ or more.
    func add(product productID: Int64, to id: Int64, by principal: Principal?, in database: any SQLStore) async throws -> Outlet {
        let lookup = try products()
        try await database.transaction { db in
            try await db.update(EventsSchema.outlets).set("updated_at", to: SQLColumn("updated_at")).where("id", .equal, id).run()
            guard let outlet = try await self.find(id, on: db) else { throw DomainError.notFound("No outlet \(id).") }
            guard EventStore.administers(principal, province: outlet.provinceCode) else {
                throw DomainError.forbidden("Only officers of province \(outlet.provinceCode) and national admins may stock this outlet.")
            }
            guard let product = try await lookup.product(productID, on: db), product.active else {
                throw DomainError.invalid([.init(path: "/product_id", message: "no published product \(productID)")])
            }
            guard let stars = product.currentStars else {
                throw DomainError.invalid([.init(path: "/product_id", message:
                    "product \(productID) has no valid OCOP certificate (uncertified, revoked, withdrawn or expired): an OCOP outlet lists certified products only")])
            }
            guard stars >= 3 else {
                throw DomainError.invalid([.init(path: "/product_id", message: "product \(productID) holds \(stars)★; an OCOP outlet lists 3★ or more")])
            }
            let listed = try await db.select().column("id").from(EventsSchema.shelf).where("outlet_id", .equal, id)
                .where("product_id", .equal, productID).where(SQLColumn("removed_at"), .is, SQLLiteral.null).first()
            if listed != nil { throw DomainError.conflict("Product \(productID) is already on the shelf of outlet \(id).", path: "/product_id") }
            try await db.insert(into: EventsSchema.shelf)
                .columns("outlet_id", "product_id", "subject_id", "subject_name", "product_name", "stars", "added_at")
                .values(SQLBind(id), SQLBind(productID), SQLBind(product.subjectID), SQLBind(product.subjectName), SQLBind(product.name),
                        SQLBind(stars), SQLBind(EventStore.now()))
                .run()
        }
        guard let outlet = try await detail(id, on: database.sql) else { throw DomainError.notFound("No outlet \(id).") }
        return outlet
    }

    func remove(product productID: Int64, from id: Int64, by principal: Principal?, in database: any SQLStore) async throws {
        guard let outlet = try await find(id, on: database.sql) else { throw DomainError.notFound("No outlet \(id).") }
        guard EventStore.administers(principal, province: outlet.provinceCode) else {
            throw DomainError.forbidden("Only officers of province \(outlet.provinceCode) and national admins may change this outlet's shelf.")
        }
        let listed = try await database.sql.select().column("id").from(EventsSchema.shelf).where("outlet_id", .equal, id)
            .where("product_id", .equal, productID).where(SQLColumn("removed_at"), .is, SQLLiteral.null).first()
        guard listed != nil else { throw DomainError.notFound("Product \(productID) is not on the shelf of outlet \(id).") }
        try await database.sql.update(EventsSchema.shelf).set("removed_at", to: SQLBind(EventStore.now()))
            .set("removed_reason", to: SQLBind("removed by \(principal?.username ?? "an officer")"))
            .where("outlet_id", .equal, id).where("product_id", .equal, productID).where(SQLColumn("removed_at"), .is, SQLLiteral.null).run()
    }

    /// The ledger moved: re-reads the product's standing and takes it off every shelf when it
    /// no longer holds a valid certificate of 3★ or more, or updates its stars. Reading the
    /// current standing (not the event) makes a repeated or late delivery change nothing.
    func follow(product productID: Int64, reason: String, on db: any SQLDatabase) async throws {
        let product = try await products().product(productID, on: db)
        if let product, let stars = product.currentStars, stars >= 3 {
            try await db.update(EventsSchema.shelf).set("stars", to: SQLBind(stars)).set("product_name", to: SQLBind(product.name))
                .set("subject_name", to: SQLBind(product.subjectName))
                .where("product_id", .equal, productID).where(SQLColumn("removed_at"), .is, SQLLiteral.null).run()
        } else {
            try await db.update(EventsSchema.shelf).set("removed_at", to: SQLBind(EventStore.now())).set("removed_reason", to: SQLBind(reason))
                .where("product_id", .equal, productID).where(SQLColumn("removed_at"), .is, SQLLiteral.null).run()
        }
    }

    // MARK: reads

    struct Filter {
        var province: String?
        var kind: String?
        var query: String?
        var limit = 50
        var offset = 0
    }

    func list(_ filter: Filter, on db: any SQLDatabase) async throws -> (items: [Outlet], total: Int) {
        func apply(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            var builder = builder
            if let province = filter.province { builder = builder.where("province_code", .equal, province) }
            if let kind = filter.kind { builder = builder.where("kind", .equal, kind) }
            if let query = filter.query, !query.isEmpty { builder = builder.where("name_folded", .like, "%" + VietnameseText.fold(query) + "%") }
            return builder
        }
        let rows = try await apply(db.select().columns("*").from(EventsSchema.outlets)).orderBy("name_collation").orderBy("id")
            .limit(filter.limit).offset(filter.offset).all()
        let total = try await apply(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(EventsSchema.outlets)).first()?
            .decode(column: "n", as: Int.self) ?? 0
        return (try rows.map(outlet), total)
    }

    func find(_ id: Int64, on db: any SQLDatabase) async throws -> Outlet? {
        try await db.select().columns("*").from(EventsSchema.outlets).where("id", .equal, id).first().map(outlet)
    }

    func detail(_ id: Int64, on db: any SQLDatabase) async throws -> Outlet? {
        guard var outlet = try await find(id, on: db) else { return nil }
        outlet.products = try await shelf(id, on: db)
        return outlet
    }

    func shelf(_ id: Int64, on db: any SQLDatabase) async throws -> [Outlet.ShelfItem] {
        let items = try await db.select().columns("product_id", "product_name", "subject_id", "subject_name", "stars", "added_at")
            .from(EventsSchema.shelf).where("outlet_id", .equal, id).where(SQLColumn("removed_at"), .is, SQLLiteral.null).all()
            .map { row in
                Outlet.ShelfItem(productID: try row.decode(column: "product_id", as: Int64.self),
                                 productName: try row.decode(column: "product_name", as: String.self),
                                 subjectID: try row.decode(column: "subject_id", as: Int64.self),
                                 subjectName: try row.decode(column: "subject_name", as: String.self),
                                 stars: try row.decode(column: "stars", as: Int.self), addedAt: try row.decode(column: "added_at", as: String.self))
            }
        return items.sorted { ($1.stars, VietnameseText.collationKey($0.productName)) < ($0.stars, VietnameseText.collationKey($1.productName)) }
    }

    private func outlet(_ row: any SQLRow) throws -> Outlet {
        let commune = try row.decode(column: "commune_code", as: String.self)
        return Outlet(
            id: try row.decode(column: "id", as: Int64.self), kind: try row.decode(column: "kind", as: String.self),
            name: try row.decode(column: "name", as: String.self), locationType: try row.decode(column: "location_type", as: String.self),
            operator: try row.decode(column: "operator", as: String.self), provinceCode: try row.decode(column: "province_code", as: String.self),
            communeCode: commune, communeName: CommuneCode(commune).flatMap { (try? AdminUnits.shared)?.commune($0) }?.name,
            legacyDistrictCode: try row.decode(column: "legacy_district_code", as: String?.self),
            address: try row.decode(column: "address", as: String?.self), openedOn: try row.decode(column: "opened_on", as: String.self),
            closedOn: try row.decode(column: "closed_on", as: String?.self), products: nil)
    }
}
