/// A sector (ngành) of the OCOP taxonomy under QĐ 148/QĐ-TTg. Codable as its number (1…6).
public enum Sector: Int, Hashable, Sendable, Codable, CaseIterable, Identifiable {
    case food = 1
    case drinks = 2
    case herbal = 3
    case handicraft = 4
    case ornamentals = 5
    case ruralTourism = 6

    /// The six sectors in code order.
    public static var all: [Sector] { allCases }

    public var code: Int { rawValue }
    public var id: Int { rawValue }

    /// Roman numeral used in the decision's annex ("I" … "VI").
    public var romanNumeral: String {
        ["I", "II", "III", "IV", "V", "VI"][rawValue - 1]
    }

    public var vietnameseName: String {
        switch self {
        case .food: "Thực phẩm"
        case .drinks: "Đồ uống"
        case .herbal: "Dược liệu và sản phẩm từ dược liệu"
        case .handicraft: "Hàng thủ công mỹ nghệ"
        case .ornamentals: "Sinh vật cảnh"
        case .ruralTourism: "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"
        }
    }

    public var englishName: String {
        switch self {
        case .food: "Food"
        case .drinks: "Drinks"
        case .herbal: "Herbal products"
        case .handicraft: "Handicrafts"
        case .ornamentals: "Ornamental plants and animals"
        case .ruralTourism: "Rural tourism"
        }
    }

    /// The groups of this sector, in code order.
    public var groups: [ProductGroup] {
        ProductGroup.allCases.filter { $0.sector == self }
    }

    /// The product sets of this sector, in code order.
    public var productSets: [ProductSet] {
        ProductSet.allCases.filter { $0.sector == self }
    }

    public init?(code: Int) {
        self.init(rawValue: code)
    }
}
