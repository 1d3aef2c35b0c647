import Foundation
import OCOPPluginKit
import SQLKit

/// Applications to events: eligibility, booths (one registration per booth, never beyond
/// capacity), the waiting list (promoted in order), withdrawals.
struct Registrations: Sendable {
    let store: EventStore

    /// Whether the caller may act for this subject's application: its producer, officers over
    /// its area (the kit's `Scope`), or the event's organisers.
    static func mayAct(_ principal: Principal?, for product: ProductFacts, event: PromotionEvent) -> Bool {
        Scope(principal: principal).mayWrite(province: product.provinceCode, commune: product.communeCode, subjectID: product.subjectID)
            || EventStore.administers(principal, province: event.provinceCode)
    }

    func register(event id: Int64, _ input: RegistrationInput, by principal: Principal?, in database: any SQLStore) async throws -> Registration {
        let products = try store.products()
        let rules = store.allRules
        return try await database.transaction { db in
            let event = try await store.lock(id, principal: principal, on: db)
            guard event.state == "open" else {
                throw DomainError.conflict("Event \(id) is \(event.state): registration is open only while the event is open.", path: "/state")
            }
            var errors: [InvalidField] = []
            if input.productIDs.isEmpty { errors.append(.init(path: "/product_ids", message: "name at least one product")) }
            if input.productIDs.count > 50 { errors.append(.init(path: "/product_ids", message: "at most 50 products per registration")) }
            var facts: [ProductFacts] = []
            let scope = Scope(principal: principal)
            for (index, productID) in input.productIDs.enumerated() {
                if input.productIDs.firstIndex(of: productID) != index {
                    errors.append(.init(path: "/product_ids/\(index)", message: "product \(productID) is listed twice"))
                    continue
                }
                guard let product = try await products.product(productID, on: db),
                      product.active || scope.seesFully(province: product.provinceCode, commune: product.communeCode, subjectID: product.subjectID)
                        || EventStore.administers(principal, province: event.provinceCode) else {
                    errors.append(.init(path: "/product_ids/\(index)", message: "no product \(productID)"))
                    continue
                }
                guard product.subjectID == input.subjectID else {
                    errors.append(.init(path: "/product_ids/\(index)", message: "product \(productID) belongs to subject \(product.subjectID), not \(input.subjectID)"))
                    continue
                }
                facts.append(product)
            }
            guard errors.isEmpty else { throw DomainError.invalid(errors) }
            for product in facts where !Self.mayAct(principal, for: product, event: event) {
                throw DomainError.forbidden("Your role may not register subject \(product.subjectID) for events.")
            }
            for (index, product) in facts.enumerated() {
                let candidate = EligibilityCandidate(eventID: id, eventKind: event.kind, eventProvinceCode: event.provinceCode,
                                                     startsOn: event.startsOn, product: product, participatingProvinces: event.participatingProvinces)
                for ruleID in event.eligibility {
                    guard let rule = rules.first(where: { $0.id == ruleID }) else {
                        errors.append(.init(path: "/product_ids/\(index)", message: "rule '\(ruleID)' is no longer available in this deployment"))
                        continue
                    }
                    let reason: String?
                    do { reason = try await rule.check(candidate, db) } catch let error as DomainError { throw error } catch {
                        throw DomainError.busy("Rule '\(rule.id)' could not decide on product \(product.id) (\(error)); try again.")
                    }
                    if let reason {
                        errors.append(.init(path: "/product_ids/\(index)", message: "\(rule.id): \(reason)"))
                    }
                }
            }
            guard errors.isEmpty else { throw DomainError.invalid(errors) }

            if let held = try await db.select().column("id").from(EventsSchema.registrations).where("event_id", .equal, id)
                .where("subject_id", .equal, input.subjectID).where("state", .in, ["accepted", "waiting"]).first() {
                let other = try held.decode(column: "id", as: Int64.self)
                throw DomainError.conflict("Subject \(input.subjectID) already has registration \(other) for event \(id); withdraw it first.",
                                           path: "/subject_id")
            }
            let taken = try await Self.boothsHeld(event: id, on: db)
            var booth: Int?
            var state = "accepted"
            if let wanted = input.booth {
                guard (1...event.boothCapacity).contains(wanted) else {
                    throw DomainError.invalid([.init(path: "/booth", message: "event \(id) has booths 1 to \(event.boothCapacity), not \(wanted)")])
                }
                if let holder = taken[wanted] {
                    throw DomainError.conflict("Booth \(wanted) of event \(id) is already booked by registration \(holder.id) (\(holder.subject)) "
                                               + "for \(event.startsOn)–\(event.endsOn); choose another booth.", path: "/booth")
                }
                booth = wanted
            } else if taken.count >= event.boothCapacity {
                state = "waiting"
            } else {
                booth = (1...event.boothCapacity).first { taken[$0] == nil }
            }
            let subjectName = facts.first?.subjectName ?? ""
            let now = EventStore.now()
            guard let row = try await db.insert(into: EventsSchema.registrations)
                .columns("event_id", "subject_id", "subject_name", "province_code", "commune_code", "state", "booth", "created_by",
                         "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(input.subjectID), SQLBind(subjectName), SQLBind(facts.first?.provinceCode ?? ""),
                        SQLBind(facts.first?.communeCode ?? ""), SQLBind(state), SQLBind(booth), SQLBind(principal?.username),
                        SQLBind(now), SQLBind(now))
                .returning("id").first() else { throw DomainError.busy("The registration was not stored; try again.") }
            let registrationID = try row.decode(column: "id", as: Int64.self)
            for product in facts {
                try await db.insert(into: EventsSchema.registrationProducts)
                    .columns("registration_id", "event_id", "product_id", "subject_id", "product_name", "stars")
                    .values(SQLBind(registrationID), SQLBind(id), SQLBind(product.id), SQLBind(product.subjectID), SQLBind(product.name),
                            SQLBind(product.currentStars))
                    .run()
            }
            guard let stored = try await Self.find(registrationID, event: id, on: db) else {
                throw DomainError.busy("The registration was not stored; try again.")
            }
            return stored
        }
    }

