import SQLKit

/// What the registry offers other plugins without them importing it: its extension points
/// and the facts of a product. (Events: `CoreEvents.swift`.)
public enum RegistryPoints {
    /// Extra spreadsheet headers for the import columns, as a province's offices write them.
    public static let importAliases = ExtensionPoint<ImportAlias>(
        "ocop.registry.import-aliases", summary: "extra spreadsheet headers for import columns")
}

/// "This header means that column": `ImportAlias(.products, column: "stars", header: "Xếp hạng")`.
public struct ImportAlias: Sendable, Hashable, CustomStringConvertible {
    public enum Sheet: String, Sendable, Hashable { case subjects, products }
    public var sheet: Sheet
    /// The column's canonical name (docs/import-format.md), e.g. `registration_number`.
    public var column: String
    /// The header as written, compared without diacritics, case or extra spaces.
    public var header: String

    public init(_ sheet: Sheet, column: String, header: String) {
        self.sheet = sheet
        self.column = column
        self.header = header
    }

    public var description: String { "\(sheet.rawValue): '\(header)' → \(column)" }
}

/// A product as other modules see it (for linking, eligibility, shelves).
public struct ProductFacts: Sendable, Equatable, Codable {
    public var id: Int64
    public var subjectID: Int64
    public var subjectName: String
    public var provinceCode: String
    public var communeCode: String
    public var name: String
    public var productSet: Int
    /// Stars of a certificate valid today, nil when none is.
    public var currentStars: Int?
    /// Whether the product is published (active).
    public var active: Bool

    public init(id: Int64, subjectID: Int64, subjectName: String, provinceCode: String, communeCode: String, name: String,
                productSet: Int, currentStars: Int?, active: Bool) {
        self.id = id
        self.subjectID = subjectID
        self.subjectName = subjectName
        self.provinceCode = provinceCode
        self.communeCode = communeCode
        self.name = name
        self.productSet = productSet
        self.currentStars = currentStars
        self.active = active
    }
}

/// Reads products' facts. The registry provides it.
public protocol ProductLookup: Sendable {
    func product(_ id: Int64, on database: any SQLDatabase) async throws -> ProductFacts?
}
