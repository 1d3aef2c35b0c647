import OCOPDomain
import Testing

@testable import OCOPSampleData

@Suite struct SampleSupportTests {
    @Test(arguments: ["0100109106", "0300588569"])
    func realTaxCodesAreValid(_ code: String) {
        #expect(TaxCode.isValid(code))
    }

    @Test(arguments: ["0100109107", "010010910", "01001091066", "01001091O6", ""])
    func malformedTaxCodesAreInvalid(_ code: String) {
        #expect(!TaxCode.isValid(code))
    }

    @Test func madeTaxCodesCarryTheirPrefix() {
        var made = 0
        for sequence in 0..<1_000 {
            guard let code = TaxCode.make(prefix: 1, sequence: sequence) else { continue }
            made += 1
            #expect(code.hasPrefix("01") && TaxCode.isValid(code))
        }
        #expect(made > 850 && made < 1_000, "about 1 in 11 numbers has no valid check digit")
    }

    @Test func datesAddMonthsAndExpireAfter36() throws {
        let date = try #require(SampleDate(year: 2022, month: 1, day: 31))
        #expect(date.adding(months: 1).description == "2022-02-28")
        #expect(date.adding(months: 25).description == "2024-02-29")
        #expect(date.adding(months: 36).description == "2025-01-31")
        #expect(date.adding(months: -12).description == "2021-01-31")
        #expect(date.certificateValidUntil == "2025-01-31")
        #expect(date.standing(of: .recognised, on: date.adding(months: 36)) == .valid)
        #expect(date.standing(of: .potentialFiveStar, on: date.adding(months: 36)) == .potentialFiveStar)
        let dayAfter = try #require(SampleDate(year: 2025, month: 2, day: 1))
        #expect(date.standing(of: .recognised, on: dayAfter) == .expired)
        #expect(date.standing(of: .potentialFiveStar, on: dayAfter) == .expired)
        #expect(SampleDate(year: 2023, month: 2, day: 29) == nil)
        #expect(SampleDate(text: "2024-02-29") == SampleDate(year: 2024, month: 2, day: 29))
        #expect(SampleDate(text: "2024-+2-01") == nil && SampleDate(text: "2024-02-30") == nil)
    }

    @Test func splitMixIsTheReferenceSequence() {
        // First outputs for seed 0 of the reference implementation (Vigna's splitmix64.c).
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func catalogHasWordsForEverySet() {
        for set in ProductSet.allCases {
            let catalog = ProductCatalog.of(set)
            #expect(catalog.bases.count >= 4, "\(set)")
            #expect(Set(catalog.bases).count == catalog.bases.count, "\(set)")
            #expect(!catalog.trades.isEmpty, "\(set)")
        }
        for sector in Sector.allCases { #expect(!ProductWords.descriptions(sector).isEmpty) }
    }

    @Test func fillReplacesEveryPlaceholder() {
        let text = ProductWords.fill(
            "{Base}: {item} tại {place}, {province}; {n} hộ {unknown}", base: "Chè Shan tuyết", place: "Suối Giàng",
            province: "Lào Cai", number: 12)
        #expect(text == "Chè Shan tuyết: chè Shan tuyết tại Suối Giàng, Lào Cai; 12 hộ {unknown}")
    }

    @Test func weightedTableFollowsWeights() {
        let table = WeightedTable([("a", 1), ("b", 0), ("c", 3)])
        var random = SplitMix64(seed: 9)
        var counts: [String: Int] = [:]
        for _ in 0..<40_000 { counts[table.pick(&random), default: 0] += 1 }
        #expect(counts["b"] == nil)
        #expect(abs(Double(counts["c"] ?? 0) / 40_000 - 0.75) < 0.01)
    }
}
