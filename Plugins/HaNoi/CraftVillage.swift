import Foundation

/// A craft village (làng nghề) as the API shows it.
public struct CraftVillage: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var communeCode: String
    public var communeName: String?
    public var craft: String
    public var recognised: Bool
    public var yearRecognised: Int?
    /// Whether the village's commune is one the config names as tourism-linked.
    public var tourismLinked: Bool
    /// Producers with a product linked to the village (detail only).
    public var subjects: [Producer]?
    /// Linked products with a certificate valid today, most stars first (detail only).
    public var certifiedProducts: [CertifiedProduct]?

    public struct Producer: Codable, Sendable, Equatable {
        public var id: Int64
        public var name: String
    }

    public struct CertifiedProduct: Codable, Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var stars: Int
    }

    enum CodingKeys: String, CodingKey {
        case id, name, craft, recognised
        case communeCode = "commune_code"
        case communeName = "commune_name"
        case yearRecognised = "year_recognised"
        case tourismLinked = "tourism_linked"
        case subjects
        case certifiedProducts = "certified_products"
    }
}

/// The body of a create request.
struct NewCraftVillage: Decodable, Sendable {
    var name: String
    var communeCode: String
    var craft: String
    var recognised: Bool
    var yearRecognised: Int?

    enum CodingKeys: String, CodingKey {
        case name, craft, recognised
        case communeCode = "commune_code"
        case yearRecognised = "year_recognised"
    }
}
