/// Where a subject sells its OCOP products. Codable as the stable raw strings.
public enum SalesChannel: String, Hashable, Sendable, Codable, CaseIterable {
    case supermarket = "supermarket"
    case convenienceStore = "convenience_store"
    case eCommerce = "e_commerce"
    case export = "export"
    case traditionalMarket = "traditional_market"
    /// Điểm giới thiệu và bán sản phẩm OCOP (criteria of QĐ 950/QĐ-BCT).
    case ocopPointOfSale = "ocop_point_of_sale"
    /// The subject's own shop or direct sales.
    case direct = "direct"
    case livestream = "livestream"

    /// "Modern" channels as counted by provincial targets (supermarkets, convenience stores,
    /// e-commerce; livestream selling counts as e-commerce).
    public var isModern: Bool {
        switch self {
        case .supermarket, .convenienceStore, .eCommerce, .livestream: true
        case .export, .traditionalMarket, .ocopPointOfSale, .direct: false
        }
    }

    public var vietnameseName: String {
        switch self {
        case .supermarket: "Siêu thị"
        case .convenienceStore: "Cửa hàng tiện lợi"
        case .eCommerce: "Thương mại điện tử"
        case .export: "Xuất khẩu"
        case .traditionalMarket: "Chợ truyền thống"
        case .ocopPointOfSale: "Điểm giới thiệu và bán sản phẩm OCOP"
        case .direct: "Bán trực tiếp, cửa hàng riêng"
        case .livestream: "Bán hàng qua livestream"
        }
    }

    public var englishName: String {
        switch self {
        case .supermarket: "Supermarket"
        case .convenienceStore: "Convenience store"
        case .eCommerce: "E-commerce"
        case .export: "Export"
        case .traditionalMarket: "Traditional market"
        case .ocopPointOfSale: "OCOP point of sale"
        case .direct: "Direct sales / own shop"
        case .livestream: "Livestream sales"
        }
    }
}
