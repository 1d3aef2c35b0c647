import OCOPDomain

/// Subjects: legal form, place, representative, name, tax code and contact details.
extension SampleGenerator {
    /// A subject with what its products need to know: where it is and what it mainly makes.
    struct Draft {
        let subject: SampleSubject
        let mainSet: ProductSet
        let place: String
        /// Its pre-2025 district (index), whose council recognised 3★ under QĐ 148.
        let district: Int
    }

    mutating func makeSubject() -> Draft {
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
        return Draft(subject: subject, mainSet: mainSet, place: location.place, district: location.district)
    }

    private struct Location {
        let commune: CommuneCode
        let legacy: CommuneCode?
        let address: String
        let place: String
        let district: Int
    }

    /// About 10 % of subjects are given by a legacy commune (mapped on import), the rest by a current one.
    private mutating func makeLocation() -> Location {
        if !legacy.entries.isEmpty && random.chance(0.1) {
            let entry = random.pick(legacy.entries)
            let ward = entry.legacy.kind == .ward || entry.legacy.kind == .township
            let local = SubjectWords.localPart(ward: ward, region: profile.region, &random)
            return Location(
                commune: entry.current.code, legacy: entry.legacy.code, address: "\(local), \(entry.addressTail)", place: entry.place,
                district: districtOfLegacyDistrict[entry.legacy.districtCode] ?? 0)
        }
        let index = random.below(communes.count)
        let commune = communes[index]
        let local = SubjectWords.localPart(ward: commune.kind == .ward, region: profile.region, &random)
        return Location(
            commune: commune.code, legacy: nil, address: "\(local), \(commune.name), \(province.name)", place: communePlaces[index],
            district: districtOfCommune[commune.code] ?? index % max(1, districtOfLegacyDistrict.count))
    }

    /// The commune's short name, or the province's for numbered wards ("Phường 2 Bảo Lộc").
    static func place(of commune: Commune, in province: Province) -> String {
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

    /// Never this year or later: a subject is recognised after it exists, and `today` can be early.
    private mutating func foundedYear(_ form: LegalForm) -> Int {
        let latest = today.year - 1
        return switch form {
        case .householdBusiness: random.chance(0.2) ? random.int(in: 1990...2004) : random.int(in: 2005...min(2024, latest))
        case .cooperative: random.int(in: 1997...min(2023, latest))
        case .enterprise: random.int(in: 1992...min(2024, latest))
        case .cooperativeGroup: random.int(in: 2008...min(2024, latest))
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
}
