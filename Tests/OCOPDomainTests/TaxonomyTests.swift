import Foundation
import Testing

@testable import OCOPDomain

@Suite struct TaxonomyTests {
    @Test func counts() {
        #expect(Sector.all.count == 6)
        #expect(ProductGroup.all.count == 17)
        #expect(ProductSet.all.count == 26)
        #expect(ProductSet.all.map(\.code) == Array(1...26))
        #expect(Sector.all.reduce(0) { $0 + $1.groups.count } == 17)
        #expect(ProductGroup.all.reduce(0) { $0 + $1.productSets.count } == 26)
        #expect(Sector.all.reduce(0) { $0 + $1.productSets.count } == 26)
    }

    @Test func navigation() throws {
        let whiteSpirits = try #require(ProductSet(code: 14))
        #expect(whiteSpirits == .whiteSpirits)
        #expect(whiteSpirits.vietnameseName == "Rượu trắng")
        #expect(whiteSpirits.group == .alcoholicDrinks)
        #expect(whiteSpirits.group.code == "2.1")
        #expect(whiteSpirits.sector == .drinks)
        #expect(whiteSpirits.group.sector.vietnameseName == "Đồ uống")
        // QĐ 148, Annex I: food in six groups.
        #expect(Sector.food.groups.map(\.code) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"])
        #expect(Sector.food.groups.map { $0.productSets.map(\.code) } == [[1, 2], [3, 4], [5, 6, 7, 8], [9, 10], [11, 12], [13]])
        #expect(ProductSet.fastFood.group == .processedFood, "fast food is processed food")
        #expect(ProductGroup(code: "1.3")?.productSets.map(\.code) == [5, 6, 7, 8])
        #expect(Sector.herbal.groups.map(\.code) == ["3.1", "3.2", "3.3"])
        #expect(Sector.ruralTourism.romanNumeral == "VI")
        #expect(ProductSet(code: 0) == nil)
        #expect(ProductSet(code: 27) == nil)
        for set in ProductSet.all {
            #expect(set.group.productSets.contains(set))
            #expect(set.sector.groups.contains(set.group))
        }
    }

    @Test func groupCodesFollowSectors() {
        for group in ProductGroup.all {
            #expect(group.code.hasPrefix("\(group.sector.code)."))
        }
    }

    @Test func lookupByName() {
        #expect(ProductSet(named: "Rượu trắng") == .whiteSpirits)
        #expect(ProductSet(named: "ruou trang") == .whiteSpirits)
        #expect(ProductSet(named: "Bộ sản phẩm: Hoa") == .flowers)
        #expect(ProductSet(named: "Bộ sản phẩm; Nước khoáng thiên nhiên, nước uống tinh khiết đóng chai") == .bottledWater)
        #expect(ProductSet(named: "Mỹ phẩm có thành phần từ Thảo dược") == .herbalCosmetics)
        #expect(ProductSet(named: "Flowers") == .flowers)
        #expect(ProductSet(named: "Hoa quả") == nil)
    }

    /// The 26 score sheets' file names (shared/domain/criteria-148), bundled beside this test so
    /// the check runs anywhere — and fails, rather than passes, when the list is missing.
    @Test func namesMatchTheCriteriaFiles() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/criteria-148-sheets.txt")
        let files = try String(contentsOf: fixture, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(files.count == 26)
        var seen: Set<ProductSet> = []
        for file in files where file.hasSuffix(".csv") {
            // "OCOP - 16. Bộ sản phẩm; Nước khoáng … .csv" → 16 and the name.
            let stem = VietnameseText.nfc(String(file.dropFirst("OCOP - ".count).dropLast(".csv".count)))
            let number = try #require(Int(stem.prefix { $0.isNumber }))
            let name = String(stem.drop { $0.isNumber || $0 == "." || $0 == " " })
            let set = try #require(ProductSet(named: name), "\(file)")
            #expect(set.code == number, "\(file)")
            seen.insert(set)
        }
        #expect(seen.count == 26)
    }

    @Test func codable() throws {
        let data = try JSONEncoder().encode([ProductSet.flowers])
        #expect(String(decoding: data, as: UTF8.self) == "[23]")
        #expect(try JSONDecoder().decode([ProductGroup].self, from: Data(#"["5.1"]"#.utf8)) == [.flowers])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ProductSet].self, from: Data("[27]".utf8)) }
    }
}
