import Foundation
import Testing

@testable import OCOPDomain

@Suite struct AdminUnitsTests {
    let units: AdminUnits

    init() throws {
        units = try AdminUnits.shared
    }

    @Test func counts() {
        #expect(units.provinces.count == 34)
        #expect(units.legacyProvinces.count == 63)
        #expect(units.provinces.reduce(0) { $0 + units.communes(in: $1.code).count } == 3_321)
        let districts = units.legacyProvinces.flatMap { units.legacyDistricts(in: $0.code) }
        #expect(districts.count == 696)
        // units-legacy.csv has 10,040 rows: 10,035 communes and 5 island districts without communes.
        #expect(districts.reduce(0) { $0 + units.legacyCommunes(in: $1.code).count } == 10_035)
        #expect(districts.filter { units.legacyCommunes(in: $0.code).isEmpty }.count == 5)
    }

    @Test func provinceLookup() throws {
        let hanoi = try #require(units.province(try provinceCode("01")))
        #expect(hanoi.name == "Thành phố Hà Nội")
        #expect(hanoi.shortName == "Hà Nội")
        #expect(units.provinces.map(\.code) == units.provinces.map(\.code).sorted())
        // Bắc Giang (24) was merged into Bắc Ninh, which kept code 24.
        let bacGiang = try #require(units.legacyProvince(try provinceCode("24")))
        #expect(bacGiang.name == "Tỉnh Bắc Giang")
        #expect(units.province(try provinceCode("24"))?.shortName == "Bắc Ninh")
        #expect(units.province(try provinceCode("02")) == nil)
        #expect(units.legacyProvince(try provinceCode("02"))?.shortName == "Hà Giang")
    }

    @Test func communeLookup() throws {
        let baDinh = try #require(units.commune(try communeCode("00004")))
        #expect(baDinh.name == "Phường Ba Đình")
        #expect(baDinh.shortName == "Ba Đình")
        #expect(baDinh.kind == .ward)
        #expect(baDinh.provinceCode.rawValue == "01")
        #expect(baDinh.latitude == 21.0386)
        #expect(baDinh.longitude == 105.838)
        #expect(units.commune(try communeCode("99999")) == nil)

        let kinds = Set(units.provinces.flatMap { units.communes(in: $0.code) }.map(\.kind))
        #expect(kinds == [.ward, .commune, .specialZone])
    }

    @Test func legacyAndCurrentCodesAreSeparate() throws {
        let code = try communeCode("00004")
        #expect(units.commune(code)?.name == "Phường Ba Đình")
        let old = try #require(units.legacyCommune(code))
        #expect(old.name == "Phường Trúc Bạch")
        #expect(old.districtName == "Quận Ba Đình")
        #expect(old.districtCode.rawValue == "001")
        #expect(old.provinceCode.rawValue == "01")
    }

    @Test func legacyCommuneDetails() throws {
        let bat = try #require(units.legacyCommune(try communeCode("00583")))
        #expect(bat.name == "Xã Bát Tràng")
        #expect(bat.shortName == "Bát Tràng")
        #expect(bat.kind == .commune)
        #expect(bat.districtName == "Huyện Gia Lâm")
        let district = try #require(units.legacyDistrict(bat.districtCode))
        #expect(district.kind == .ruralDistrict)
        #expect(district.shortName == "Gia Lâm")
        // Names that differ from "<kind> <short>" in the source are kept as published.
        #expect(units.legacyCommune(try communeCode("19624"))?.name == "Thị Trấn Ái Tử")
        #expect(units.legacyCommune(try communeCode("26890"))?.shortName == "Phường 1")
    }

    @Test func wholeLegacyCommune() throws {
        // Phường Phúc Xá went whole into Phường Hồng Hà.
        let mapped = try #require(units.currentCommunes(forLegacy: try communeCode("00001")))
        #expect(mapped.default.name == "Phường Hồng Hà")
        #expect(mapped.all.map(\.code.rawValue) == ["00097"])
    }

    @Test func dividedLegacyCommune() throws {
        // Xã Bát Tràng (Gia Lâm) was divided; its default successor is the new Xã Bát Tràng.
        let bat = try #require(units.currentCommunes(forLegacy: try communeCode("00583")))
        #expect(bat.default.code.rawValue == "00577")
        #expect(bat.default.name == "Xã Bát Tràng")
        #expect(bat.all.map(\.code.rawValue) == ["00577", "00145", "00565"])

        // Phường Điện Biên (Ba Đình) went to four new wards, Ba Đình by default.
        let dienBien = try #require(units.currentCommunes(forLegacy: try communeCode("00019")))
        #expect(dienBien.default.name == "Phường Ba Đình")
        #expect(dienBien.all.count == 4)
        #expect(dienBien.all.first == dienBien.default)

        #expect(units.currentCommunes(forLegacy: try communeCode("99999")) == nil)
    }

