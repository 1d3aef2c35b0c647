import Foundation
import OCOPPluginKit

/// Events and registration (list, detail, apply with products, withdraw) and points of sale
/// (list, shelf), through the events module's endpoints as the signed-in user (or anonymous:
/// published events and outlets are public).
struct EventPages {
    let catalogue: Catalogue
    static let events = "/api/v1/events"
    static let outlets = "/api/v1/outlets"

    var pages: [WebPage] {
        let catalogue = self.catalogue
        return [
            WebPage(.get, "/events", access: .anyone, summary: "Fairs, exhibitions and livestreams") { request in
                let value = try WebSupport.web(try await Self.get(request, Self.events, query: ["limit": ["100"]]))
                let items = value["items"] ?? .list([])
                return .page(template: "events", title: catalogue.text("events_title", request.language),
                             context: ["items": items, "empty": .bool(items == .list([]))])
            },
            WebPage(.get, "/events/{id}", access: .anyone, summary: "An event, its exhibitors and the form to apply") { request in
                try await Self.event(request, catalogue, error: nil)
            },
            WebPage(.post, "/events/{id}/apply", access: .signedIn, summary: "Register a subject's products for an event (form)") { request in
                let id = try Self.id(request)
                var body: [String: Any] = [:]
                if let subject = Int64((request.form("subject_id") ?? "").trimmingCharacters(in: .whitespaces)) { body["subject_id"] = subject }
                else if let own = request.principal?.subjectID { body["subject_id"] = own }
                body["product_ids"] = (request.form("product_ids") ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map { Int64($0) ?? -1 }
                let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
                let response = await request.api.call(APICall(.post, Self.events + "/\(id)/registrations", headers: ["content-type": "application/json"],
                                                              body: data, principal: request.principal))
                if response.ok { return .redirect("/events/\(id)?done=applied") }
                guard let problem = response.problem, [400, 409, 422].contains(problem.status) else { return .refusal(response) }
                return try await Self.event(request, catalogue, error: RatingPages.message(problem, request.language, catalogue), status: 422)
            },
            WebPage(.post, "/events/{id}/registrations/{registration_id}/withdraw", access: .signedIn, summary: "Withdraw a registration (form)") { request in
                let id = try Self.id(request)
                guard let registration = request.parameters["registration_id"].flatMap({ Int64($0) }) else { throw Problem.notFound("No registration.") }
                let response = await request.call(.post, Self.events + "/\(id)/registrations/\(registration)/withdraw")
                if response.ok { return .redirect("/events/\(id)?done=withdrawn") }
                guard let problem = response.problem, [400, 409, 422].contains(problem.status) else { return .refusal(response) }
                return try await Self.event(request, catalogue, error: RatingPages.message(problem, request.language, catalogue), status: 422)
            },
            WebPage(.get, "/outlets", access: .anyone, summary: "Points of sale and design centres for OCOP products") { request in
                let value = try WebSupport.web(try await Self.get(request, Self.outlets, query: ["limit": ["100"]]))
                let items = value["items"] ?? .list([])
                return .page(template: "outlets", title: catalogue.text("outlets_title", request.language),
                             context: ["items": items, "empty": .bool(items == .list([]))])
            },
            WebPage(.get, "/outlets/{id}", access: .anyone, summary: "A point of sale with its shelf of certified products") { request in
                let id = try Self.id(request)
                let value = try WebSupport.web(try await Self.get(request, Self.outlets + "/\(id)"))
                guard case .object(var fields) = value else { throw Problem(status: 502, title: "Bad Gateway") }
                fields["has_products"] = .bool((fields["products"] ?? .list([])) != .list([]))
                return .page(template: "outlet", title: (fields["name"].flatMap { if case .string(let s) = $0 { s } else { nil } }) ?? "#\(id)",
                             context: .object(fields))
            },
        ]
    }

    static func navigation(_ label: (String) -> [String: String]) -> [WebNavEntry] {
        [WebNavEntry(id: "events", path: "/events", label: label("nav_events"), endpoint: nil, order: 60),
         WebNavEntry(id: "outlets", path: "/outlets", label: label("nav_outlets"), endpoint: nil, order: 70)]
    }

    static func id(_ request: WebRequest) throws -> Int64 {
        guard let raw = request.parameters["id"], let id = Int64(raw), id > 0 else { throw Problem.notFound("No '\(request.parameters["id"] ?? "")'.") }
        return id
    }

    static func get(_ request: WebRequest, _ path: String, query: [String: [String]] = [:]) async throws -> Data {
        let response = await request.call(.get, path, query: query)
        if let problem = response.problem { throw problem }
        return response.body
    }

    static func event(_ request: WebRequest, _ catalogue: Catalogue, error: String?, status: Int = 200) async throws -> WebResult {
        let id = try id(request)
        let value = try WebSupport.web(try await get(request, events + "/\(id)"))
        guard case .object(var fields) = value else { throw Problem(status: 502, title: "Bad Gateway") }
        let registrations = try WebSupport.web(try await get(request, events + "/\(id)/registrations"))["items"] ?? .list([])
        fields["registrations"] = registrations
        fields["has_registrations"] = .bool(registrations != .list([]))
        fields["can_apply"] = .bool(request.api.access(.post, events + "/{id}/registrations")?.admits(request.principal) ?? false)
        fields["own_subject"] = request.principal?.subjectID.map { .int(Int($0)) } ?? .null
        fields["values"] = WebSupport.formValues(request.form)
        if let done = request.query("done") { fields["notice"] = .string(catalogue.text("event_done_" + done.filter(\.isLetter), request.language)) }
        if let error { fields["error"] = .string(error) }
        let title = (fields["title"].flatMap { if case .string(let s) = $0 { s } else { nil } }) ?? "#\(id)"
        return .page(template: "event", title: title, context: .object(fields), status: status)
    }
}
