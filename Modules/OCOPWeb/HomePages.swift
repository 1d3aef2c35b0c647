import Foundation
import OCOPPluginKit

/// The public landing page and the signed-in dashboard.
struct HomePages {
    let catalogue: Catalogue
    let panels: PanelCache

    var pages: [WebPage] {
        let catalogue = self.catalogue
        let panels = self.panels
        return [
            WebPage(.get, "/", access: .anyone, summary: "The landing page: what the platform is, a search box, sign-in") { request in
                .page(template: "home", title: catalogue.text("home_title", request.language),
                      context: ["signed_in": .bool(request.principal != nil)])
            },
            WebPage(.get, "/dashboard", access: .signedIn, summary: "The signed-in user's dashboard, by role") { request in
                try await Dashboard(catalogue: catalogue, cache: panels).render(request)
            },
        ]
    }
}
