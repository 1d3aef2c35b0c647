import Foundation
import OCOPPluginKit

/// Web pages (`ocop.web`): server-rendered HTML in Vietnamese and English over the platform's
/// own endpoints, called in process with the signed-in user's principal; sessions, CSRF,
/// sign-in throttling; the extension points through which plugins mount pages and navigation.
public struct WebPlugin: Plugin {
    public static let manifest = PluginManifest(
        id: "ocop.web",
        version: "0.1.0",
        summary: "Web pages: sign-in, dashboards, the registry's subjects and products, for officers, councils, producers and the public",
        requires: [
            .service((any Authenticator).self, why: "a session holds an API token the accounts module checks on every page"),
        ],
        provides: [ServiceName((any WebPageServer).self)]
    )

    let config: WebConfig

    public init(config: WebConfig) {
        self.config = config
    }

    public func register(with registrar: Registrar) throws {
        let catalogue = try Catalogue.bundled()
        let templates = try WebResources.templates()
        let stylesheet = try WebResources.text("static/site.css")
        let pages = try registrar.own(WebPoints.pages, describe: { "\($0.method.rawValue) \($0.path)" }) { new, earlier in
            if earlier.contains(where: { $0.value.method == new.value.method && $0.value.path == new.value.path }) {
                throw ContributionRejected("page \(new.value.method.rawValue) \(new.value.path) is already mounted")
            }
            for name in new.value.templates.keys where templates[name] != nil || earlier.contains(where: { $0.value.templates[name] != nil }) {
                throw ContributionRejected("template name '\(name)' is already taken; prefix it with the plugin's name")
            }
        }
        let navigation = try registrar.own(WebPoints.navigation, describe: { "\($0.id) → \($0.path)" }) { new, earlier in
            guard new.value.path.hasPrefix("/") else { throw ContributionRejected("navigation path '\(new.value.path)' must start with /") }
            if earlier.contains(where: { $0.value.id == new.value.id }) {
                throw ContributionRejected("navigation entry '\(new.value.id)' already exists")
            }
        }
        let authenticator = try registrar.use((any Authenticator).self)
        let server = PageServer(config: config, catalogue: catalogue, templates: templates, authenticator: authenticator,
                                pages: pages, navigation: navigation)
        try registrar.provide((any WebPageServer).self, server)
        try registrar.add(SessionStore.migration)
        try registrar.add(LoginThrottle.migration)

        // The stylesheet: one small hand-written file, cached by browsers for a day.
        let css = Data(stylesheet.utf8)
        try registrar.add(Endpoint(.get, "/static/site.css", access: .anyone, summary: "The pages' stylesheet") { _ in
            EndpointResponse(status: 200, headers: [("Content-Type", "text/css; charset=utf-8"), ("Cache-Control", "public, max-age=86400"),
                                                    ("X-Content-Type-Options", "nosniff")], body: css)
        })
        try registrar.describe(openAPI: """
            paths:
              /static/site.css:
                get:
                  summary: The pages' stylesheet
                  operationId: webGetStaticSiteCss
                  tags: [web pages]
                  responses:
                    '200': {description: CSS, content: {text/css: {schema: {type: string}}}}
            """)

        let account = AccountPages(server: server)
        for endpoint in account.endpoints {
            try registrar.add(endpoint)
            try registrar.describe(openAPI: WebPage(endpoint.method, endpoint.path, access: .anyone, summary: endpoint.summary) { _ in .redirect("/") }.openAPI)
        }
        try registrar.add(PhotoProxy(server: server).endpoint)
        try registrar.describe(openAPI: PhotoProxy.openAPI)
        for page in account.pages + HomePages(catalogue: catalogue, panels: PanelCache(ttl: TimeInterval(config.dashboardCacheSeconds))).pages + RegistryPages(catalogue: catalogue).pages + ImportPages(catalogue: catalogue).pages {
            try registrar.add(page: page)
        }
        for entry in Self.navigation(catalogue) { try registrar.add(navigation: entry) }
        try registerModulePages(with: registrar, catalogue: catalogue, server: server)
    }

    /// The module's own entries; each shows where its endpoint's access admits the visitor.
    static func navigation(_ catalogue: Catalogue) -> [WebNavEntry] {
        func label(_ key: String) -> [String: String] {
            Dictionary(uniqueKeysWithValues: Catalogue.languages.map { ($0, catalogue.text(key, $0)) })
        }
        return [
            WebNavEntry(id: "home", path: "/", label: label("nav_home"), endpoint: nil, order: 0),
            WebNavEntry(id: "dashboard", path: "/dashboard", label: label("nav_dashboard"), endpoint: (.get, "/api/v1/me"), order: 10),
            WebNavEntry(id: "products", path: "/products", label: label("nav_products"), endpoint: (.get, "/api/v1/products"), order: 20),
            WebNavEntry(id: "subjects", path: "/subjects", label: label("nav_subjects"), endpoint: (.get, "/api/v1/subjects"), order: 30),
            WebNavEntry(id: "imports", path: "/imports", label: label("nav_imports"), endpoint: (.post, "/api/v1/imports/products"), order: 40),
            WebNavEntry(id: "password", path: "/account/password", label: label("nav_password"), endpoint: (.put, "/api/v1/me/password"), order: 90),
        ]
    }
}
