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
        let kinds = try registrar.own(PromotionPoints.eventKinds, validate: EventKinds.validate)
        let rules = try registrar.own(PromotionPoints.eligibilityRules, describe: { $0.description }, validate: BundledRules.validate)
        let products = try registrar.use((any ProductLookup).self)
        let events = EventStore(kinds: kinds, rules: rules, products: products)
        let outlets = OutletStore(products: products)
        for migration in EventsSchema.migrations { try registrar.add(migration) }
        let routes = EventsRoutes(events: events, registrations: Registrations(store: events), results: ResultStore(store: events), outlets: outlets)
        for endpoint in routes.endpoints { try registrar.add(endpoint) }
        try registrar.describe(openAPI: EventsOpenAPI.document)

        // Shelves follow the ledger: a revoked, withdrawn, downgraded or expired certificate
        // takes the product off every shelf (handlers re-read the standing: idempotent).
        try registrar.subscribe(to: CertificationRecorded.self, as: "shelf-certifications") { envelope, context in
            let event = envelope.event
            let reason = event.grantsStars ? "certificate now \(event.stars)★ (\(event.decision ?? "recognised"))"
                : "certificate \(event.decision ?? "revoked") on \(event.decidedOn)"
            try await outlets.follow(product: event.productID, reason: reason, on: context.database.sql)
        }
        try registrar.subscribe(to: CertificateExpired.self, as: "shelf-expiries") { envelope, context in
            try await outlets.follow(product: envelope.event.productID, reason: "certificate expired after \(envelope.event.validUntil)",
                                     on: context.database.sql)
        }
        try registrar.subscribe(to: ProductRemoved.self, as: "shelf-removals") { envelope, context in
            try await outlets.follow(product: envelope.event.productID, reason: "product left the registry: \(envelope.event.reason)",
                                     on: context.database.sql)
        }
    }
}
