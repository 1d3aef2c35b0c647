import Foundation
import OCOPDomain
import OCOPPluginKit

/// Subjects and products: search (the API's filters as form fields, its Vietnamese order and
/// diacritic-insensitive search), detail, create and edit with the API's field errors, photos.
/// Every read and write is the registry's own endpoint, called as the signed-in user.
struct RegistryPages {
    let catalogue: Catalogue
    static let pageSize = 20

    static let productFields = ["subject_id", "name", "product_set", "commune_code", "legacy_commune_code", "description",
                                "packaging", "ingredients", "raw_material_origin", "status"]
    static let productIntegers: Set<String> = ["subject_id", "product_set"]
    static let subjectFields = ["registration_number", "name", "legal_form", "commune_code", "address", "representative",
                                "phone", "email", "website", "founded_year", "employees", "local_labour_percent"]
    static let subjectIntegers: Set<String> = ["founded_year", "employees", "local_labour_percent"]

    var pages: [WebPage] {
        let c = catalogue
        let photoLimit = 8 * 1024 * 1024
        return [
            WebPage(.get, "/products", access: .anyone, summary: "Search products") { request in
                try await Self.search(request, kind: .products, catalogue: c)
            },
            WebPage(.get, "/products/new", access: .signedIn, summary: "The form to register a product") { request in
                try await Self.form(request, kind: .products, id: nil, values: ["subject_id": .string(request.query("subject_id") ?? "")],
                                    errors: [:], status: 200, catalogue: c)
            },
            WebPage(.post, "/products/new", access: .signedIn, summary: "Register a product (form)") { request in
                try await Self.save(request, kind: .products, id: nil, catalogue: c)
            },
            WebPage(.get, "/products/{id}", access: .anyone, summary: "One product: facts, certificate, photos") { request in
                try await Self.detail(request, kind: .products, catalogue: c)
            },
            WebPage(.get, "/products/{id}/edit", access: .signedIn, summary: "The form to change a product") { request in
                try await Self.editForm(request, kind: .products, catalogue: c)
            },
            WebPage(.post, "/products/{id}/edit", access: .signedIn, summary: "Change a product (form)") { request in
                try await Self.save(request, kind: .products, id: try Self.id(request), catalogue: c)
            },
            WebPage(.post, "/products/{id}/photos", access: .signedIn, summary: "Add a photo to a product (multipart form)",
                    maxBodyBytes: photoLimit) { request in
                let id = try Self.id(request)
                guard let upload = request.uploads.first(where: { $0.field == "photo" }), !upload.data.isEmpty else {
                    return try await Self.detail(request, kind: .products, catalogue: c,
                                                 photoError: c.text("photo_missing", request.language), status: 422)
                }
                let response = await request.api.call(APICall(.post, "/api/v1/products/\(id)/photos", headers: ["content-type": upload.contentType],
                                                              body: upload.data, principal: request.principal))
                if response.ok { return .redirect("/products/\(id)#photos") }
                if let problem = response.problem, [400, 413, 415, 422].contains(problem.status) {
                    let message = Self.language(problem, request.language, c)
                    return try await Self.detail(request, kind: .products, catalogue: c, photoError: message, status: 422)
                }
                return .refusal(response)
            },
            WebPage(.get, "/subjects", access: .anyone, summary: "Search producers (subjects)") { request in
                try await Self.search(request, kind: .subjects, catalogue: c)
            },
            WebPage(.get, "/subjects/new", access: .signedIn, summary: "The form to register a subject") { request in
                try await Self.form(request, kind: .subjects, id: nil, values: [:], errors: [:], status: 200, catalogue: c)
            },
            WebPage(.post, "/subjects/new", access: .signedIn, summary: "Register a subject (form)") { request in
                try await Self.save(request, kind: .subjects, id: nil, catalogue: c)
            },
            WebPage(.get, "/subjects/{id}", access: .anyone, summary: "One subject and its products") { request in
                try await Self.detail(request, kind: .subjects, catalogue: c)
            },
            WebPage(.get, "/subjects/{id}/edit", access: .signedIn, summary: "The form to change a subject") { request in
                try await Self.editForm(request, kind: .subjects, catalogue: c)
            },
            WebPage(.post, "/subjects/{id}/edit", access: .signedIn, summary: "Change a subject (form)") { request in
                try await Self.save(request, kind: .subjects, id: try Self.id(request), catalogue: c)
            },
        ]
    }

