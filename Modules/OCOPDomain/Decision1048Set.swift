/// A product set (phân nhóm / bộ sản phẩm) of the first OCOP criteria, QĐ 1048/QĐ-TTg (2019,
/// amended by QĐ 781/QĐ-TTg in 2020), and the QĐ 148 set that replaced it.
///
/// Certificates and province lists from 2019–2023 name these sets. The official annex was not
/// available to us: names and grouping come from public transcriptions (docs/product-sets.md has
/// the sources and what each confirms), so the raw values are this table's order, not official
/// numbers — store the QĐ 148 set, never these codes.
public enum Decision1048Set: Int, Hashable, Sendable, CaseIterable, Identifiable {
    case freshProduce = 1
    case freshMeatEggsMilk = 2
    case riceAndCereals = 3
    case honey = 4
    case fastFood = 5
    case processedRiceAndCereals = 6
    case processedProduce = 7
    case processedMeatEggsMilk = 8
    case processedSeafood = 9
    case liquidSeasonings = 10
    case otherSeasonings = 11
    case tea = 12
    case otherTeaProducts = 13
    case coffeeAndCocoa = 14
    case whiteSpirits = 15
    case otherAlcoholicDrinks = 16
    case bottledWater = 17
    case nonAlcoholicDrinks = 18
    case herbalMedicines = 19
    case cosmetics = 20
    case medicalDevices = 21
    case otherHerbalProducts = 22
    case textiles = 23
    case decorativeHandicrafts = 24
    case householdHandicrafts = 25
    case ruralTourism = 26

    public var id: Int { rawValue }

    /// What became of a QĐ 1048 set under QĐ 148.
    public enum Successor: Hashable, Sendable {
        /// The QĐ 148 set for this set's products in general; `alternatives` are the sets some of
        /// its products belong to now (QĐ 148 split the old set).
        case set(ProductSet, alternatives: [ProductSet])
        /// No QĐ 148 set takes the general case: a person chooses among `candidates`.
        case needsReview(candidates: [ProductSet])
    }

    public var successor: Successor {
        switch self {
        case .freshProduce: .set(.freshProduce, alternatives: [])
        case .freshMeatEggsMilk: .set(.freshAnimalProducts, alternatives: [])
        case .riceAndCereals: .set(.grains, alternatives: [])
        // Honey itself is a primary product (set 4); processed honey products went to set 8.
        case .honey: .set(.honeyAndOtherFoods, alternatives: [.processedAnimalProducts])
        case .fastFood: .set(.fastFood, alternatives: [])
        case .processedRiceAndCereals: .set(.processedGrains, alternatives: [])
        case .processedProduce: .set(.processedProduce, alternatives: [])
        case .processedMeatEggsMilk: .set(.processedAnimalProducts, alternatives: [])
        // QĐ 148 merged seafood into the meat, egg and milk set.
        case .processedSeafood: .set(.processedAnimalProducts, alternatives: [])
        case .liquidSeasonings: .set(.liquidSeasonings, alternatives: [])
        case .otherSeasonings: .set(.otherSeasonings, alternatives: [])
        case .tea: .set(.tea, alternatives: [])
        // Mostly herbal "trà" (set 12 was created for them); products of the tea plant stay in 11.
        case .otherTeaProducts: .set(.otherPlantTeas, alternatives: [.tea])
        case .coffeeAndCocoa: .set(.coffeeAndCocoa, alternatives: [])
        case .whiteSpirits: .set(.whiteSpirits, alternatives: [])
        case .otherAlcoholicDrinks: .set(.otherAlcoholicDrinks, alternatives: [])
        case .bottledWater: .set(.bottledWater, alternatives: [])
        case .nonAlcoholicDrinks: .set(.otherNonAlcoholicDrinks, alternatives: [])
        case .herbalMedicines: .set(.herbalMedicines, alternatives: [])
        // QĐ 148 keeps only cosmetics with herbal ingredients; others have no set.
        case .cosmetics: .set(.herbalCosmetics, alternatives: [])
        // QĐ 148 has no medical-device set; what a product was decides where it goes.
        case .medicalDevices: .needsReview(candidates: [.essentialOilsAndHerbs, .herbalMedicines, .householdHandicrafts])
        case .otherHerbalProducts: .set(.essentialOilsAndHerbs, alternatives: [])
        case .textiles: .set(.textiles, alternatives: [])
        case .decorativeHandicrafts, .householdHandicrafts: .set(.householdHandicrafts, alternatives: [])
        case .ruralTourism: .set(.ruralTourism, alternatives: [])
        }
    }

    /// The set's name as the sources write it.
    public var vietnameseName: String { spellings[0] }

