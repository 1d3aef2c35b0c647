import OCOPDomain

/// A generated OCOP subject (chủ thể), one row of `subjects.csv`.
public struct SampleSubject: Sendable, Hashable {
    /// 10-digit tax code with a valid check digit, unique in the dataset.
    public let registrationNumber: String
    public let name: String
    public let legalForm: LegalForm
    /// The current commune (for a subject given by legacy code: the one it maps to).
    public let communeCode: CommuneCode
    /// Set for about 10 % of subjects, which the CSV then gives by `legacy_commune_code` only.
    public let legacyCommuneCode: CommuneCode?
    public let address: String
    public let representative: String
    public let representativeIsWoman: Bool
    public let representativeIsEthnicMinority: Bool
    public let phone: String
    public let email: String?
    public let website: String?
    public let foundedYear: Int
    public let employees: Int
    public let localLabourPercent: Int
    public let valueChain: String?
    public let salesChannels: [SalesChannel]
}
