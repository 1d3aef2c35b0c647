import Foundation
import OCOPPluginKit

/// The dashboard: each panel comes from endpoints called as the visitor. A panel shows only
/// when its endpoint is registered (its module enabled) and its declared access admits the
/// visitor's role; a refusal inside the handler (area scoping) hides the panel too.
///
/// Panels are computed through `PanelCache` (per panel and visible area, fresh while no outbox
/// event has happened and younger than the cache's ttl), so a busy dashboard costs a few reads,
/// not eight statistics over the whole registry per view.
struct Dashboard {
    let catalogue: Catalogue
    let cache: PanelCache

    struct Panel: Sendable {
        var id: String
        var method: HTTPMethod = .get
        /// The endpoint whose declared access decides whether the panel shows.
        var template: String
        var path: String
        var query: [String: [String]] = [:]
        /// The API answers this panel per user, not per area (a council member's dossiers).
        var perUser = false
    }

    static let panels: [Panel] = [
        Panel(id: "by_stars", template: "/api/v1/reports/statistics/{id}", path: "/api/v1/reports/statistics/by-stars"),
        Panel(id: "by_sector", template: "/api/v1/reports/statistics/{id}", path: "/api/v1/reports/statistics/by-sector"),
        // Both expiry panels from one 90-day list (the 30-day one is its head).
        Panel(id: "expiring", template: "/api/v1/rating/expiring", path: "/api/v1/rating/expiring", query: ["within": ["90"]]),
        Panel(id: "dossiers", template: "/api/v1/rating/dossiers", path: "/api/v1/rating/dossiers", perUser: true),
        Panel(id: "events", template: "/api/v1/events", path: "/api/v1/events", query: ["upcoming": ["true"], "limit": ["5"]]),
        Panel(id: "chart_stars", template: "/api/v1/reports/charts/{file}", path: "/api/v1/reports/charts/stars-by-sector.svg"),
        Panel(id: "chart_years", template: "/api/v1/reports/charts/{file}", path: "/api/v1/reports/charts/products-by-year.svg"),
    ]

    static let openDossierStates = ["submitted", "checking", "returned", "eligible", "scoring"]
    /// The expiry endpoint answers at most this many certificates.
    static let expiringCap = 5000

    func render(_ request: WebRequest) async throws -> WebResult {
        let visible = Self.panels.filter { request.api.access($0.method, $0.template)?.admits(request.principal) ?? false }
        // The host's event feed knows the outbox's position without a query (this host's writes
        // before their answer, other hosts' within its polling interval); a host that does not
        // run the feed reads the outbox itself.
        let fed = request.context.feed.position
        let mark = fed != nil ? fed : await PanelCache.mark(on: request.context.database.sql)
        let day = ProgrammeCalendar.today()
        let cache = self.cache
        let values = await withTaskGroup(of: (String, WebValue?).self) { group in
            for panel in visible {
                let key = PanelCache.Key(panel: panel.id, scope: PanelCache.scope(request.principal, perUser: panel.perUser), day: day)
                group.addTask {
                    (panel.id, await cache.value(key, mark: mark) { await Self.compute(panel, request, today: day) })
                }
            }
            var out: [String: WebValue] = [:]
            for await (id, value) in group { if let value { out[id] = value } }
            return out
        }
        var context: [String: WebValue] = [:]
        for (id, value) in values {
            switch id {
            case "by_stars", "by_sector":
                context[id] = table(value, request.language)
            case "expiring":
                context["expiring_30"] = value["within_30"]
                context["expiring_90"] = value["within_90"]
            default:
                context[id] = value
            }
        }
        context["has_panels"] = .bool(!context.isEmpty)
        return .page(template: "dashboard", title: catalogue.text("dashboard_title", request.language), context: .object(context))
    }

    /// One panel's value as the visitor's API answers it (nil: hidden), independent of the
    /// language so visitors of both share it.
    static func compute(_ panel: Panel, _ request: WebRequest, today: String) async -> WebValue? {
        switch panel.id {
        case "dossiers":
            // One count per open state: exact however many dossiers there are.
            var count = 0
            var items: [WebValue] = []
            for state in openDossierStates {
                let response = await request.call(.get, panel.path, query: ["state": [state], "limit": ["10"]])
                guard response.ok, let page = try? WebSupport.web(response.body) else { return nil }
                if case .int(let total)? = page["total"] { count += total }
                if case .list(let list)? = page["items"] { items += list }
            }
            items.sort { (Self.int($0["id"]) ?? 0) > (Self.int($1["id"]) ?? 0) }
            return ["count": .int(count), "items": .list(Array(items.prefix(10)))]
        case "expiring":
            let response = await request.call(.get, panel.path, query: panel.query)
            guard response.ok, let page = try? WebSupport.web(response.body), case .list(let within90)? = page["items"] else { return nil }
            var within30: [WebValue]
            let limit30 = ProgrammeCalendar.adding(days: 30, to: today) ?? today
            if within90.count < expiringCap {
                within30 = within90.filter { item in
                    if case .string(let until)? = item["valid_until"] { return until <= limit30 }
                    return false
                }
            } else {
                let response = await request.call(.get, panel.path, query: ["within": ["30"]])
                guard response.ok, let page = try? WebSupport.web(response.body), case .list(let list)? = page["items"] else { return nil }
                within30 = list
            }
            func summary(_ items: [WebValue]) -> WebValue {
                // The endpoint stops at its cap: say "at least" rather than a wrong figure.
                let count = items.count >= expiringCap ? "≥ \(expiringCap)" : String(items.count)
                return ["count": .string(count), "items": .list(Array(items.prefix(10)))]
            }
            return ["within_30": summary(within30), "within_90": summary(within90)]
        case "events":
            let response = await request.call(panel.method, panel.path, query: panel.query)
            guard response.ok, let page = try? WebSupport.web(response.body), case .list(let items)? = page["items"] else { return nil }
            return ["count": .int(items.count), "items": .list(items)]
        case "chart_stars", "chart_years":
            // The reporting module's SVG, as an image (no markup of it enters the page).
            let response = await request.call(panel.method, panel.path, query: panel.query)
            guard response.ok else { return nil }
            return .string("data:image/svg+xml;base64," + response.body.base64EncodedString())
        default:
            let response = await request.call(panel.method, panel.path, query: panel.query)
            guard response.ok else { return nil }
            return try? WebSupport.web(response.body)
        }
    }

    static func int(_ value: WebValue?) -> Int? {
        if case .int(let number)? = value { return number }
        return nil
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
