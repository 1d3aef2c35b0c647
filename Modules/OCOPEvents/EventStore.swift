import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Events: create, edit, read, move through their states, close with `EventClosed`.
struct EventStore: Sendable {
    let kinds: Contributions<EventKindDefinition>
    let rules: Contributions<EligibilityRule>
    let products: ServiceRef<any ProductLookup>

    static let states = ["planned", "open", "closed", "cancelled"]
    static let moves: [String: Set<String>] = ["planned": ["open", "cancelled"], "open": ["closed", "cancelled"]]

    var allKinds: [EventKindDefinition] { EventKinds.bundled + kinds.values }
    func kind(_ id: String) -> EventKindDefinition? { allKinds.first { $0.id == id } }

    var allRules: [EligibilityRule] { BundledRules.all + rules.values }

    static func now() -> String { Date().formatted(.iso8601) }

    /// National admins, and officers of the organising province.
    static func administers(_ principal: Principal?, province: String) -> Bool {
        guard let principal else { return false }
        return principal.role == .nationalAdmin || (principal.role == .provinceOfficer && principal.provinceCode == province)
    }

    // MARK: validation

    struct Valid {
        var kind: EventKindDefinition
        var title: String
        var organiser: String
        var provinceCode: String
        var startsOn: String
        var endsOn: String
        var communeCode: String?
        var address: String?
        var platform: String?
        var capacity: Int
        var participating: [String]
        var eligibility: [String]
        var fields: [String: FieldValue]
    }

    func validate(_ input: EventInput) throws -> Valid {
        var errors: [InvalidField] = []
        let units = try AdminUnits.shared
        func text(_ value: String?, _ path: String, max: Int, required: Bool) -> String? {
            guard let value else {
                if required { errors.append(.init(path: path, message: "is required")) }
                return nil
            }
            switch TextSanitizer.sanitize(value) {
            case .success(let clean):
                let trimmed = VietnameseText.nfc(clean.trimmingCharacters(in: .whitespacesAndNewlines))
                if trimmed.isEmpty {
                    if required { errors.append(.init(path: path, message: "must not be empty")) }
                    return nil
                }
                if trimmed.count > max { errors.append(.init(path: path, message: "must be at most \(max) characters")) }
                return trimmed
            case .failure(let refusal):
                errors.append(.init(path: path, message: refusal.message))
                return nil
            }
        }
        let kind = self.kind(input.kind)
        if kind == nil {
            errors.append(.init(path: "/kind", message: "unknown kind '\(input.kind.prefix(80))'; expected one of \(allKinds.map(\.id).joined(separator: ", "))"))
        }
        let title = text(input.title, "/title", max: 300, required: true) ?? ""
        let organiser = text(input.organiser, "/organiser", max: 300, required: true) ?? ""
        if ProvinceCode(input.provinceCode).flatMap(units.province) == nil {
            errors.append(.init(path: "/province_code", message: "'\(input.provinceCode.prefix(20))' is not a current (2025) province code"))
        }
        let starts = ProgrammeCalendar.parse(input.startsOn)
        let ends = ProgrammeCalendar.parse(input.endsOn)
        if starts == nil { errors.append(.init(path: "/starts_on", message: "expected a date YYYY-MM-DD, found '\(input.startsOn.prefix(20))'")) }
        if ends == nil { errors.append(.init(path: "/ends_on", message: "expected a date YYYY-MM-DD, found '\(input.endsOn.prefix(20))'")) }
        if starts != nil, ends != nil, input.endsOn < input.startsOn {
            errors.append(.init(path: "/ends_on", message: "the event ends (\(input.endsOn)) before it starts (\(input.startsOn))"))
        }
        if !(1...10_000).contains(input.boothCapacity) {
            errors.append(.init(path: "/booth_capacity", message: "expected a whole number of booths from 1 to 10000, found \(input.boothCapacity)"))
        }
        var communeCode: String?, address: String?, platform: String?
        let venue = input.venue ?? EventInput.Venue()
        if let kind, kind.online {
            platform = text(venue.platform, "/venue/platform", max: 200, required: true)
            if venue.communeCode != nil || venue.address != nil {
                errors.append(.init(path: "/venue", message: "kind '\(kind.id)' is held online: give the platform, not a commune or address"))
            }
        } else if kind != nil {
            if venue.platform != nil { errors.append(.init(path: "/venue/platform", message: "kind '\(input.kind)' is held at a place, not on a platform")) }
            if let code = venue.communeCode {
                if CommuneCode(code).flatMap(units.commune) == nil {
                    errors.append(.init(path: "/venue/commune_code", message: "'\(code.prefix(20))' is not a current (2025) commune code"))
                } else {
                    communeCode = code
                }
            }
            address = text(venue.address, "/venue/address", max: 500, required: false)
            if venue.communeCode == nil && address == nil {
                errors.append(.init(path: "/venue", message: "give the venue's commune_code (2025) or its address"))
            }
        }
        var participating: [String] = []
        for (index, code) in (input.participatingProvinces ?? []).enumerated() {
            if ProvinceCode(code).flatMap(units.province) == nil {
                errors.append(.init(path: "/participating_provinces/\(index)", message: "'\(code.prefix(20))' is not a current (2025) province code"))
            } else if participating.contains(code) {
                errors.append(.init(path: "/participating_provinces/\(index)", message: "province \(code) is listed twice"))
            } else {
                participating.append(code)
            }
        }
        let eligibility = input.eligibility ?? [BundledRules.onlyCertified]
        let known = allRules.map(\.id)
        for (index, id) in eligibility.enumerated() {
            if !known.contains(id) {
                errors.append(.init(path: "/eligibility/\(index)", message: "unknown rule '\(id.prefix(80))'; expected one of \(known.joined(separator: ", "))"))
            } else if eligibility.firstIndex(of: id) != index {
                errors.append(.init(path: "/eligibility/\(index)", message: "rule '\(id)' is listed twice"))
            }
        }
        var fields: [String: FieldValue] = [:]
        if let kind {
            fields = FieldCheck.check(input.fields ?? [:], against: kind.fields, kind: kind.id, path: "/fields", errors: &errors)
        }
        guard errors.isEmpty, let kind else { throw DomainError.invalid(errors) }
        return Valid(kind: kind, title: title, organiser: organiser, provinceCode: input.provinceCode, startsOn: input.startsOn,
                     endsOn: input.endsOn, communeCode: communeCode, address: address, platform: platform, capacity: input.boothCapacity,
                     participating: participating, eligibility: eligibility, fields: fields)
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, default value: T) -> T {
        (try? JSONDecoder().decode(T.self, from: Data(text.utf8))) ?? value
    }

