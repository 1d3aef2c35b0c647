/// The legal act a recognition decision was issued under (ocop-rules.md §1). Old decisions keep
/// the act of their date: it decides which council level issued them and which criteria applied.
public enum LegalAct: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case decision490 = "490"
    case decision1048 = "1048"
    case decision148 = "148"
    case decision1489 = "1489"

    /// The day each act came into force (`YYYY-MM-DD`).
    public var inForceFrom: String {
        switch self {
        case .decision490: "2018-05-07"
        case .decision1048: "2019-08-21"
        case .decision148: "2023-02-24"
        case .decision1489: "2025-07-06"
        }
    }

    public var citation: String {
        switch self {
        case .decision490: "490/QĐ-TTg"
        case .decision1048: "1048/QĐ-TTg"
        case .decision148: "148/QĐ-TTg"
        case .decision1489: "1489/QĐ-TTg"
        }
    }

    /// The act in force on `date` (`YYYY-MM-DD`); nil before the programme began.
    public static func inForce(on date: String) -> LegalAct? {
        allCases.last { $0.inForceFrom <= date }
    }

    /// `148`, `148/QĐ-TTg`, `QĐ 148`, `Quyết định 1048/QĐ-TTg` …
    public init?(text: String) {
        let digits = text.split(whereSeparator: { !$0.isNumber }).first.map(String.init) ?? ""
        self.init(rawValue: digits)
    }

    public static func < (lhs: LegalAct, rhs: LegalAct) -> Bool { lhs.inForceFrom < rhs.inForceFrom }
}

/// Which council recognised a product (ocop-rules.md §4).
public enum IssuingLevel: String, Sendable, Hashable, Codable, CaseIterable {
    case district, province, central

    /// The level that recognises `stars` under `act`: under 148 districts recognised 3★; 5★ is
    /// always central; otherwise the province.
    public static func recognising(stars: Int, under act: LegalAct) -> IssuingLevel {
        if stars >= 5 { return .central }
        if act == .decision148 && stars == 3 { return .district }
        return .province
    }

    /// `huyện`, `cấp huyện`, `tỉnh`, `TP`, `trung ương`, `Bộ`, `central` … (any case or diacritics).
    public init?(text: String) {
        // The stored names themselves (an export's column) read as they are, without folding.
        if let exact = IssuingLevel(rawValue: text) { self = exact; return }
        let folded = VietnameseText.fold(text)
        let words = Set(folded.split(separator: " ").map(String.init))
        if words.contains("district") || words.contains("huyen") || words.contains("quan") || folded.contains("thi xa") {
            self = .district
        } else if words.contains("central") || folded.contains("trung uong") || words.contains("bo") || words.contains("tw")
            || folded.contains("quoc gia") {
            self = .central
        } else if words.contains("province") || words.contains("tinh") || words.contains("tp") || folded.contains("thanh pho") {
            self = .province
        } else {
            return nil
        }
    }

    public var vietnameseName: String {
        switch self {
        case .district: "cấp huyện"
        case .province: "cấp tỉnh"
        case .central: "cấp trung ương"
        }
    }
}

/// What a decision did. Expiry is not a decision: it follows from the date (see
/// ``CertificationStanding``).
public enum DecisionKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Recognised at the stars given (new, re-evaluation or upgrade).
    case recognised
    /// Scored 90 or more by a province and forwarded to the ministry; holds 4★ meanwhile.
    case potentialFiveStar = "potential_5"
    /// Recognised again at fewer stars.
    case downgraded
    /// Recognition taken away (failed inspection, food safety, not re-registered …).
    case revoked
    /// Given up by the producer (stopped producing, dissolved).
    case withdrawn

    /// Whether the product holds stars after this decision.
    public var holdsStars: Bool { self != .revoked && self != .withdrawn }

    /// `công nhận`, `tiềm năng 5 sao`, `hạ hạng`, `thu hồi`, `rút`, or the English names.
    public init?(text: String) {
        if let exact = DecisionKind(rawValue: text) { self = exact; return }
        let folded = VietnameseText.fold(text)
        if folded.isEmpty { return nil }
        if let exact = DecisionKind(rawValue: folded.replacingOccurrences(of: " ", with: "_")) { self = exact; return }
        if folded.contains("tiem nang") || folded.contains("potential") {
            self = .potentialFiveStar
        } else if folded.contains("thu hoi") || folded.contains("revok") || folded.contains("huy bo") || folded.contains("huy ") {
            self = .revoked
        } else if folded.contains("ha hang") || folded.contains("ha sao") || folded.contains("downgrad") {
            self = .downgraded
        } else if folded.contains("rut") || folded.contains("withdraw") || folded.contains("tu nguyen") {
            self = .withdrawn
        } else if folded.contains("cong nhan") || folded.contains("recogni") || folded.contains("dat") || folded.contains("nang hang")
            || folded.contains("danh gia lai") || folded.contains("con hieu luc") || folded.contains("hieu luc") || folded == "valid" {
            self = .recognised
        } else {
            return nil
        }
    }

    public var vietnameseName: String {
        switch self {
        case .recognised: "công nhận"
        case .potentialFiveStar: "tiềm năng 5 sao"
        case .downgraded: "hạ hạng"
        case .revoked: "thu hồi"
        case .withdrawn: "rút"
        }
    }
}

