import Foundation
import OCOPCSV
import OCOPDomain
import Testing

@testable import OCOPSampleData

private func code(_ text: String) throws -> ProvinceCode { try #require(ProvinceCode(rawValue: text)) }

/// A fixed day, so every run of the tests sees the same data.
let testToday = SampleDate(year: 2026, month: 1, day: 15)!

func day(_ text: String) throws -> SampleDate { try #require(SampleDate(text: text)) }

private func dataset(_ province: String, products: Int, seed: UInt64 = 42, today: SampleDate = testToday) throws -> SampleDataset {
    try SampleDataset.generate(province: code(province), products: products, seed: seed, today: today)
}

@Suite struct SampleDatasetTests {
    @Test func sameSeedGivesIdenticalBytesOtherSeedDiffers() throws {
        let first = try dataset("38", products: 2_000)
        let again = try dataset("38", products: 2_000)
        #expect(first.subjectsCSV() == again.subjectsCSV())
        #expect(first.productsCSV() == again.productsCSV())
        let other = try dataset("38", products: 2_000, seed: 43)
        #expect(other.subjectsCSV() != first.subjectsCSV())
        #expect(other.productsCSV() != first.productsCSV())
        let elsewhere = try dataset("79", products: 2_000)
        #expect(elsewhere.productsCSV() != first.productsCSV())
    }

    @Test func producesExactlyTheRequestedProducts() throws {
        for count in [1, 2, 17, 1_000] {
            #expect(try dataset("01", products: count).products.count == count)
        }
    }

    @Test func nationalProportionsHoldWithinTolerance() throws {
        let data = try dataset("38", products: 5_000)
        let summary = data.summary
        func share(_ count: Int?, _ total: Int) -> Double { Double(count ?? 0) / Double(total) }
        let perSubject = Double(summary.products) / Double(summary.subjects)
        #expect(perSubject > 1.65 && perSubject < 2.0, "products per subject \(perSubject)")

        let forms = summary.legalForms
        #expect(abs(share(forms[.cooperative], summary.subjects) - 0.327) < 0.035)
        #expect(abs(share(forms[.enterprise], summary.subjects) - 0.241) < 0.035)
        #expect(abs(share(forms[.householdBusiness], summary.subjects) - 0.427) < 0.035)
        #expect(share(forms[.cooperativeGroup], summary.subjects) < 0.015)

        #expect(abs(share(summary.stars[.three], summary.products) - 0.74) < 0.03)
        #expect(abs(share(summary.stars[.four], summary.products) - 0.25) < 0.03)
        let potential = share(summary.potentialFiveStar, summary.products)
        #expect(potential > 0.004 && potential < 0.02, "potential 5★ \(potential)")
        #expect(share(summary.stars[.five], summary.products) < 0.012)
        #expect(summary.stars[.one] == nil && summary.stars[.two] == nil)

        let food = share(summary.sectors[.food], summary.products)
        #expect(food > 0.65 && food < 0.85, "food \(food)")
        for sector in Sector.allCases { #expect((summary.sectors[sector] ?? 0) > 0, "no \(sector)") }

        #expect(abs(share(summary.womenRepresentatives, summary.subjects) - 0.40) < 0.04)
        #expect(abs(share(summary.subjectsByLegacyCommune, summary.subjects) - 0.10) < 0.03)
        let modern = share(summary.subjectsOnModernChannels, summary.subjects)
        #expect(modern > 0.45 && modern < 0.6, "modern channels \(modern)")

        let expired = share(summary.expired, summary.products)
        #expect(expired > 0.1 && expired < 0.35, "expired \(expired)")
    }

    /// ocop-rules.md §8: Hà Nội, April 2024, 2,711 products = 1,220×3★ (45.0 %), 1,473×4★ (54.3 %),
    /// 12 potential 5★ (0.44 %), 6×5★ (0.22 %); 1,649 products from 426 subjects (3.87 each) in 2022;
    /// handicraft about 30 %.
    @Test func hanoiFollowsItsPublishedFigures() throws {
        let summary = try dataset("01", products: 3_000).summary
        func share(_ count: Int?) -> Double { Double(count ?? 0) / Double(summary.products) }
        #expect(abs(share(summary.stars[.three]) - 0.450) < 0.03, "3★ \(share(summary.stars[.three]))")
        let four = (summary.stars[.four] ?? 0) - summary.potentialFiveStar
        #expect(abs(share(four) - 0.543) < 0.03, "4★ \(share(four))")
        #expect(summary.potentialFiveStar > 0 && share(summary.potentialFiveStar) < 0.012, "potential 5★ \(summary.potentialFiveStar)")
        #expect((summary.stars[.five] ?? 0) > 0 && share(summary.stars[.five]) < 0.008, "5★ \(summary.stars[.five] ?? 0)")
        let perSubject = Double(summary.products) / Double(summary.subjects)
        #expect(abs(perSubject - 3.87) < 0.4, "products per subject \(perSubject)")
        let handicraft = share(summary.sectors[.handicraft])
        #expect(handicraft > 0.25 && handicraft < 0.35, "handicraft \(handicraft)")
    }

    @Test func mountainProvincesHaveMoreEthnicMinorityRepresentatives() throws {
        let laiChau = try dataset("12", products: 2_000).summary
        let haiPhong = try dataset("31", products: 2_000).summary
        #expect(Double(laiChau.ethnicMinorityRepresentatives) / Double(laiChau.subjects) > 0.7)
        #expect(haiPhong.ethnicMinorityRepresentatives == 0)
    }

    @Test func communeCodesBelongToTheProvinceAndLegacyCodesMap() throws {
        let units = try AdminUnits.shared
        let province = try code("40")
        let data = try SampleDataset.generate(province: province, products: 3_000, seed: 7, today: testToday, units: units)
        let valid = Set(units.communes(in: province).map(\.code))
        var legacySubjects = 0
        for subject in data.subjects {
            #expect(valid.contains(subject.communeCode))
            if let legacy = subject.legacyCommuneCode {
                legacySubjects += 1
                let mapped = try #require(units.currentCommunes(forLegacy: legacy)?.default)
                #expect(mapped.code == subject.communeCode)
                #expect(mapped.provinceCode == province)
            }
        }
        #expect(legacySubjects > 0)
        var legacyProducts = 0
        for product in data.products {
            #expect(product.communeCode == nil || product.legacyCommuneCode == nil)
            if let commune = product.communeCode { #expect(valid.contains(commune)) }
            if let legacy = product.legacyCommuneCode {
                legacyProducts += 1
                #expect(units.currentCommunes(forLegacy: legacy)?.default.provinceCode == province)
            }
        }
        #expect(legacyProducts > 0)
    }

    @Test func registrationNumbersAreUniqueValidTaxCodes() throws {
        let data = try dataset("79", products: 20_000)
        let numbers = data.subjects.map(\.registrationNumber)
        #expect(Set(numbers).count == numbers.count)
        for number in numbers {
            #expect(TaxCode.isValid(number), "\(number)")
            #expect(number.hasPrefix("79"))
        }
    }

    @Test func productsBelongToSubjectsWithUniqueNames() throws {
        let data = try dataset("79", products: 20_000, seed: 7)
        let subjects = Set(data.subjects.map(\.registrationNumber))
        var names: [String: Set<String>] = [:]
        for product in data.products {
            #expect(subjects.contains(product.subjectRegistrationNumber))
            // Folded, as the importer keys products: "Cá kho" and "Cá khô" would clash.
            let inserted = names[product.subjectRegistrationNumber, default: []].insert(VietnameseText.fold(product.name)).inserted
            #expect(inserted, "duplicate \(product.name)")
        }
        #expect(names.count == data.subjects.count, "every subject has a product")
        #expect(names.values.map(\.count).max() ?? 0 <= 8)
    }

    @Test func subjectFieldsArePlausible() throws {
        let data = try dataset("66", products: 3_000)
        for subject in data.subjects {
            #expect(subject.phone.count == 10 && subject.phone.hasPrefix("09") && subject.phone.allSatisfy(\.isASCII))
            #expect((1990...2024).contains(subject.foundedYear))
            #expect((0...100).contains(subject.localLabourPercent))
            #expect(subject.employees > 0)
            #expect(!subject.salesChannels.isEmpty)
            if let email = subject.email { #expect(email.filter { $0 == "@" }.count == 1) }
            #expect(!subject.name.isEmpty && subject.name.count <= 300)
            #expect(subject.name == VietnameseText.nfc(subject.name))
        }
        let founded = Dictionary(uniqueKeysWithValues: data.subjects.map { ($0.registrationNumber, $0.foundedYear) })
        var certificates: Set<String> = []
        for product in data.products {
            #expect(product.certifiedOn.year >= founded[product.subjectRegistrationNumber] ?? 0, "recognised before it was founded")
            #expect(product.decisionNumber.contains("/QĐ-"))
            #expect(certificates.insert(product.certificateNumber).inserted, "duplicate certificate \(product.certificateNumber)")
            let parts = product.certificateNumber.split(separator: "-")
            #expect(parts.count == 3 && product.decisionNumber.hasPrefix("\(parts[0])/") && parts[1] == "\(product.certifiedOn.year)"
                && parts[2].count >= 3 && parts[2].allSatisfy(\.isNumber), "\(product.certificateNumber)")
            #expect(product.stars >= .three)
        }
        #expect(Set(data.products.map(\.decisionNumber)).count < data.products.count / 10, "products share their round's decision")
    }

    @Test(arguments: ["2019-01-01", "2023-09-30", "2024-04-15", "2026-01-15", "2031-06-30"])
    func decisionsFallInTheSevenYearsBeforeToday(_ text: String) throws {
        let today = try day(text)
        let data = try dataset("01", products: 3_000, today: today)
        let start = try day("2018-05-07"), sevenYears = today.adding(months: -84)
        for product in data.products {
            let date = product.certifiedOn
            #expect(date <= today && date >= start && date > sevenYears, "\(date) for \(today)")
        }
        // Some are expired and some valid whenever the programme is old enough.
        if today.year >= 2023 {
            let summary = data.summary
            #expect(summary.expired > 0 && summary.expired < summary.products / 2, "expired \(summary.expired)")
        }
    }

    /// ocop-rules.md §1, §4: the ministry recognises 5★; districts recognised 3★ only under
    /// QĐ 148 (2023-02-24 … 2025-07-05); provinces everything else. The level written agrees with
    /// what the registry derives from the date and stars.
    @Test func issuersFollowTheActInForce() throws {
        let data = try dataset("01", products: 6_000, today: try day("2025-12-31"))
        let from148 = try day("2023-02-24"), from1489 = try day("2025-07-06")
        var levels: [IssuingLevel: Int] = [:]
        for product in data.products {
            let date = product.certifiedOn
            let act = try #require(LegalAct.inForce(on: date.description))
            #expect(product.issuingLevel == IssuingLevel.recognising(stars: product.stars.stars, under: act), "\(product.decisionNumber) \(date)")
            levels[product.issuingLevel, default: 0] += 1
            switch product.issuingLevel {
            case .central:
                #expect(product.stars == .five && product.decision == .recognised)
                #expect(product.decisionNumber.hasSuffix(date.year >= 2025 ? "/QĐ-BNNMT" : "/QĐ-BNN-VPĐP"))
            case .district:
                #expect(product.stars == .three && date >= from148 && date < from1489)
                #expect(product.decisionNumber.hasSuffix("/QĐ-UBND"))
            case .province:
                #expect(product.stars == .four || !(date >= from148 && date < from1489))
                #expect(product.decisionNumber.hasSuffix("/QĐ-UBND"))
            }
            if product.decision == .potentialFiveStar { #expect(product.stars == .four && product.issuingLevel == .province) }
            #expect([.recognised, .potentialFiveStar].contains(product.decision))
        }
        #expect(levels[.district, default: 0] > 0 && levels[.central, default: 0] > 0 && levels[.province, default: 0] > 0)
        // Registers number through the year: a later provincial decision has a larger number.
        var provincial: [Int: [(date: SampleDate, numeral: Int)]] = [:]
        for product in data.products where product.issuingLevel == .province {
            let numeral = try #require(Int(product.decisionNumber.prefix { $0 != "/" }))
            provincial[product.certifiedOn.year, default: []].append((product.certifiedOn, numeral))
        }
        for (year, decisions) in provincial {
            let byDate = decisions.sorted { ($0.date, $0.numeral) < ($1.date, $1.numeral) }.map(\.numeral)
            #expect(byDate == byDate.sorted(), "\(year)")
        }
        // Districts decide for their own communes: many district decisions, each for few products.
        let districtDecisions = Set(data.products.filter { $0.issuingLevel == .district }.map(\.decisionNumber))
        #expect(districtDecisions.count > 30, "\(districtDecisions.count) district decisions")
    }

    @Test func sameTodayIdenticalOtherTodayShiftsTheDecisions() throws {
        let first = try dataset("01", products: 2_000, today: try day("2026-01-15"))
        let again = try dataset("01", products: 2_000, today: try day("2026-01-15"))
        #expect(first.productsCSV() == again.productsCSV())
        #expect(first.subjectsCSV() == again.subjectsCSV())

        let later = try dataset("01", products: 2_000, today: try day("2028-01-15"))
        #expect(later.productsCSV() != first.productsCSV())
        // Only the decisions move: the same subjects and products.
        #expect(later.subjectsCSV() == first.subjectsCSV())
        #expect(later.products.map(\.name) == first.products.map(\.name))
        func meanYear(_ data: SampleDataset) -> Double {
            data.products.map { Double($0.certifiedOn.year) + Double($0.certifiedOn.month - 1) / 12 }.reduce(0, +) / Double(data.products.count)
        }
        let shift = meanYear(later) - meanYear(first)
        #expect(shift > 1.5 && shift < 2.5, "mean decision date moved \(shift) years for 2 years")
        #expect(later.products.contains { $0.certifiedOn > testToday })
        // A year's rounds do not depend on `today`: a decision number of a year has one date in both.
        var dates: [String: SampleDate] = [:]
        for product in first.products { dates["\(product.decisionNumber) \(product.certifiedOn.year)"] = product.certifiedOn }
        var shared = 0
        for product in later.products {
            guard let date = dates["\(product.decisionNumber) \(product.certifiedOn.year)"] else { continue }
            shared += 1
            #expect(date == product.certifiedOn)
        }
        #expect(shared > 0)
    }

    @Test func everyProvinceGenerates() throws {
        let units = try AdminUnits.shared
        for province in units.provinces {
            let data = try SampleDataset.generate(province: province.code, products: 60, seed: 1, today: testToday, units: units)
            #expect(data.products.count == 60)
            #expect(!LegacyCommunePool(units: units, province: province.code).entries.isEmpty, "\(province.name)")
        }
    }

    @Test func refusesTodayBeforeTheFirstRounds() throws {
        #expect(throws: SampleDataError.invalidToday("2018-12-31")) { try dataset("01", products: 10, today: try day("2018-12-31")) }
        #expect(SampleDate(text: "2026-02-29") == nil && SampleDate(text: "2026-1-15") == nil && SampleDate(text: "15/01/2026") == nil)
    }

    @Test func refusesUnknownProvinceAndBadCounts() throws {
        #expect {
            _ = try dataset("02", products: 10)
        } throws: { error in
            guard case .unknownProvince(let code, let valid) = error as? SampleDataError else { return false }
            return code == "02" && valid.count == 34 && valid.first == "01 Hà Nội"
        }
        #expect(throws: SampleDataError.invalidProductCount(0)) { try dataset("01", products: 0) }
        #expect(throws: SampleDataError.invalidProductCount(2_000_001)) { try dataset("01", products: 2_000_001) }
    }
}
