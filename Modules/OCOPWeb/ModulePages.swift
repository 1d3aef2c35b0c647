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
        for page in publicCatalogue.pages { try registrar.add(page: page) }
        func label(_ key: String) -> [String: String] {
            Dictionary(uniqueKeysWithValues: Catalogue.languages.map { ($0, catalogue.text(key, $0)) })
        }
        try registrar.add(navigation: WebNavEntry(id: "catalogue", path: "/san-pham", label: label("nav_catalogue"), endpoint: nil, order: 5))
        for page in RatingPages(catalogue: catalogue).pages { try registrar.add(page: page) }
        try registrar.add(navigation: RatingPages.navigation(label("nav_dossiers")))
        if registrar.isEnabled("ocop.reporting") {
            let reports = ReportPages(catalogue: catalogue, server: server)
            for (endpoint, openAPI) in reports.endpoints {
                try registrar.add(endpoint)
                try registrar.describe(openAPI: openAPI)
            }
            for page in reports.pages { try registrar.add(page: page) }
            try registrar.add(navigation: WebNavEntry(id: "reports", path: "/reports", label: label("nav_reports"),
                                                      endpoint: (.get, ReportPages.api + "/statistics"), order: 80))
        }
        // Events and points of sale only when the events module is enabled (their endpoints exist).
        if registrar.isEnabled("ocop.events") {
            for page in EventPages(catalogue: catalogue).pages { try registrar.add(page: page) }
            for entry in EventPages.navigation(label) { try registrar.add(navigation: entry) }
        }
    }
}