/// Where a product stands by its latest decision, today.
public enum CertificationStanding: String, Sendable, Hashable, Codable {
    case valid, potentialFiveStar = "potential_5", expired, revoked, withdrawn

    public static func of(_ kind: DecisionKind, validUntil: String, today: String) -> CertificationStanding {
        switch kind {
        case .revoked: .revoked
        case .withdrawn: .withdrawn
        case .recognised, .downgraded, .potentialFiveStar:
            validUntil < today ? .expired : (kind == .potentialFiveStar ? .potentialFiveStar : .valid)
        }
    }

    /// Stars that count today: none once expired, revoked or withdrawn.
    public var holdsStars: Bool { self == .valid || self == .potentialFiveStar }
}

/// A decision's date as a spreadsheet gives it: a day, or only the year (older records).
public struct DecisionDate: Sendable, Hashable {
    public enum Precision: String, Sendable, Hashable, Codable { case day, year }

    /// `YYYY-MM-DD`; for a year alone, 1 January of it.
    public var day: String
    public var precision: Precision

    public init(day: String, precision: Precision) {
        self.day = day
        self.precision = precision
    }

    /// `DD/MM/YYYY`, `D/M/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY`, `YYYY-MM-DD` or `YYYY`; checks the day exists
    /// and the year is 2018 (the programme's start) or later.
    public init?(text: String) {
        // Fast path for `YYYY-MM-DD`, the stored form: the same checks, without Foundation.
        if let iso = Self.iso(text) {
            guard (2018...2100).contains(iso.year), (1...12).contains(iso.month), iso.day >= 1,
                  iso.day <= Self.days(inMonth: iso.month, year: iso.year) else { return nil }
            self.init(day: text, precision: .day)
            return
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 4, let year = Int(trimmed) {
            guard (2018...2100).contains(year) else { return nil }
            self.init(day: "\(year)-01-01", precision: .year)
            return
        }
        let parts = trimmed.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).map { Int($0) }
        guard parts.count == 3, let a = parts[0], let b = parts[1], let c = parts[2] else { return nil }
        let (year, month, day) = trimmed.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })[0].count == 4 ? (a, b, c) : (c, b, a)
        guard (2018...2100).contains(year), (1...12).contains(month), day >= 1, day <= Self.days(inMonth: month, year: year) else {
            return nil
        }
        let pad = { (n: Int, width: Int) in String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        self.init(day: "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))", precision: .day)
    }

    /// The last day of the 36-month validity. For a year alone, counted from 1 January: the
    /// earliest the decision can have been, so an expiry is never shown later than it was.
    public var validUntil: String { Self.adding(months: 36, to: day) }

    /// How a person would write it back: the day, or the year alone.
    public var text: String { precision == .year ? String(day.prefix(4)) : day }

    /// Year, month and day of exactly ten ASCII bytes `DDDD-DD-DD`.
    static func iso(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let utf8 = text.utf8
        guard utf8.count == 10 else { return nil }
        var fields = (0, 0, 0)
        for (i, byte) in utf8.enumerated() {
            if i == 4 || i == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            if i < 4 { fields.0 = fields.0 * 10 + digit } else if i < 7 { fields.1 = fields.1 * 10 + digit } else { fields.2 = fields.2 * 10 + digit }
        }
        return (fields.0, fields.1, fields.2)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `date` plus `months` calendar months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb).
    public static func adding(months: Int, to date: String) -> String {
        let p = date.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return date }
        let total = p[0] * 12 + (p[1] - 1) + months
        let year = total / 12, month = total % 12 + 1
        let day = min(p[2], days(inMonth: month, year: year))
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }
}
