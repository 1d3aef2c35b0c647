/// Legal form of an OCOP subject (chủ thể). Codable as the stable raw strings.
public enum LegalForm: String, Hashable, Sendable, Codable, CaseIterable {
    /// Doanh nghiệp: company of any type.
    case enterprise = "doanh_nghiep"
    /// Hợp tác xã.
    case cooperative = "hop_tac_xa"
    /// Tổ hợp tác: an unregistered group under a cooperation contract.
    case cooperativeGroup = "to_hop_tac"
    /// Hộ kinh doanh / hộ sản xuất with a business registration.
    case householdBusiness = "ho_kinh_doanh"

    public var vietnameseName: String {
        switch self {
        case .enterprise: "Doanh nghiệp"
        case .cooperative: "Hợp tác xã"
        case .cooperativeGroup: "Tổ hợp tác"
        case .householdBusiness: "Hộ kinh doanh"
        }
    }

    public var englishName: String {
        switch self {
        case .enterprise: "Enterprise"
        case .cooperative: "Cooperative"
        case .cooperativeGroup: "Cooperative group"
        case .householdBusiness: "Household business"
        }
    }
}
