/// A current (since 2025-07-01) commune-level unit: phường, xã or đặc khu.
public struct Commune: Hashable, Sendable, Codable, Identifiable {
    public let code: CommuneCode
    /// Official name, e.g. "Phường Ba Đình".
    public let name: String
    /// Name without the kind word, e.g. "Ba Đình".
    public let shortName: String
    public let kind: CommuneKind
    public let provinceCode: ProvinceCode
    /// Approximate centre (WGS 84 degrees), when known.
    public let latitude: Double?
    public let longitude: Double?

    public var id: CommuneCode { code }

    public init(
        code: CommuneCode, name: String, shortName: String, kind: CommuneKind, provinceCode: ProvinceCode,
        latitude: Double? = nil, longitude: Double? = nil
    ) {
        self.code = code
        self.name = name
        self.shortName = shortName
        self.kind = kind
        self.provinceCode = provinceCode
        self.latitude = latitude
        self.longitude = longitude
    }
}
