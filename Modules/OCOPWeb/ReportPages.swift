import Foundation
import OCOPPluginKit

/// Reports: the statistics catalogue, each statistics table, the charts (SVG) and the CSV/XLSX
/// downloads, all from the reporting module's endpoints as the signed-in user. Files and charts
/// go through small proxies, since a browser holds a session cookie, not an API token.
struct ReportPages {
    let catalogue: Catalogue
    let server: PageServer
    static let api = "/api/v1/reports"

    var pages: [WebPage] {
        let catalogue = self.catalogue
        return [
            WebPage(.get, "/reports", access: .signedIn, summary: "Reports: statistics, charts and downloads") { request in
                let list = try WebSupport.web(try await Self.get(request, Self.api + "/statistics"))
                let province = Self.province(request)
                let suffix = province.map { "?province=\($0)" } ?? ""
                return .page(template: "reports", title: catalogue.text("reports_title", request.language), context: [
                    "items": list["items"] ?? .list([]), "suffix": .string(suffix), "province": .string(province ?? ""),
                ])
            },
            WebPage(.get, "/reports/statistics/{id}", access: .signedIn, summary: "One statistics table") { request in
                let id = request.parameters["id"] ?? ""
                guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { throw Problem.notFound("No statistic.") }
                let province = Self.province(request)
                let table = try WebSupport.web(try await Self.get(request, Self.api + "/statistics/\(id)",
                                                                  query: province.map { ["province": [$0]] } ?? [:]))
                return Self.table(table, id: id, province: province)
            },
            WebPage(.get, "/reports/targets", access: .signedIn, summary: "The targets' progress as a table") { request in
                // The same table the CSV/XLSX downloads carry (one row per target of each pack).
                let province = Self.province(request)
                let table = try WebSupport.web(try await Self.get(request, Self.api + "/exports/targets.json",
                                                                  query: province.map { ["province": [$0]] } ?? [:]))
                return Self.table(table, id: "targets", province: province)
            },
        ]
    }

    /// A reporting table (`columns`, `rows`, `title`, `definition`, `as_of`) as a page.
    static func table(_ table: WebValue, id: String, province: String?) -> WebResult {
        var rows: [WebValue] = []
        if case .list(let raw)? = table["rows"] {
            for case .list(let cells) in raw {
                rows.append(["cells": .list(cells.map { cell in
                    if case .null = cell { return ["v": "–"] }
                    return ["v": cell]
                })])
            }
        }
        let title = table["title"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? id
        return .page(template: "report-table", title: title, context: [
            "id": .string(id), "columns": table["columns"] ?? .list([]), "rows": .list(rows),
            "definition": table["definition"] ?? .null, "as_of": table["as_of"] ?? .null,
            "suffix": .string(province.map { "?province=\($0)" } ?? ""),
        ])
    }

    /// `/reports/files/{file}` (CSV/XLSX/JSON tables, `workbook.xlsx`) and `/reports/charts/{file}`.
    var endpoints: [(Endpoint, String)] {
        let server = self.server
        return [("files", "exports", "A report file (CSV, XLSX) as the signed-in user may download it"),
                ("charts", "charts", "A report chart (SVG) as the signed-in user may see it")].map { (local, remote, summary) in
            let endpoint = Endpoint(.get, "/reports/\(local)/{file}", access: .anyone, summary: summary) { request in
                let file = request.parameters["file"] ?? ""
                guard !file.isEmpty, file.allSatisfy({ $0.isLetter || $0.isNumber || "-._".contains($0) }),
                      let visit = try? await server.begin(request), visit.principal != nil else {
                    return EndpointResponse(status: 404, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data("404 Not Found\n".utf8))
                }
                let path = local == "files" && file == "workbook.xlsx" ? ReportPages.api + "/workbook.xlsx" : ReportPages.api + "/\(remote)/\(file)"
                let query = request.query.filter { ["province", "as_of"].contains($0.key) }
                let response = await visit.api.call(APICall(.get, path, query: query, principal: visit.principal))
                guard response.ok else {
                    return EndpointResponse(status: response.status, headers: [("Content-Type", "text/plain; charset=utf-8")],
                                            body: Data("\(response.status)\n".utf8))
                }
                let keep = ["content-type", "content-disposition", "cache-control"]
                return EndpointResponse(status: 200, headers: response.headers.filter { keep.contains($0.0.lowercased()) }
                                        + [("Vary", "Cookie"), ("X-Content-Type-Options", "nosniff")], body: response.body)
            }
            let yaml = """
                paths:
                  /reports/\(local)/{file}:
                    get:
                      summary: \(summary)
                      operationId: webGetReports\(local.capitalized)File
                      tags: [web pages]
                      parameters:
                        - {name: file, in: path, required: true, schema: {type: string}}
                        - {name: province, in: query, required: false, schema: {type: string}}
                        - {name: as_of, in: query, required: false, schema: {type: string}}
                      responses:
                        '200': {description: The file as the reporting API answers it, content: {application/octet-stream: {schema: {type: string, format: binary}}}}
                        '404': {description: 'Not signed in, or no such file', content: {text/plain: {schema: {type: string}}}}
                """
            return (endpoint, yaml)
        }
    }

    static func province(_ request: WebRequest) -> String? {
        guard let raw = request.query("province"), raw.count == 2, raw.allSatisfy(\.isNumber) else { return nil }
        return raw
    }

    static func get(_ request: WebRequest, _ path: String, query: [String: [String]] = [:]) async throws -> Data {
        let response = await request.call(.get, path, query: query)
        if let problem = response.problem { throw problem }
        return response.body
    }
}
