import OCOPDomain
import OCOPPluginKit

/// Hà Nội's own module: the registry of craft villages (làng nghề), linked to the registry's
/// products.
///
/// Hà Nội has about 1,350 craft villages, 321 of them recognised; many OCOP products come
/// from them, and points of sale linked to villages and tourism are a city target. A product
/// names its village; the village shows its producers and its currently certified products,
/// kept current by the registry's certification events — through a service protocol and
/// events only, never the registry's tables.
public struct HaNoiPlugin: Plugin {
    public static let manifest = PluginManifest(
        id: "vn.ha-noi",
        version: "0.2.0",
        summary: "Hà Nội: craft-village registry (làng nghề) with tourism-linked communes and the villages' OCOP products",
        requires: [
            .service((any ProductLookup).self, why: "a village lists its products and producers as the registry knows them"),
        ]
    )

    /// Hà Nội's province code (2025 and legacy alike).
    static let provinceCode = "01"

    public struct Config: Decodable, Sendable, Equatable {
        /// Communes (2025 codes) whose villages count as tourism-linked.
        public var tourismCommunes: [String]
        /// Load the villages named in public sources (Bát Tràng, Vạn Phúc…) into an empty registry.
        public var demoVillages: Bool

        enum CodingKeys: String, CodingKey {
            case tourismCommunes = "tourism_communes"
            case demoVillages = "demo_villages"
        }

        public init(tourismCommunes: [String] = [], demoVillages: Bool = false) {
            self.tourismCommunes = tourismCommunes
            self.demoVillages = demoVillages
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            tourismCommunes = try container.decodeIfPresent([String].self, forKey: .tourismCommunes) ?? []
            demoVillages = try container.decodeIfPresent(Bool.self, forKey: .demoVillages) ?? false
            let units = try AdminUnits.shared
            for (index, code) in tourismCommunes.enumerated() {
                guard let commune = CommuneCode(code).flatMap(units.commune), commune.provinceCode.rawValue == Self.provinceCode else {
                    var nested = try container.nestedUnkeyedContainer(forKey: .tourismCommunes)
                    for _ in 0..<index { _ = try nested.decode(String.self) }
                    throw DecodingError.dataCorruptedError(
                        in: nested, debugDescription: "'\(code)' is not a current (2025) commune code of Hà Nội")
                }
            }
        }

        private static let provinceCode = HaNoiPlugin.provinceCode
    }

    /// Headers Hà Nội's offices use in their spreadsheets, beyond the registry's own.
    static let importAliases = [
        ImportAlias(.subjects, column: "name", header: "Tên cơ sở sản xuất"),
        ImportAlias(.products, column: "name", header: "Tên sản phẩm OCOP"),
        ImportAlias(.products, column: "subject_registration_number", header: "Mã số thuế cơ sở"),
    ]

    let config: Config

    public init(config: Config) {
        self.config = config
    }

    public func register(with registrar: Registrar) throws {
        let products = try registrar.use((any ProductLookup).self)
        let store = CraftVillageStore(tourismCommunes: Set(config.tourismCommunes))
        for migration in CraftVillageStore.migrations { try registrar.add(migration) }
        for endpoint in CraftVillageRoutes(store: store, products: products).endpoints { try registrar.add(endpoint) }
        try registrar.describe(openAPI: HaNoiOpenAPI.document)
        for alias in Self.importAliases { try registrar.contribute(RegistryPoints.importAliases, alias) }

        // New-countryside communes, and the 2025 plan measured against them (when reporting runs).
        let ntm = NTMCommuneStore()
        try registrar.add(NTMCommuneStore.migration)
        for endpoint in ntm.endpoints { try registrar.add(endpoint) }
        try registrar.describe(openAPI: NTMCommuneStore.openAPI)
        try registrar.keep(ntm)
        try registrar.add(command: PluginCommand(HaNoiCommand.self))
        if registrar.isEnabled("ocop.reporting") {
            try registrar.contribute(ReportingPoints.indicators, HaNoiTargets.ntmCoverage)
            try registrar.contribute(ReportingPoints.targetPacks, HaNoiTargets.plan2025)
        }

        // A linked product's stars and names follow the registry; each handler re-reads the
        // product's current facts, so a repeated delivery changes nothing.
        @Sendable func refresh(_ productID: Int64, _ context: PluginContext) async throws {
            try await store.refresh(try await products().product(productID, on: context.database.sql), id: productID, on: context.database.sql)
        }
        try registrar.subscribe(to: CertificationRecorded.self, as: "village-stars") { envelope, context in
            try await refresh(envelope.event.productID, context)
        }
        try registrar.subscribe(to: CertificateExpired.self, as: "village-expiries") { envelope, context in
            try await refresh(envelope.event.productID, context)
        }
        try registrar.subscribe(to: ProductChanged.self, as: "village-names") { envelope, context in
            try await refresh(envelope.event.productID, context)
        }
        try registrar.subscribe(to: ProductRemoved.self, as: "village-removals") { envelope, context in
            try await store.unlink(product: envelope.event.productID, on: context.database.sql)
        }
        if config.demoVillages {
            try registrar.on(HostStarted.self) { _, context in
                try await store.seedDemoVillages(in: context.database, logger: context.logger)
            }
        }
    }
}
