import Foundation
import OCOPPluginKit

/// The rating pages: dossiers (list, file, attach a paper, submit, history), the council
/// member's score sheet, the chair's side-by-side view with the consistency flags and the close,
/// and the officer's decision. Every read and write is the rating module's own endpoint, called
/// in process as the signed-in user: its role and area rules decide, this file only shows.
struct RatingPages {
    let catalogue: Catalogue
    static let api = "/api/v1/rating"

    var pages: [WebPage] {
        let catalogue = self.catalogue
        return [
            WebPage(.get, "/dossiers", access: .signedIn, summary: "Rating dossiers the user may see, and the form to file one") { request in
                try await Self.list(request, catalogue, errors: [:])
            },
            WebPage(.post, "/dossiers", access: .signedIn, summary: "File a dossier for a product (form)") { request in
                try await Self.file(request, catalogue)
            },
            WebPage(.get, "/dossiers/{id}", access: .signedIn, summary: "A dossier: facts, papers, state, results, decisions and its forms") { request in
                try await Self.dossier(request, catalogue, notice: request.query("done"))
            },
            WebPage(.get, "/dossiers/{id}/history", access: .signedIn, summary: "A dossier's hash-chained record") { request in
                try await Self.history(request, catalogue)
            },
            WebPage(.post, "/dossiers/{id}/attachments", access: .signedIn, summary: "Attach a paper to a dossier (multipart form)",
                    maxBodyBytes: 20 * 1024 * 1024) { request in
                try await Self.attach(request, catalogue)
            },
            WebPage(.post, "/dossiers/{id}/submit", access: .signedIn, summary: "Submit a dossier (form)") { request in
                try await Self.action(request, catalogue, path: "transitions", body: ["to": "submitted"], done: "submitted")
            },
            WebPage(.post, "/dossiers/{id}/decision", access: .signedIn, summary: "Record a decision recognising a rated dossier (form)") { request in
                try await Self.decide(request, catalogue)
            },
            WebPage(.get, "/dossiers/{id}/sheet", access: .signedIn, summary: "The council member's score sheet: options, running total, star minimums") { request in
                try await Self.sheet(request, catalogue, saved: request.query("saved") == "1", errors: [:], typed: [:])
            },
            WebPage(.post, "/dossiers/{id}/sheet", access: .signedIn, summary: "Save the answers of the member's score sheet (form)") { request in
                try await Self.saveSheet(request, catalogue)
            },
            WebPage(.post, "/dossiers/{id}/sheet/submit", access: .signedIn, summary: "Submit the member's score sheet, final (form)") { request in
                try await Self.submitSheet(request, catalogue)
            },
            WebPage(.get, "/dossiers/{id}/council", access: .signedIn, summary: "The chair's view: every member's sheet side by side, consistency flags, close") { request in
                try await Self.council(request, catalogue, error: nil)
            },
            WebPage(.post, "/dossiers/{id}/close", access: .signedIn, summary: "The chair closes scoring, with the gates found to apply (form)") { request in
                try await Self.close(request, catalogue)
            },
        ]
    }

    static func navigation(_ label: ([String: String])) -> WebNavEntry {
        WebNavEntry(id: "dossiers", path: "/dossiers", label: label, endpoint: (.get, api + "/dossiers"), order: 50)
    }

    // MARK: helpers

    static func id(_ request: WebRequest) throws -> Int64 {
        guard let raw = request.parameters["id"], let id = Int64(raw), id > 0 else {
            throw Problem.notFound("No dossier '\(request.parameters["id"] ?? "")'.")
        }
        return id
    }

    static func get(_ request: WebRequest, _ path: String, query: [String: [String]] = [:]) async throws -> Data {
        let response = await request.call(.get, api + path, query: query)
        if let problem = response.problem { throw problem }
        return response.body
    }

