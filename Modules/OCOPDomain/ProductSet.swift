/// A product set (bộ sản phẩm) under QĐ 148/QĐ-TTg: 26 sets, each with its own score sheet.
/// Codable as its number (1…26).
public enum ProductSet: Int, Hashable, Sendable, Codable, CaseIterable, Identifiable {
    case freshProduce = 1
    case freshAnimalProducts = 2
    case grains = 3
    case honeyAndOtherFoods = 4
    case fastFood = 5
    case processedGrains = 6
    case processedProduce = 7
    case processedAnimalProducts = 8
    case liquidSeasonings = 9
    case otherSeasonings = 10
    case tea = 11
    case otherPlantTeas = 12
    case coffeeAndCocoa = 13
    case whiteSpirits = 14
    case otherAlcoholicDrinks = 15
    case bottledWater = 16
    case otherNonAlcoholicDrinks = 17
    case herbalMedicines = 18
    case herbalCosmetics = 19
    case essentialOilsAndHerbs = 20
    case householdHandicrafts = 21
    case textiles = 22
    case flowers = 23
    case ornamentalPlants = 24
    case ornamentalAnimals = 25
    case ruralTourism = 26

    /// The 26 sets in code order.
    public static var all: [ProductSet] { allCases }

    public var code: Int { rawValue }
    public var id: Int { rawValue }

    public var group: ProductGroup {
        switch self {
        case .freshProduce, .freshAnimalProducts: .freshFood
        case .grains, .honeyAndOtherFoods: .primaryProcessedFood
        case .fastFood, .processedGrains, .processedProduce, .processedAnimalProducts: .processedFood
        case .liquidSeasonings, .otherSeasonings: .seasonings
        case .tea, .otherPlantTeas: .tea
        case .coffeeAndCocoa: .coffeeAndCocoa
        case .whiteSpirits, .otherAlcoholicDrinks: .alcoholicDrinks
        case .bottledWater, .otherNonAlcoholicDrinks: .nonAlcoholicDrinks
        case .herbalMedicines: .herbalMedicines
        case .herbalCosmetics: .cosmetics
        case .essentialOilsAndHerbs: .essentialOilsAndHerbs
        case .householdHandicrafts: .householdHandicrafts
        case .textiles: .textiles
        case .flowers: .flowers
        case .ornamentalPlants: .ornamentalPlants
        case .ornamentalAnimals: .ornamentalAnimals
        case .ruralTourism: .ruralTourism
        }
    }

    public var sector: Sector { group.sector }

    /// Name as in the score sheets of the decision's annex.
    public var vietnameseName: String {
        switch self {
        case .freshProduce: "Rau, củ, quả, hạt tươi"
        case .freshAnimalProducts: "Thịt, thủy sản, trứng, sữa tươi"
        case .grains: "Gạo, ngũ cốc, hạt sơ chế khác"
        case .honeyAndOtherFoods: "Mật ong, mật khác và nông sản thực phẩm khác"
        case .fastFood: "Đồ ăn nhanh"
        case .processedGrains: "Chế biến từ gạo, ngũ cốc"
        case .processedProduce: "Chế biến từ rau, củ, quả, hạt"
        case .processedAnimalProducts: "Chế biến từ thịt, thủy sản, trứng, sữa, các sản phẩm từ mật ong"
        case .liquidSeasonings: "Tương, nước mắm, gia vị dạng lỏng khác"
        case .otherSeasonings: "Gia vị khác (muối, hành, tỏi, tiêu,...)"
        case .tea: "Chè tươi, chè chế biến"
        case .otherPlantTeas: "Sản phẩm trà từ thực vật khác"
        case .coffeeAndCocoa: "Sản phẩm cà phê, ca cao"
        case .whiteSpirits: "Rượu trắng"
        case .otherAlcoholicDrinks: "Đồ uống có cồn khác"
        case .bottledWater: "Nước khoáng thiên nhiên, nước uống tinh khiết đóng chai"
        case .otherNonAlcoholicDrinks: "Đồ uống không cồn khác"
        case .herbalMedicines: "Thực phẩm chức năng, thuốc dược liệu, thuốc y học cổ truyền"
        case .herbalCosmetics: "Mỹ phẩm có thành phần từ thảo dược"
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
        case .freshProduce: "Fresh vegetables, tubers, fruits and nuts"
        case .freshAnimalProducts: "Fresh meat, seafood, eggs and milk"
        case .grains: "Rice, cereals and other primary-processed grains"
        case .honeyAndOtherFoods: "Honey, other syrups and other farm foods"
        case .fastFood: "Fast food"
        case .processedGrains: "Processed rice and cereal products"
        case .processedProduce: "Processed vegetables, tubers, fruits and nuts"
        case .processedAnimalProducts: "Processed meat, seafood, eggs, milk and honey products"
        case .liquidSeasonings: "Soy pastes, fish sauce and other liquid seasonings"
        case .otherSeasonings: "Other seasonings (salt, shallot, garlic, pepper, …)"
        case .tea: "Fresh and processed tea"
        case .otherPlantTeas: "Teas from other plants"
        case .coffeeAndCocoa: "Coffee and cocoa products"
        case .whiteSpirits: "White spirits"
        case .otherAlcoholicDrinks: "Other alcoholic drinks"
        case .bottledWater: "Natural mineral water and bottled purified water"
        case .otherNonAlcoholicDrinks: "Other non-alcoholic drinks"
        case .herbalMedicines: "Functional foods, herbal and traditional medicines"
        case .herbalCosmetics: "Cosmetics with herbal ingredients"
        case .essentialOilsAndHerbs: "Essential oils and other herbal products"
        case .householdHandicrafts: "Household and decorative handicrafts"
        case .textiles: "Textiles and garments"
        case .flowers: "Flowers"
        case .ornamentalPlants: "Ornamental plants"
        case .ornamentalAnimals: "Ornamental animals"
        case .ruralTourism: "Community tourism, eco-tourism and tourist sites"
        }
    }

    public init?(code: Int) {
        self.init(rawValue: code)
    }

    /// The set whose Vietnamese or English name matches `name`, ignoring diacritics, case and
    /// spacing; a leading "Bộ sản phẩm" (as in the score-sheet titles) is ignored.
    public init?(named name: String) {
        var key = VietnameseText.fold(name)
        for prefix in ["bo san pham:", "bo san pham;", "bo san pham_", "bo san pham"] where key.hasPrefix(prefix) {
            key = VietnameseText.fold(String(key.dropFirst(prefix.count)))
            break
        }
        guard let match = Self.allCases.first(where: {
            VietnameseText.fold($0.vietnameseName) == key || VietnameseText.fold($0.englishName) == key
        }) else { return nil }
        self = match
    }
}
