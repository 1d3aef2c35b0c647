/// What a free-text address says about the commune a subject or product is in (docs/addresses.md).
public enum AddressResolution: Sendable, Equatable {
    /// Resolved to a current commune; `legacy` is the pre-2025 commune the text named, if it named one.
    case commune(current: CommuneCode, legacy: CommuneCode?)
    /// The text names a legacy commune that was divided among `candidates` (current codes) and
    /// nothing else in it says which one: for review.
    case undecided(legacy: CommuneCode, candidates: [CommuneCode], reason: String)
    /// Several communes of that name and nothing in the text, such as a district or the diacritics,
    /// tells them apart: for review. The candidates are current communes (2025 names that differ
    /// only in diacritics) or legacy ones (same-named communes of different districts).
    case ambiguous(current: [CommuneCode], legacy: [CommuneCode], reason: String)
    /// No unit of that name where it was looked for (the message says where): for review.
    case unknown(reason: String)
    /// The text names a province other than the importing one: refused.
    case otherProvince(reason: String)
}

extension AddressResolution {
    /// Why the address did not resolve, for the review queue or the refusal; nil when it did.
    public var reason: String? {
        switch self {
        case .commune: nil
        case .undecided(_, _, let reason), .ambiguous(_, _, let reason), .unknown(let reason), .otherProvince(let reason): reason
        }
    }
}

extension AdminUnits {
    /// Reads a free-text address ("Thôn Đông, xã Phúc Khánh, huyện Hưng Hà, tỉnh Thái Bình",
    /// "Xã Bát Tràng, TP Hà Nội") as a commune of `province`, a current (2025) province code.
    /// Only units of that province and of the legacy provinces merged into it are considered.
    public func resolve(address: String, province: ProvinceCode) -> AddressResolution {
        AddressResolver(units: self, index: addressIndex, accented: !AddressWords.isPlain(address))
            .resolve(address, province: province)
    }

    var addressIndex: AddressIndex {
        addressIndexStorage.get { AddressIndex(self) }
    }
}

struct AddressResolver {
    let units: AdminUnits
    let index: AddressIndex
    /// The address has diacritics somewhere, so the writer uses them: they then tell apart names
    /// that fold alike, and an unaccented name is meant as written ("Sa Pa", not "Sa Pả").
    let accented: Bool

    /// Where names are looked for.
    struct Scope {
        /// The importing (current) province.
        let province: Province
        /// Legacy provinces to search, narrowest first: the one the text names, then all merged ones.
        let legacyTiers: [[Province]]
        /// The text names a province that no longer exists, so its names are read as pre-2025 first.
        let legacyFirst: Bool
        /// When set, a current commune counts only if it took territory from one of these legacy provinces.
        let covering: Set<ProvinceCode>?
    }

    private struct Reading<Kind: Equatable> {
        let key: String
        let kind: Kind?
        /// The name as written, when the address has diacritics (see `accented`).
        let written: String?
    }

