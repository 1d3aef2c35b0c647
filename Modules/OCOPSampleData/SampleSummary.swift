import OCOPDomain

/// Counts of a generated dataset, to print and to check proportions against. Standings follow
/// the registry's rules (``CertificationStanding``, 36 months by ``DecisionDate``), so they are
/// what an import of the files records on ``today``.
public struct SampleSummary: Sendable {
    public let subjects: Int
    public let products: Int
    public let legalForms: [LegalForm: Int]
    /// Products by the stars their decision gives (a potential 5★ counts as the 4★ it holds).
    public let stars: [StarRating: Int]
    /// Products recognised potential 5★ (among `stars[.four]`).
    public let potentialFiveStar: Int
    public let today: SampleDate
    /// Products by standing on `today`: current stars while valid, none once expired.
    public let validStars: [StarRating: Int]
    /// Potential-5★ decisions still valid (holding 4★).
    public let validPotentialFiveStar: Int
    public let expired: Int
    /// Certification decisions an import records: one per product row.
    public let certifications: Int
    /// Distinct decisions (decision numbers) behind them, by the level that issued them.
    public let decisions: [IssuingLevel: Int]
    public let sectors: [Sector: Int]
    /// Subjects given by `legacy_commune_code`.
    public let subjectsByLegacyCommune: Int
    public let womenRepresentatives: Int
    public let ethnicMinorityRepresentatives: Int
    /// Subjects selling in supermarkets, convenience stores, e-commerce or livestream.
    public let subjectsOnModernChannels: Int

    init(_ dataset: SampleDataset) {
        subjects = dataset.subjects.count
        products = dataset.products.count
        today = dataset.today
        var legalForms: [LegalForm: Int] = [:]
        var stars: [StarRating: Int] = [:]
        var potential = 0
        var validStars: [StarRating: Int] = [:]
        var validPotential = 0
        var expired = 0
        var decisions: Set<String> = []
        var decisionLevels: [IssuingLevel: Int] = [:]
        var sectors: [Sector: Int] = [:]
        var legacy = 0
        var women = 0
        var ethnic = 0
        var modern = 0
        // Indexing reads single fields; `for subject in` would copy every record.
        let subjectRecords = dataset.subjects
        for index in subjectRecords.indices {
            legalForms[subjectRecords[index].legalForm, default: 0] += 1
            if subjectRecords[index].legacyCommuneCode != nil { legacy += 1 }
            if subjectRecords[index].representativeIsWoman { women += 1 }
            if subjectRecords[index].representativeIsEthnicMinority { ethnic += 1 }
            if subjectRecords[index].salesChannels.contains(where: \.isModern) { modern += 1 }
        }
        let productRecords = dataset.products
        for index in productRecords.indices {
            let product = productRecords[index]
            stars[product.stars, default: 0] += 1
            if product.decision == .potentialFiveStar { potential += 1 }
            sectors[product.productSet.sector, default: 0] += 1
            switch product.certifiedOn.standing(of: product.decision, on: dataset.today) {
            case .valid: validStars[product.stars, default: 0] += 1
            case .potentialFiveStar: validPotential += 1
            case .expired, .revoked, .withdrawn: expired += 1  // only expiry occurs in generated data
            }
            // A number identifies a decision together with its year (registers restart yearly).
            if decisions.insert("\(product.decisionNumber) \(product.certifiedOn.year)").inserted {
                decisionLevels[product.issuingLevel, default: 0] += 1
            }
        }
        self.legalForms = legalForms
        self.stars = stars
        potentialFiveStar = potential
        self.validStars = validStars
        validPotentialFiveStar = validPotential
        self.expired = expired
        certifications = productRecords.count
        self.decisions = decisionLevels
        self.sectors = sectors
        subjectsByLegacyCommune = legacy
        womenRepresentatives = women
        ethnicMinorityRepresentatives = ethnic
        subjectsOnModernChannels = modern
    }

    /// Share of `count` in `total` as a percentage, for printing.
    public static func percent(_ count: Int, of total: Int) -> Double {
        total == 0 ? 0 : Double(count) * 100 / Double(total)
    }
}
