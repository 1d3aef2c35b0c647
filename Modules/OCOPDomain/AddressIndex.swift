import Foundation

/// Units by folded name, for reading addresses. Built from an `AdminUnits` on the first address
/// it resolves (a few milliseconds), then shared: loading the units for other uses stays cheap.
final class AddressIndex: Sendable {
    /// Provinces of both periods sharing a key ("hung yen" is a 2025 province and a legacy one).
    struct Provinces: Sendable {
        var current: [Province] = []
        var legacy: [Province] = []
    }

    /// A unit under one of its keys.
    struct Entry<Unit: Sendable, Kind: Sendable & Equatable>: Sendable {
        let unit: Unit
        /// The kind the data gives and, when it differs, the one its name shows: the data has
        /// "Phường Việt Hòa" typed "Xã", "Phường 5" (Phú Nhuận) typed "Xã", and a few more.
        let kinds: [Kind]
        /// `AddressWords.exact` of the name without its kind word.
        let exact: String
    }

    let provinces: [String: Provinces]
    let legacyDistricts: [String: [Entry<LegacyDistrict, DistrictKind>]]
    let communes: [String: [Entry<Commune, CommuneKind>]]
    let legacyCommunes: [String: [Entry<LegacyCommune, CommuneKind>]]
    /// For each current commune, the legacy districts and provinces its territory came from.
    let originDistricts: [CommuneCode: Set<DistrictCode>]
    let originProvinces: [CommuneCode: Set<ProvinceCode>]
    /// The legacy provinces each current province took in (itself included), by code.
    let legacyProvincesByCurrent: [ProvinceCode: [Province]]
    /// Every key above: lets the reader rejoin names that contain " - " and were split there.
    let names: Set<String>

    /// Common ways of writing a province that are not its name (Thừa Thiên Huế became Thành phố
    /// Huế in January 2025, so the legacy data already has the new name).
    static let provinceAliases: [String: String] = ["hcm": "79", "tphcm": "79", "sai gon": "79", "thua thien hue": "46"]

    init(_ units: AdminUnits) {
        var provinces: [String: Provinces] = [:]
        for province in units.provinces {
            for key in Self.provinceKeys(province) { provinces[key, default: Provinces()].current.append(province) }
        }
        for province in units.legacyProvinces {
            for key in Self.provinceKeys(province) { provinces[key, default: Provinces()].legacy.append(province) }
        }
        for (alias, code) in Self.provinceAliases {
            guard let code = ProvinceCode(code) else { continue }
            provinces[alias] = Provinces(current: units.province(code).map { [$0] } ?? [],
                                         legacy: units.legacyProvince(code).map { [$0] } ?? [])
        }

        let communeKinds = Self.kindWords(CommuneKind.self), districtKinds = Self.kindWords(DistrictKind.self)
        var communes: [String: [Entry<Commune, CommuneKind>]] = [:]
        for province in units.provinces {
            for commune in units.communes(in: province.code) {
                Self.add(commune, name: commune.name, shortName: commune.shortName, kind: commune.kind, kindWords: communeKinds, to: &communes)
            }
        }

        var districts: [String: [Entry<LegacyDistrict, DistrictKind>]] = [:]
        var legacyCommunes: [String: [Entry<LegacyCommune, CommuneKind>]] = [:]
        var originDistricts: [CommuneCode: Set<DistrictCode>] = [:]
        var originProvinces: [CommuneCode: Set<ProvinceCode>] = [:]
        for province in units.legacyProvinces {
            for district in units.legacyDistricts(in: province.code) {
                Self.add(district, name: district.name, shortName: district.shortName, kind: district.kind, kindWords: districtKinds, to: &districts)
                for commune in units.legacyCommunes(in: district.code) {
                    Self.add(commune, name: commune.name, shortName: commune.shortName, kind: commune.kind, kindWords: communeKinds,
                             to: &legacyCommunes)
                    for successor in units.currentCommunes(forLegacy: commune.code)?.all ?? [] {
                        originDistricts[successor.code, default: []].insert(district.code)
                        originProvinces[successor.code, default: []].insert(province.code)
                    }
                }
            }
        }

        self.provinces = provinces
        legacyProvincesByCurrent = Dictionary(grouping: units.legacyProvinces) { units.currentProvince(forLegacy: $0.code)?.code }
            .reduce(into: [:]) { result, entry in if let code = entry.key { result[code] = entry.value } }
        self.legacyDistricts = districts
        self.communes = communes
        self.legacyCommunes = legacyCommunes
        self.originDistricts = originDistricts
        self.originProvinces = originProvinces
        names = Set(provinces.keys).union(districts.keys).union(communes.keys).union(legacyCommunes.keys)
    }

    /// "Thành phố Hà Nội" is found as "ha noi" and "hanoi".
    private static func provinceKeys(_ province: Province) -> Set<String> {
        let short = AddressWords.key(province.shortName)
        return [short, short.replacingOccurrences(of: " ", with: "")]
    }

    /// Files `unit` under its name without the kind word (the kind its name shows, else its type)
    /// and under its short name when that differs ("Phường 1" keeps its word there).
    private static func add<Unit, Kind: UnitKind>(
        _ unit: Unit, name: String, shortName: String, kind: Kind, kindWords: [(kind: Kind, words: [String])],
        to index: inout [String: [Entry<Unit, Kind>]]
    ) {
        let words = AddressWords.words(name[...])
        let folded = words.map(AddressWords.fold)
        let named = kindWords.first { folded.count > $0.words.count && folded.starts(with: $0.words) }
        let skip = named?.words.count ?? 0
        let bare = words[skip...].joined(separator: " ")
        let kinds = named.map { $0.kind == kind ? [kind] : [kind, $0.kind] } ?? [kind]
        let entry = Entry(unit: unit, kinds: kinds, exact: AddressWords.exact(bare))
        var keys: Set<String> = [folded[skip...].joined(separator: " ")]
        if shortName != bare { keys.insert(AddressWords.key(shortName)) }
        for key in keys where !key.isEmpty { index[key, default: []].append(entry) }
    }

    /// Each kind's words, folded: [(.township, ["thi", "tran"]), …].
    private static func kindWords<Kind: UnitKind>(_: Kind.Type) -> [(kind: Kind, words: [String])] {
        Kind.allCases.map { ($0, AddressWords.key($0.vietnameseName).split(separator: " ").map(String.init)) }
    }
}

/// A value computed on first use, once, whichever task asks first.
final class Lazy<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value?  // guarded by `lock`

    func get(_ make: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let made = make()
        value = made
        return made
    }
}

/// Commune and district kinds, for indexing both alike.
protocol UnitKind: CaseIterable, Equatable, Sendable {
    var vietnameseName: String { get }
}

extension CommuneKind: UnitKind {}
extension DistrictKind: UnitKind {}