    func resolve(_ address: String, province code: ProvinceCode) -> AddressResolution {
        guard let importing = units.province(code) else {
            if let old = units.legacyProvince(code), let now = units.currentProvince(forLegacy: code) {
                return .unknown(reason: "\(code) is \(old.shortName)'s code before 2025; it is now part of \(now.shortName) (\(now.code))")
            }
            return .unknown(reason: "no province has the 2025 code \(code)")
        }
        var parts = AddressPart.parts(of: address, index: index)
        var order = parts.indices.filter { parts[$0].level != .other }
        guard !order.isEmpty else { return .unknown(reason: "the address names no commune") }

        // The province: a "tỉnh …" part anywhere, else the last part, else a "Thành phố …" first.
        var provinceAt: Int?
        var named: AddressIndex.Provinces?
        if let at = order.last(where: { parts[$0].level == .province }) {
            if let match = index.provinces[parts[at].key] {
                (provinceAt, named) = (at, match)
            } else if parts[at].whole != nil {
                parts[at].demote()
            } else {
                return .unknown(reason: "no province named '\(parts[at].name)', before or since 2025")
            }
        }
        if provinceAt == nil, let last = order.last, let match = provinceMatch(parts[last]) {
            (provinceAt, named) = (last, match)
        }
        if provinceAt == nil, order.count > 1, let first = order.first, parts[first].level == .city,
           let match = provinceMatch(parts[first])
        {
            (provinceAt, named) = (first, match)
        }
        // Largest unit first ("Thành phố Hà Nội, quận Ba Đình, phường Phúc Xá"): read it backwards.
        if let provinceAt, order.count > 1, provinceAt == order.first { order.reverse() }
        order.removeAll { $0 == provinceAt }

        guard let scope = scope(named: named, importing: importing) else {
            return .otherProvince(reason: otherProvinceReason(named, importing: importing))
        }

        // An explicit district ("huyện …", "TP Thái Bình") makes the address pre-2025.
        var districtAt: Int?
        var districts: [LegacyDistrict] = []
        if let at = order.last(where: { parts[$0].level.isDistrict }) {
            let found = findDistricts(parts[at], scope: scope)
            if !found.isEmpty {
                (districtAt, districts) = (at, found)
            } else if parts[at].whole != nil {
                parts[at].demote()
            } else if parts[at].level == .city, index.provinces[parts[at].key].map({ $0.current.contains(importing) }) == true {
                order.removeAll { $0 == at }  // "TP Hà Nội" repeated before "Hà Nội"
            } else {
                return .unknown(reason: "no district named '\(parts[at].text)' in \(legacyPlaces(scope.legacyTiers.last ?? []))")
            }
        }

        // The commune, and the district when only a part's place says it is one. A bare name read
        // as a district is tried first (the more specific reading), then as nothing.
        var attempts: [(commune: Int, district: Int?, districts: [LegacyDistrict])] = []
        let bare = order.filter { parts[$0].level == .bare }
        if let commune = order.last(where: { parts[$0].level.isCommune }) {
            if let districtAt {
                attempts = [(commune, districtAt, districts)]
            } else if let position = order.firstIndex(of: commune), position + 1 < order.count,
                      case let next = order[position + 1], parts[next].level == .bare,
                      case let found = findDistricts(parts[next], scope: scope), !found.isEmpty
            {
                attempts = [(commune, next, found), (commune, nil, [])]
            } else {
                attempts = [(commune, nil, [])]
            }
        } else if let districtAt {
            let position = order.firstIndex(of: districtAt) ?? 0
            if let commune = order[..<position].last(where: { parts[$0].level == .bare }) {
                attempts = [(commune, districtAt, districts)]
            }
        } else if let last = bare.last {
            let found = bare.count > 1 ? findDistricts(parts[last], scope: scope) : []
            attempts = found.isEmpty ? [(last, nil, [])] : [(bare[bare.count - 2], last, found), (last, nil, [])]
        }
        guard !attempts.isEmpty else {
            return .unknown(reason: districtAt.map { "the address names no commune in '\(parts[$0].text)'" } ?? "the address names no commune")
        }

        var firstUnknown: AddressResolution?
        for attempt in attempts {
            let used = Set([attempt.commune, attempt.district, provinceAt].compactMap { $0 })
            let rest = parts.indices.filter { !used.contains($0) }.map { parts[$0].text }.joined(separator: ", ")
            let result = resolveCommune(parts[attempt.commune], districts: attempt.districts, scope: scope, rest: rest)
            guard case .unknown = result else { return result }
            if firstUnknown == nil { firstUnknown = result }
        }
        return firstUnknown ?? .unknown(reason: "the address names no commune")
    }

    /// Where to look, given the province the text names (if any); nil when it names another one.
    private func scope(named: AddressIndex.Provinces?, importing: Province) -> Scope? {
        let merged = index.legacyProvincesByCurrent[importing.code] ?? []
        guard let named else { return Scope(province: importing, legacyTiers: [merged], legacyFirst: false, covering: nil) }
        let legacy = named.legacy.filter { merged.contains($0) }
        if named.current.contains(importing) {
            // "Hưng Yên" is also a legacy province: its old units first, then those of all merged ones.
            let tiers = legacy.isEmpty || legacy == merged ? [merged] : [legacy, merged]
            return Scope(province: importing, legacyTiers: tiers, legacyFirst: false, covering: nil)
        }
        if legacy.isEmpty { return nil }
        return Scope(province: importing, legacyTiers: [legacy], legacyFirst: true, covering: Set(legacy.map(\.code)))
    }

