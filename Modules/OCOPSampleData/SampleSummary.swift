import OCOPDomain

/// Counts of a generated dataset, to print and to check proportions against.
public struct SampleSummary: Sendable {
    public let subjects: Int
    public let products: Int
    public let legalForms: [LegalForm: Int]
    public let stars: [StarRating: Int]
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
        var legalForms: [LegalForm: Int] = [:]
        var stars: [StarRating: Int] = [:]
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
            stars[productRecords[index].stars, default: 0] += 1
            sectors[productRecords[index].productSet.sector, default: 0] += 1
        }
        self.legalForms = legalForms
        self.stars = stars
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
