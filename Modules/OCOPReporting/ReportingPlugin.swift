import OCOPPluginKit

/// Reporting (`ocop.reporting`): statistics, targets, exports, charts and the national
/// roll-up. Reads other modules only through the views in `RegistryViews` and
/// `PromotionViews` and the indicators plugins contribute.
public struct ReportingPlugin: Plugin {
    public static let manifest = PluginManifest(
        id: "ocop.reporting",
        version: "0.1.0",
        summary: "Reporting: statistics, yearly targets, CSV/XLSX/JSON exports, SVG charts, national roll-up",
        requires: [
            .plugin("ocop.registry", "^0.2", why: "figures come from the registry's views and certification ledger"),
        ]
    )

    public init(config: NoConfig) {}

    public func register(with registrar: Registrar) throws {
        _ = try registrar.own(ReportingPoints.indicators)
        _ = try registrar.own(ReportingPoints.targetPacks)
    }
}
