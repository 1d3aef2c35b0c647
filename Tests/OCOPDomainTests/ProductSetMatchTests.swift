import Foundation
import Testing

@testable import OCOPDomain

@Suite struct ProductSetMatchTests {
    @Test func everySetByCode() {
        for set in ProductSet.all {
            #expect(ProductSet.match("\(set.code)") == .set(set, via: .decision148))
            #expect(ProductSet.match(" 0\(set.code) ") == .set(set, via: .decision148))
            #expect(ProductSet.match("Bộ sản phẩm số \(set.code)") == .set(set, via: .decision148))
        }
        #expect(ProductSet.match("Bộ 5") == .set(.fastFood, via: .decision148))
        for text in ["0", "27", "", "   ", "1.3"] {
            #expect(ProductSet.match(text) == .unmatched(candidates: []), "\(text)")
        }
    }

    @Test func everySetByName() {
        for set in ProductSet.all {
            let expected = ProductSetMatch.set(set, via: .decision148)
            let name = set.vietnameseName
            for text in [
                name,
                name.decomposedStringWithCanonicalMapping,
                name.uppercased(),
                VietnameseText.fold(name),
                "  " + name.replacingOccurrences(of: " ", with: "   ") + " ",
                name.replacingOccurrences(of: ", ", with: ","),
                "Bộ sản phẩm: " + name,
                "Bộ sản phẩm_ " + name,
                set.englishName,
                set.englishName.lowercased(),
            ] {
                #expect(ProductSet.match(text) == expected, "\(text)")
            }
        }
    }

    @Test func criteriaSheetTitles() {
        #expect(ProductSet.match("Bộ sản phẩm; Nước khoáng thiên nhiên, nước uống tinh khiết đóng chai") == .set(.bottledWater, via: .decision148))
        #expect(ProductSet.match("Mỹ phẩm có thành phần từ Thảo dược") == .set(.herbalCosmetics, via: .decision148))
        #expect(ProductSet.match("Gia vị khác") == .set(.otherSeasonings, via: .decision148))
        #expect(ProductSet.match("Trà từ thực vật khác") == .set(.otherPlantTeas, via: .decision148))
        #expect(ProductSet.match("ruoutrang") == .set(.whiteSpirits, via: .decision148))
        // "và" and "các" are dropped: lists write a comma instead, or leave them out.
        #expect(ProductSet.match("Mật ong, mật khác, nông sản thực phẩm khác") == .set(.honeyAndOtherFoods, via: .decision148))
        #expect(ProductSet.match("Tinh dầu, thảo dược khác") == .set(.essentialOilsAndHerbs, via: .decision148))
        #expect(ProductSet.match("Mật ong, sản phẩm từ mật ong, mật khác") == .set(.honeyAndOtherFoods, via: .decision1048(.honey)))
    }

    /// The mapping is a decision (docs/product-sets.md): changing it must be deliberate.
    @Test func decision1048Successors() {
        let expected: [Decision1048Set: Decision1048Set.Successor] = [
            .freshProduce: .set(.freshProduce, alternatives: []),
            .freshMeatEggsMilk: .set(.freshAnimalProducts, alternatives: []),
            .riceAndCereals: .set(.grains, alternatives: []),
            .honey: .set(.honeyAndOtherFoods, alternatives: [.processedAnimalProducts]),
            .fastFood: .set(.fastFood, alternatives: []),
            .processedRiceAndCereals: .set(.processedGrains, alternatives: []),
            .processedProduce: .set(.processedProduce, alternatives: []),
            .processedMeatEggsMilk: .set(.processedAnimalProducts, alternatives: []),
            .processedSeafood: .set(.processedAnimalProducts, alternatives: []),
            .liquidSeasonings: .set(.liquidSeasonings, alternatives: []),
            .otherSeasonings: .set(.otherSeasonings, alternatives: []),
            .tea: .set(.tea, alternatives: []),
            .otherTeaProducts: .set(.otherPlantTeas, alternatives: [.tea]),
            .coffeeAndCocoa: .set(.coffeeAndCocoa, alternatives: []),
            .whiteSpirits: .set(.whiteSpirits, alternatives: []),
            .otherAlcoholicDrinks: .set(.otherAlcoholicDrinks, alternatives: []),
            .bottledWater: .set(.bottledWater, alternatives: []),
            .nonAlcoholicDrinks: .set(.otherNonAlcoholicDrinks, alternatives: []),
            .herbalMedicines: .set(.herbalMedicines, alternatives: []),
            .cosmetics: .set(.herbalCosmetics, alternatives: []),
            .medicalDevices: .needsReview(candidates: [.essentialOilsAndHerbs, .herbalMedicines, .householdHandicrafts]),
            .otherHerbalProducts: .set(.essentialOilsAndHerbs, alternatives: []),
            .textiles: .set(.textiles, alternatives: []),
            .decorativeHandicrafts: .set(.householdHandicrafts, alternatives: []),
            .householdHandicrafts: .set(.householdHandicrafts, alternatives: []),
            .ruralTourism: .set(.ruralTourism, alternatives: []),
        ]
        #expect(Decision1048Set.allCases.count == 26)
        #expect(expected.count == 26)
        for legacy in Decision1048Set.allCases {
            #expect(legacy.successor == expected[legacy], "\(legacy)")
        }
    }

