import Foundation
import OCOPPluginKit

/// The dashboard: each panel comes from one endpoint, called as the visitor. A panel shows only
/// when that endpoint is registered (its module enabled) and its declared access admits the
/// visitor's role; a refusal inside the handler (area scoping) hides the panel too.
struct Dashboard {
    let catalogue: Catalogue

    struct Panel: Sendable {
        var id: String
        var method: HTTPMethod = .get
        var template: String
        var path: String
        var query: [String: [String]] = [:]
    }

    static let panels: [Panel] = [
        Panel(id: "by_stars", template: "/api/v1/reports/statistics/{id}", path: "/api/v1/reports/statistics/by-stars"),
        Panel(id: "by_sector", template: "/api/v1/reports/statistics/{id}", path: "/api/v1/reports/statistics/by-sector"),
        Panel(id: "expiring_30", template: "/api/v1/rating/expiring", path: "/api/v1/rating/expiring", query: ["within": ["30"]]),
        Panel(id: "expiring_90", template: "/api/v1/rating/expiring", path: "/api/v1/rating/expiring", query: ["within": ["90"]]),
        Panel(id: "dossiers", template: "/api/v1/rating/dossiers", path: "/api/v1/rating/dossiers", query: ["limit": ["100"]]),
        Panel(id: "events", template: "/api/v1/events", path: "/api/v1/events", query: ["upcoming": ["true"], "limit": ["5"]]),
        Panel(id: "chart_stars", template: "/api/v1/reports/charts/{file}", path: "/api/v1/reports/charts/stars-by-sector.svg"),
        Panel(id: "chart_years", template: "/api/v1/reports/charts/{file}", path: "/api/v1/reports/charts/products-by-year.svg"),
    ]

    static let openDossierStates: Set<String> = ["submitted", "checking", "returned", "eligible", "scoring"]

    func render(_ request: WebRequest) async throws -> WebResult {
        let visible = Self.panels.filter { request.api.access($0.method, $0.template)?.admits(request.principal) ?? false }
        let answers = await withTaskGroup(of: (String, APIResponse).self) { group in
            for panel in visible {
                group.addTask { (panel.id, await request.call(panel.method, panel.path, query: panel.query)) }
            }
            var out: [String: APIResponse] = [:]
            for await (id, response) in group { out[id] = response }
            return out
        }
        var context: [String: WebValue] = [:]
        for (id, response) in answers where response.ok {
            switch id {
            case "by_stars", "by_sector":
                context[id] = table(try WebSupport.web(response.body), request.language)
            case "expiring_30", "expiring_90":
                if case .list(let items)? = try WebSupport.web(response.body)["items"] {
                    context[id] = ["count": .int(items.count), "items": .list(Array(items.prefix(10)))]
                }
            case "dossiers":
                if case .list(let items)? = try WebSupport.web(response.body)["items"] {
                    let open = items.filter { item in
                        if case .string(let state)? = item["state"] { return Self.openDossierStates.contains(state) }
                        return false
                    }
                    context[id] = ["count": .int(open.count), "items": .list(Array(open.prefix(10)))]
                }
            case "events":
                if case .list(let items)? = try WebSupport.web(response.body)["items"] {
                    context[id] = ["count": .int(items.count), "items": .list(items)]
                }
            default:
                // The reporting module's SVG, as an image (no markup of it enters the page).
                context[id] = .string("data:image/svg+xml;base64," + response.body.base64EncodedString())
            }
        }
        context["has_panels"] = .bool(!context.isEmpty)
        return .page(template: "dashboard", title: catalogue.text("dashboard_title", request.language), context: .object(context))
    }

    /// A statistics table (`columns` with Vietnamese titles, `rows` of cells) as headers and rows.
    func table(_ value: WebValue, _ language: String) -> WebValue {
        guard case .list(let columns)? = value["columns"], case .list(let rows)? = value["rows"] else { return .null }
        let headers: [WebValue] = columns.map { column in
            if language == "vi", case .string(let title)? = column["title"] { return .string(title) }
            if case .string(let name)? = column["name"] { return .string(name.replacingOccurrences(of: "_", with: " ")) }
            return ""
        }
        let body: [WebValue] = rows.map { row in
            guard case .list(let cells) = row else { return ["cells": []] }
            return ["cells": .list(cells.map { cell -> WebValue in
                switch cell {
                case .int(let number): return .string(String(number))
                case .null: return ""
                default: return cell
                }
            })]
        }
        var title: WebValue = ""
        if language == "vi", case .string(let text)? = value["title"] { title = .string(text) }
        return ["title": title, "headers": .list(headers), "rows": .list(body)]
    }
}