    // MARK: writes

    func create(_ input: EventInput, by principal: Principal?, in database: any SQLStore) async throws -> PromotionEvent {
        let valid = try validate(input)
        guard Self.administers(principal, province: valid.provinceCode) else {
            throw DomainError.forbidden("Only officers of province \(valid.provinceCode) and national admins may create its events.")
        }
        let now = Self.now()
        let row = try await database.sql.insert(into: EventsSchema.events)
            .columns("kind", "title", "title_folded", "organiser", "province_code", "starts_on", "ends_on", "venue_commune_code",
                     "venue_address", "venue_platform", "booth_capacity", "participating_provinces", "eligibility", "fields", "state",
                     "created_by", "created_at", "updated_at")
            .values(SQLBind(valid.kind.id), SQLBind(valid.title), SQLBind(VietnameseText.fold(valid.title)), SQLBind(valid.organiser),
                    SQLBind(valid.provinceCode), SQLBind(valid.startsOn), SQLBind(valid.endsOn), SQLBind(valid.communeCode),
                    SQLBind(valid.address), SQLBind(valid.platform), SQLBind(valid.capacity), SQLBind(Self.json(valid.participating)),
                    SQLBind(Self.json(valid.eligibility)), SQLBind(Self.json(valid.fields)), SQLBind("planned"),
                    SQLBind(principal?.username), SQLBind(now), SQLBind(now))
            .returning("id").first()
        guard let id = try row?.decode(column: "id", as: Int64.self), let event = try await find(id, on: database.sql) else {
            throw DomainError.busy("The event was not stored; try again.")
        }
        return event
    }