    enum Kind: String {
        case products, subjects
        var api: String { "/api/v1/\(rawValue)" }
        var fields: [String] { self == .products ? RegistryPages.productFields : RegistryPages.subjectFields }
        var integers: Set<String> { self == .products ? RegistryPages.productIntegers : RegistryPages.subjectIntegers }
        /// The filters the list page offers, as the API names them.
        var filters: [String] { self == .products ? ["q", "province", "sector", "stars", "status"] : ["q", "province", "legal_form"] }
    }

    static func id(_ request: WebRequest) throws -> Int64 {
        guard let raw = request.parameters["id"], let id = Int64(raw), id > 0 else { throw Problem.notFound("web.not_found") }
        return id
    }

    static func language(_ problem: Problem, _ language: String, _ catalogue: Catalogue) -> String {
        if let first = problem.errors?.first { return WebSupport.message(first.message, language: language, catalogue: catalogue) }
        let key = "error_\(problem.status)_text"
        let text = catalogue.text(key, language)
        return text == key ? catalogue.text("error_other_text", language) : text
    }

    // MARK: search

    static func search(_ request: WebRequest, kind: Kind, catalogue: Catalogue) async throws -> WebResult {
        var query: [String: [String]] = [:]
        var values: [String: WebValue] = [:]
        for name in kind.filters {
            let value = (request.query(name) ?? "").trimmingCharacters(in: .whitespaces)
            values[name] = .string(value)
            if !value.isEmpty { query[name] = [value] }
        }
        let offset = max(0, Int(request.query("offset") ?? "") ?? 0)
        query["limit"] = [String(pageSize)]
        query["offset"] = [String(offset)]
        let response = await request.call(.get, kind.api, query: query)
        var context: [String: WebValue] = ["values": .object(values)]
        var status = 200
        if response.ok {
            let page = try WebSupport.web(response.body)
            let items: [WebValue]
            if case .list(let list)? = page["items"] { items = list.map { decorate($0, request.language, catalogue) } } else { items = [] }
            var total = 0
            if case .int(let number)? = page["total"] { total = number }
            context["items"] = .list(items)
            context["total"] = .int(total)
            context["has_items"] = .bool(!items.isEmpty)
            context["from"] = .int(items.isEmpty ? 0 : offset + 1)
            context["to"] = .int(offset + items.count)
            func link(_ to: Int) -> WebValue {
                let pairs = kind.filters.compactMap { name in query[name].map { (name, $0[0]) } } + (to > 0 ? [("offset", String(to))] : [])
                return .string("/\(kind.rawValue)" + (pairs.isEmpty ? "" : "?" + Forms.encode(pairs)))
            }
            if offset > 0 { context["prev"] = link(max(0, offset - pageSize)) }
            if offset + items.count < total { context["next"] = link(offset + pageSize) }
        } else if let problem = response.problem, [400, 422].contains(problem.status) {
            // A bad filter: the form again with the field's error, no results.
            status = 422
            for (key, value) in WebSupport.errorFields(WebSupport.fieldErrors(problem, language: request.language, catalogue: catalogue)) {
                context[key] = value
            }
            context["items"] = []
        } else {
            return .refusal(response)
        }
        context["provinces"] = provinceOptions(selected: request.query("province"))
        if kind == .products {
            context["sectors"] = .list((1...6).map { n in
                ["value": .string(String(n)), "label": .string(catalogue.text("sector_\(n)", request.language)),
                 "selected": .bool(request.query("sector") == String(n))]
            })
            context["star_options"] = .list((1...5).map { n in
                ["value": .string(String(n)), "label": .string("\(n) ★"), "selected": .bool(request.query("stars") == String(n))]
            })
            context["status_options"] = options(["draft", "active", "discontinued"], prefix: "status_", selected: request.query("status"),
                                                request.language, catalogue)
        } else {
            context["legal_form_options"] = options(["doanh_nghiep", "hop_tac_xa", "to_hop_tac", "ho_kinh_doanh"], prefix: "legal_form_",
                                                    selected: request.query("legal_form"), request.language, catalogue)
        }
        context["may_create"] = .bool(request.api.access(.post, kind.api)?.admits(request.principal) ?? false)
        return .page(template: kind.rawValue, title: catalogue.text("\(kind.rawValue)_title", request.language), context: .object(context),
                     status: status)
    }