    @Test func everyLegacyCommuneMapsInsideItsMergedProvince() {
        var checked = 0
        for province in units.legacyProvinces {
            let current = units.currentProvince(forLegacy: province.code)
            #expect(current != nil, "\(province.name)")
            for district in units.legacyDistricts(in: province.code) {
                for commune in units.legacyCommunes(in: district.code) {
                    let mapped = units.currentCommunes(forLegacy: commune.code)
                    #expect(mapped?.all.allSatisfy { $0.provinceCode == current?.code } == true, "\(commune.code)")
                    checked += 1
                }
            }
        }
        #expect(checked == 10_035)
    }

    @Test func currentProvinceForLegacy() throws {
        #expect(units.currentProvince(forLegacy: try provinceCode("77"))?.name == "Thành phố Hồ Chí Minh")
        #expect(units.currentProvince(forLegacy: try provinceCode("30"))?.shortName == "Hải Phòng")
        #expect(units.currentProvince(forLegacy: try provinceCode("01"))?.shortName == "Hà Nội")
        #expect(units.currentProvince(forLegacy: try provinceCode("99")) == nil)
    }

    @Test func searchProvinces() {
        #expect(units.searchProvinces("ha noi").first?.name == "Thành phố Hà Nội")
        #expect(units.searchProvinces("Hà Nội").first?.name == "Thành phố Hà Nội")
        #expect(units.searchProvinces("HANOI").first?.name == "Thành phố Hà Nội")
        #expect(units.searchProvinces("da nang").map(\.name) == ["Thành phố Đà Nẵng"])
        #expect(units.searchProvinces("thanh pho").count == 6)
        // Exact short name first, then prefixes: "ha" ranks Hà Nội-like prefixes before word matches.
        let ha = units.searchProvinces("ha")
        #expect(ha.prefix(4).allSatisfy { VietnameseText.fold($0.shortName).hasPrefix("ha") })
        #expect(units.searchProvinces("   ").isEmpty)
        #expect(units.searchProvinces("xyz").isEmpty)
    }

    @Test func searchCommunes() throws {
        let hanoi = try provinceCode("01")
        let bat = units.searchCommunes("bat trang")
        #expect(bat.first?.name == "Xã Bát Tràng")
        #expect(bat.first?.provinceCode == hanoi)
        #expect(units.searchCommunes("Bát Tràng", in: hanoi).map(\.code.rawValue) == ["00577"])
        // Exact short-name match first, then longer names starting with the query.
        let baDinh = units.searchCommunes("ba dinh")
        #expect(baDinh.first?.name == "Phường Ba Đình")
        // Full-name match ("phuong …") and a province filter.
        let phuong = units.searchCommunes("phuong", in: hanoi, limit: 500)
        #expect(phuong.allSatisfy { $0.provinceCode == hanoi })
        #expect(phuong.filter { $0.kind == .ward }.count == units.communes(in: hanoi).filter { $0.kind == .ward }.count)
        // Communes named "Phương …" match by short-name prefix, so they rank before full-name matches.
        #expect(phuong.first.map { VietnameseText.fold($0.shortName).hasPrefix("phuong") } == true)
        #expect(units.searchCommunes("xa", limit: 5).count == 5)
        #expect(units.searchCommunes("bat trang", in: try provinceCode("79")).isEmpty)
        #expect(units.searchCommunes("bat trang", limit: 0).isEmpty)
        // NFD input finds the same.
        let nfd = "Bát Tràng".decomposedStringWithCanonicalMapping
        #expect(units.searchCommunes(nfd).first?.code.rawValue == "00577")
    }

    @Test func loadTime() throws {
        let url = try #require(Bundle.module.url(forResource: "admin-units", withExtension: "txt"))
        let clock = ContinuousClock()
        let start = clock.now
        let fresh = try AdminUnits(contentsOf: url)
        let elapsed = clock.now - start
        let size = try Data(contentsOf: url).count
        print("admin-units.txt: \(size) bytes, loaded in \(elapsed) (this build configuration)")
        #expect(fresh.provinces == units.provinces)
    }
}