    func update(_ id: Int64, _ input: EventInput, by principal: Principal?, in database: any SQLStore) async throws -> PromotionEvent {
        let valid = try validate(input)
        return try await database.transaction { db in
            let current = try await self.lock(id, principal: principal, on: db)
            guard Self.administers(principal, province: current.provinceCode), Self.administers(principal, province: valid.provinceCode) else {
                throw DomainError.forbidden("Only officers of the organising province and national admins may edit this event.")
            }
            guard current.kind == valid.kind.id else {
                throw DomainError.invalid([.init(path: "/kind", message: "an event keeps its kind (\(current.kind)); create a new event instead")])
            }
            guard current.state == "planned" || current.state == "open" else {
                throw DomainError.conflict("Event \(id) is \(current.state): it can no longer be edited.", path: "/state")
            }
            let highest = try await db.select().column(SQLFunction("MAX", args: SQLColumn("booth")), as: "n").from(EventsSchema.registrations)
                .where("event_id", .equal, id).where("state", .equal, "accepted").first()?.decode(column: "n", as: Int?.self) ?? 0
            if highest > valid.capacity {
                throw DomainError.conflict("Booth \(highest) is held: the capacity cannot drop below \(highest) booths.", path: "/booth_capacity")
            }
            try await db.update(EventsSchema.events)
                .set("title", to: SQLBind(valid.title)).set("title_folded", to: SQLBind(VietnameseText.fold(valid.title)))
                .set("organiser", to: SQLBind(valid.organiser)).set("province_code", to: SQLBind(valid.provinceCode))
                .set("starts_on", to: SQLBind(valid.startsOn)).set("ends_on", to: SQLBind(valid.endsOn))
                .set("venue_commune_code", to: SQLBind(valid.communeCode)).set("venue_address", to: SQLBind(valid.address))
                .set("venue_platform", to: SQLBind(valid.platform)).set("booth_capacity", to: SQLBind(valid.capacity))
                .set("participating_provinces", to: SQLBind(Self.json(valid.participating)))
                .set("eligibility", to: SQLBind(Self.json(valid.eligibility))).set("fields", to: SQLBind(Self.json(valid.fields)))
                .set("updated_at", to: SQLBind(Self.now()))
                .where("id", .equal, id).run()
            // More booths may let the waiting list in.
            try await Registrations.promoteWaiting(event: id, capacity: valid.capacity, on: db)
            guard let event = try await self.find(id, on: db) else { throw DomainError.notFound("No event \(id).") }
            return event
        }
    }

    /// Takes the event's row lock for this transaction (both engines) and returns it, if the caller may see it.
    func lock(_ id: Int64, principal: Principal?, on db: any SQLDatabase) async throws -> PromotionEvent {
        try await db.update(EventsSchema.events).set("updated_at", to: SQLColumn("updated_at")).where("id", .equal, id).run()
        guard let event = try await find(id, on: db), Self.visible(event, to: principal) else { throw DomainError.notFound("No event \(id).") }
        return event
    }

    /// Planned events are drafts: only their organisers see them.
    static func visible(_ event: PromotionEvent, to principal: Principal?) -> Bool {
        event.state != "planned" || administers(principal, province: event.provinceCode)
    }