    @Test func decision1048Taxonomy() {
        let sets = Decision1048Set.allCases
        #expect(Set(sets.map(\.sectorCode)) == Set(1...6))
        #expect(Set(sets.map(\.groupCode)).count == 16)
        #expect(sets.filter { $0.sectorCode == 1 }.count == 14)
        for set in sets {
            #expect(set.groupCode.hasPrefix("\(set.sectorCode)."))
        }
        #expect(Decision1048Set.processedSeafood.groupName == "Thực phẩm chế biến")
        #expect(Decision1048Set.medicalDevices.groupName == "Trang thiết bị, dụng cụ y tế")
        #expect(Decision1048Set.decorativeHandicrafts.sectorName == "Lưu niệm - nội thất - trang trí")
        #expect(Set(sets.map(\.vietnameseName)).count == 26)
    }

    /// 1048 names that are also 148 names answer as 148; all others say they came from 1048.
    @Test func everyDecision1048SetMaps() {
        let sameAs148: Set<Decision1048Set> = [
            .freshProduce, .fastFood, .processedRiceAndCereals, .processedProduce, .liquidSeasonings,
            .otherSeasonings, .coffeeAndCocoa, .whiteSpirits, .otherAlcoholicDrinks, .cosmetics, .textiles,
        ]
        var mapped = 0
        for legacy in Decision1048Set.allCases {
            for text in [legacy.vietnameseName, VietnameseText.fold(legacy.vietnameseName).uppercased()] {
                let match = ProductSet.match(text)
                switch legacy.successor {
                case .set(let set, _):
                    let via: ProductSetMatch.Source = sameAs148.contains(legacy) ? .decision148 : .decision1048(legacy)
                    #expect(match == .set(set, via: via), "\(text)")
                case .needsReview(let candidates):
                    #expect(match == .ambiguous(.decision1048(legacy), candidates: candidates), "\(text)")
                }
            }
            for spelling in legacy.spellings {
                #expect(ProductSet.match(spelling).candidates == ProductSet.match(legacy.vietnameseName).candidates, "\(spelling)")
            }
            mapped += 1
        }
        #expect(mapped == 26)
    }

