import Foundation
import Testing

@testable import OCOPDomain

@Suite struct VocabularyTests {
    @Test(arguments: [
        (0.0, 1), (29.99, 1), (30.0, 2), (49.5, 2), (49.99, 2), (50.0, 3), (69.99, 3), (70.0, 4),
        (89.99, 4), (90.0, 5), (100.0, 5),
    ])
    func starBands(score: Double, stars: Int) {
        #expect(StarRating.band(forScore: score)?.stars == stars)
    }

    @Test func starBandsRejectInvalidScores() {
        #expect(StarRating.band(forScore: -0.01) == nil)
        #expect(StarRating.band(forScore: 100.01) == nil)
        #expect(StarRating.band(forScore: .nan) == nil)
    }

    @Test func starRating() throws {
        #expect(!StarRating.two.isRecognised)
        #expect(StarRating.three.isRecognised)
        #expect(StarRating.five > .four)
        #expect(StarRating(stars: 6) == nil)
        #expect(StarRating.four.description == "4★")
        #expect(String(decoding: try JSONEncoder().encode([StarRating.three]), as: UTF8.self) == "[3]")
    }

    @Test func legalForm() throws {
        #expect(LegalForm.allCases.map(\.rawValue) == ["doanh_nghiep", "hop_tac_xa", "to_hop_tac", "ho_kinh_doanh"])
        #expect(LegalForm.cooperative.vietnameseName == "Hợp tác xã")
        #expect(LegalForm.householdBusiness.englishName == "Household business")
        let decoded = try JSONDecoder().decode([LegalForm].self, from: Data(#"["to_hop_tac"]"#.utf8))
        #expect(decoded == [.cooperativeGroup])
    }

    @Test(arguments: [
        (Int64(17_400_000_000), "17.400.000.000 ₫"),
        (0, "0 ₫"),
        (999, "999 ₫"),
        (1_000, "1.000 ₫"),
        (8_000_000, "8.000.000 ₫"),
        (-2_500_000, "-2.500.000 ₫"),
        (Int64.min, "-9.223.372.036.854.775.808 ₫"),
    ])
    func vndFormatting(dong: Int64, expected: String) {
        #expect(VND(dong).formatted == expected)
    }

    @Test func vndArithmeticAndCoding() throws {
        let total: VND = 8_000_000 + 10_000_000
        #expect(total == VND(18_000_000))
        #expect(total - .zero == total)
        #expect(VND(1) < VND(2))
        #expect(String(decoding: try JSONEncoder().encode([total]), as: UTF8.self) == "[18000000]")
        #expect(try JSONDecoder().decode([VND].self, from: Data("[5]".utf8)) == [VND(5)])
    }

    private enum Product {}
    private enum Subject {}

    /// A type can use `ID<Self>` as its Identifiable id.
    private struct Thing: Identifiable {
        let id: ID<Thing>
    }

    @Test func typedIDs() throws {
        let product: ID<Product> = 42
        #expect(product.rawValue == 42)
        #expect(product.description == "42")
        #expect(ID<Product>("42") == product)
        #expect(ID<Product>("x") == nil)
        #expect(ID<Subject>(1) < ID<Subject>(2))
        #expect(String(decoding: try JSONEncoder().encode([product]), as: UTF8.self) == "[42]")
        #expect(try JSONDecoder().decode([ID<Product>].self, from: Data("[7]".utf8)) == [ID(7)])
        #expect(Thing(id: 3).id.rawValue == 3)
    }

    @Test func salesChannels() {
        #expect(SalesChannel.allCases.count == 8)
        #expect(SalesChannel.allCases.filter(\.isModern) == [.supermarket, .convenienceStore, .eCommerce, .livestream])
        #expect(SalesChannel.ocopPointOfSale.vietnameseName == "Điểm giới thiệu và bán sản phẩm OCOP")
        #expect(Set(SalesChannel.allCases.map(\.rawValue)).count == 8)
    }

    @Test func administrativeCodes() throws {
        #expect(ProvinceCode("01")?.rawValue == "01")
        #expect(ProvinceCode("1") == nil)
        #expect(ProvinceCode("0a") == nil)
        #expect(ProvinceCode("001") == nil)
        #expect(CommuneCode("00004") != nil)
        #expect(CommuneCode("０００04") == nil)  // full-width digits are not codes
        #expect(DistrictCode("018")?.description == "018")
        let codes = try JSONDecoder().decode([CommuneCode].self, from: Data(#"["00577"]"#.utf8))
        #expect(codes.first?.rawValue == "00577")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ProvinceCode].self, from: Data(#"["1"]"#.utf8)) }
        #expect(String(decoding: try JSONEncoder().encode(codes), as: UTF8.self) == #"["00577"]"#)
    }
}