    func withdraw(event id: Int64, registration registrationID: Int64, by principal: Principal?, in database: any SQLStore) async throws -> Registration {
        let products = try store.products()
        return try await database.transaction { db in
            let event = try await store.lock(id, principal: principal, on: db)
            guard var registration = try await Self.find(registrationID, event: id, on: db) else {
                throw DomainError.notFound("No registration \(registrationID) for event \(id).")
            }
            let owner = try await registration.products.first.asyncMap { try await products.product($0.id, on: db) } ?? nil
            let mayAct = owner.map { Self.mayAct(principal, for: $0, event: event) } ?? EventStore.administers(principal, province: event.provinceCode)
            guard mayAct else { throw DomainError.forbidden("Your role may not withdraw registration \(registrationID).") }
            guard registration.state != "withdrawn" else {
                throw DomainError.conflict("Registration \(registrationID) was already withdrawn.", path: "/state")
            }
            guard event.state == "open" || event.state == "planned" else {
                throw DomainError.conflict("Event \(id) is \(event.state): its registrations are final.", path: "/state")
            }
            try await db.update(EventsSchema.registrations).set("state", to: SQLBind("withdrawn")).set("booth", to: SQLLiteral.null)
                .set("updated_at", to: SQLBind(EventStore.now())).where("id", .equal, registrationID).run()
            if registration.state == "accepted" {
                try await Self.promoteWaiting(event: id, capacity: event.boothCapacity, preferring: registration.booth, on: db)
            }
            registration = try await Self.find(registrationID, event: id, on: db) ?? registration
            return registration
        }
    }

    /// Lets waiting registrations in, first come first served, while booths are free; the
    /// first one promoted takes `preferring` (the booth just given up) when it is free.
    static func promoteWaiting(event id: Int64, capacity: Int, preferring: Int? = nil, on db: any SQLDatabase) async throws {
        var taken = try await boothsHeld(event: id, on: db)
        let waiting = try await db.select().column("id").from(EventsSchema.registrations).where("event_id", .equal, id)
            .where("state", .equal, "waiting").orderBy("id").all().map { try $0.decode(column: "id", as: Int64.self) }
        var preferred = preferring
        for registration in waiting {
            let booth: Int?
            if let wanted = preferred, wanted <= capacity, taken[wanted] == nil { booth = wanted } else {
                booth = capacity >= 1 ? (1...capacity).first { taken[$0] == nil } : nil
            }
            preferred = nil
            guard let booth else { return }
            try await db.update(EventsSchema.registrations).set("state", to: SQLBind("accepted")).set("booth", to: SQLBind(booth))
                .set("updated_at", to: SQLBind(EventStore.now())).where("id", .equal, registration).run()
            taken[booth] = (registration, "")
        }
    }

    static func boothsHeld(event id: Int64, on db: any SQLDatabase) async throws -> [Int: (id: Int64, subject: String)] {
        var held: [Int: (id: Int64, subject: String)] = [:]
        for row in try await db.select().columns("id", "booth", "subject_name").from(EventsSchema.registrations)
            .where("event_id", .equal, id).where("state", .equal, "accepted").all() {
            if let booth = try row.decode(column: "booth", as: Int?.self) {
                held[booth] = (try row.decode(column: "id", as: Int64.self), try row.decode(column: "subject_name", as: String.self))
            }
        }
        return held
    }

    static func find(_ id: Int64, event: Int64, on db: any SQLDatabase) async throws -> Registration? {
        try await list(event: event, only: id, on: db).first
    }

    /// The event's registrations in order of application; waiting ones numbered in line.
    static func list(event: Int64, only: Int64? = nil, on db: any SQLDatabase) async throws -> [Registration] {
        var query = db.select().columns("*").from(EventsSchema.registrations).where("event_id", .equal, event)
        if let only { query = query.where("id", .equal, only) }
        let rows = try await query.orderBy("id").all()
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
        var products: [Int64: [Registration.Product]] = [:]
        for row in try await db.select().columns("registration_id", "product_id", "product_name", "stars").from(EventsSchema.registrationProducts)
            .where("registration_id", .in, ids).orderBy("product_id").all() {
            products[try row.decode(column: "registration_id", as: Int64.self), default: []].append(
                .init(id: try row.decode(column: "product_id", as: Int64.self), name: try row.decode(column: "product_name", as: String.self),
                      stars: try row.decode(column: "stars", as: Int?.self)))
        }
        let waitingOrder = try await db.select().column("id").from(EventsSchema.registrations).where("event_id", .equal, event)
            .where("state", .equal, "waiting").orderBy("id").all().map { try $0.decode(column: "id", as: Int64.self) }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: Int64.self)
            let state = try row.decode(column: "state", as: String.self)
            return Registration(
                id: id, eventID: event, subjectID: try row.decode(column: "subject_id", as: Int64.self),
                subjectName: try row.decode(column: "subject_name", as: String.self), state: state,
                booth: try row.decode(column: "booth", as: Int?.self),
                waitingPosition: state == "waiting" ? waitingOrder.firstIndex(of: id).map { $0 + 1 } : nil,
                products: products[id] ?? [], createdAt: try row.decode(column: "created_at", as: String.self))
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): return try await transform(value)
        case .none: return nil
        }
    }
}