    /// Moves the event to `target`; closing publishes `EventClosed` in the same transaction.
    func transition(_ id: Int64, to target: String, by principal: Principal?, context: PluginContext) async throws -> PromotionEvent {
        guard Self.states.contains(target) else {
            throw DomainError.invalid([.init(path: "/to", message: "expected one of open, closed, cancelled, found '\(target.prefix(20))'")])
        }
        return try await context.database.transaction { db in
            let event = try await self.lock(id, principal: principal, on: db)
            guard Self.administers(principal, province: event.provinceCode) else {
                throw DomainError.forbidden("Only officers of province \(event.provinceCode) and national admins may change this event.")
            }
            guard Self.moves[event.state]?.contains(target) == true else {
                throw DomainError.conflict("Event \(id) is \(event.state); it cannot become \(target).", path: "/to")
            }
            if target == "closed" {
                let today = ProgrammeCalendar.today()
                guard today >= event.startsOn else {
                    throw DomainError.conflict("Event \(id) starts on \(event.startsOn): it cannot be closed before it has started.", path: "/to")
                }
            }
            try await db.update(EventsSchema.events).set("state", to: SQLBind(target)).set("updated_at", to: SQLBind(Self.now()))
                .where("id", .equal, id).run()
            if target == "closed" {
                let totals = try await ResultStore.totals(event: id, on: db)
                let productIDs = try await db.select().column(SQLColumn("product_id", table: "p")).from(SQLAlias(SQLIdentifier(EventsSchema.registrationProducts), as: SQLIdentifier("p")))
                    .join(SQLAlias(SQLIdentifier(EventsSchema.registrations), as: SQLIdentifier("r")), method: SQLJoinMethod.inner,
                          on: SQLColumn("id", table: "r"), .equal, SQLColumn("registration_id", table: "p"))
                    .where(SQLColumn("event_id", table: "p"), .equal, SQLBind(id)).where(SQLColumn("state", table: "r"), .equal, SQLBind("accepted"))
                    .orderBy(SQLColumn("product_id", table: "p")).all().map { try $0.decode(column: "product_id", as: Int64.self) }
                try await context.outbox.publish(EventClosed(
                    eventID: id, kind: event.kind, provinceCode: event.provinceCode, startsOn: event.startsOn, endsOn: event.endsOn,
                    visitors: totals.visitors, revenueTotal: totals.revenueTotal, revenueOCOP: totals.revenueOCOP, orders: totals.orders,
                    productIDs: productIDs), on: db)
            }
            guard let moved = try await self.find(id, on: db) else { throw DomainError.notFound("No event \(id).") }
            return moved
        }
    }

    // MARK: reads

    func find(_ id: Int64, on db: any SQLDatabase) async throws -> PromotionEvent? {
        guard let row = try await db.select().columns("*").from(EventsSchema.events).where("id", .equal, id).first() else { return nil }
        return try await withCounts([try event(row)], on: db).first
    }

    struct Filter {
        var province: String?
        var kind: String?
        var query: String?
        var state: String?
        /// Any of these states (the calendar: open and cancelled).
        var states: [String]?
        var from: String?
        var upcoming = false
        var limit = 50
        var offset = 0
    }

    func list(_ filter: Filter, principal: Principal?, on db: any SQLDatabase) async throws -> (items: [PromotionEvent], total: Int) {
        func apply(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            var builder = builder
            if let province = filter.province { builder = builder.where("province_code", .equal, province) }
            if let kind = filter.kind { builder = builder.where("kind", .equal, kind) }
            if let query = filter.query, !query.isEmpty {
                builder = builder.where("title_folded", .like, "%" + VietnameseText.fold(query) + "%")
            }
            if let state = filter.state { builder = builder.where("state", .equal, state) }
            if let states = filter.states { builder = builder.where("state", .in, states) }
            if let from = filter.from { builder = builder.where("ends_on", .greaterThanOrEqual, from) }
            if filter.upcoming { builder = builder.where("ends_on", .greaterThanOrEqual, ProgrammeCalendar.today()) }
            // Drafts only for their organisers.
            switch principal {
            case let p? where p.role == .nationalAdmin: break
            case let p? where p.role == .provinceOfficer:
                builder = builder.where { $0.where("state", .notEqual, "planned").orWhere("province_code", .equal, p.provinceCode ?? "") }
            default: builder = builder.where("state", .notEqual, "planned")
            }
            return builder
        }
        let rows = try await apply(db.select().columns("*").from(EventsSchema.events)).orderBy("starts_on").orderBy("id")
            .limit(filter.limit).offset(filter.offset).all()
        let total = try await apply(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(EventsSchema.events)).first()?
            .decode(column: "n", as: Int.self) ?? 0
        return (try await withCounts(try rows.map(event), on: db), total)
    }

