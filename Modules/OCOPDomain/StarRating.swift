/// An OCOP star rating, 1★ to 5★. Codable as the plain number.
public enum StarRating: Int, Hashable, Comparable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case one = 1, two, three, four, five

    public var stars: Int { rawValue }

    /// Only 3★ and above get a recognition decision and a certificate.
    public var isRecognised: Bool { self >= .three }

    public var description: String { "\(rawValue)★" }

    /// The band for a final score (the average of the council members' totals), ignoring the
    /// minimum-criteria rule, which can only lower the result.
    ///
    /// The score is used at full precision, never rounded first: each band includes its lower edge,
    /// so 49.99 is 2★ and 50 is 3★. Edges: < 30 1★, [30, 50) 2★, [50, 70) 3★, [70, 90) 4★,
    /// [90, 100] 5★. Returns nil for a score outside 0…100 or NaN.
    public static func band(forScore score: Double) -> StarRating? {
        guard score >= 0 && score <= 100 else { return nil }
        switch score {
        case 90...: return .five
        case 70...: return .four
        case 50...: return .three
        case 30...: return .two
        default: return .one
        }
    }

    public static func < (lhs: StarRating, rhs: StarRating) -> Bool { lhs.rawValue < rhs.rawValue }

    public init?(stars: Int) {
        self.init(rawValue: stars)
    }
}
