import OCOPPluginKit

extension WebPlugin {
    /// The public catalogue with its QR codes, and the rating pages (dossiers, score sheets,
    /// the chair's view), with their navigation entries.
    func registerModulePages(with registrar: Registrar, catalogue: Catalogue, server: PageServer) throws {
        let publicCatalogue = PublicCatalogue(catalogue: catalogue, baseURL: config.publicBaseURL)
        for (endpoint, openAPI) in publicCatalogue.endpoints {
            try registrar.add(endpoint)
            try registrar.describe(openAPI: openAPI)
        }
        for page in publicCatalogue.pages { try registrar.add(page: Self.withoutNulls(page)) }
        func label(_ key: String) -> [String: String] {
            Dictionary(uniqueKeysWithValues: Catalogue.languages.map { ($0, catalogue.text(key, $0)) })
        }
        try registrar.add(navigation: WebNavEntry(id: "catalogue", path: "/san-pham", label: label("nav_catalogue"), endpoint: nil, order: 5))
        for page in RatingPages(catalogue: catalogue).pages { try registrar.add(page: Self.withoutNulls(page)) }
        try registrar.add(navigation: RatingPages.navigation(label("nav_dossiers")))
        if registrar.isEnabled("ocop.reporting") {
            let reports = ReportPages(catalogue: catalogue, server: server)
            for (endpoint, openAPI) in reports.endpoints {
                try registrar.add(endpoint)
                try registrar.describe(openAPI: openAPI)
            }
            for page in reports.pages { try registrar.add(page: Self.withoutNulls(page)) }
            try registrar.add(navigation: WebNavEntry(id: "reports", path: "/reports", label: label("nav_reports"),
                                                      endpoint: (.get, ReportPages.api + "/statistics"), order: 80))
        }
        // Events and points of sale only when the events module is enabled (their endpoints exist).
        if registrar.isEnabled("ocop.events") {
            for page in EventPages(catalogue: catalogue).pages { try registrar.add(page: Self.withoutNulls(page)) }
            for entry in EventPages.navigation(label) { try registrar.add(navigation: entry) }
        }
    }

    /// Drops null values from a page's context before rendering: Mustache shows an absent key
    /// as nothing (and looks it up in the enclosing sections), but a null as the text "nil".
    static func withoutNulls(_ page: WebPage) -> WebPage {
        var out = page
        let handler = page.handler
        out.handler = { request in
            let result = try await handler(request)
            guard case .page(let template, let title, let context, let status) = result else { return result }
            return .page(template: template, title: title, context: strip(context), status: status)
        }
        return out
    }

    static func strip(_ value: WebValue) -> WebValue {
        switch value {
        case .object(let fields): .object(fields.filter { $0.value != .null }.mapValues(strip))
        case .list(let items): .list(items.filter { $0 != .null }.map(strip))
        default: value
        }
    }
}
