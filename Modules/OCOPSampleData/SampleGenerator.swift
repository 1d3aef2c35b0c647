import OCOPDomain

/// Draws subjects and their products. Every random choice comes from one seeded SplitMix64 in a
/// fixed order, and nothing iterates a dictionary, so a seed always gives the same data.
struct SampleGenerator {
    /// Legal forms of subjects nationally (ocop-rules.md §8, per mille): 32.7 % cooperatives,
    /// 24.1 % enterprises, 42.7 % household businesses, < 1 % cooperative groups.
    static let legalForms = WeightedTable<LegalForm>([
        (.cooperative, 327), (.enterprise, 241), (.householdBusiness, 427), (.cooperativeGroup, 5),
    ])

    /// Products per subject, 1–8, skewed: mean ≈ 1.82 (nationally 14,642 / 8,086 ≈ 1.81).
    static let productsPerSubject = WeightedTable<Int>([
        (1, 600), (2, 210), (3, 90), (4, 40), (5, 25), (6, 15), (7, 10), (8, 10),
    ])

    /// ≈ 73 % 3★, 24 % 4★ plus ~1 % potential 5★ (which hold 4★), 51 / 14,642 ≈ 0.35 % 5★.
    static let stars = WeightedTable<StarRating>([(.three, 7300), (.four, 2500), (.five, 35)])

    var random: SplitMix64
    let province: Province
    let profile: ProvinceProfile
    let communes: [Commune]
    /// Place names of `communes`, same order (see ``place(of:)``).
    let communePlaces: [String]
    let legacy: LegacyCommunePool
    let sets: WeightedTable<ProductSet>
    let rounds: CertificateRounds
    let provincePrefix: Int
    var taxSequence: Int
    let maxTaxStep: Int

    init(province: Province, units: AdminUnits, products: Int, seed: UInt64) {
        let number = Int(province.code.rawValue) ?? 0
        random = SplitMix64(seed: seed ^ (UInt64(number) &* 0xD6E8_FEB8_6659_FD93))
        self.province = province
        profile = ProvinceProfile.of(province.code)
        let communes = units.communes(in: province.code)
        self.communes = communes
        communePlaces = communes.map { Self.place(of: $0, in: province) }
        legacy = LegacyCommunePool(units: units, province: province.code)
        sets = profile.productSetTable()
        rounds = CertificateRounds(&random)
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
            let count = min(remaining, Self.productsPerSubject.pick(&random))
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