    private func resolveCommune(_ part: AddressPart, districts: [LegacyDistrict], scope: Scope, rest: String) -> AddressResolution {
        let readings = self.readings(part, kind: part.level.communeKind)
        let province = scope.province
        if !districts.isEmpty {
            let codes = Set(districts.map(\.code))
            for reading in readings {
                let found = select(index.legacyCommunes[reading.key], reading) { codes.contains($0.districtCode) }
                if !found.isEmpty { return decide(found, rest: rest) }
            }
            // A 2025 name written with its old district.
            for reading in readings {
                let found = select(index.communes[reading.key], reading) {
                    $0.provinceCode == province.code && !(index.originDistricts[$0.code] ?? []).isDisjoint(with: codes)
                }
                if !found.isEmpty { return current(found, in: province) }
            }
            let places = districts.map { "\(lowercasedKind($0.name)) (\(legacyName($0.provinceCode)), before 2025)" }
                .joined(separator: " or ")
            let elsewhere = readings.lazy.compactMap { reading in
                index.communes[reading.key]?.first { $0.unit.provinceCode == province.code }?.unit
            }.first
            if let elsewhere {
                return .unknown(reason: "no commune named '\(part.name)' in \(places); \(province.shortName)'s \(elsewhere.name) (2025) lies elsewhere")
            }
            return .unknown(reason: "no commune named '\(part.name)' in \(places) or in \(province.shortName) (2025)")
        }

        for reading in readings {
            let currentMatches = {
                select(index.communes[reading.key], reading) { commune in
                    guard commune.provinceCode == province.code else { return false }
                    guard let covering = scope.covering else { return true }
                    return !(index.originProvinces[commune.code] ?? []).isDisjoint(with: covering)
                }
            }
            let legacyMatches = { () -> [LegacyCommune] in
                for tier in scope.legacyTiers {
                    let found = select(index.legacyCommunes[reading.key], reading) { commune in
                        tier.contains { $0.code == commune.provinceCode }
                    }
                    if !found.isEmpty { return found }
                }
                return []
            }
            if scope.legacyFirst {
                if case let found = legacyMatches(), !found.isEmpty { return decide(found, rest: rest) }
                if case let found = currentMatches(), !found.isEmpty { return current(found, in: province) }
            } else {
                if case let found = currentMatches(), !found.isEmpty { return current(found, in: province) }
                if case let found = legacyMatches(), !found.isEmpty { return decide(found, rest: rest) }
            }
        }
        let old = legacyPlaces(scope.legacyTiers.last ?? [])
        if scope.legacyFirst {
            return .unknown(reason: "no commune named '\(part.name)' in \(old) or among \(province.shortName)'s 2025 communes on its territory")
        }
        return .unknown(reason: "no commune named '\(part.name)' in \(province.shortName) (2025) or in \(old)")
    }

    /// The units under `reading` that `include` accepts. When there are several, diacritics written
    /// in the text choose among names that fold alike; without diacritics all stay.
    private func select<Unit, Kind>(
        _ entries: [AddressIndex.Entry<Unit, Kind>]?, _ reading: Reading<Kind>, where include: (Unit) -> Bool
    ) -> [Unit] {
        let found = (entries ?? []).filter { entry in
            reading.kind.map { entry.kinds.contains($0) } != false && include(entry.unit)
        }
        guard found.count > 1, let written = reading.written else { return found.map(\.unit) }
        let exact = AddressWords.exact(written)
        let same = found.filter { $0.exact == exact }
        return (same.isEmpty ? found : same).map(\.unit)
    }

    private func current(_ found: [Commune], in province: Province) -> AddressResolution {
        if found.count == 1 { return .commune(current: found[0].code, legacy: nil) }
        return .ambiguous(current: found.map(\.code), legacy: [], reason: "\(found.count) communes of that name in "
            + "\(province.shortName) (2025): \(found.map(\.name).joined(separator: ", ")); the address does not say which")
    }

