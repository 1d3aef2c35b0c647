/// A typed database identifier: `ID<Product>` and `ID<Subject>` cannot be mixed up.
///
/// Int64 rather than UUID: every record is created by the platform's own database, whose BIGINT
/// keys are compact, index-friendly, ordered by creation, readable in URLs and logs, and the same
/// in SQLite and PostgreSQL. Codable as the plain number. `Tag` is only a marker type.
public struct ID<Tag>: Hashable, Comparable, Sendable, Codable, LosslessStringConvertible, ExpressibleByIntegerLiteral {
    public let rawValue: Int64

    public init(_ rawValue: Int64) {
        self.rawValue = rawValue
    }

    public init(integerLiteral value: Int64) {
        rawValue = value
    }

    /// Parses a decimal id, e.g. from a URL path.
    public init?(_ description: String) {
        guard let value = Int64(description) else { return nil }
        rawValue = value
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { String(rawValue) }

    public static func < (lhs: ID, rhs: ID) -> Bool { lhs.rawValue < rhs.rawValue }
}
