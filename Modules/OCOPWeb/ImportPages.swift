import Foundation
import OCOPPluginKit

/// CSV imports: upload a file, see the dry run's report (errors by line, in the visitor's
/// language), then import for real. The registry's import endpoints do the work.
struct ImportPages {
    let catalogue: Catalogue
    static let maxBytes = 64 * 1024 * 1024

    var pages: [WebPage] {
        let c = catalogue
        return [
            WebPage(.get, "/imports", access: .signedIn, summary: "The CSV import form") { request in
                guard Self.mayImport(request) else { return .refusal(Problem.forbidden("web.forbidden")) }
                return Self.form(request, values: ["kind": "products", "dry_run": true], report: nil, errors: [:], status: 200, c)
            },
            WebPage(.post, "/imports", access: .signedIn, summary: "Import subjects or products from CSV, or check a file (multipart form)",
                    maxBodyBytes: Self.maxBytes) { request in
                guard Self.mayImport(request) else { return .refusal(Problem.forbidden("web.forbidden")) }
                let kind = request.form("kind") == "subjects" ? "subjects" : "products"
                let dryRun = request.form("dry_run") != nil
                let province = (request.form("province") ?? "").trimmingCharacters(in: .whitespaces)
                let values: [String: WebValue] = ["kind": .string(kind), "dry_run": .bool(dryRun), "province": .string(province)]
                guard let file = request.uploads.first(where: { $0.field == "file" }), !file.data.isEmpty else {
                    return Self.form(request, values: values, report: nil, errors: ["file": c.text("import_file_missing", request.language)], status: 422, c)
                }
                var query: [String: [String]] = ["dry_run": [dryRun ? "true" : "false"], "file_name": [file.filename]]
                if !province.isEmpty { query["province"] = [province] }
                let response = await request.api.call(APICall(.post, "/api/v1/imports/\(kind)", query: query,
                                                              headers: ["content-type": "text/csv"], body: file.data, principal: request.principal))
                if response.ok {
                    return Self.form(request, values: values, report: try Self.report(response.body, request.language), errors: [:], status: 200, c)
                }
                if let problem = response.problem, [400, 422].contains(problem.status) {
                    var errors = WebSupport.fieldErrors(problem, language: request.language, catalogue: c)
                    if errors.isEmpty { errors["file"] = RegistryPages.language(problem, request.language, c) }
                    // A file the importer refused as a whole may still carry a report.
                    let report = try? Self.report(response.body, request.language)
                    return Self.form(request, values: values, report: report, errors: errors, status: 422, c)
                }
                return .refusal(response)
            },
        ]
    }

    static func mayImport(_ request: WebRequest) -> Bool {
        request.api.access(.post, "/api/v1/imports/products")?.admits(request.principal) ?? false
    }

    /// The report with its problems by line, each in the visitor's language when the API gives it.
    static func report(_ body: Data, _ language: String) throws -> WebValue? {
        let report = try WebSupport.web(body)
        guard case .object(var fields) = report, fields["rows"] != nil else { return nil }
        func issues(_ key: String) -> [WebValue] {
            guard case .list(let items)? = fields[key] else { return [] }
            return items.map { item in
                guard case .object(var issue) = item else { return item }
                if language == "vi", case .string(let vietnamese)? = issue["message_vi"] { issue["message"] = .string(vietnamese) }
                return .object(issue)
            }
        }
        let invalid = issues("invalid"), warnings = issues("warnings")
        fields["invalid"] = .list(invalid)
        fields["warnings"] = .list(warnings)
        fields["has_invalid"] = .bool(!invalid.isEmpty)
        fields["has_warnings"] = .bool(!warnings.isEmpty)
        fields["invalid_count"] = .int(invalid.count)
        return .object(fields)
    }

    static func form(_ request: WebRequest, values: [String: WebValue], report: WebValue?, errors: [String: String], status: Int,
                     _ catalogue: Catalogue) -> WebResult {
        var context = WebSupport.errorFields(errors)
        context["values"] = .object(values)
        if let report { context["report"] = report }
        context["needs_province"] = .bool(request.principal?.role == .nationalAdmin)
        context["provinces"] = RegistryPages.provinceOptions(selected: { if case .string(let p)? = values["province"] { return p }; return nil }())
        context["kinds"] = .list(["products", "subjects"].map { kind in
            ["value": .string(kind), "label": .string(catalogue.text("import_kind_\(kind)", request.language)),
             "selected": .bool(values["kind"] == .string(kind))]
        })
        return .page(template: "import", title: catalogue.text("import_title", request.language), context: .object(context), status: status)
    }
}
