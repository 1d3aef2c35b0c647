import OCOPDomain

/// Draws subjects and their products. Every random choice comes from one seeded SplitMix64 in a
/// fixed order, and nothing iterates a dictionary, so a seed always gives the same data.
struct SampleGenerator {
    /// Legal forms of subjects nationally (ocop-rules.md §8, per mille): 32.7 % cooperatives,
    /// 24.1 % enterprises, 42.7 % household businesses, < 1 % cooperative groups.
    static let legalForms = WeightedTable<LegalForm>([
        (.cooperative, 327), (.enterprise, 241), (.householdBusiness, 427), (.cooperativeGroup, 5),
    ])

    var random: SplitMix64
    let province: Province
    let profile: ProvinceProfile
    let communes: [Commune]
    /// Place names of `communes`, same order (see ``place(of:)``).
    let communePlaces: [String]
    let legacy: LegacyCommunePool
    let sets: WeightedTable<ProductSet>
    let rounds: CertificateRounds
    let today: SampleDate
    /// Pre-2025 district (index among the province's) of each current commune, by the first
    /// legacy commune that became it; of legacy communes, by their own district.
    let districtOfCommune: [CommuneCode: Int]
    let districtOfLegacyDistrict: [DistrictCode: Int]
    /// Certificates issued so far under each decision, by decision number and year.
    var certificatesIssued: [String: Int] = [:]
    let provincePrefix: Int
    var taxSequence: Int
    let maxTaxStep: Int

    init(province: Province, units: AdminUnits, products: Int, seed: UInt64, today: SampleDate) {
        let number = Int(province.code.rawValue) ?? 0
        let mixed = seed ^ (UInt64(number) &* 0xD6E8_FEB8_6659_FD93)
        random = SplitMix64(seed: mixed)
        self.today = today
        self.province = province
        profile = ProvinceProfile.of(province.code)
        let communes = units.communes(in: province.code)
        self.communes = communes
        communePlaces = communes.map { Self.place(of: $0, in: province) }
        legacy = LegacyCommunePool(units: units, province: province.code)
        sets = profile.productSetTable()
        var districts: [DistrictCode: Int] = [:]
        var districtOfCommune: [CommuneCode: Int] = [:]
        for legacyProvince in units.legacyProvinces where units.currentProvince(forLegacy: legacyProvince.code)?.code == province.code {
            for district in units.legacyDistricts(in: legacyProvince.code) {
                let slot = districts.count
                districts[district.code] = slot
                for commune in units.legacyCommunes(in: district.code) {
                    guard let current = units.currentCommunes(forLegacy: commune.code)?.default,
                        current.provinceCode == province.code, districtOfCommune[current.code] == nil
                    else { continue }
                    districtOfCommune[current.code] = slot
                }
            }
        }
        self.districtOfCommune = districtOfCommune
        districtOfLegacyDistrict = districts
        // Rounds draw from their own stream: another `today` changes the decisions, not the products.
        rounds = CertificateRounds(seed: mixed ^ 0x5851_F42D_4C95_7F2D, districts: districts.count, today: today)
        provincePrefix = number
        // Spread registration numbers over the 7-digit space but never run out of it.
        let expectedSubjects = products * 10 / 18 + 10
        maxTaxStep = max(1, min(9, 8_000_000 / expectedSubjects))
        taxSequence = random.int(in: 100_000...900_000)
    }

    mutating func generate(products total: Int) -> (subjects: [SampleSubject], products: [SampleProduct]) {
        var subjects: [SampleSubject] = []
        var products: [SampleProduct] = []
        subjects.reserveCapacity(total * 10 / 17)
        products.reserveCapacity(total)
        var remaining = total
        while remaining > 0 {
            let count = min(remaining, profile.figures.productsPerSubject.pick(&random))
            let draft = makeSubject()
            subjects.append(draft.subject)
            var names: [String] = []  // folded product names of this subject
            for _ in 0..<count {
                products.append(makeProduct(of: draft, names: &names))
            }
            remaining -= count
        }
        return (subjects, products)
    }
}
