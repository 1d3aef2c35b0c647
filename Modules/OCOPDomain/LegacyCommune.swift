/// A commune-level unit of the legacy system (before 2025-07-01), as named on older records.
public struct LegacyCommune: Hashable, Sendable, Codable, Identifiable {
    /// Legacy code: the same number may belong to a different current commune.
    public let code: CommuneCode
    /// Official name, e.g. "Xã Bát Tràng".
    public let name: String
    /// Name without the kind word, e.g. "Bát Tràng" (numbered wards keep "Phường 5").
    public let shortName: String
    public let kind: CommuneKind
    public let districtCode: DistrictCode
    /// Official district name, e.g. "Huyện Gia Lâm".
    public let districtName: String
    /// Legacy province code.
    public let provinceCode: ProvinceCode

    public var id: CommuneCode { code }

    public init(
        code: CommuneCode, name: String, shortName: String, kind: CommuneKind, districtCode: DistrictCode,
        districtName: String, provinceCode: ProvinceCode
    ) {
        self.code = code
        self.name = name
        self.shortName = shortName
        self.kind = kind
        self.districtCode = districtCode
        self.districtName = districtName
        self.provinceCode = provinceCode
    }
}
