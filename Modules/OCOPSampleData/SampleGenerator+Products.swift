import OCOPDomain

/// Products: set, origin, unique name, texts and the certificate they hold.
extension SampleGenerator {
    mutating func makeProduct(of draft: Draft, names: inout [String]) -> SampleProduct {
        let set: ProductSet
        if random.chance(0.7) {
            set = draft.mainSet
        } else if random.chance(0.6) {
            set = random.pick(draft.mainSet.sector.productSets)
        } else {
            set = sets.pick(&random)
        }
        let catalog = ProductCatalog.of(set)
        var place = draft.place
        var commune: CommuneCode?
        var legacyCode: CommuneCode?
        let origin = random.below(100)
        if origin < 10 {
            let index = random.below(communes.count)
            if communes[index].code != draft.subject.communeCode {
                commune = communes[index].code
                place = communePlaces[index]
            }
        } else if origin < 14, !legacy.entries.isEmpty {
            let entry = random.pick(legacy.entries)
            legacyCode = entry.legacy.code
            place = entry.place
        }
        if random.chance(0.12) { place = province.shortName }
        let (name, base) = uniqueName(base: random.pick(catalog.bases), place: place, catalog: catalog, folded: &names)
        let recognition = profile.figures.recognitions.pick(&random)
        let round = rounds.pick(
            recognition.stars == .five ? .ministerial : .provincial, stars: recognition.stars, district: draft.district,
            earliest: SampleDate(uncheckedYear: draft.subject.foundedYear, month: 1, day: 1), &random)
        return SampleProduct(
            subjectRegistrationNumber: draft.subject.registrationNumber,
            name: name,
            productSet: set,
            communeCode: commune,
            legacyCommuneCode: legacyCode,
            description: random.chance(0.7) ? text(ProductWords.descriptions(set.sector), base: base, place: place) : nil,
            packaging: !catalog.packaging.isEmpty && random.chance(0.85) ? random.pick(catalog.packaging) : nil,
            ingredients: random.chance(0.75) ? ingredients(base: base, catalog: catalog) : nil,
            rawMaterialOrigin: random.chance(0.65) ? text(ProductWords.origins(set.sector), base: base, place: place) : nil,
            status: status(),
            stars: recognition.stars,
            decision: recognition.kind,
            decisionNumber: round.number,
            certificateNumber: certificateNumber(round),
            certifiedOn: round.date,
            issuingLevel: round.level)
    }

    /// `<decision numeral>-<year>-<sequence>`: numerals are distinct within a year (one register
    /// per year across levels), so certificate numbers are unique in the dataset.
    private mutating func certificateNumber(_ round: CertificateRounds.Round) -> String {
        let prefix = "\(round.numeral)-\(round.date.year)"
        let sequence = certificatesIssued[prefix, default: 0] + 1
        certificatesIssued[prefix] = sequence
        let digits = String(sequence)
        return "\(prefix)-\(String(repeating: "0", count: max(0, 3 - digits.count)))\(digits)"
    }

    /// "{base} {place}", with a qualifier or another base when the subject already has that name.
    /// A name "{base} {place}" not yet used by the subject; on a clash another product word, then a
    /// qualifier. Names are compared folded (no diacritics, case), as the importer keys products by
    /// (subject, folded name): "Cá kho" and "Cá khô" are the same product to it. Returns the
    /// product word finally used, which the description and ingredients must match.
    private mutating func uniqueName(
        base: String, place: String, catalog: ProductCatalog, folded: inout [String]
    ) -> (name: String, base: String) {
        var base = base
        var candidate = "\(base) \(place)"
        var key = VietnameseText.fold(candidate)
        var attempt = 0
        while folded.contains(key) {
            attempt += 1
            if attempt <= 2 {
                base = random.pick(catalog.bases)
                candidate = "\(base) \(place)"
            } else if attempt <= 2 + ProductWords.qualifiers.count {
                candidate = "\(base) \(place) \(ProductWords.qualifiers[attempt - 3])"
            } else {
                candidate = "\(base) \(place) số \(attempt)"
            }
            key = VietnameseText.fold(candidate)
        }
        folded.append(key)
        return (candidate, base)
    }

    private mutating func ingredients(base: String, catalog: ProductCatalog) -> String? {
        if let own = Ingredients.byBase[base] { return own }
        guard !catalog.ingredients.isEmpty else { return nil }
        return ProductWords.uppercasingFirst(
            ProductWords.fill(random.pick(catalog.ingredients), base: base, place: "", province: "", number: 0))
    }

    private mutating func text(_ templates: [String], base: String, place: String) -> String? {
        guard !templates.isEmpty else { return nil }
        let template = random.pick(templates)
        return ProductWords.fill(template, base: base, place: place, province: province.shortName, number: random.int(in: 5...200))
    }

    private mutating func status() -> SampleProduct.Status? {
        switch random.below(100) {
        case 0..<90: .active
        case 90..<98: nil
        default: .discontinued
        }
    }
}
