/// One table of figures, the unit every output shares: the API's JSON, CSV, a workbook sheet,
/// a chart. Each states what it counts and when, so a figure can be reproduced from records.
public struct StatTable: Sendable, Equatable, Codable {
    public struct Column: Sendable, Equatable, Codable {
        public enum Kind: String, Sendable, Codable { case text, integer, percent, vnd, date }
        /// Machine name (JSON key, CSV header in English).
        public var name: String
        /// Header shown to people (Vietnamese).
        public var title: String
        public var kind: Kind

        public init(_ name: String, title: String, kind: Kind) {
            self.name = name
            self.title = title
            self.kind = kind
        }
    }

    public enum Cell: Sendable, Equatable, Codable {
        case text(String)
        case integer(Int64)
        /// Percent, 0–100.
        case percent(Double)
        case null

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null } else if let i = try? c.decode(Int64.self) { self = .integer(i) } else if let d = try? c.decode(Double.self) { self = .percent(d) } else { self = .text(try c.decode(String.self)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .text(let s): try c.encode(s)
            case .integer(let i): try c.encode(i)
            case .percent(let d): try c.encode(d)
            case .null: try c.encodeNil()
            }
        }
    }

    /// Stable identifier (`stars-by-sector`), also the sheet's and file's name.
    public var id: String
    public var title: String
    /// What is counted, exactly.
    public var definition: String
    /// The day the figures are taken on (`YYYY-MM-DD`).
    public var asOf: String
    /// When the query ran (ISO 8601, UTC).
    public var queriedAt: String
    public var columns: [Column]
    public var rows: [[Cell]]

    // snake_case on the wire, as every other API shape.
    enum CodingKeys: String, CodingKey {
        case id, title, definition, columns, rows
        case asOf = "as_of"
        case queriedAt = "queried_at"
    }

    public init(id: String, title: String, definition: String, asOf: String, queriedAt: String, columns: [Column], rows: [[Cell]]) {
        self.id = id
        self.title = title
        self.definition = definition
        self.asOf = asOf
        self.queriedAt = queriedAt
        self.columns = columns
        self.rows = rows
    }
}
