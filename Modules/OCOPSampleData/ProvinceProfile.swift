import OCOPDomain

/// What the generator varies by province: region (addresses, product mix), the share of
/// ethnic-minority representatives and how their names are formed, the sector mix, and the
/// programme's figures (star mix, products per subject).
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
    var figures: ProgrammeFigures = .national

    static func of(_ code: ProvinceCode) -> ProvinceProfile {
        switch code.rawValue {
        case "01": ProvinceProfile(region: .delta, ethnicMinorityRate: 0.01, naming: .northernUplands, sectors: hanoi, figures: .hanoi)
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

/// What a recognition decision gives a product.
struct Recognition: Sendable, Hashable {
    let stars: StarRating
    let kind: DecisionKind

    static let three = Recognition(stars: .three, kind: .recognised)
    static let four = Recognition(stars: .four, kind: .recognised)
    /// Scored 90+ by the province and forwarded: holds 4★ meanwhile (ocop-rules.md §3).
    static let potentialFive = Recognition(stars: .four, kind: .potentialFiveStar)
    static let five = Recognition(stars: .five, kind: .recognised)
}

/// Published figures the generated data follows (ocop-rules.md §8).
struct ProgrammeFigures: Sendable {
    let recognitions: WeightedTable<Recognition>
    let productsPerSubject: WeightedTable<Int>

    /// End 2024: ≈ 73 % 3★, 24 % 4★, ~1 % potential 5★, 51 of 14,642 (0.35 %) 5★; 14,642
    /// products from 8,086 subjects, ≈ 1.81 each (this table: mean 1.82, at most 8).
    static let national = ProgrammeFigures(
        recognitions: WeightedTable([(.three, 7300), (.four, 2400), (.potentialFive, 100), (.five, 35)]),
        productsPerSubject: WeightedTable([(1, 600), (2, 210), (3, 90), (4, 40), (5, 25), (6, 15), (7, 10), (8, 10)]))

    /// Hà Nội, April 2024: 2,711 products = 1,220×3★, 1,473×4★, 12 potential 5★, 6×5★. May 2022:
    /// 1,649 products from 426 subjects, ≈ 3.87 each; craft villages and enterprises carry long
    /// lists (this table: mean 3.87, up to 25).
    static let hanoi = ProgrammeFigures(
        recognitions: WeightedTable([(.three, 1220), (.four, 1473), (.potentialFive, 12), (.five, 6)]),
        productsPerSubject: WeightedTable([
            (1, 255), (2, 200), (3, 140), (4, 100), (5, 80), (6, 60), (7, 45), (8, 35), (9, 25), (10, 20),
            (12, 18), (15, 12), (20, 7), (25, 3),
        ]))
}
