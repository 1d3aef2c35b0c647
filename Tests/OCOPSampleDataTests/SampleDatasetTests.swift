import Foundation
import OCOPCSV
import OCOPDomain
import Testing

@testable import OCOPSampleData

private func code(_ text: String) throws -> ProvinceCode { try #require(ProvinceCode(rawValue: text)) }

private func dataset(_ province: String, products: Int, seed: UInt64 = 42) throws -> SampleDataset {
    try SampleDataset.generate(province: code(province), products: products, seed: seed)
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
        #expect(share(summary.stars[.five], summary.products) < 0.012)
        #expect(summary.stars[.one] == nil && summary.stars[.two] == nil)

        let food = share(summary.sectors[.food], summary.products)
        #expect(food > 0.65 && food < 0.85, "food \(food)")
        for sector in Sector.allCases { #expect((summary.sectors[sector] ?? 0) > 0, "no \(sector)") }

        #expect(abs(share(summary.womenRepresentatives, summary.subjects) - 0.40) < 0.04)
        #expect(abs(share(summary.subjectsByLegacyCommune, summary.subjects) - 0.10) < 0.03)
        let modern = share(summary.subjectsOnModernChannels, summary.subjects)
        #expect(modern > 0.45 && modern < 0.6, "modern channels \(modern)")

        let expired = Double(data.expiredCertificates(asOf: SampleDate(uncheckedYear: 2026, month: 1, day: 1))) / 5_000
        #expect(expired > 0.1 && expired < 0.5, "expired \(expired)")
    }

    @Test func hanoiIsAboutAThirdHandicraft() throws {
        let summary = try dataset("01", products: 5_000).summary
        let handicraft = Double(summary.sectors[.handicraft] ?? 0) / Double(summary.products)
        #expect(handicraft > 0.25 && handicraft < 0.35)
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
        let data = try SampleDataset.generate(province: province, products: 3_000, seed: 7, units: units)
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
        for product in data.products {
            #expect(product.certifiedOn.year >= max(2019, 1990) && product.certifiedOn.year <= 2025)
            #expect(product.certificateNumber.contains("/QĐ-"))
            #expect(product.stars >= .three)
        }
    }

    @Test func everyProvinceGenerates() throws {
        let units = try AdminUnits.shared
        for province in units.provinces {
            let data = try SampleDataset.generate(province: province.code, products: 60, seed: 1, units: units)
            #expect(data.products.count == 60)
            #expect(!LegacyCommunePool(units: units, province: province.code).entries.isEmpty, "\(province.name)")
        }
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
