import Foundation

/// Vietnam's administrative units: the 34 provinces and 3,321 communes in force since 2025-07-01,
/// the legacy 63 provinces / 696 districts / 10,035 communes, and the legacy → current mapping.
///
/// Immutable after loading, so it is safe to share between tasks. Current and legacy codes are
/// separate tables: the same number can name different units in each.
public final class AdminUnits: Sendable {
    /// The 34 current provinces, by code.
    public let provinces: [Province]
    /// The 63 provinces before the 2025 merger, by code.
    public let legacyProvinces: [Province]

    private let provinceIndex: [ProvinceCode: Int]
    private let legacyProvinceIndex: [ProvinceCode: Int]
    private let mergedInto: [ProvinceCode: ProvinceCode]
    /// All current communes, grouped by province in province order, by code within a province.
    private let allCommunes: [Commune]
    private let communeIndex: [CommuneCode: Int]
    private let communeRanges: [ProvinceCode: Range<Int>]
    private let districts: [LegacyDistrict]
    private let districtIndex: [DistrictCode: Int]
    private let districtRanges: [ProvinceCode: Range<Int>]
    private let allLegacyCommunes: [LegacyCommune]
    private let legacyCommuneIndex: [CommuneCode: Int]
    private let legacyCommuneRanges: [DistrictCode: Range<Int>]
    private let targets: [Int32]
    private let targetStarts: [Int32]
    private let provinceKeys: [SearchKey]
    private let communeKeys: [SearchKey]
    /// Name indexes for `resolve(address:province:)`, built by the first call.
    let addressIndexStorage = Lazy<AddressIndex>()

    /// The bundled data, read and parsed once on first use (nothing is loaded at launch).
    public static var shared: AdminUnits {
        get throws(AdminUnitsError) { try bundled.get() }
    }

    /// A Swift static `let` is initialised lazily and exactly once, even under concurrent access.
    private static let bundled: Result<AdminUnits, AdminUnitsError> = Result { () throws(AdminUnitsError) in
        guard let url = bundledResourceURL() else { throw AdminUnitsError.resourceMissing }
        return try AdminUnits(contentsOf: url)
    }

    /// The resource inside the target's bundle. On Linux SwiftPM's generated `Bundle.module` calls
    /// `fatalError` when the bundle directory is missing (a deployment that forgot
    /// `<package>_OCOPDomain.resources`); since that directory always sits beside the executable
    /// there, look for it directly so a bad deployment becomes an error, not a crash.
    private static func bundledResourceURL() -> URL? {
        #if os(Linux)
        let directory = Bundle.main.bundleURL
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for entry in entries.sorted() where entry.hasSuffix("_OCOPDomain.resources") {
            let url = directory.appendingPathComponent(entry).appendingPathComponent("admin-units.txt")
            if FileManager.default.isReadableFile(atPath: url.path) { return url }
        }
        return nil
        #else
        return Bundle.module.url(forResource: "admin-units", withExtension: "txt")
        #endif
    }

    /// Loads a file in the `admin-units.txt` format (see `scripts/gen-admin-units.py`).
    public convenience init(contentsOf url: URL) throws(AdminUnitsError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw AdminUnitsError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        try self.init(data: data)
    }

    init(data: Data) throws(AdminUnitsError) {
        let parsed = try AdminUnitsParser.parse(data)
        provinces = parsed.provinces
        provinceIndex = parsed.provinceIndex
        legacyProvinces = parsed.legacyProvinces
        legacyProvinceIndex = parsed.legacyProvinceIndex
        mergedInto = parsed.mergedInto
        allCommunes = parsed.communes
        communeIndex = parsed.communeIndex
        communeRanges = Self.ranges(of: parsed.communes.map(\.provinceCode))
        districts = parsed.legacyDistricts
        districtIndex = parsed.legacyDistrictIndex
        districtRanges = Self.ranges(of: parsed.legacyDistricts.map(\.provinceCode))
        allLegacyCommunes = parsed.legacyCommunes
        legacyCommuneIndex = parsed.legacyCommuneIndex
        legacyCommuneRanges = Self.ranges(of: parsed.legacyCommunes.map(\.districtCode))
        targets = parsed.targets
        targetStarts = parsed.targetStarts
        provinceKeys = parsed.provinces.map { SearchKey(name: $0.name, shortName: $0.shortName) }
        communeKeys = parsed.communes.map { SearchKey(name: $0.name, shortName: $0.shortName) }
    }

    // MARK: Current units

    public func province(_ code: ProvinceCode) -> Province? {
        provinceIndex[code].map { provinces[$0] }
    }

    public func commune(_ code: CommuneCode) -> Commune? {
        communeIndex[code].map { allCommunes[$0] }
    }

    /// The communes of a current province, by code; empty for an unknown code.
    public func communes(in province: ProvinceCode) -> [Commune] {
        communeRanges[province].map { Array(allCommunes[$0]) } ?? []
    }

    // MARK: Legacy units

    public func legacyProvince(_ code: ProvinceCode) -> Province? {
        legacyProvinceIndex[code].map { legacyProvinces[$0] }
    }

