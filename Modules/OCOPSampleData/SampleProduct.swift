import OCOPDomain

/// A generated OCOP product, one row of `products.csv`, with the star rating it already holds.
public struct SampleProduct: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case active, draft, discontinued
    }

    public let subjectRegistrationNumber: String
    /// Unique among the subject's products.
    public let name: String
    public let productSet: ProductSet
    /// Commune of origin when it differs from the subject's (nil: the subject's commune).
    public let communeCode: CommuneCode?
    /// Pre-2025 commune of origin, for a few products (then `communeCode` is nil).
    public let legacyCommuneCode: CommuneCode?
    public let description: String?
    public let packaging: String?
    public let ingredients: String?
    public let rawMaterialOrigin: String?
    /// Nil leaves the column empty (the importer's default, active).
    public let status: Status?
    /// 3★–5★ as the decision gives them; a potential-5★ product holds 4★ (ocop-rules.md §3).
    public let stars: StarRating
    /// `recognised`, or `potentialFiveStar` (scored 90+ by the province, waiting for the ministry).
    public let decision: DecisionKind
    /// The decision's number, shared by every product of its round (`1234/QĐ-UBND`).
    public let decisionNumber: String
    /// This product's certificate: `<decision numeral>-<year>-<sequence in the decision>`
    /// (`1234-2023-015`), unique in the dataset.
    public let certificateNumber: String
    public let certifiedOn: SampleDate
    /// Who decided: the province, a district (3★ under QĐ 148) or the ministry (5★).
    public let issuingLevel: IssuingLevel

    public var sector: Sector { productSet.sector }
}
