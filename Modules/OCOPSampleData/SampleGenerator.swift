import OCOPDomain

/// Draws subjects and their products. Every random choice comes from one seeded SplitMix64 in a
/// fixed order, and nothing iterates a dictionary, so a seed always gives the same data.
struct SampleGenerator {
    /// Legal forms of subjects nationally (ocop-rules.md §8, per mille): 32.7 % cooperatives,
    /// 24.1 % enterprises, 42.7 % household businesses, < 1 % cooperative groups.
    static let legalForms = WeightedTable<LegalForm>([
        (.cooperative, 327), (.enterprise, 241), (.householdBusiness, 427), (.cooperativeGroup, 5),
    ])

    /// Products per subject, 1–8, skewed: mean ≈ 1.82 (nationally 14,642 / 8,086 ≈ 1.81).
    static let productsPerSubject = WeightedTable<Int>([
        (1, 600), (2, 210), (3, 90), (4, 40), (5, 25), (6, 15), (7, 10), (8, 10),
    ])

    /// ≈ 73 % 3★, 24 % 4★ plus ~1 % potential 5★ (which hold 4★), 51 / 14,642 ≈ 0.35 % 5★.
    static let stars = WeightedTable<StarRating>([(.three, 7300), (.four, 2500), (.five, 35)])

    private var random: SplitMix64
    private let province: Province
    private let profile: ProvinceProfile
    private let communes: [Commune]
    /// Place names of `communes`, same order (see ``place(of:)``).
    private let communePlaces: [String]
    private let legacy: LegacyCommunePool
    private let sets: WeightedTable<ProductSet>
    private let rounds: CertificateRounds
    private let provincePrefix: Int
    private var taxSequence: Int
    private let maxTaxStep: Int

    init(province: Province, units: AdminUnits, products: Int, seed: UInt64) {
        let number = Int(province.code.rawValue) ?? 0
        random = SplitMix64(seed: seed ^ (UInt64(number) &* 0xD6E8_FEB8_6659_FD93))
        self.province = province
        profile = ProvinceProfile.of(province.code)
        let communes = units.communes(in: province.code)
        self.communes = communes
        communePlaces = communes.map { Self.place(of: $0, in: province) }
        legacy = LegacyCommunePool(units: units, province: province.code)
        sets = profile.productSetTable()
        rounds = CertificateRounds(&random)
        provincePrefix = number
        // Spread registration numbers over the 7-digit space but never run out of it.
        let expectedSubjects = products * 10 / 18 + 10
        maxTaxStep = max(1, min(9, 8_000_000 / expectedSubjects))
        taxSequence = random.int(in: 100_000...900_000)
    }

    mutating func generate(products total: Int) -> (subjects: [SampleSubject], products: [SampleProduct]) {
        var subjects: [SampleSubject] = []
        var products: [SampleProduct] = []
        subjects.reserveCapacity(total * 10 / 17)
        products.reserveCapacity(total)
        var remaining = total
        while remaining > 0 {
            let count = min(remaining, Self.productsPerSubject.pick(&random))
            let draft = makeSubject()
            subjects.append(draft.subject)
            var names: [String] = []  // folded product names of this subject
            for _ in 0..<count {
                products.append(makeProduct(of: draft, names: &names))
            }
            remaining -= count
        }
        return (subjects, products)
    }

    // MARK: Subjects

    /// A subject with what its products need to know: where it is and what it mainly makes.
    struct Draft {
        let subject: SampleSubject
        let mainSet: ProductSet
        let place: String
    }

    private mutating func makeSubject() -> Draft {
        let form = Self.legalForms.pick(&random)
        let mainSet = sets.pick(&random)
        let location = makeLocation()
        let woman = random.chance(0.4)
        let ethnic = random.chance(profile.ethnicMinorityRate)
        let person = ethnic ? profile.naming.name(woman: woman, &random) : PersonNames.kinh(woman: woman, &random)
        let name = subjectName(form: form, mainSet: mainSet, place: location.place, person: person, woman: woman)
        let founded = foundedYear(form)
        let contacts = contacts(form: form, name: name, person: person)
        let subject = SampleSubject(
            registrationNumber: nextRegistrationNumber(),
            name: name,
            legalForm: form,
            communeCode: location.commune,
            legacyCommuneCode: location.legacy,
            address: location.address,
            representative: person,
            representativeIsWoman: woman,
            representativeIsEthnicMinority: ethnic,
            phone: "09" + random.digits(8),
            email: contacts.email,
            website: contacts.website,
            foundedYear: founded,
            employees: employees(form),
            localLabourPercent: random.chance(0.3) ? 100 : random.int(in: 55...99),
            valueChain: valueChain(place: location.place),
            salesChannels: salesChannels(form))
        return Draft(subject: subject, mainSet: mainSet, place: location.place)
    }

    private struct Location {
        let commune: CommuneCode
        let legacy: CommuneCode?
        let address: String
        let place: String
    }

    /// About 10 % of subjects are given by a legacy commune (mapped on import), the rest by a current one.
    private mutating func makeLocation() -> Location {
        if !legacy.entries.isEmpty && random.chance(0.1) {
            let entry = random.pick(legacy.entries)
            let ward = entry.legacy.kind == .ward || entry.legacy.kind == .township
            let local = SubjectWords.localPart(ward: ward, region: profile.region, &random)
            return Location(
                commune: entry.current.code, legacy: entry.legacy.code, address: "\(local), \(entry.addressTail)", place: entry.place)
        }
        let index = random.below(communes.count)
        let commune = communes[index]
        let local = SubjectWords.localPart(ward: commune.kind == .ward, region: profile.region, &random)
        return Location(
            commune: commune.code, legacy: nil, address: "\(local), \(commune.name), \(province.name)", place: communePlaces[index])
    }

