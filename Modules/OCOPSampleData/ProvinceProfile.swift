import OCOPDomain

/// What the generator varies by province: region (addresses, product mix), the share of
/// ethnic-minority representatives and how their names are formed, and the sector mix.
///
/// Rates are rough figures for the merged provinces' populations, good enough for realistic
/// test data; they are not statistics.
struct ProvinceProfile: Sendable {
    enum Region: Sendable {
        case delta, northernUplands, central, highlands, south
    }

    let region: Region
    let ethnicMinorityRate: Double
    let naming: EthnicNaming
    /// Sector weights (per mille): national food share 65–85 % (ocop-rules.md §8); Hà Nội ~30 % handicraft.
    let sectors: [(Sector, Int)]

    static func of(_ code: ProvinceCode) -> ProvinceProfile {
        switch code.rawValue {
        case "01": ProvinceProfile(region: .delta, ethnicMinorityRate: 0.01, naming: .northernUplands, sectors: hanoi)
        case "04", "08", "11", "12", "14", "20": uplands(0.85)
        case "15": uplands(0.6)
        case "19": uplands(0.35)
        case "25": uplands(0.25)
        case "22": ProvinceProfile(region: .delta, ethnicMinorityRate: 0.12, naming: .northernUplands, sectors: national)
        case "24": ProvinceProfile(region: .delta, ethnicMinorityRate: 0.10, naming: .northernUplands, sectors: national)
        case "31", "33": ProvinceProfile(region: .delta, ethnicMinorityRate: 0.0, naming: .northernUplands, sectors: national)
        case "37": ProvinceProfile(region: .delta, ethnicMinorityRate: 0.03, naming: .northernUplands, sectors: national)
        case "38", "40": ProvinceProfile(region: .central, ethnicMinorityRate: 0.15, naming: .northernUplands, sectors: national)
        case "42", "46": ProvinceProfile(region: .central, ethnicMinorityRate: 0.02, naming: .highlands, sectors: national)
        case "44", "48": ProvinceProfile(region: .central, ethnicMinorityRate: 0.05, naming: .highlands, sectors: national)
        case "51": ProvinceProfile(region: .highlands, ethnicMinorityRate: 0.3, naming: .highlands, sectors: uplandSectors)
        case "52": ProvinceProfile(region: .highlands, ethnicMinorityRate: 0.3, naming: .highlands, sectors: uplandSectors)
        case "66": ProvinceProfile(region: .highlands, ethnicMinorityRate: 0.25, naming: .highlands, sectors: uplandSectors)
        case "56": ProvinceProfile(region: .central, ethnicMinorityRate: 0.1, naming: .southCentral, sectors: national)
        case "68": ProvinceProfile(region: .highlands, ethnicMinorityRate: 0.2, naming: .southCentral, sectors: uplandSectors)
        case "75": ProvinceProfile(region: .south, ethnicMinorityRate: 0.08, naming: .highlands, sectors: national)
        case "86", "91": ProvinceProfile(region: .south, ethnicMinorityRate: 0.1, naming: .khmer, sectors: national)
        case "92": ProvinceProfile(region: .south, ethnicMinorityRate: 0.15, naming: .khmer, sectors: national)
        case "96": ProvinceProfile(region: .south, ethnicMinorityRate: 0.05, naming: .khmer, sectors: national)
        default: ProvinceProfile(region: .south, ethnicMinorityRate: 0.02, naming: .khmer, sectors: national)  // 79 80 82
        }
    }

    private static func uplands(_ rate: Double) -> ProvinceProfile {
        ProvinceProfile(region: .northernUplands, ethnicMinorityRate: rate, naming: .northernUplands, sectors: uplandSectors)
    }

    private static let national: [(Sector, Int)] = [
        (.food, 750), (.drinks, 70), (.herbal, 80), (.handicraft, 60), (.ornamentals, 20), (.ruralTourism, 20),
    ]
    private static let uplandSectors: [(Sector, Int)] = [
        (.food, 700), (.drinks, 80), (.herbal, 130), (.handicraft, 55), (.ornamentals, 5), (.ruralTourism, 30),
    ]
    private static let hanoi: [(Sector, Int)] = [
        (.food, 530), (.drinks, 50), (.herbal, 60), (.handicraft, 300), (.ornamentals, 35), (.ruralTourism, 25),
    ]

    /// Weights of the sets within their sector (per mille of the sector), tilted by region.
    func setWeight(_ set: ProductSet) -> Int {
        switch set {
        case .freshProduce: 150
        case .freshAnimalProducts: 60
        case .grains: region == .south || region == .delta ? 120 : 80
        case .honeyAndOtherFoods: region == .northernUplands || region == .highlands ? 110 : 70
        case .fastFood: 20
        case .processedGrains: 110
        case .processedProduce: 140
        case .processedAnimalProducts: 90
        case .liquidSeasonings: region == .northernUplands || region == .highlands ? 15 : 50
        case .otherSeasonings: 40
        case .tea: region == .northernUplands ? 180 : 70
        case .otherPlantTeas: 50
        case .coffeeAndCocoa: region == .highlands ? 150 : 25
        case .whiteSpirits: 550
        case .otherAlcoholicDrinks: 150
        case .bottledWater: 50
        case .otherNonAlcoholicDrinks: 250
        case .herbalMedicines: 400
        case .herbalCosmetics: 200
        case .essentialOilsAndHerbs: 400
        case .householdHandicrafts: 800
        case .textiles: region == .northernUplands ? 400 : 200
        case .flowers: 450
        case .ornamentalPlants: 450
        case .ornamentalAnimals: 100
        case .ruralTourism: 1000
        }
    }

    /// One table over the 26 sets: sector weight × set weight within the sector.
    func productSetTable() -> WeightedTable<ProductSet> {
        var entries: [(ProductSet, Int)] = []
        for (sector, sectorWeight) in sectors {
            let sets = sector.productSets
            let total = sets.map(setWeight).reduce(0, +)
            for set in sets {
                entries.append((set, sectorWeight * setWeight(set) * 1000 / max(total, 1)))
            }
        }
        return WeightedTable(entries)
    }
}
