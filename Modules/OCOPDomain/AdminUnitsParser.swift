import Foundation

/// Reads `admin-units.txt`, written by `scripts/gen-admin-units.py`.
///
/// Format version 1 (UTF-8 NFC, "\n" line ends, one TAB between fields; lines starting "#" are comments):
///
///     V  1                                       format version (first record)
///     N  P  C  L  D  W                           record counts, checked after reading
///     K  letter  kind                            kind table: one ASCII letter -> "Phường", "Huyện", …
///     P  code  name  short                       current (2025) province
///     C  code  kind  short  lat  lon  [name]     current commune of the preceding P
///     L  code  name  short  current              legacy province and the 2025 province it joined
///     D  code  kind  short  [name]               legacy district of the preceding L
///     W  code  kind  short  targets  [name]      legacy commune of the preceding D
///
/// A full name is "<kind> <short>" unless the optional last field gives it. `targets` lists the
/// 2025 commune codes a legacy commune went to, comma-separated, default first (several = divided).
/// All C records come before the first W. The parser works on bytes (about 14,000 lines) to keep
/// the one-off load cheap: roughly 10–20 ms in a release build.
struct AdminUnitsParser {
    static let formatVersion = 1

    private(set) var provinces: [Province] = []
    private(set) var provinceIndex: [ProvinceCode: Int] = [:]
    private(set) var communes: [Commune] = []
    private(set) var communeIndex: [CommuneCode: Int] = [:]
    private(set) var legacyProvinces: [Province] = []
    private(set) var legacyProvinceIndex: [ProvinceCode: Int] = [:]
    private(set) var mergedInto: [ProvinceCode: ProvinceCode] = [:]
    private(set) var legacyDistricts: [LegacyDistrict] = []
    private(set) var legacyDistrictIndex: [DistrictCode: Int] = [:]
    private(set) var legacyCommunes: [LegacyCommune] = []
    private(set) var legacyCommuneIndex: [CommuneCode: Int] = [:]
    /// Current-commune indices of every legacy commune's targets, flattened; the targets of legacy
    /// commune `i` are `targets[targetStarts[i]..<targetStarts[i + 1]]`.
    private(set) var targets: [Int32] = []
    private(set) var targetStarts: [Int32] = [0]

    private var kinds: [Kind?] = Array(repeating: nil, count: 128)
    private var expectedCounts: [Int]?
    private var sawVersion = false
    private var line = 0
    private var fields: [Range<Int>] = []

    private struct Kind {
        let name: String
        let nameUTF8: [UInt8]
        let commune: CommuneKind?
        let district: DistrictKind?
    }

    static func parse(_ data: Data) throws(AdminUnitsError) -> AdminUnitsParser {
        var parser = AdminUnitsParser()
        let result = data.withUnsafeBytes { raw -> Result<Void, AdminUnitsError> in
            let bytes = raw.bindMemory(to: UInt8.self)
            return Result { () throws(AdminUnitsError) in try parser.parse(bytes) }
        }
        try result.get()
        return parser
    }

