import Foundation
import OCOPDomain
import OCOPPluginKit

/// `/api/v1/events…` and `/api/v1/outlets…`. Officers and national admins of the organising
/// province run events and outlets and enter results; producers (and officers over them)
/// register their own subjects' products and withdraw; anyone reads published events, the
/// calendar and shelves.
struct EventsRoutes {
    let events: EventStore
    let registrations: Registrations
    let results: ResultStore
    let outlets: OutletStore

    static let organisers: Access = .roles([.nationalAdmin, .provinceOfficer])
    static let applicants: Access = .roles([.nationalAdmin, .provinceOfficer, .communeOfficer, .producer])
    static let maxCSVBytes = 4 * 1024 * 1024

    struct TransitionInput: Decodable { var to: String }
    struct ResultsInput: Decodable { var rows: [ResultRowInput] }
    struct ResultRowInput: Decodable {
        var registrationID: RawValue?
        var booth: RawValue?
        var session: RawValue?
        var visitors: RawValue?
        var orders: RawValue?
        var revenueTotal: RawValue?
        var revenueOCOP: RawValue?
        var fields: [String: RawValue]?
        enum CodingKeys: String, CodingKey {
            case booth, session, visitors, orders, fields
            case registrationID = "registration_id"
            case revenueTotal = "revenue_total"
            case revenueOCOP = "revenue_ocop"
        }
        static let keys: Set<String> = ["registration_id", "booth", "session", "visitors", "orders", "revenue_total", "revenue_ocop", "fields"]
    }
    struct ShelfInput: Decodable {
        var productID: Int64
        enum CodingKeys: String, CodingKey { case productID = "product_id" }
    }

    struct KindView: Encodable {
        struct Field: Encodable {
            var name: String
            var label: String
            var type: String
            var required: Bool
            var choices: [String]?
        }
        var id: String
        var nameVi: String
        var nameEn: String
        var online: Bool
        var fields: [Field]
        var resultFields: [Field]
        var plugin: String
        enum CodingKeys: String, CodingKey {
            case id, online, fields, plugin
            case nameVi = "name_vi"
            case nameEn = "name_en"
            case resultFields = "result_fields"
        }
        static func field(_ definition: EventFieldDefinition) -> Field {
            let type: String
            var choices: [String]?
            switch definition.type {
            case .text: type = "text"
            case .count: type = "count"
            case .vnd: type = "vnd"
            case .date: type = "date"
            case .url: type = "url"
            case .choice(let options):
                type = "choice"
                choices = options
            }
            return Field(name: definition.name, label: definition.label, type: type, required: definition.required, choices: choices)
        }
    }

    struct RuleView: Encodable {
        var id: String
        var summary: String
    }

    static func id(_ request: EndpointRequest, _ name: String = "id", what: String) throws -> Int64 {
        let raw = try request.parameter(name)
        guard let id = Int64(raw), id > 0 else { throw Problem.notFound("No \(what) '\(raw.prefix(40))'.") }
        return id
    }