    /// The commune's short name, or the province's for numbered wards ("Phường 2 Bảo Lộc").
    private static func place(of commune: Commune, in province: Province) -> String {
        commune.shortName.contains(where: \.isNumber) ? province.shortName : commune.shortName
    }

    private mutating func subjectName(form: LegalForm, mainSet: ProductSet, place: String, person: String, woman: Bool) -> String {
        let catalog = ProductCatalog.of(mainSet)
        switch form {
        case .cooperative:
            let trade = random.chance(0.35) ? random.pick(["Nông nghiệp", "Dịch vụ nông nghiệp", "Nông nghiệp và Dịch vụ"]) : random.pick(catalog.trades)
            return "Hợp tác xã \(trade) \(place)"
        case .cooperativeGroup:
            return "Tổ hợp tác \(random.pick(catalog.trades)) \(place)"
        case .householdBusiness:
            if random.chance(0.3) {
                let given = person.split(separator: " ").last.map(String.init) ?? person
                return "Cơ sở \(random.pick(catalog.bases)) \(woman ? "Bà" : "Ông") \(given)"
            }
            return "Hộ kinh doanh \(person)"
        case .enterprise:
            let brand = random.pick(SubjectWords.brands)
            switch random.below(10) {
            case 0..<4: return "Công ty TNHH \(random.pick(SubjectWords.industries)) \(brand)"
            case 4..<6: return "Công ty Cổ phần \(random.pick(catalog.trades)) \(brand)"
            case 6..<9: return "Công ty TNHH MTV \(brand) \(place)"
            default: return "Doanh nghiệp tư nhân \(brand)"
            }
        }
    }

    /// Next unique 10-digit tax code: the province's number as prefix, increasing sequence.
    private mutating func nextRegistrationNumber() -> String {
        while true {
            taxSequence += 1 + random.below(maxTaxStep)
            if let code = TaxCode.make(prefix: provincePrefix, sequence: taxSequence % 10_000_000) { return code }
        }
    }

    private mutating func foundedYear(_ form: LegalForm) -> Int {
        switch form {
        case .householdBusiness: random.chance(0.2) ? random.int(in: 1990...2004) : random.int(in: 2005...2024)
        case .cooperative: random.int(in: 1997...2023)
        case .enterprise: random.int(in: 1992...2024)
        case .cooperativeGroup: random.int(in: 2008...2024)
        }
    }

    private mutating func employees(_ form: LegalForm) -> Int {
        switch form {
        case .householdBusiness: random.int(in: 2...12)
        case .cooperativeGroup: random.int(in: 5...25)
        case .cooperative: 7 + random.below(25) + (random.chance(0.3) ? random.below(120) : 0)
        case .enterprise: 5 + random.below(40) + (random.chance(0.3) ? random.below(400) : 0)
        }
    }

    /// E-mail and web site, both derived from the subject's short handle ("htxchetancuong").
    private mutating func contacts(form: LegalForm, name: String, person: String) -> (email: String?, website: String?) {
        let wantsEmail = random.chance(form == .householdBusiness ? 0.25 : 0.55)
        let wantsSite = random.chance(form == .enterprise ? 0.35 : form == .cooperative ? 0.12 : 0)
        guard wantsEmail || wantsSite else { return (nil, nil) }
        let handle = SubjectWords.slug(SubjectWords.handle(name))
        var email: String?
        var website: String?
        if wantsEmail {
            let local = form == .householdBusiness ? SubjectWords.slug(person) : handle
            email = "\(local.prefix(24))\(random.int(in: 1...99))@gmail.com"
        }
        if wantsSite {
            let site = handle.prefix(30)
            website = random.chance(0.3) ? "https://facebook.com/\(site)" : "https://\(site).\(random.chance(0.5) ? "vn" : "com.vn")"
        }
        return (email, website)
    }

    private mutating func valueChain(place: String) -> String? {
        guard random.chance(0.45) else { return nil }
        return "Liên kết với \(random.int(in: 5...300)) hộ dân tại \(place) cung ứng nguyên liệu; tiêu thụ qua \(random.pick(SubjectWords.buyers))"
    }

    /// About half of the subjects sell on a modern channel (a Hà Nội target is ≥ 50 %).
    private mutating func salesChannels(_ form: LegalForm) -> [SalesChannel] {
        var channels: [SalesChannel] = []
        func add(_ channel: SalesChannel) {
            if !channels.contains(channel) { channels.append(channel) }
        }
        if random.chance(0.85) { add(.direct) }
        if random.chance(0.5) { add(.traditionalMarket) }
        if random.chance(0.4) { add(.ocopPointOfSale) }
        let modern: Double = switch form {
        case .enterprise: 0.75
        case .cooperative: 0.55
        case .householdBusiness: 0.38
        case .cooperativeGroup: 0.35
        }
        if random.chance(modern) {
            for _ in 0..<random.int(in: 1...3) {
                add(random.pick([.supermarket, .eCommerce, .eCommerce, .convenienceStore, .livestream]))
            }
        }
        if random.chance(form == .enterprise ? 0.12 : 0.03) { add(.export) }
        if channels.isEmpty { add(.direct) }
        return SalesChannel.allCases.filter(channels.contains)
    }

    // MARK: Products

    private mutating func makeProduct(of draft: Draft, names: inout [String]) -> SampleProduct {
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
        let stars = Self.stars.pick(&random)
        let round = rounds.pick(stars: stars, foundedYear: draft.subject.foundedYear, &random)
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
            stars: stars,
            certificateNumber: round.number,
            certifiedOn: round.date)
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