    /// The name first, then other spellings found in the sources (for matching).
    var spellings: [String] {
        switch self {
        case .freshProduce: ["Rau, củ, quả, hạt tươi"]
        case .freshMeatEggsMilk: ["Thịt, trứng, sữa tươi"]
        case .riceAndCereals: ["Gạo, ngũ cốc"]
        case .honey: ["Mật ong, các sản phẩm từ mật ong, mật khác"]
        case .fastFood: ["Đồ ăn nhanh"]
        case .processedRiceAndCereals: ["Chế biến từ gạo, ngũ cốc"]
        case .processedProduce: ["Chế biến từ rau, củ, quả, hạt"]
        case .processedMeatEggsMilk: ["Chế biến từ thịt, trứng, sữa"]
        case .processedSeafood: ["Chế biến từ thủy, hải sản"]
        case .liquidSeasonings: ["Tương, nước mắm, gia vị dạng lỏng khác", "Tương, nước mắm, gia vị lỏng khác"]
        case .otherSeasonings: ["Gia vị khác"]
        case .tea: ["Chè tươi, chế biến"]
        case .otherTeaProducts: ["Các sản phẩm khác từ chè, trà"]
        case .coffeeAndCocoa: ["Cà phê, ca cao"]
        case .whiteSpirits: ["Rượu trắng"]
        case .otherAlcoholicDrinks: ["Đồ uống có cồn khác"]
        case .bottledWater: ["Nước khoáng thiên nhiên, nước uống tinh khiết"]
        case .nonAlcoholicDrinks: ["Đồ uống không cồn"]
        case .herbalMedicines: ["Thực phẩm chức năng, thuốc từ dược liệu, thuốc Y học cổ truyền"]
        case .cosmetics: ["Mỹ phẩm"]
        case .medicalDevices: ["Trang thiết bị, dụng cụ y tế"]
        case .otherHerbalProducts: ["Thảo dược khác"]
        // The set is its sector's only one, so the sector's name names it too.
        case .textiles: ["Vải, may mặc", "Vải và may mặc"]
        case .decorativeHandicrafts: ["Thủ công mỹ nghệ, trang trí"]
        case .householdHandicrafts: ["Thủ công mỹ nghệ gia dụng"]
        case .ruralTourism:
            ["Dịch vụ du lịch cộng đồng và điểm du lịch", "Dịch vụ du lịch nông thôn, bán hàng",
             "Dịch vụ du lịch - truyền thống - lễ hội"]
        }
    }

    /// Group code in this table ("1.1" … "6.1"): sector number, then the group's place in it.
    public var groupCode: String {
        switch self {
        case .freshProduce, .freshMeatEggsMilk: "1.1"
        case .riceAndCereals, .honey: "1.2"
        case .fastFood, .processedRiceAndCereals, .processedProduce, .processedMeatEggsMilk, .processedSeafood: "1.3"
        case .liquidSeasonings, .otherSeasonings: "1.4"
        case .tea, .otherTeaProducts: "1.5"
        case .coffeeAndCocoa: "1.6"
        case .whiteSpirits, .otherAlcoholicDrinks: "2.1"
        case .bottledWater, .nonAlcoholicDrinks: "2.2"
        case .herbalMedicines: "3.1"
        case .cosmetics: "3.2"
        case .medicalDevices: "3.3"
        case .otherHerbalProducts: "3.4"
        case .textiles: "4.1"
        case .decorativeHandicrafts: "5.1"
        case .householdHandicrafts: "5.2"
        case .ruralTourism: "6.1"
        }
    }

    /// The group (nhóm) the set belongs to.
    public var groupName: String {
        switch groupCode {
        case "1.1": "Thực phẩm tươi sống"
        case "1.2": "Thực phẩm thô, sơ chế"
        case "1.3": "Thực phẩm chế biến"
        case "1.4": "Gia vị"
        case "1.5": "Chè"
        case "1.6": "Cà phê, ca cao"
        case "2.1": "Đồ uống có cồn"
        case "2.2": "Đồ uống không cồn"
        case "6.1": "Dịch vụ du lịch - truyền thống - lễ hội"
        // The other groups hold one set and carry its name.
        default: vietnameseName
        }
    }

    /// Sector (ngành) number, in the order the decision lists them.
    public var sectorCode: Int {
        Int(groupCode.prefix { $0 != "." })!
    }

    public var sectorName: String {
        [
            "Thực phẩm", "Đồ uống", "Thảo dược", "Vải và may mặc", "Lưu niệm - nội thất - trang trí",
            "Dịch vụ du lịch nông thôn, bán hàng",
        ][sectorCode - 1]
    }
}