    /// The provinces in Vietnamese order, sorted once (collation keys on every page view were a
    /// few per cent of a search page).
    static let sortedProvinces: [(code: String, name: String)] = ((try? AdminUnits.shared)?.provinces ?? [])
        .map { (code: $0.code.rawValue, name: $0.shortName, key: VietnameseText.collationKey($0.shortName)) }
        .sorted { $0.key < $1.key }.map { (code: $0.code, name: $0.name) }

    static func provinceOptions(selected: String?) -> WebValue {
        .list(sortedProvinces.map { province in
            ["value": .string(province.code), "label": .string(province.name), "selected": .bool(province.code == selected)]
        })
    }

    static func options(_ values: [String], prefix: String, selected: String?, _ language: String, _ catalogue: Catalogue) -> WebValue {
        .list(values.map { ["value": .string($0), "label": .string(catalogue.text(prefix + $0, language)), "selected": .bool($0 == selected)] })
    }

    /// Adds what templates show beside the API's fields: stars as text, status in words.
    static func decorate(_ item: WebValue, _ language: String, _ catalogue: Catalogue) -> WebValue {
        guard case .object(var fields) = item else { return item }
        if case .int(let stars)? = fields["stars"], stars > 0 {
            fields["stars_text"] = .string(String(repeating: "★", count: stars))
            fields["stars_label"] = .string(catalogue.text("stars_\(stars)", language))
        }
        if case .string(let status)? = fields["status"] { fields["status_label"] = .string(catalogue.text("status_\(status)", language)) }
        if case .string(let form)? = fields["legal_form"] { fields["legal_form_label"] = .string(catalogue.text("legal_form_\(form)", language)) }
        if case .object(var certificate)? = fields["certificate"] {
            if case .string(let standing)? = certificate["standing"] {
                certificate["standing_label"] = .string(catalogue.text("standing_\(standing)", language))
            }
            fields["certificate"] = .object(certificate)
        }
        return .object(fields)
    }

    // MARK: detail

    static func detail(_ request: WebRequest, kind: Kind, catalogue: Catalogue, photoError: String? = nil, status: Int = 200) async throws -> WebResult {
        let id = try id(request)
        let response = await request.call(.get, "\(kind.api)/\(id)")
        guard response.ok else { return .refusal(response) }
        let record = decorate(try WebSupport.web(response.body), request.language, catalogue)
        var context: [String: WebValue] = ["record": record, "id": .string(String(id)), "requested": .bool(request.query("requested") == "1")]
        context["may_edit"] = .bool(request.api.access(.patch, "\(kind.api)/{id}")?.admits(request.principal) ?? false)
        if kind == .products {
            context["may_add_photo"] = .bool(request.api.access(.post, "/api/v1/products/{id}/photos")?.admits(request.principal) ?? false)
            if let photoError { context["photo_error"] = .string(photoError) }
        } else {
            // The subject's products, from the products endpoint.
            let products = await request.call(.get, "/api/v1/products", query: ["subject_id": [String(id)], "limit": ["100"]])
            if products.ok, case .list(let items)? = try WebSupport.web(products.body)["items"] {
                context["products"] = .list(items.map { decorate($0, request.language, catalogue) })
            }
            context["may_add_product"] = .bool(request.api.access(.post, "/api/v1/products")?.admits(request.principal) ?? false)
        }
        var title = catalogue.text("\(kind.rawValue)_title", request.language)
        if case .string(let name)? = record["name"] { title = name }
        return .page(template: kind == .products ? "product" : "subject", title: title, context: .object(context), status: status)
    }