    private mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(AdminUnitsError) {
        fields.reserveCapacity(8)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            line += 1
            let contentEnd = end > start && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end  // tolerate CRLF checkouts
            try record(bytes, start..<contentEnd)
            start = end + 1
        }
        try checkCounts()
    }

    private mutating func record(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(AdminUnitsError) {
        guard let type = range.first.map({ bytes[$0] }), type != UInt8(ascii: "#") else { return }
        fields.removeAll(keepingCapacity: true)
        var fieldStart = range.lowerBound
        for index in range where bytes[index] == UInt8(ascii: "\t") {
            fields.append(fieldStart..<index)
            fieldStart = index + 1
        }
        fields.append(fieldStart..<range.upperBound)
        guard fields[0].count == 1 else { throw corrupt("unknown record") }
        guard sawVersion || type == UInt8(ascii: "V") else { throw corrupt("missing version record") }

        switch type {
        case UInt8(ascii: "V"):
            try expectFields(2)
            guard Int(text(bytes, 1)) == Self.formatVersion else {
                throw corrupt("unsupported format version \(text(bytes, 1))")
            }
            sawVersion = true
        case UInt8(ascii: "N"):
            try expectFields(6)
            let counts = (1...5).map { Int(text(bytes, $0)) ?? -1 }
            expectedCounts = counts
            reserve(counts.map { min(max($0, 0), 100_000) })
        case UInt8(ascii: "K"):
            try expectFields(3)
            guard fields[1].count == 1, bytes[fields[1].lowerBound] < 128 else { throw corrupt("bad kind letter") }
            let name = text(bytes, 2)
            kinds[Int(bytes[fields[1].lowerBound])] = Kind(
                name: name,
                nameUTF8: Array(name.utf8),
                commune: CommuneKind.allCases.first { $0.vietnameseName == name },
                district: DistrictKind.allCases.first { $0.vietnameseName == name }
            )
        case UInt8(ascii: "P"):
            try expectFields(4)
            let code: ProvinceCode = try self.code(bytes, 1)
            guard provinceIndex.updateValue(provinces.count, forKey: code) == nil else { throw corrupt("duplicate province") }
            provinces.append(Province(code: code, name: text(bytes, 2), shortName: text(bytes, 3)))
        case UInt8(ascii: "C"):
            try currentCommune(bytes)
        case UInt8(ascii: "L"):
            try expectFields(5)
            let code: ProvinceCode = try self.code(bytes, 1)
            let current: ProvinceCode = try self.code(bytes, 4)
            guard provinceIndex[current] != nil else { throw corrupt("unknown current province \(current)") }
            guard legacyProvinceIndex.updateValue(legacyProvinces.count, forKey: code) == nil else {
                throw corrupt("duplicate legacy province")
            }
            legacyProvinces.append(Province(code: code, name: text(bytes, 2), shortName: text(bytes, 3)))
            mergedInto[code] = current
        case UInt8(ascii: "D"):
            try legacyDistrict(bytes)
        case UInt8(ascii: "W"):
            try legacyCommune(bytes)
        default:
            throw corrupt("unknown record")
        }
    }

    private mutating func currentCommune(_ bytes: UnsafeBufferPointer<UInt8>) throws(AdminUnitsError) {
        guard fields.count == 6 || fields.count == 7 else { throw corrupt("expected 6 or 7 fields") }
        guard let province = provinces.last else { throw corrupt("commune before any province") }
        let code: CommuneCode = try self.code(bytes, 1)
        let kind = try self.kind(bytes, 2)
        guard let communeKind = kind.commune else { throw corrupt("not a commune kind: \(kind.name)") }
        let shortName = text(bytes, 3)
        let name = fields.count == 7 ? text(bytes, 6) : defaultName(kind, bytes, 3)
        let latitude = try coordinate(bytes, 4)
        let longitude = try coordinate(bytes, 5)
        guard communeIndex.updateValue(communes.count, forKey: code) == nil else { throw corrupt("duplicate commune") }
        communes.append(
            Commune(
                code: code, name: name, shortName: shortName, kind: communeKind, provinceCode: province.code,
                latitude: latitude, longitude: longitude
            )
        )
    }

    private mutating func legacyDistrict(_ bytes: UnsafeBufferPointer<UInt8>) throws(AdminUnitsError) {
        guard fields.count == 4 || fields.count == 5 else { throw corrupt("expected 4 or 5 fields") }
        guard let province = legacyProvinces.last else { throw corrupt("district before any legacy province") }
        let code: DistrictCode = try self.code(bytes, 1)
        let kind = try self.kind(bytes, 2)
        guard let districtKind = kind.district else { throw corrupt("not a district kind: \(kind.name)") }
        let shortName = text(bytes, 3)
        let name = fields.count == 5 ? text(bytes, 4) : defaultName(kind, bytes, 3)
        guard legacyDistrictIndex.updateValue(legacyDistricts.count, forKey: code) == nil else {
            throw corrupt("duplicate district")
        }
        legacyDistricts.append(
            LegacyDistrict(code: code, name: name, shortName: shortName, kind: districtKind, provinceCode: province.code)
        )
    }

    private mutating func legacyCommune(_ bytes: UnsafeBufferPointer<UInt8>) throws(AdminUnitsError) {
        guard fields.count == 5 || fields.count == 6 else { throw corrupt("expected 5 or 6 fields") }
        guard let district = legacyDistricts.last else { throw corrupt("commune before any district") }
        let code: CommuneCode = try self.code(bytes, 1)
        let kind = try self.kind(bytes, 2)
        guard let communeKind = kind.commune else { throw corrupt("not a commune kind: \(kind.name)") }
        let shortName = text(bytes, 3)
        let name = fields.count == 6 ? text(bytes, 5) : defaultName(kind, bytes, 3)

        let list = fields[4]
        var targetStart = list.lowerBound
        for index in list.lowerBound...list.upperBound where index == list.upperBound || bytes[index] == UInt8(ascii: ",") {
            guard index > targetStart else {
                if list.isEmpty { break }
                throw corrupt("empty target code")
            }
            let target: CommuneCode = try self.code(bytes, targetStart..<index)
            guard let position = communeIndex[target] else { throw corrupt("unknown target commune \(target)") }
            targets.append(Int32(position))
            targetStart = index + 1
        }
        targetStarts.append(Int32(targets.count))

        guard legacyCommuneIndex.updateValue(legacyCommunes.count, forKey: code) == nil else {
            throw corrupt("duplicate legacy commune")
        }
        legacyCommunes.append(
            LegacyCommune(
                code: code, name: name, shortName: shortName, kind: communeKind, districtCode: district.code,
                districtName: district.name, provinceCode: district.provinceCode
            )
        )
    }

    /// Sizes the tables up front: rehashing the 10,000-entry indexes while growing is a large share
    /// of the load time.
    private mutating func reserve(_ counts: [Int]) {
        provinces.reserveCapacity(counts[0])
        provinceIndex.reserveCapacity(counts[0])
        communes.reserveCapacity(counts[1])
        communeIndex.reserveCapacity(counts[1])
        legacyProvinces.reserveCapacity(counts[2])
        legacyProvinceIndex.reserveCapacity(counts[2])
        mergedInto.reserveCapacity(counts[2])
        legacyDistricts.reserveCapacity(counts[3])
        legacyDistrictIndex.reserveCapacity(counts[3])
        legacyCommunes.reserveCapacity(counts[4])
        legacyCommuneIndex.reserveCapacity(counts[4])
        targets.reserveCapacity(counts[4] * 11 / 10)
        targetStarts.reserveCapacity(counts[4] + 1)
    }

    private func checkCounts() throws(AdminUnitsError) {
        guard sawVersion else { throw AdminUnitsError.corrupt(line: 0, reason: "empty or missing version record") }
        let actual = [provinces.count, communes.count, legacyProvinces.count, legacyDistricts.count, legacyCommunes.count]
        guard let expected = expectedCounts, expected == actual else {
            throw AdminUnitsError.corrupt(
                line: 0, reason: "record counts \(actual) do not match the N record \(expectedCounts ?? [])"
            )
        }
    }

    // MARK: Fields

    private func expectFields(_ count: Int) throws(AdminUnitsError) {
        guard fields.count == count else { throw corrupt("expected \(count) fields") }
    }

    private func text(_ bytes: UnsafeBufferPointer<UInt8>, _ field: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[fields[field]]), as: UTF8.self)
    }

    private func code<Code: AdministrativeCode>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ field: Int
    ) throws(AdminUnitsError) -> Code {
        try code(bytes, fields[field])
    }

    private func code<Code: AdministrativeCode>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
    ) throws(AdminUnitsError) -> Code {
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard let code = Code(rawValue: raw) else { throw corrupt("bad code \(raw)") }
        return code
    }

    /// "<kind> <short>" built from the record's bytes in one String.
    private func defaultName(_ kind: Kind, _ bytes: UnsafeBufferPointer<UInt8>, _ field: Int) -> String {
        let short = UnsafeBufferPointer(rebasing: bytes[fields[field]])
        let count = kind.nameUTF8.count + 1 + short.count
        return String(unsafeUninitializedCapacity: count) { buffer in
            var index = 0
            for byte in kind.nameUTF8 {
                buffer[index] = byte
                index += 1
            }
            buffer[index] = UInt8(ascii: " ")
            index += 1
            for byte in short {
                buffer[index] = byte
                index += 1
            }
            return index
        }
    }

    private func kind(_ bytes: UnsafeBufferPointer<UInt8>, _ field: Int) throws(AdminUnitsError) -> Kind {
        let range = fields[field]
        guard range.count == 1, bytes[range.lowerBound] < 128, let kind = kinds[Int(bytes[range.lowerBound])] else {
            throw corrupt("unknown kind letter \(text(bytes, field))")
        }
        return kind
    }

    /// A plain decimal ("-12.345"), read without creating a String. Integer mantissa divided by a
    /// power of ten, both exact below 2^53, so the result is the correctly rounded value, as strtod.
    private func coordinate(_ bytes: UnsafeBufferPointer<UInt8>, _ field: Int) throws(AdminUnitsError) -> Double? {
        let range = fields[field]
        guard !range.isEmpty else { return nil }
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits: Int?
        var negative = false
        for index in range {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                mantissa = mantissa * 10 + Int64(byte - UInt8(ascii: "0"))
                digits += 1
                fractionDigits = fractionDigits.map { $0 + 1 }
            } else if byte == UInt8(ascii: ".") && fractionDigits == nil {
                fractionDigits = 0
            } else if byte == UInt8(ascii: "-") && index == range.lowerBound {
                negative = true
            } else {
                digits = 0
                break
            }
        }
        guard digits > 0 && digits <= 15 else { throw corrupt("bad coordinate \(text(bytes, field))") }
        let value = Double(mantissa) / Self.powersOfTen[fractionDigits ?? 0]
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...15).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    private func corrupt(_ reason: String) -> AdminUnitsError {
        .corrupt(line: line, reason: reason)
    }
}
