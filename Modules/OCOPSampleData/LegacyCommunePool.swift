import OCOPDomain

/// The legacy (pre-2025) communes whose default successor lies in a given current province, for
/// rows that name their commune by `legacy_commune_code`.
struct LegacyCommunePool: Sendable {
    struct Entry: Sendable {
        let legacy: LegacyCommune
        let current: Commune
        /// "Xã Bát Tràng, Huyện Gia Lâm, Thành phố Hà Nội": the address as written before 2025.
        let addressTail: String
        /// A short place name for product names: the commune, or its district for numbered wards.
        let place: String
    }

    let entries: [Entry]

    init(units: AdminUnits, province: ProvinceCode) {
        var entries: [Entry] = []
        for legacyProvince in units.legacyProvinces where units.currentProvince(forLegacy: legacyProvince.code)?.code == province {
            for district in units.legacyDistricts(in: legacyProvince.code) {
                for commune in units.legacyCommunes(in: district.code) {
                    // Only communes that were not divided in 2025: products carry no address, and an
                    // import never guesses a divided commune (such rows go to review).
                    let addressTail = "\(commune.name), \(commune.districtName), \(legacyProvince.name)"
                    guard let mapped = units.currentCommunes(forLegacy: commune.code), mapped.all.count == 1,
                        mapped.default.provinceCode == province
                    else { continue }
                    let current = mapped.default
                    let place = commune.shortName.contains(where: \.isNumber) ? district.shortName : commune.shortName
                    entries.append(Entry(
                        legacy: commune, current: current,
                        addressTail: addressTail, place: place))
                }
            }
        }
        self.entries = entries
    }
}