    public func legacyDistrict(_ code: DistrictCode) -> LegacyDistrict? {
        districtIndex[code].map { districts[$0] }
    }

    /// The districts of a legacy province, by code.
    public func legacyDistricts(in province: ProvinceCode) -> [LegacyDistrict] {
        districtRanges[province].map { Array(districts[$0]) } ?? []
    }

    public func legacyCommune(_ code: CommuneCode) -> LegacyCommune? {
        legacyCommuneIndex[code].map { allLegacyCommunes[$0] }
    }

    /// The communes of a legacy district, by code (empty for the island districts that had none).
    public func legacyCommunes(in district: DistrictCode) -> [LegacyCommune] {
        legacyCommuneRanges[district].map { Array(allLegacyCommunes[$0]) } ?? []
    }

    // MARK: Legacy → current

    /// The current commune(s) a legacy commune became. A commune divided between several new ones
    /// lists them all in `all`, the default (main) one first; `default` is `all[0]`.
    public func currentCommunes(forLegacy code: CommuneCode) -> (default: Commune, all: [Commune])? {
        guard let index = legacyCommuneIndex[code] else { return nil }
        let range = Int(targetStarts[index])..<Int(targetStarts[index + 1])
        let all = targets[range].map { allCommunes[Int($0)] }
        guard let main = all.first else { return nil }
        return (main, all)
    }

    /// The one current commune a legacy commune became: its only successor, or — for a commune
    /// divided between several — the successor `text` (an address, a village's name) names, when
    /// it names exactly one. Nil when that cannot be decided: never a guess.
    public func successor(ofLegacy code: CommuneCode, namedIn text: String?) -> Commune? {
        guard let mapped = currentCommunes(forLegacy: code) else { return nil }
        if mapped.all.count == 1 { return mapped.default }
        guard let text else { return nil }
        let words = String(VietnameseText.fold(text).map { $0.isLetter || $0.isNumber ? $0 : " " }).split(separator: " ").map(String.init)
        let named = mapped.all.filter { commune in
            let name = VietnameseText.fold(commune.shortName).split(separator: " ").map(String.init)
            guard !name.isEmpty, words.count >= name.count else { return false }
            for start in 0...(words.count - name.count) where Array(words[start..<start + name.count]) == name {
                // "huyện Gia Lâm" names the old district, not the commune Gia Lâm.
                let before = start > 0 ? words[start - 1] : ""
                let beforeTwo = start > 1 ? words[start - 2] + " " + before : ""
                if Self.districtWords.contains(before) || Self.districtWords.contains(beforeTwo) { continue }
                return true
            }
            return false
        }
        return named.count == 1 ? named[0] : nil
    }

    /// Words that introduce a district or a province in an address (folded, abbreviations too).
    static let districtWords: Set<String> = ["huyen", "quan", "thi xa", "thanh pho", "tp", "h", "q", "tx", "tinh"]

    /// The current province a legacy province was merged into (or kept as).
    public func currentProvince(forLegacy code: ProvinceCode) -> Province? {
        mergedInto[code].flatMap(province)
    }

    // MARK: Search

    /// Current provinces whose full or short name matches `query`, ignoring diacritics and case.
    /// Ranked: exact short name, exact full name, short-name prefix, word prefix anywhere.
    public func searchProvinces(_ query: String) -> [Province] {
        Self.search(query, keys: provinceKeys, in: provinces.indices, limit: provinces.count).map { provinces[$0] }
    }

    /// Current communes matching `query` like ``searchProvinces(_:)``, optionally within one province.
    public func searchCommunes(_ query: String, in province: ProvinceCode? = nil, limit: Int = 20) -> [Commune] {
        let scope: Range<Int>
        if let province {
            guard let range = communeRanges[province] else { return [] }
            scope = range
        } else {
            scope = allCommunes.indices
        }
        return Self.search(query, keys: communeKeys, in: scope, limit: limit).map { allCommunes[$0] }
    }

    private static func search(_ text: String, keys: [SearchKey], in scope: Range<Int>, limit: Int) -> [Int] {
        guard limit > 0, let query = SearchKey.Query(text) else { return [] }
        var hits: [(rank: Int, index: Int)] = []
        for index in scope {
            if let rank = keys[index].rank(for: query) {
                hits.append((rank, index))
            }
        }
        hits.sort { lhs, rhs in
            if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
            let left = keys[lhs.index].short, right = keys[rhs.index].short
            if left != right { return left.lexicographicallyPrecedes(right) }
            return lhs.index < rhs.index
        }
        return hits.prefix(limit).map(\.index)
    }

    /// Contiguous runs of equal keys (the parser emits children grouped under their parent).
    private static func ranges<Key: Hashable>(of keys: [Key]) -> [Key: Range<Int>] {
        var result: [Key: Range<Int>] = [:]
        var start = 0
        for index in keys.indices where index + 1 == keys.count || keys[index + 1] != keys[index] {
            result[keys[index]] = start..<(index + 1)
            start = index + 1
        }
        return result
    }
}
