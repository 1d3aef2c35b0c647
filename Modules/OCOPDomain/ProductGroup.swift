/// A product group (nhóm) of the OCOP taxonomy under QĐ 148/QĐ-TTg, Annex I: 17 groups in 6
/// sectors. Codable as its code ("1.1" … "6.1"). Food has six: fresh (sets 1–2), raw and
/// primary-processed (3–4), processed (5–8, fast food included), seasonings (9–10), tea (11–12),
/// coffee and cocoa (13).
///
/// Names of the groups that hold a single product set follow that set's name.
public enum ProductGroup: String, Hashable, Sendable, Codable, CaseIterable, Identifiable {
    case freshFood = "1.1"
    case primaryProcessedFood = "1.2"
    case processedFood = "1.3"
    case seasonings = "1.4"
    case tea = "1.5"
    case coffeeAndCocoa = "1.6"
    case alcoholicDrinks = "2.1"
    case nonAlcoholicDrinks = "2.2"
    case herbalMedicines = "3.1"
    case cosmetics = "3.2"
    case essentialOilsAndHerbs = "3.3"
    case householdHandicrafts = "4.1"
    case textiles = "4.2"
    case flowers = "5.1"
    case ornamentalPlants = "5.2"
    case ornamentalAnimals = "5.3"
    case ruralTourism = "6.1"

    /// The 17 groups in code order.
    public static var all: [ProductGroup] { allCases }

    public var code: String { rawValue }
    public var id: String { rawValue }

    public var sector: Sector {
        switch self {
        case .freshFood, .primaryProcessedFood, .processedFood, .seasonings, .tea, .coffeeAndCocoa: .food
        case .alcoholicDrinks, .nonAlcoholicDrinks: .drinks
        case .herbalMedicines, .cosmetics, .essentialOilsAndHerbs: .herbal
        case .householdHandicrafts, .textiles: .handicraft
        case .flowers, .ornamentalPlants, .ornamentalAnimals: .ornamentals
        case .ruralTourism: .ruralTourism
        }
    }

    public var vietnameseName: String {
        switch self {
        case .freshFood: "Thực phẩm tươi sống"
        case .primaryProcessedFood: "Thực phẩm thô, sơ chế"
        case .processedFood: "Thực phẩm chế biến"
        case .seasonings: "Gia vị"
        case .tea: "Chè"
        case .coffeeAndCocoa: "Cà phê, ca cao"
        case .alcoholicDrinks: "Đồ uống có cồn"
        case .nonAlcoholicDrinks: "Đồ uống không cồn"
        case .herbalMedicines: "Thực phẩm chức năng, thuốc dược liệu, thuốc y học cổ truyền"
        case .cosmetics: "Mỹ phẩm"
        case .essentialOilsAndHerbs: "Tinh dầu và thảo dược khác"
        case .householdHandicrafts: "Thủ công mỹ nghệ gia dụng, trang trí"
        case .textiles: "Vải, may mặc"
        case .flowers: "Hoa"
        case .ornamentalPlants: "Cây cảnh"
        case .ornamentalAnimals: "Động vật cảnh"
        case .ruralTourism: "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"
        }
    }

    public var englishName: String {
        switch self {
        case .freshFood: "Fresh food"
        case .primaryProcessedFood: "Raw and primary-processed food"
        case .processedFood: "Processed food"
        case .seasonings: "Seasonings"
        case .tea: "Tea"
        case .coffeeAndCocoa: "Coffee and cocoa"
        case .alcoholicDrinks: "Alcoholic drinks"
        case .nonAlcoholicDrinks: "Non-alcoholic drinks"
        case .herbalMedicines: "Functional foods and herbal medicines"
        case .cosmetics: "Cosmetics"
        case .essentialOilsAndHerbs: "Essential oils and other herbal products"
        case .householdHandicrafts: "Household and decorative handicrafts"
        case .textiles: "Textiles and garments"
        case .flowers: "Flowers"
        case .ornamentalPlants: "Ornamental plants"
        case .ornamentalAnimals: "Ornamental animals"
        case .ruralTourism: "Community tourism, eco-tourism and tourist sites"
        }
    }

    /// The product sets of this group, in code order.
    public var productSets: [ProductSet] {
        ProductSet.allCases.filter { $0.group == self }
    }

    public init?(code: String) {
        self.init(rawValue: code)
    }
}
