import Foundation
import OCOPPluginKit

/// The dashboard: each panel comes from an endpoint, shown only when the visitor's role may
/// call it and its module is enabled.
struct Dashboard {
    let catalogue: Catalogue

    func render(_ request: WebRequest) async throws -> WebResult {
        .page(template: "dashboard", title: catalogue.text("dashboard_title", request.language), context: [:])
    }
}
