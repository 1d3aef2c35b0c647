import OCOPPluginKit

/// Promotion (`ocop.events`): fairs, festivals, product weeks, livestream sessions,
/// exhibitions and periodic markets; registration with eligibility and booths; results;
/// points of sale and design centres. Reads the registry only through `ProductLookup` and
/// the ledger's events; publishes `EventClosed` and the views in `PromotionViews`.
public struct EventsPlugin: Plugin {
    public static let manifest = PluginManifest(
        id: "ocop.events",
        version: "0.1.0",
        summary: "Promotion: fairs, festivals, product weeks, livestreams, exhibitions, markets, points of sale",
        requires: [
            .plugin("ocop.registry", "^0.2", why: "events show the registry's products"),
            .service((any ProductLookup).self, why: "eligibility and shelves read a product's current stars"),
        ]
    )

    public init(config: NoConfig) {}

    public func register(with registrar: Registrar) throws {
        _ = try registrar.own(PromotionPoints.eventKinds)
        _ = try registrar.own(PromotionPoints.eligibilityRules)
    }
}