    /// The API's refusal as a one-line message in the visitor's language (field errors joined).
    static func message(_ problem: Problem, _ language: String, _ catalogue: Catalogue) -> String {
        let fields = (problem.errors ?? []).map { error in
            language == "en" ? "\(error.path): \(error.message)" : WebSupport.message(error.message, language: language, catalogue: catalogue) + " (\(error.path))"
        }
        if !fields.isEmpty { return fields.joined(separator: "; ") }
        let key = "error_\(problem.status)_text"
        let text = catalogue.text(key, language)
        return text == key ? (problem.detail ?? problem.title) : text + (language == "en" ? " " + (problem.detail ?? "") : "")
    }

    static func stateText(_ state: String, _ language: String, _ catalogue: Catalogue) -> String {
        let key = "dossier_state_" + state
        let text = catalogue.text(key, language)
        return text == key ? state : text
    }

    // MARK: dossiers

    static func list(_ request: WebRequest, _ catalogue: Catalogue, errors: [String: String], status: Int = 200) async throws -> WebResult {
        let body = try await get(request, "/dossiers", query: ["limit": ["100"]])
        var items: [WebValue] = []
        if case .list(let rows)? = try WebSupport.web(body)["items"] {
            for case .object(var row) in rows {
                if case .string(let state)? = row["state"] { row["state_text"] = .string(stateText(state, request.language, catalogue)) }
                items.append(.object(row))
            }
        }
        var context = WebSupport.errorFields(errors)
        context["items"] = .list(items)
        context["empty"] = .bool(items.isEmpty)
        context["values"] = WebSupport.formValues(request.form)
        context["can_file"] = .bool(request.api.access(.post, api + "/dossiers")?.admits(request.principal) ?? false)
        return .page(template: "rating-dossiers", title: catalogue.text("dossiers_title", request.language), context: .object(context), status: status)
    }

