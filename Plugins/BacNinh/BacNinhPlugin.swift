import OCOPPluginKit

/// Bắc Ninh's incentive policy: the province pays a producer when a product reaches a star
/// level it never had (2024: 8,000,000 ₫ for a new 3★, 10,000,000 ₫ for a new 4★, 2,000,000 ₫
/// for an upgrade). Rewards are computed from the registry's certification events — whatever
/// recorded the decision (an import, the rating module) — idempotently, and listed and exported
/// by the plugin's own routes and `ocop bac-ninh rewards`.
public struct BacNinhPlugin: Plugin {
    public static let manifest = PluginManifest(
        id: "vn.bac-ninh",
        version: "0.1.0",
        summary: "Bắc Ninh: rewards for new OCOP star levels (province incentive policy)",
        requires: [
            .plugin("ocop.registry", "^0.2", why: "rewards follow the registry's certification events"),
            .service((any ProductLookup).self, why: "a reward names the product and its producer as they were when decided"),
        ]
    )

    public typealias Config = RewardPolicies

    let config: RewardPolicies

    public init(config: RewardPolicies) {
        self.config = config
    }

    public func register(with registrar: Registrar) throws {
        let products = try registrar.use((any ProductLookup).self)
        let store = RewardStore()
        let policies = config
        try registrar.add(RewardStore.migration)
        try registrar.keep(BacNinhState(policies: policies, store: store))
        try registrar.subscribe(to: CertificationRecorded.self, as: "rewards") { envelope, context in
            try await store.apply(envelope, policies: policies, products: products(), context: context)
        }
        for endpoint in RewardRoutes(store: store, province: policies.province).endpoints { try registrar.add(endpoint) }
        try registrar.describe(openAPI: BacNinhOpenAPI.document)
        try registrar.add(command: PluginCommand(BacNinhCommand.self))
    }
}

/// What the plugin's command needs of its configured self.
struct BacNinhState: Sendable {
    let policies: RewardPolicies
    let store: RewardStore
}