    /// One legacy commune: its successor, or the one the rest of the address names when it was
    /// divided. Several: the text does not tell them apart.
    private func decide(_ found: [LegacyCommune], rest: String) -> AddressResolution {
        guard found.count == 1, let legacy = found.first else {
            let list = found.map { "\($0.name) (\(lowercasedKind($0.districtName)), \(legacyName($0.provinceCode)))" }
            let successors = Set(found.compactMap { units.currentCommunes(forLegacy: $0.code)?.all.map(\.code) })
            let same = successors.count == 1 ? successors.first.flatMap { $0.count == 1 ? units.commune($0[0]) : nil } : nil
            return .ambiguous(current: [], legacy: found.map(\.code), reason: "\(found.count) communes of that name before 2025: "
                + list.joined(separator: ", ") + "; the address does not say which"
                + (same.map { " (all are now in \($0.name))" } ?? ""))
        }
        guard let mapped = units.currentCommunes(forLegacy: legacy.code) else {
            return .unknown(reason: "\(legacy.name) has no 2025 successor in the reference data")
        }
        if mapped.all.count == 1 { return .commune(current: mapped.default.code, legacy: legacy.code) }
        if let chosen = units.successor(ofLegacy: legacy.code, namedIn: rest) {
            return .commune(current: chosen.code, legacy: legacy.code)
        }
        let names = mapped.all.map(\.name)
        return .undecided(
            legacy: legacy.code, candidates: mapped.all.map(\.code),
            reason: "\(legacy.name) (\(lowercasedKind(legacy.districtName)), \(legacyName(legacy.provinceCode)), before 2025) "
                + "was divided among \(names.dropLast().joined(separator: ", ")) and \(names.last ?? ""); "
                + "the rest of the address names none of them")
    }

    private func findDistricts(_ part: AddressPart, scope: Scope) -> [LegacyDistrict] {
        for reading in readings(part, kind: part.level.districtKind) {
            for tier in scope.legacyTiers {
                let found = select(index.legacyDistricts[reading.key], reading) { district in
                    tier.contains { $0.code == district.provinceCode }
                }
                if !found.isEmpty { return found }
            }
        }
        return []
    }

    /// The name with its kind, then the whole part when the kind word may be part of the name,
    /// then the name with any kind ("xã" written for a former "thị trấn").
    private func readings<Kind>(_ part: AddressPart, kind: Kind?) -> [Reading<Kind>] {
        let written = accented ? part.name : nil
        var result = [Reading(key: part.key, kind: kind, written: written)]
        if let whole = part.whole { result.append(Reading(key: whole.key, kind: nil, written: accented ? whole.name : nil)) }
        if kind != nil { result.append(Reading(key: part.key, kind: nil, written: written)) }
        return result
    }

    private func provinceMatch(_ part: AddressPart) -> AddressIndex.Provinces? {
        switch part.level {
        case .province, .bare:
            return index.provinces[part.key]
        case .city:
            // "TP Thái Bình" is a provincial city (a district); only "Thành phố" provinces are provinces.
            guard var match = index.provinces[part.key] else { return nil }
            match.current.removeAll { !$0.name.hasPrefix("Thành phố") }
            match.legacy.removeAll { !$0.name.hasPrefix("Thành phố") }
            return match.current.isEmpty && match.legacy.isEmpty ? nil : match
        default:
            return nil
        }
    }

    private func otherProvinceReason(_ named: AddressIndex.Provinces?, importing: Province) -> String {
        guard let named else { return "the address is not in \(importing.shortName)" }
        if let current = named.current.first {
            return "the address is in \(current.shortName), not in \(importing.shortName)"
        }
        guard let legacy = named.legacy.first else { return "the address is not in \(importing.shortName)" }
        let now = units.currentProvince(forLegacy: legacy.code).map { ", now part of \($0.shortName)" } ?? ""
        return "the address is in \(legacy.shortName) (a province before 2025\(now)), not in \(importing.shortName)"
    }

    /// "Hưng Yên or Thái Bình (before 2025)".
    private func legacyPlaces(_ provinces: [Province]) -> String {
        let names = provinces.map(\.shortName)
        let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "") : names.first ?? "?"
        return list + " (before 2025)"
    }

    private func legacyName(_ code: ProvinceCode) -> String {
        units.legacyProvince(code)?.shortName ?? code.rawValue
    }

    /// "Huyện Gia Lâm" → "huyện Gia Lâm", as it reads inside a sentence.
    private func lowercasedKind(_ name: String) -> String {
        name.prefix(1).lowercased() + name.dropFirst()
    }
}

extension AddressPart {
    /// Reads the part as a bare name (its unaccented kind word turned out to be part of the name).
    mutating func demote() {
        guard let whole else { return }
        level = .bare
        (key, name) = whole
        self.whole = nil
    }
}

extension AddressPart.Level {
    var isCommune: Bool { communeKind != nil }
    var isDistrict: Bool { districtKind != nil }

    var communeKind: CommuneKind? {
        if case .commune(let kind) = self { kind } else { nil }
    }

    var districtKind: DistrictKind? {
        switch self {
        case .district(let kind): kind
        case .city: .city
        default: nil
        }
    }
}