    static func file(_ request: WebRequest, _ catalogue: Catalogue) async throws -> WebResult {
        let body = try WebSupport.json(request.form, fields: ["product_id", "kind"], integers: ["product_id"])
        let response = await request.api.call(APICall(.post, api + "/dossiers", headers: ["content-type": "application/json"], body: body,
                                                      principal: request.principal))
        if response.ok, let id = (try? JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["id"] as? Int {
            return .redirect("/dossiers/\(id)?done=filed")
        }
        guard let problem = response.problem, [400, 404, 409, 422].contains(problem.status) else { return .refusal(response) }
        var errors = WebSupport.fieldErrors(problem, language: request.language, catalogue: catalogue)
        if errors.isEmpty { errors["product_id"] = message(problem, request.language, catalogue) }
        return try await list(request, catalogue, errors: errors, status: 422)
    }

    static func dossier(_ request: WebRequest, _ catalogue: Catalogue, notice: String?, error: String? = nil, status: Int = 200) async throws -> WebResult {
        let id = try id(request)
        let value = try WebSupport.web(try await get(request, "/dossiers/\(id)"))
        guard case .object(var fields) = value else { throw Problem(status: 502, title: "Bad Gateway") }
        if case .string(let state)? = fields["state"] { fields["state_text"] = .string(stateText(state, request.language, catalogue)) }
        let state = fields["state"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""
        func may(_ method: HTTPMethod, _ template: String) -> Bool {
            request.api.access(method, api + template)?.admits(request.principal) ?? false
        }
        fields["can_submit"] = .bool(state == "draft" || state == "returned")
        fields["can_attach"] = .bool(state == "draft" || state == "returned")
        fields["scoring"] = .bool(state == "scoring")
        fields["can_decide"] = .bool(may(.post, "/decisions") && (fields["decision_due"] == .bool(true)))
        fields["has_results"] = .bool(fields["results"].map { $0 != .list([]) } ?? false)
        fields["has_decisions"] = .bool(fields["decisions"].map { $0 != .list([]) } ?? false)
        fields["has_attachments"] = .bool(fields["attachments"].map { $0 != .list([]) } ?? false)
        fields["paper_kinds"] = .list(["registration_form", "self_assessment", "certificate", "food_safety", "sample_photo", "other"].map {
            ["value": .string($0), "label": .string(catalogue.text("paper_" + $0, request.language))]
        })
        fields["today"] = .string(String(ISO8601DateFormatter().string(from: Date()).prefix(10)))
        if let notice { fields["notice"] = .string(catalogue.text("dossier_done_" + notice.filter { $0.isLetter || $0 == "_" }, request.language)) }
        if let error { fields["error"] = .string(error) }
        let title = catalogue.text("dossier_title", request.language) + " #\(id)"
        return .page(template: "rating-dossier", title: title, context: .object(fields), status: status)
    }

    static func history(_ request: WebRequest, _ catalogue: Catalogue) async throws -> WebResult {
        let id = try id(request)
        let value = try WebSupport.web(try await get(request, "/dossiers/\(id)/history"))
        return .page(template: "rating-history", title: catalogue.text("history_title", request.language) + " #\(id)",
                     context: ["id": .int(Int(id)), "items": value["items"] ?? .list([])])
    }

    /// A POST to the dossier's endpoint `path`; back to the dossier with a notice, or its error.
    static func action(_ request: WebRequest, _ catalogue: Catalogue, path: String, body: [String: String], done: String) async throws -> WebResult {
        let id = try id(request)
        let response = try await request.call(.post, api + "/dossiers/\(id)/\(path)", json: body)
        if response.ok { return .redirect("/dossiers/\(id)?done=\(done)") }
        guard let problem = response.problem, [400, 409, 422].contains(problem.status) else { return .refusal(response) }
        return try await dossier(request, catalogue, notice: nil, error: message(problem, request.language, catalogue), status: 422)
    }

    static func attach(_ request: WebRequest, _ catalogue: Catalogue) async throws -> WebResult {
        let id = try id(request)
        guard let upload = request.uploads.first(where: { $0.field == "paper" }), !upload.data.isEmpty else {
            return try await dossier(request, catalogue, notice: nil, error: catalogue.text("paper_missing", request.language), status: 422)
        }
        let kind = request.form("kind") ?? "other"
        let response = await request.api.call(APICall(.post, api + "/dossiers/\(id)/attachments", query: ["kind": [kind]],
                                                      headers: ["content-type": upload.contentType], body: upload.data, principal: request.principal))
        if response.ok { return .redirect("/dossiers/\(id)?done=attached") }
        guard let problem = response.problem, [400, 409, 413, 415, 422].contains(problem.status) else { return .refusal(response) }
        return try await dossier(request, catalogue, notice: nil, error: message(problem, request.language, catalogue), status: 422)
    }

    static func decide(_ request: WebRequest, _ catalogue: Catalogue) async throws -> WebResult {
        let id = try id(request)
        var body: [String: Any] = ["dossier_ids": [id], "level": request.form("level") ?? "province"]
        for field in ["number", "decided_on"] {
            let value = (request.form(field) ?? "").trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { body[field] = value }
        }
        if let number = request.form("certificate_number")?.trimmingCharacters(in: .whitespaces), !number.isEmpty {
            body["certificate_numbers"] = [String(id): number]
        }
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        let response = await request.api.call(APICall(.post, api + "/decisions", headers: ["content-type": "application/json"], body: data,
                                                      principal: request.principal))
        if response.ok { return .redirect("/dossiers/\(id)?done=decided") }
        guard let problem = response.problem, [400, 409, 422].contains(problem.status) else { return .refusal(response) }
        return try await dossier(request, catalogue, notice: nil, error: message(problem, request.language, catalogue), status: 422)
    }

    // MARK: the score sheet

    /// What the sheet needs from a criteria set.
    struct CriteriaSetData: Decodable {
        struct Part: Decodable { var id: String; var title: String; var points: Int; var groups: [Group] }
        struct Group: Decodable { var id: String; var title: String; var pick: String; var criteria: [Criterion] }
        struct Criterion: Decodable {
            var id: String
            var title: String
            var note: String?
            var stars: Int?
            var options: [Option]
            /// "None of these" (0 points) is an answer when no option gives 0.
            var allowsNone: Bool { (options.first?.points ?? 0) > 0 }
            func required(forStars level: Int) -> Int? {
                var required: Int?
                if let own = stars, own <= level, let lowest = options.first { required = lowest.points }
                for option in options {
                    if let mark = option.stars, mark <= level { required = max(required ?? 0, option.points) }
                }
                return required
            }
        }
        struct Option: Decodable { var title: String; var points: Int; var stars: Int? }
        struct Gate: Decodable { var id: String; var effect: String; var text: String; var criterion: String }
        var name: String
        var parts: [Part]
        var gates: [Gate]
        var criteria: [Criterion] { parts.flatMap { $0.groups.flatMap(\.criteria) } }
    }

    struct SheetData: Decodable {
        var points: [String: Int]
        var answered: Int
        var remaining: [String]
        var total: Int?
        var submitted: Bool
    }

    static func criteriaSet(_ request: WebRequest, dossier: [String: Any]) async throws -> CriteriaSetData {
        let code = dossier["criteria_set"] as? String ?? ""
        return try JSONDecoder().decode(CriteriaSetData.self, from: try await get(request, "/criteria-sets/\(code)"))
    }

    /// The band of a total (the programme's 100-point scale): 90 → 5★, 70 → 4★, 50 → 3★, 30 → 2★.
    static func band(_ total: Int) -> Int {
        total >= 90 ? 5 : total >= 70 ? 4 : total >= 50 ? 3 : total >= 30 ? 2 : 1
    }

    static func sheet(_ request: WebRequest, _ catalogue: Catalogue, saved: Bool, errors: [String: String], typed: [String: Int],
                      status: Int = 200) async throws -> WebResult {
        let t = { (key: String) in catalogue.text(key, request.language) }
        let id = try id(request)
        let dossier = (try JSONSerialization.jsonObject(with: try await get(request, "/dossiers/\(id)")) as? [String: Any]) ?? [:]
        let set = try await criteriaSet(request, dossier: dossier)
        let sheet = try JSONDecoder().decode(SheetData.self, from: try await get(request, "/dossiers/\(id)/sheet"))
        // What is shown: the stored answers, over which the answers just typed (when refused) are kept.
        let answers = sheet.points.merging(typed) { _, new in new }
        var parts: [WebValue] = []
        var total = 0
        for part in set.parts {
            var subtotal = 0
            var groups: [WebValue] = []
            for group in part.groups {
                var criteria: [WebValue] = []
                for criterion in group.criteria {
                    let chosen = answers[criterion.id]
                    if let chosen { subtotal += chosen }
                    var options: [WebValue] = []
                    if criterion.allowsNone {
                        options.append(["points": 0, "title": .string(t("sheet_none")), "checked": .bool(chosen == 0), "input": .string("o-\(criterion.id)-0")])
                    }
                    for (index, option) in criterion.options.enumerated() {
                        options.append(["points": .int(option.points), "title": .string(option.title), "checked": .bool(chosen == option.points),
                                        "input": .string("o-\(criterion.id)-\(index + 1)"),
                                        "stars": option.stars.map { .string(String(repeating: "★", count: $0)) } ?? .null])
                    }
                    criteria.append([
                        "id": .string(criterion.id), "title": .string(criterion.title), "note": criterion.note.map { .string($0) } ?? .null,
                        "options": .list(options), "answered": .bool(chosen != nil), "error": errors[criterion.id].map { .string($0) } ?? .null,
                        "min_stars": criterion.stars.map { .string(String(repeating: "★", count: $0)) } ?? .null,
                    ])
                }
                groups.append(["title": .string(group.title), "pick_one": .bool(group.pick == "one"), "criteria": .list(criteria)])
            }
            total += subtotal
            parts.append(["title": .string(part.title), "subtotal": .int(subtotal), "max": .int(part.points), "groups": .list(groups)])
        }
        // Star minimums met or missed, from the answers given so far (computed on every save).
        var levels: [WebValue] = []
        var reachable = band(total)
        for level in [3, 4, 5] {
            let missed = set.criteria.filter { criterion in
                guard let required = criterion.required(forStars: level) else { return false }
                return (answers[criterion.id] ?? -1) < required
            }
            if !missed.isEmpty && reachable >= level { reachable = level - 1 }
            levels.append(["stars": .string(String(repeating: "★", count: level)), "level": .int(level), "met": .bool(missed.isEmpty),
                           "missed_count": .int(missed.count),
                           "missed": .list(missed.prefix(5).map { .string($0.title) })])
        }
        let answerable = set.parts.flatMap(\.groups).reduce(0) { $0 + ($1.pick == "one" ? 1 : $1.criteria.count) }
        let context: [String: WebValue] = [
            "id": .int(Int(id)), "product": .string(dossier["product_name"] as? String ?? ""), "set_name": .string(set.name),
            "parts": .list(parts), "total": .int(total), "answered": .int(sheet.answered), "answerable": .int(answerable),
            "remaining": .int(sheet.remaining.count), "levels": .list(levels), "band": .int(band(total)),
            "expected": .string(String(repeating: "★", count: max(1, reachable))),
            "submitted": .bool(sheet.submitted), "stored_total": sheet.total.map { .int($0) } ?? .null,
            "saved": .bool(saved), "has_errors": .bool(!errors.isEmpty),
            "error_summary": .list(errors.sorted { $0.key < $1.key }.map { ["field": .string($0.key), "message": .string($0.value)] }),
            "complete": .bool(sheet.remaining.isEmpty),
        ]
        return .page(template: "rating-sheet", title: t("sheet_title") + " — " + (dossier["product_name"] as? String ?? "#\(id)"),
                     context: .object(context), status: status)
    }

    /// Every checked option (`c.<criterion>` = points) is saved; the API merges them into the sheet.
    static func saveSheet(_ request: WebRequest, _ catalogue: Catalogue) async throws -> WebResult {
        let id = try id(request)
        var points: [String: Int] = [:]
        var errors: [String: String] = [:]
        for (name, values) in request.form where name.hasPrefix("c.") {
            let criterion = String(name.dropFirst(2))
            guard let raw = values.first, let value = Int(raw) else {
                errors[criterion] = catalogue.text("field_wrong_type", request.language)
                continue
            }
            points[criterion] = value
        }
        if errors.isEmpty && !points.isEmpty {
            let response = try await request.call(.put, api + "/dossiers/\(id)/sheet", json: ["points": points])
            if response.ok { return .redirect("/dossiers/\(id)/sheet?saved=1") }
            guard let problem = response.problem, [400, 409, 422].contains(problem.status) else { return .refusal(response) }
            for error in problem.errors ?? [] {
                let criterion = error.path.hasPrefix("/points/") ? String(error.path.dropFirst("/points/".count)) : "_sheet"
                errors[criterion] = request.language == "en" ? error.message : catalogue.text("sheet_bad_option", request.language)
            }
            if errors.isEmpty { errors["_sheet"] = message(problem, request.language, catalogue) }
        } else if points.isEmpty && errors.isEmpty {
            return .redirect("/dossiers/\(id)/sheet")
        }
        return try await sheet(request, catalogue, saved: false, errors: errors, typed: points, status: 422)
    }

    static func submitSheet(_ request: WebRequest, _ catalogue: Catalogue) async throws -> WebResult {
        let id = try id(request)
        let response = await request.call(.post, api + "/dossiers/\(id)/sheet/submit")
        if response.ok { return .redirect("/dossiers/\(id)/sheet?saved=1") }
        guard let problem = response.problem, [400, 409, 422].contains(problem.status) else { return .refusal(response) }
        return try await sheet(request, catalogue, saved: false, errors: ["_sheet": message(problem, request.language, catalogue)], typed: [:], status: 422)
    }

    // MARK: the chair's view

    struct Consistency: Decodable {
        struct Spread: Decodable {
            var criterion: String
            var title: String
            var points: [String: Int]
            var min: Int
            var max: Int
            var outliers: [Outlier]
        }
        struct Outlier: Decodable { var member: String; var points: Int; var othersMedian: Int }
        struct Member: Decodable { var member: String; var total: Int; var outliers: Int }
        var members: Int
        var criteria: [Spread]
        var perMember: [Member]
        var totalMin: Int
        var totalMax: Int
    }

    struct Status: Decodable { var username: String; var seat: String; var conflicted: Bool; var submitted: Bool; var total: Int? }

    static func council(_ request: WebRequest, _ catalogue: Catalogue, error: String?, status: Int = 200) async throws -> WebResult {
        let t = { (key: String) in catalogue.text(key, request.language) }
        let id = try id(request)
        let dossier = (try JSONSerialization.jsonObject(with: try await get(request, "/dossiers/\(id)")) as? [String: Any]) ?? [:]
        struct Items<T: Decodable>: Decodable { var items: [T] }
        let statuses = try JSONDecoder().decode(Items<Status>.self, from: try await get(request, "/dossiers/\(id)/sheets")).items
        let set = try await criteriaSet(request, dossier: dossier)
        // The spread needs submitted sheets; before any, the table is empty.
        let consistencyResponse = await request.call(.get, api + "/dossiers/\(id)/consistency")
        let consistency = consistencyResponse.ok ? try? JSONDecoder().decode(Consistency.self, from: consistencyResponse.body) : nil
        let members = (consistency?.perMember.map(\.member) ?? []).sorted()
        var rows: [WebValue] = []
        for spread in consistency?.criteria ?? [] {
            let flagged = Set(spread.outliers.map(\.member))
            rows.append([
                "title": .string(spread.title), "spread": .bool(spread.max != spread.min), "flagged": .bool(!flagged.isEmpty),
                "cells": .list(members.map { member in
                    ["points": spread.points[member].map { .int($0) } ?? .string("–"), "outlier": .bool(flagged.contains(member))]
                }),
            ])
        }
        let totals: [WebValue] = members.map { member in
            let summary = consistency?.perMember.first { $0.member == member }
            return ["total": .int(summary?.total ?? 0), "outliers": .int(summary?.outliers ?? 0)]
        }
        let state = dossier["state"] as? String ?? ""
        let context: [String: WebValue] = [
            "id": .int(Int(id)), "product": .string(dossier["product_name"] as? String ?? ""),
            "state_text": .string(stateText(state, request.language, catalogue)),
            "statuses": .list(statuses.map {
                ["username": .string($0.username), "seat": .string(t("seat_" + $0.seat)), "submitted": .bool($0.submitted),
                 "conflicted": .bool($0.conflicted), "total": $0.total.map { .int($0) } ?? .null]
            }),
            "members": .list(members.map { .string($0) }), "rows": .list(rows), "totals": .list(totals),
            "has_rows": .bool(!rows.isEmpty), "outlier_count": .int(consistency?.criteria.reduce(0) { $0 + $1.outliers.count } ?? 0),
            "total_min": .int(consistency?.totalMin ?? 0), "total_max": .int(consistency?.totalMax ?? 0),
            "gates": .list(set.gates.map { ["id": .string($0.id), "text": .string($0.text), "effect": .string(t("gate_" + $0.effect.replacingOccurrences(of: "-", with: "_")))] }),
            "can_close": .bool(state == "scoring"),
            "error": error.map { .string($0) } ?? .null,
        ]
        return .page(template: "rating-council", title: t("council_title") + " — " + (dossier["product_name"] as? String ?? "#\(id)"),
                     context: .object(context), status: status)
    }

    static func close(_ request: WebRequest, _ catalogue: Catalogue) async throws -> WebResult {
        let id = try id(request)
        let gates = request.form["gate"] ?? []
        let response = try await request.call(.post, api + "/dossiers/\(id)/close", json: ["gates": gates])
        if response.ok { return .redirect("/dossiers/\(id)?done=closed") }
        guard let problem = response.problem, [400, 409, 422].contains(problem.status) else { return .refusal(response) }
        return try await council(request, catalogue, error: message(problem, request.language, catalogue), status: 422)
    }
}