    /// Decodes a JSON body, refusing unknown fields, and turns domain refusals into problems.
    static func body<T: Decodable>(_ request: EndpointRequest, _ type: T.Type, keys: Set<String>) throws -> T {
        try request.decode(T.self, allowedKeys: keys)
    }

    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as DomainError { throw Problem(error) }
    }

    static func province(_ request: EndpointRequest) throws -> String? {
        guard let value = request.query("province") else { return nil }
        guard ProvinceCode(value).flatMap({ (try? AdminUnits.shared)?.province($0) }) != nil else {
            throw Problem.invalid([.init(path: "/province", message: "'\(value.prefix(20))' is not a current (2025) province code")])
        }
        return value
    }

    var endpoints: [Endpoint] {
        let events = self.events, registrations = self.registrations, results = self.results, outlets = self.outlets
        let p = "/api/v1/events"
        return [
            Endpoint(.get, "/api/v1/events/kinds", access: .anyone, summary: "Kinds of event with their typed fields, and the eligibility rules") { _ in
                struct Answer: Encodable { var kinds: [KindView]; var rules: [RuleView] }
                let contributed = Dictionary(events.kinds.all.map { ($0.value.id, $0.plugin.rawValue) }) { first, _ in first }
                let kinds = events.allKinds.map { kind in
                    KindView(id: kind.id, nameVi: kind.nameVi, nameEn: kind.nameEn, online: kind.online, fields: kind.fields.map(KindView.field),
                             resultFields: kind.resultFields.map(KindView.field), plugin: contributed[kind.id] ?? "ocop.events")
                }
                return try .json(Answer(kinds: kinds, rules: events.allRules.map { RuleView(id: $0.id, summary: $0.summary) }))
            },
            Endpoint(.get, p, access: .anyone, summary: "List events (drafts only to their organisers)") { request in
                var filter = EventStore.Filter()
                filter.province = try Self.province(request)
                filter.kind = request.query("kind")
                if let query = request.query("q") {
                    if let refusal = TextSanitizer.searchRefusal(query) { throw Problem.invalid([.init(path: "/q", message: refusal)]) }
                    filter.query = query
                }
                if let state = request.query("state") {
                    guard EventStore.states.contains(state) else {
                        throw Problem.invalid([.init(path: "/state", message: "expected one of \(EventStore.states.joined(separator: ", "))")])
                    }
                    filter.state = state
                }
                if let from = request.query("from") {
                    guard ProgrammeCalendar.parse(from) != nil else { throw Problem.invalid([.init(path: "/from", message: "expected a date YYYY-MM-DD")]) }
                    filter.from = from
                }
                if let upcoming = request.query("upcoming") {
                    guard let flag = Bool(upcoming) else { throw Problem.invalid([.init(path: "/upcoming", message: "expected true or false")]) }
                    filter.upcoming = flag
                }
                filter.limit = try Paging.limit(request)
                filter.offset = try Paging.offset(request)
                let page = try await events.list(filter, principal: request.principal, on: request.context.database.sql)
                return try .json(Page(items: page.items, total: page.total, limit: filter.limit, offset: filter.offset))
            },
            Endpoint(.post, p, access: Self.organisers, summary: "Create an event (officers of the organising province)") { request in
                let input = try Self.body(request, EventInput.self, keys: EventInput.keys)
                return try .json(try await Self.run { try await events.create(input, by: request.principal, in: request.context.database) }, status: 201)
            },
            Endpoint(.get, "\(p)/calendar/{province}", access: .anyone, summary: "iCalendar of a province's upcoming events") { request in
                var code = try request.parameter("province")
                if code.hasSuffix(".ics") { code.removeLast(4) }
                guard let province = ProvinceCode(code).flatMap({ (try? AdminUnits.shared)?.province($0) }) else {
                    throw Problem.notFound("No province '\(code.prefix(20))' (2025 codes).")
                }
                var filter = EventStore.Filter()
                filter.province = code
                filter.upcoming = true
                // Cancelled ones stay, marked CANCELLED, so subscribed calendars drop them.
                filter.states = ["open", "cancelled"]
                filter.limit = 1000
                let page = try await events.list(filter, principal: nil, on: request.context.database.sql)
                let text = ICalendar.document(province: code, provinceName: province.name, events: page.items, kinds: events.allKinds)
                return EndpointResponse(status: 200, headers: [("Content-Type", "text/calendar; charset=utf-8"),
                                                               ("Content-Disposition", "inline; filename=\"ocop-events-\(code).ics\"")],
                                        body: Data(text.utf8))
            },
            Endpoint(.get, "\(p)/{id}", access: .anyone, summary: "Get an event") { request in
                let id = try Self.id(request, what: "event")
                guard let event = try await events.find(id, on: request.context.database.sql), EventStore.visible(event, to: request.principal) else {
                    throw Problem.notFound("No event \(id).")
                }
                return try .json(event)
            },
            Endpoint(.put, "\(p)/{id}", access: Self.organisers, summary: "Edit an event (planned or open)") { request in
                let id = try Self.id(request, what: "event")
                let input = try Self.body(request, EventInput.self, keys: EventInput.keys)
                return try .json(try await Self.run { try await events.update(id, input, by: request.principal, in: request.context.database) })
            },
            Endpoint(.post, "\(p)/{id}/transitions", access: Self.organisers,
                     summary: "Open, close (publishes EventClosed) or cancel an event") { request in
                let id = try Self.id(request, what: "event")
                let input = try Self.body(request, TransitionInput.self, keys: ["to"])
                return try .json(try await Self.run { try await events.transition(id, to: input.to, by: request.principal, context: request.context) })
            },
            Endpoint(.get, "\(p)/{id}/registrations", access: .anyone,
                     summary: "An event's registrations (exhibitors to everyone; the waiting list to organisers and applicants)") { request in
                let id = try Self.id(request, what: "event")
                let db = request.context.database.sql
                guard let event = try await events.find(id, on: db), EventStore.visible(event, to: request.principal) else {
                    throw Problem.notFound("No event \(id).")
                }
                let all = try await Registrations.list(event: id, on: db)
                let organiser = EventStore.administers(request.principal, province: event.provinceCode)
                let own = request.principal?.role == .producer ? request.principal?.subjectID : nil
                let visible = all.filter { organiser || $0.state == "accepted" || $0.subjectID == own }
                return try .json(Page(items: visible, total: visible.count, limit: visible.count, offset: 0))
            },
            Endpoint(.post, "\(p)/{id}/registrations", access: Self.applicants,
                     summary: "Register a subject's products (a booth, or the waiting list when full)") { request in
                let id = try Self.id(request, what: "event")
                let input = try Self.body(request, RegistrationInput.self, keys: RegistrationInput.keys)
                return try .json(try await Self.run { try await registrations.register(event: id, input, by: request.principal, in: request.context.database) },
                                 status: 201)
            },
            Endpoint(.post, "\(p)/{id}/registrations/{registration_id}/withdraw", access: Self.applicants,
                     summary: "Withdraw a registration (the first on the waiting list takes the booth)") { request in
                let id = try Self.id(request, what: "event")
                let registration = try Self.id(request, "registration_id", what: "registration")
                return try .json(try await Self.run {
                    try await registrations.withdraw(event: id, registration: registration, by: request.principal, in: request.context.database)
                })
            },
            Endpoint(.get, "\(p)/{id}/results", access: .anyone, summary: "An event's results with totals") { request in
                let id = try Self.id(request, what: "event")
                return try .json(try await Self.run { try await results.summary(event: id, principal: request.principal, on: request.context.database.sql) })
            },
            Endpoint(.post, "\(p)/{id}/results", access: Self.organisers,
                     summary: "Enter results (per booth, per session or for the event); all rows or none") { request in
                let id = try Self.id(request, what: "event")
                let input = try Self.body(request, ResultsInput.self, keys: ["rows"])
                var errors: [InvalidField] = []
                // Unknown keys inside rows are refused like unknown top-level ones (a dropped figure is a lost result).
                let raw = ((try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any])?["rows"] as? [Any] ?? []
                for (index, item) in raw.enumerated() {
                    for key in ((item as? [String: Any])?.keys.sorted() ?? []) where !ResultRowInput.keys.contains(key) {
                        errors.append(.init(path: "/rows/\(index)/\(key)", message: "is not a field of a result row"))
                    }
                }
                let rows: [ResultStore.Input] = input.rows.map { row in
                    ResultStore.Input(registrationID: row.registrationID ?? .null, booth: row.booth ?? .null, session: row.session ?? .null,
                                             visitors: row.visitors ?? .null, orders: row.orders ?? .null, revenueTotal: row.revenueTotal ?? .null,
                                             revenueOCOP: row.revenueOCOP ?? .null, fields: row.fields ?? [:])
                }
                guard errors.isEmpty else { throw Problem.invalid(errors) }
                return try .json(try await Self.run { try await results.enter(event: id, rows: rows, by: request.principal, in: request.context.database) })
            },
            Endpoint(.post, "\(p)/{id}/results/import", access: Self.organisers, summary: "Import results from a CSV file; all rows or none",
                     maxBodyBytes: Self.maxCSVBytes) { request in
                let id = try Self.id(request, what: "event")
                let report = try await Self.run { try await results.importCSV(event: id, data: request.body, by: request.principal, in: request.context.database) }
                guard report.written else {
                    throw Problem(status: 422, title: "Invalid rows",
                                  detail: "\(report.invalid.count) problem(s) in \(report.rows) rows; nothing was stored.",
                                  errors: report.invalid.map { issue in
                                      .init(path: "/line/\(issue.line)" + (issue.field.map { "/" + $0 } ?? ""),
                                            message: "line \(issue.line)" + (issue.column.map { ", column \($0)" } ?? "") + ": " + issue.message)
                                  })
                }
                return try .json(report)
            },
        ] + outletEndpoints(outlets)
    }

    func outletEndpoints(_ outlets: OutletStore) -> [Endpoint] {
        let p = "/api/v1/outlets"
        return [
            Endpoint(.get, p, access: .anyone, summary: "List points of sale and design centres") { request in
                var filter = OutletStore.Filter()
                filter.province = try Self.province(request)
                if let kind = request.query("kind") {
                    guard OutletStore.kinds.contains(kind) else {
                        throw Problem.invalid([.init(path: "/kind", message: "expected one of \(OutletStore.kinds.joined(separator: ", "))")])
                    }
                    filter.kind = kind
                }
                if let query = request.query("q") {
                    if let refusal = TextSanitizer.searchRefusal(query) { throw Problem.invalid([.init(path: "/q", message: refusal)]) }
                    filter.query = query
                }
                filter.limit = try Paging.limit(request)
                filter.offset = try Paging.offset(request)
                let page = try await outlets.list(filter, on: request.context.database.sql)
                return try .json(Page(items: page.items, total: page.total, limit: filter.limit, offset: filter.offset))
            },
            Endpoint(.post, p, access: Self.organisers, summary: "Add a point of sale or design centre (officers of its province)") { request in
                let input = try Self.body(request, OutletInput.self, keys: OutletInput.keys)
                return try .json(try await Self.run { try await outlets.create(input, by: request.principal, in: request.context.database) }, status: 201)
            },
            Endpoint(.get, "\(p)/{id}", access: .anyone, summary: "An outlet with its shelf of certified products") { request in
                let id = try Self.id(request, what: "outlet")
                guard let outlet = try await outlets.detail(id, on: request.context.database.sql) else { throw Problem.notFound("No outlet \(id).") }
                return try .json(outlet)
            },
            Endpoint(.put, "\(p)/{id}", access: Self.organisers, summary: "Edit an outlet") { request in
                let id = try Self.id(request, what: "outlet")
                let input = try Self.body(request, OutletInput.self, keys: OutletInput.keys)
                return try .json(try await Self.run { try await outlets.update(id, input, by: request.principal, in: request.context.database) })
            },
            Endpoint(.post, "\(p)/{id}/products", access: Self.organisers,
                     summary: "Put a product with a valid certificate (3★ or more) on the shelf") { request in
                let id = try Self.id(request, what: "outlet")
                let input = try Self.body(request, ShelfInput.self, keys: ["product_id"])
                return try .json(try await Self.run { try await outlets.add(product: input.productID, to: id, by: request.principal, in: request.context.database) },
                                 status: 201)
            },
            Endpoint(.delete, "\(p)/{id}/products/{product_id}", access: Self.organisers, summary: "Take a product off the shelf") { request in
                let id = try Self.id(request, what: "outlet")
                let product = try Self.id(request, "product_id", what: "product")
                try await Self.run { try await outlets.remove(product: product, from: id, by: request.principal, in: request.context.database) }
                return .noContent()
            },
        ]
    }
}
