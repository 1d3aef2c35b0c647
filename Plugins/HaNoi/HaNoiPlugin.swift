import OCOPDomain
import OCOPPluginKit

/// Hà Nội's own module: the registry of craft villages (làng nghề).
///
/// Hà Nội has about 1,350 craft villages, 321 of them recognised; many OCOP products come
/// from them, and points of sale linked to villages and tourism are a city target.
public struct HaNoiPlugin: Plugin {
    public static let manifest = PluginManifest(
        id: "vn.ha-noi",
        version: "0.1.0",
        summary: "Hà Nội: craft-village registry (làng nghề) with tourism-linked communes"
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

    let config: Config

    public init(config: Config) {
        self.config = config
    }

    public func register(with registrar: Registrar) throws {
        let store = CraftVillageStore(tourismCommunes: Set(config.tourismCommunes))
        try registrar.add(CraftVillageStore.migration)
        for endpoint in CraftVillageRoutes(store: store).endpoints { try registrar.add(endpoint) }
        try registrar.describe(openAPI: HaNoiOpenAPI.document)
        if config.demoVillages {
            try registrar.on(HostStarted.self) { _, context in
                try await store.seedDemoVillages(in: context.database, logger: context.logger)
            }
        }
    }
}
