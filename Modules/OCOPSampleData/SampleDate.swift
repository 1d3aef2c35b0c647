import OCOPDomain

/// A calendar date without time zone, enough for certificate dates (Foundation's `Calendar` would
/// be slower and depends on the machine's settings, which generated data must not). "Today" is
/// always given, never read from the clock, so a seed and a day give the same files.
public struct SampleDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD` with a day that exists, e.g. for `ocop generate --today`.
    public init?(text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    /// The same day `months` later (clamped to the month's last day).
    public func adding(months: Int) -> SampleDate {
        let total = year * 12 + (month - 1) + months
        let newYear = total / 12
        let newMonth = total % 12 + 1
        let newDay = min(day, Self.daysIn(month: newMonth, year: newYear))
        return SampleDate(uncheckedYear: newYear, month: newMonth, day: newDay)
    }

    /// The last day a certificate decided on this day is valid (36 months, ocop-rules.md §5),
    /// computed by the registry's own rule so generated figures match an import.
    public var certificateValidUntil: String {
        DecisionDate(day: description, precision: .day).validUntil
    }

    /// Where a decision of `kind` taken on this day stands on `today`, as the registry derives it.
    public func standing(of kind: DecisionKind, on today: SampleDate) -> CertificationStanding {
        CertificationStanding.of(kind, validUntil: certificateValidUntil, today: today.description)
    }

    /// 1 … 366.
    var dayOfYear: Int {
        (1..<month).reduce(day) { $0 + Self.daysIn(month: $1, year: year) }
    }

    public static func < (lhs: SampleDate, rhs: SampleDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
