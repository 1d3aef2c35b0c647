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

    public struct Config: Decodable, Sendable {
        /// Target packs declared here, beside those plugins contribute (see `TargetPackConfig`).
        public var targets: [TargetPackConfig] = []
        /// The national roll-up's keys (`signing_key_file`, `province_code`, `trusted_provinces`).
        public var rollup = RollupConfig()

        enum CodingKeys: String, CodingKey { case targets }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            targets = try c.decodeIfPresent([TargetPackConfig].self, forKey: .targets) ?? []
            rollup = try RollupConfig(from: decoder)
        }
    }

    let config: Config

    public init(config: Config) { self.config = config }

    public func register(with registrar: Registrar) throws {
        try ReportingOutputs.register(with: registrar, configuredPacks: config.targets)
        try ReportingRoutes.register(with: registrar, rollup: config.rollup)
    }
}
