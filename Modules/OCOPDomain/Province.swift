/// A province-level unit: one of the 34 current provinces or one of the 63 legacy ones.
public struct Province: Hashable, Sendable, Codable, Identifiable {
    public let code: ProvinceCode
    /// Official name, e.g. "Thành phố Hà Nội".
    public let name: String
    /// Name without "Tỉnh"/"Thành phố", e.g. "Hà Nội".
    public let shortName: String

    public var id: ProvinceCode { code }

    public init(code: ProvinceCode, name: String, shortName: String) {
        self.code = code
        self.name = name
        self.shortName = shortName
    }
}