    @Test func provinceSpellings() {
        #expect(ProductSet.match("rau, củ, quả tươi") == .set(.freshProduce, via: .decision148))
        #expect(ProductSet.match("Rau cu qua tuoi") == .set(.freshProduce, via: .decision148))
        #expect(ProductSet.match("Thủ công mỹ nghệ, trang trí") == .set(.householdHandicrafts, via: .decision1048(.decorativeHandicrafts)))
        #expect(ProductSet.match("thu cong my nghe gia dung") == .set(.householdHandicrafts, via: .decision1048(.householdHandicrafts)))
        #expect(ProductSet.match("Chế biến từ thủy, hải sản") == .set(.processedAnimalProducts, via: .decision1048(.processedSeafood)))
        #expect(ProductSet.match("Thịt, trứng, sữa tươi") == .set(.freshAnimalProducts, via: .decision1048(.freshMeatEggsMilk)))
        #expect(ProductSet.match("Gạo,  ngũ cốc") == .set(.grains, via: .decision1048(.riceAndCereals)))
        #expect(ProductSet.match("Các sản phẩm khác từ chè, trà") == .set(.otherPlantTeas, via: .decision1048(.otherTeaProducts)))
        #expect(ProductSet.match("NGÀNH VẢI, MAY MẶC") == .set(.textiles, via: .decision148))
        #expect(ProductSet.match("Dịch vụ du lịch nông thôn, bán hàng") == .set(.ruralTourism, via: .decision1048(.ruralTourism)))
        #expect(ProductSet.match("Sản phẩm cà phê, ca cao") == .set(.coffeeAndCocoa, via: .decision148))
        #expect(ProductSet.match("Cà phê") == .set(.coffeeAndCocoa, via: .decision148))
        #expect(ProductSet.match("Mật ong") == .set(.honeyAndOtherFoods, via: .decision148))
        #expect(ProductSet.match("Rượu trắng (rượu ngô men lá)") == .set(.whiteSpirits, via: .decision148))
        #expect(ProductSet.match("Nhóm Mỹ phẩm") == .set(.herbalCosmetics, via: .decision148))
        #expect(ProductSet.match("Trang thiết bị, dụng cụ y tế") == .ambiguous(.decision1048(.medicalDevices), candidates: [.essentialOilsAndHerbs, .herbalMedicines, .householdHandicrafts]))
    }

    @Test func groupNamesAreAmbiguous() {
        #expect(ProductSet.match("Thực phẩm tươi sống") == .ambiguous(.group(.freshFood), candidates: [.freshProduce, .freshAnimalProducts]))
        #expect(ProductSet.match("Đồ uống có cồn") == .ambiguous(.group(.alcoholicDrinks), candidates: [.whiteSpirits, .otherAlcoholicDrinks]))
        #expect(ProductSet.match("Nhóm: Gia vị") == .ambiguous(.group(.seasonings), candidates: [.liquidSeasonings, .otherSeasonings]))
        #expect(ProductSet.match("processed food") == .ambiguous(.group(.processedFood), candidates: [.fastFood, .processedGrains, .processedProduce, .processedAnimalProducts]))
        // Two group names mean one set: the 1048 set of that name, and the tea plant.
        #expect(ProductSet.match("Đồ uống không cồn") == .set(.otherNonAlcoholicDrinks, via: .decision1048(.nonAlcoholicDrinks)))
        #expect(ProductSet.match("Chè") == .set(.tea, via: .decision148))
        let shadowed: Set<ProductGroup> = [.nonAlcoholicDrinks, .tea]
        for group in ProductGroup.all where group.productSets.count > 1 && !shadowed.contains(group) {
            #expect(ProductSet.match(group.vietnameseName) == .ambiguous(.group(group), candidates: group.productSets), "\(group)")
        }
        // Single-set groups name their set.
        #expect(ProductSet.match("Coffee and cocoa") == .set(.coffeeAndCocoa, via: .decision148))
    }

    @Test func unknownNamesGetCandidates() {
        #expect(ProductSet.match("Rau, củ, quả") == .unmatched(candidates: [.freshProduce, .processedProduce]))
        #expect(Array(ProductSet.match("Sinh vật cảnh").candidates.prefix(2)) == [.ornamentalAnimals, .ornamentalPlants])
        #expect(ProductSet.match("Đồ gỗ mỹ nghệ").candidates.first == .householdHandicrafts)
        let otherFood = ProductSet.match("Thực phẩm khác")
        #expect(otherFood.productSet == nil)
        #expect((1...3).contains(otherFood.candidates.count))
        #expect(ProductSet.match("xyzzy qwerty") == .unmatched(candidates: []))
    }

    @Test func shortFormsAndTable() {
        #expect(ProductSetMatcher.shared.conflicts.isEmpty)
        for (set, forms) in ProductSetMatcher.shortForms {
            for form in forms {
                #expect(ProductSet.match(form) == .set(set, via: .decision148), "\(form)")
            }
        }
    }

    @Test func convenience() {
        #expect(ProductSet.match("14").productSet == .whiteSpirits)
        #expect(ProductSet.match("14").candidates == [.whiteSpirits])
        #expect(ProductSet.match("Gia vị").productSet == nil)
        #expect(ProductSet.match("Gia vị").candidates == [.liquidSeasonings, .otherSeasonings])
    }
}
