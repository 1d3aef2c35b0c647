/// A district of the legacy three-tier system (before 2025-07-01); certificates of that period
/// were issued by district councils and name them.
public struct LegacyDistrict: Hashable, Sendable, Codable, Identifiable {
    public let code: DistrictCode
    /// Official name, e.g. "Huyện Gia Lâm".
    public let name: String
    /// Name without the kind word, e.g. "Gia Lâm".
    public let shortName: String
    public let kind: DistrictKind
    /// Legacy province code.
    public let provinceCode: ProvinceCode

    public var id: DistrictCode { code }

    public init(code: DistrictCode, name: String, shortName: String, kind: DistrictKind, provinceCode: ProvinceCode) {
        self.code = code
        self.name = name
        self.shortName = shortName
        self.kind = kind
        self.provinceCode = provinceCode
    }
}