    // MARK: create and edit

    static func editForm(_ request: WebRequest, kind: Kind, catalogue: Catalogue) async throws -> WebResult {
        let id = try id(request)
        let response = await request.call(.get, "\(kind.api)/\(id)")
        guard response.ok else { return .refusal(response) }
        let record = try WebSupport.web(response.body)
        var values: [String: WebValue] = [:]
        for field in kind.fields {
            switch record[field] {
            case .string(let text)?: values[field] = .string(text)
            case .int(let number)?: values[field] = .string(String(number))
            default: break
            }
        }
        return try await form(request, kind: kind, id: id, values: values, errors: [:], status: 200, catalogue: catalogue)
    }

    static func form(_ request: WebRequest, kind: Kind, id: Int64?, values: [String: WebValue], errors: [String: String], status: Int,
                     catalogue: Catalogue) async throws -> WebResult {
        var context = WebSupport.errorFields(errors)
        context["values"] = .object(values)
        context["action"] = .string(id.map { "/\(kind.rawValue)/\($0)/edit" } ?? "/\(kind.rawValue)/new")
        context["editing"] = .bool(id != nil)
        if let id { context["id"] = .string(String(id)) }
        var selected: String?
        if case .string(let value)? = values[kind == .products ? "status" : "legal_form"] { selected = value }
        if kind == .products {
            context["status_options"] = options(["draft", "active", "discontinued"], prefix: "status_", selected: selected, request.language, catalogue)
        } else {
            context["legal_form_options"] = options(["doanh_nghiep", "hop_tac_xa", "to_hop_tac", "ho_kinh_doanh"], prefix: "legal_form_",
                                                    selected: selected, request.language, catalogue)
        }
        let key = "\(kind.rawValue)_\(id == nil ? "new" : "edit")_title"
        return .page(template: kind == .products ? "product-form" : "subject-form", title: catalogue.text(key, request.language),
                     context: .object(context), status: status)
    }

    static func save(_ request: WebRequest, kind: Kind, id: Int64?, catalogue: Catalogue) async throws -> WebResult {
        let body = try WebSupport.json(request.form, fields: kind.fields, integers: kind.integers, keepEmpty: ["name"])
        let call = APICall(id == nil ? .post : .patch, id.map { "\(kind.api)/\($0)" } ?? kind.api,
                           headers: ["content-type": "application/json"], body: body, principal: request.principal)
        let response = await request.api.call(call)
        if response.status == 202, let id {
            // A producer's change of scored facts waits for an officer; the rest applied.
            return .redirect("/\(kind.rawValue)/\(id)?requested=1")
        }
        if response.ok {
            guard let saved = try? WebSupport.web(response.body), case .int(let savedID)? = saved["id"] ?? (id.map { .int(Int($0)) }) else {
                return .redirect("/\(kind.rawValue)")
            }
            return .redirect("/\(kind.rawValue)/\(savedID)")
        }
        guard let problem = response.problem, [400, 409, 422].contains(problem.status) else { return .refusal(response) }
        var errors = WebSupport.fieldErrors(problem, language: request.language, catalogue: catalogue)
        if errors.isEmpty { errors["_form"] = language(problem, request.language, catalogue) }
        // The form again, with what the user typed and each field's error.
        var values: [String: WebValue] = [:]
        for field in kind.fields { values[field] = .string(request.form(field) ?? "") }
        return try await form(request, kind: kind, id: id, values: values, errors: errors, status: 422, catalogue: catalogue)
    }
}