    private func withCounts(_ events: [PromotionEvent], on db: any SQLDatabase) async throws -> [PromotionEvent] {
        guard !events.isEmpty else { return [] }
        let rows = try await db.select().column("event_id").column("state").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(EventsSchema.registrations).where("event_id", .in, events.map(\.id)).where("state", .in, ["accepted", "waiting"])
            .groupBy("event_id").groupBy("state").all()
        var counts: [Int64: [String: Int]] = [:]
        for row in rows {
            counts[try row.decode(column: "event_id", as: Int64.self), default: [:]][try row.decode(column: "state", as: String.self)] =
                try row.decode(column: "n", as: Int.self)
        }
        return events.map { event in
            var event = event
            event.boothsTaken = counts[event.id]?["accepted"] ?? 0
            event.waiting = counts[event.id]?["waiting"] ?? 0
            return event
        }
    }

    private func event(_ row: any SQLRow) throws -> PromotionEvent {
        let commune = try row.decode(column: "venue_commune_code", as: String?.self)
        return PromotionEvent(
            id: try row.decode(column: "id", as: Int64.self),
            kind: try row.decode(column: "kind", as: String.self),
            title: try row.decode(column: "title", as: String.self),
            organiser: try row.decode(column: "organiser", as: String.self),
            provinceCode: try row.decode(column: "province_code", as: String.self),
            startsOn: try row.decode(column: "starts_on", as: String.self),
            endsOn: try row.decode(column: "ends_on", as: String.self),
            venue: .init(communeCode: commune, communeName: commune.flatMap(CommuneCode.init).flatMap { (try? AdminUnits.shared)?.commune($0) }?.name,
                         address: try row.decode(column: "venue_address", as: String?.self),
                         platform: try row.decode(column: "venue_platform", as: String?.self)),
            boothCapacity: try row.decode(column: "booth_capacity", as: Int.self),
            participatingProvinces: Self.decode([String].self, try row.decode(column: "participating_provinces", as: String.self), default: []),
            eligibility: Self.decode([String].self, try row.decode(column: "eligibility", as: String.self), default: []),
            fields: Self.decode([String: FieldValue].self, try row.decode(column: "fields", as: String.self), default: [:]),
            state: try row.decode(column: "state", as: String.self),
            boothsTaken: 0, waiting: 0,
            createdAt: try row.decode(column: "created_at", as: String.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self))
    }
}

/// The rules every deployment has; plugins add theirs through `ocop.events.eligibility-rules`.
enum BundledRules {
    static let onlyCertified = "only-certified"
    static let organisingProvince = "organising-province"
    static let participatingProvinces = "participating-provinces"

    static let all: [EligibilityRule] = [
        EligibilityRule(id: onlyCertified, summary: "only products holding a valid OCOP certificate of 3★ or more") { candidate, _ in
            guard let stars = candidate.product.currentStars else {
                return "product \(candidate.product.id) has no valid OCOP certificate (uncertified, revoked, withdrawn or expired)"
            }
            return stars >= 3 ? nil : "product \(candidate.product.id) holds \(stars)★; the event takes 3★ or more"
        },
        EligibilityRule(id: organisingProvince, summary: "only products of the organising province") { candidate, _ in
            candidate.product.provinceCode == candidate.eventProvinceCode ? nil
                : "product \(candidate.product.id) is from province \(candidate.product.provinceCode); the event takes province \(candidate.eventProvinceCode) only"
        },
        EligibilityRule(id: participatingProvinces, summary: "only products of the organising or a participating province") { candidate, _ in
            let allowed = [candidate.eventProvinceCode] + candidate.participatingProvinces
            return allowed.contains(candidate.product.provinceCode) ? nil
                : "product \(candidate.product.id) is from province \(candidate.product.provinceCode); the event takes \(allowed.joined(separator: ", "))"
        },
    ]

    static func validate(_ contribution: Contribution<EligibilityRule>, earlier: [Contribution<EligibilityRule>]) throws {
        let prefix = contribution.plugin.rawValue + "."
        let id = contribution.value.id
        guard id.hasPrefix(prefix), EventKinds.isIdentifier(id) else {
            throw ContributionRejected("rule id '\(id)' must be lowercase words joined by '-' and start with '\(prefix)'")
        }
        if all.contains(where: { $0.id == id }) || earlier.contains(where: { $0.value.id == id }) {
            throw ContributionRejected("rule '\(id)' is already defined")
        }
    }
}
