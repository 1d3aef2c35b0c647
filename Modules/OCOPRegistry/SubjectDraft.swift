import Foundation
import OCOPDomain

/// A subject as submitted (JSON body or spreadsheet row), before validation.
struct SubjectDraft: Codable, Sendable, Equatable {
    var registrationNumber: String?
    var name: String?
    var legalForm: String?
    var communeCode: String?
    var legacyCommuneCode: String?
    var address: String?
    var representative: String?
    var representativeIsWoman: Bool?
    var representativeIsEthnicMinority: Bool?
    var phone: String?
    var email: String?
    var website: String?
    var foundedYear: Int?
    var employees: Int?
    var localLabourPercent: Int?
    var valueChain: String?
    var salesChannels: [String]?

    static let fieldNames = Set(CodingKeys.allCases.map(\.rawValue))

    enum CodingKeys: String, CodingKey, CaseIterable {
        case registrationNumber = "registration_number"
        case name
        case legalForm = "legal_form"
        case communeCode = "commune_code"
        case legacyCommuneCode = "legacy_commune_code"
        case address, representative
        case representativeIsWoman = "representative_is_woman"
        case representativeIsEthnicMinority = "representative_is_ethnic_minority"
        case phone, email, website
        case foundedYear = "founded_year"
        case employees
        case localLabourPercent = "local_labour_percent"
        case valueChain = "value_chain"
        case salesChannels = "sales_channels"
    }

    /// Fields present in `patch` replace ours (PATCH semantics: absent means unchanged).
    func merged(with patch: SubjectDraft) -> SubjectDraft {
        var out = self
        out.registrationNumber = patch.registrationNumber ?? registrationNumber
        out.name = patch.name ?? name
        out.legalForm = patch.legalForm ?? legalForm
        if patch.communeCode != nil || patch.legacyCommuneCode != nil {
            out.communeCode = patch.communeCode
            out.legacyCommuneCode = patch.legacyCommuneCode
        }
        out.address = patch.address ?? address
        out.representative = patch.representative ?? representative
        out.representativeIsWoman = patch.representativeIsWoman ?? representativeIsWoman
        out.representativeIsEthnicMinority = patch.representativeIsEthnicMinority ?? representativeIsEthnicMinority
        out.phone = patch.phone ?? phone
        out.email = patch.email ?? email
        out.website = patch.website ?? website
        out.foundedYear = patch.foundedYear ?? foundedYear
        out.employees = patch.employees ?? employees
        out.localLabourPercent = patch.localLabourPercent ?? localLabourPercent
        out.valueChain = patch.valueChain ?? valueChain
        out.salesChannels = patch.salesChannels ?? salesChannels
        return out
    }
}

/// A problem with one field of one record.
struct FieldIssue: Sendable, Equatable {
    var field: String
    var message: String
    /// For a pre-2025 commune divided between several: the current communes it may be. A row
    /// whose only problem this is goes to the review queue instead of being refused.
    var candidates: [String] = []
    /// A choice an officer can make even without candidates (an address naming no known unit):
    /// the row waits in the review queue rather than failing the file.
    var reviewable = false
    /// The pre-2025 commune the row named, kept with it while it waits.
    var legacy: String?

    /// What an officer chooses for it in the review queue.
    var queueField: String { field == "product_set" ? "product_set" : "commune_code" }
}

/// Every problem found in one record.
struct FieldIssues: Error, Sendable, Equatable {
    var issues: [FieldIssue]
    init(_ issues: [FieldIssue]) { self.issues = issues }
}

/// A subject that passed validation, normalised (NFC, trimmed, canonical codes).
struct ValidSubject: Sendable, Equatable {
    var provinceCode: String
    var communeCode: String
    var legacyCommuneCode: String?
    var legalForm: LegalForm
    var registrationNumber: String
    var name: String
    var address: String?
    var representative: String?
    var representativeIsWoman: Bool?
    var representativeIsEthnicMinority: Bool?
    var phone: String?
    var email: String?
    var website: String?
    var foundedYear: Int?
    var employees: Int?
    var localLabourPercent: Int?
    var valueChain: String?
    var salesChannels: [SalesChannel]

    var nameFolded: String { VietnameseText.fold(name) }
    var nameCollation: String { VietnameseText.collationKey(name) }
}

enum SubjectValidator {
    static let maxName = 300
    static let maxText = 2000

    /// Validates a draft; `province`, when given, is the province every subject must be in.
    static func validate(_ draft: SubjectDraft, province: String?, units: AdminUnits, currentYear: Int) -> Result<ValidSubject, FieldIssues> {
        var warnings: [FieldIssue] = []
        return validate(draft, province: province, units: units, currentYear: currentYear, warnings: &warnings)
    }

    /// The same, collecting what was repaired on the way (leading zeros Excel dropped) in `warnings`.
    static func validate(_ draft: SubjectDraft, province: String?, units: AdminUnits, currentYear: Int,
                         warnings: inout [FieldIssue]) -> Result<ValidSubject, FieldIssues> {
        var issues: [FieldIssue] = []
        func text(_ value: String?, _ field: String, required: Bool = false, max: Int = maxText, multiline: Bool = false) -> String? {
            let before = issues.count
            let cleaned = Text.validated(value, field: field, multiline: multiline, issues: &issues)
            if cleaned == nil, required, issues.count == before { issues.append(.init(field: field, message: "is required")) }
            if let cleaned, cleaned.count > max { issues.append(.init(field: field, message: "is longer than \(max) characters")) }
            return cleaned
        }

        let registration = text(draft.registrationNumber, "registration_number", required: true, max: 40)
        let name = text(draft.name, "name", required: true, max: maxName)
        var legalForm: LegalForm?
        if let raw = text(draft.legalForm, "legal_form", required: true, max: 60) {
            legalForm = FieldParsers.legalForm(raw)
            if legalForm == nil { issues.append(.init(field: "legal_form", message: "'\(raw)' is not a legal form; expected one of \(FieldParsers.legalFormList)")) }
        }
        var normalisedRegistration = ""
        if let registration {
            switch TaxIdentifier.parse(registration) {
            case .failure(let problem):
                issues.append(.init(field: "registration_number", message: problem.description))
            case .success(let parsed):
                normalisedRegistration = parsed.identifier.description
                if case .personal = parsed.identifier, let legalForm, legalForm != .householdBusiness {
                    issues.append(.init(field: "registration_number", message: "a 12-digit personal identification number is the tax code of household businesses only (Circular 86/2024/TT-BTC); a \(legalForm.englishName.lowercased()) has a 10-digit tax code"))
                }
                if let original = parsed.restoredFrom {
                    warnings.append(.init(field: "registration_number", message: "'\(original)' read as \(normalisedRegistration): the leading zero was restored"))
                }
            }
        }

        let place = Place.resolve(current: text(draft.communeCode, "commune_code", max: 20),
                                  legacy: text(draft.legacyCommuneCode, "legacy_commune_code", max: 20), province: province,
                                  units: units, required: true, address: draft.address)
        issues += place.issues
        warnings += place.warnings

        let email = text(draft.email, "email", max: 200)
        if let email, email.split(separator: "@", omittingEmptySubsequences: false).count != 2 || email.contains(" ") {
            issues.append(.init(field: "email", message: "'\(email)' is not an email address"))
        }
        if let year = draft.foundedYear, !(1900...currentYear).contains(year) {
            issues.append(.init(field: "founded_year", message: "expected a year from 1900 to \(currentYear), found \(year)"))
        }
        if let employees = draft.employees, !(0...1_000_000).contains(employees) {
            issues.append(.init(field: "employees", message: "expected 0 to 1000000, found \(employees)"))
        }
        if let share = draft.localLabourPercent, !(0...100).contains(share) {
            issues.append(.init(field: "local_labour_percent", message: "expected a percentage from 0 to 100, found \(share)"))
        }
        var channels: [SalesChannel] = []
        for raw in draft.salesChannels ?? [] {
            guard let cleaned = text(raw, "sales_channels", max: 100) else { continue }
            if let channel = FieldParsers.salesChannel(cleaned) {
                if !channels.contains(channel) { channels.append(channel) }
            } else {
                issues.append(.init(field: "sales_channels", message: "'\(cleaned)' is not a sales channel; expected \(FieldParsers.channelList)"))
            }
        }
        let subject = ValidSubject(
            provinceCode: place.province ?? "", communeCode: place.commune ?? "", legacyCommuneCode: place.legacy,
            legalForm: legalForm ?? .enterprise, registrationNumber: normalisedRegistration, name: name ?? "",
            address: text(draft.address, "address"), representative: text(draft.representative, "representative", max: maxName),
            representativeIsWoman: draft.representativeIsWoman, representativeIsEthnicMinority: draft.representativeIsEthnicMinority,
            phone: text(draft.phone, "phone", max: 40), email: email, website: text(draft.website, "website", max: 300),
            foundedYear: draft.foundedYear, employees: draft.employees, localLabourPercent: draft.localLabourPercent,
            valueChain: text(draft.valueChain, "value_chain", multiline: true), salesChannels: channels)
        return issues.isEmpty ? .success(subject) : .failure(FieldIssues(issues))
    }
}

/// Text clean-up shared by every field: NFC, invisible format characters removed, trimmed;
/// empty becomes nil. `validated` also refuses control characters (see `TextSanitizer`).
enum Text {
    static func validated(_ value: String?, field: String, multiline: Bool = false, issues: inout [FieldIssue]) -> String? {
        guard let value else { return nil }
        if isClean(value) { return value }
        switch TextSanitizer.sanitize(value, allowsLineBreaks: multiline) {
        case .success(let sanitized): return clean(sanitized)
        case .failure(let refusal):
            issues.append(.init(field: field, message: refusal.message))
            return nil
        }
    }

    static func clean(_ value: String?) -> String? {
        guard let value else { return nil }
        if isClean(value) { return value }
        let sanitized = (try? TextSanitizer.sanitize(value, allowsLineBreaks: true).get()) ?? value
        let scalars = VietnameseText.nfc(sanitized).unicodeScalars
        // Trimmed by hand: Foundation's trimming goes through NSString, a cost on every field of a 100,000-row import.
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return nil }
        return String(scalars[first...last])
    }
}

extension Text {
    /// True when `clean` would return `value` as it is, decided in one pass over its UTF-8 bytes
    /// (almost every cell of an import): printable ASCII, U+00AE–U+02FF and the precomposed
    /// Vietnamese letters U+1E00–U+1EFF only — nothing `TextSanitizer` removes or refuses,
    /// already NFC — and no space at either end.
    static func isClean(_ value: String) -> Bool {
        value.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20 else { return false }
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b < 0x80 {
                    guard b >= 0x20, b != 0x7F else { return false }
                    i += 1
                } else if b == 0xC2 {
                    guard i + 1 < n, bytes[i + 1] >= 0xAE else { return false }
                    i += 2
                } else if b >= 0xC3 && b <= 0xCB {
                    i += 2
                } else if b == 0xE1 {
                    guard i + 1 < n, bytes[i + 1] >= 0xB8, bytes[i + 1] <= 0xBB else { return false }
                    i += 3
                } else {
                    return false
                }
            }
            return true
        } ?? false
    }
}

/// Resolves a commune given as a current code or a legacy (pre-2025) one.
struct Place {
    var province: String?
    var commune: String?
    var legacy: String?
    var issues: [FieldIssue] = []
    var warnings: [FieldIssue] = []

    /// Commune codes are five digits; Excel drops leading zeros (`577` for `00577`). Pad them back
    /// when the padded code exists, and say so.
    static func padded(_ code: String?, field: String, exists: (CommuneCode) -> Bool, warnings: inout [FieldIssue]) -> String? {
        guard let code, (1...4).contains(code.count), code.allSatisfy({ $0.isASCII && $0.isNumber }) else { return code }
        let full = String(repeating: "0", count: 5 - code.count) + code
        guard let parsed = CommuneCode(full), exists(parsed) else { return code }
        warnings.append(.init(field: field, message: "'\(code)' read as \(full): the leading zeros were restored"))
        return full
    }

    static func resolve(current: String?, legacy: String?, province: String?, units: AdminUnits, required: Bool,
                        address: String? = nil) -> Place {
        var place = Place()
        let current = padded(current, field: "commune_code", exists: { units.commune($0) != nil }, warnings: &place.warnings)
        let legacy = padded(legacy, field: "legacy_commune_code", exists: { units.currentCommunes(forLegacy: $0) != nil }, warnings: &place.warnings)
        if let current {
            guard let code = CommuneCode(current), let commune = units.commune(code) else {
                place.issues.append(.init(field: "commune_code", message: "'\(current)' is not a current (2025) commune code"))
                return place
            }
            place.commune = commune.code.rawValue
            place.province = commune.provinceCode.rawValue
            place.legacy = legacy
        } else if let legacy {
            guard let code = CommuneCode(legacy), let mapped = units.currentCommunes(forLegacy: code) else {
                place.issues.append(.init(field: "legacy_commune_code", message: "'\(legacy)' is not a pre-2025 commune code"))
                return place
            }
            // A commune divided in 2025 is never guessed: the address may name its successor;
            // otherwise an officer decides (the review queue).
            let chosen: Commune
            if let named = units.successor(ofLegacy: code, namedIn: address) {
                chosen = named
            } else {
                let old = units.legacyCommune(code).map { "\($0.name), \($0.districtName)" } ?? code.rawValue
                let list = mapped.all.map { "\($0.name) (\($0.code.rawValue))" }.joined(separator: ", ")
                place.issues.append(.init(field: "legacy_commune_code",
                                          message: "pre-2025 commune \(code.rawValue) (\(old)) was divided in 2025 between \(list); give commune_code, or an address naming one of them",
                                          candidates: mapped.all.map(\.code.rawValue)))
                return place
            }
            place.commune = chosen.code.rawValue
            place.province = chosen.provinceCode.rawValue
            place.legacy = code.rawValue
        } else if let address, !address.trimmingCharacters(in: .whitespaces).isEmpty, let province, let code = ProvinceCode(province) {
            // No code: the address is read by name (docs/addresses.md), never guessed.
            switch units.resolve(address: address, province: code) {
            case .commune(let current, let legacy):
                place.commune = current.rawValue
                place.province = units.commune(current)?.provinceCode.rawValue ?? province
                place.legacy = legacy?.rawValue
            case .undecided(let legacy, let candidates, let reason):
                place.issues.append(.init(field: "address", message: reason, candidates: candidates.map(\.rawValue), reviewable: true,
                                          legacy: legacy.rawValue))
                return place
            case .ambiguous(let current, let legacy, let reason):
                var candidates = current.map(\.rawValue)
                for old in legacy { candidates += units.currentCommunes(forLegacy: old)?.all.map(\.code.rawValue) ?? [] }
                var seen: Set<String> = []
                place.issues.append(.init(field: "address", message: reason, candidates: candidates.filter { seen.insert($0).inserted },
                                          reviewable: true))
                return place
            case .unknown(let reason):
                place.issues.append(.init(field: "address", message: reason + "; an officer picks the commune", reviewable: true))
                return place
            case .otherProvince(let reason):
                place.issues.append(.init(field: "address", message: reason))
                return place
            }
        } else {
            if required {
                place.issues.append(.init(field: "commune_code", message: "is required (or give legacy_commune_code, or an address naming the commune)"))
            }
            return place
        }
        if let province, let found = place.province, found != province {
            let name = ProvinceCode(province).flatMap(units.province)?.name ?? province
            place.issues.append(.init(field: current != nil ? "commune_code" : "legacy_commune_code",
                                      message: "the commune is in province \(found), not in \(name) (\(province))"))
        }
        return place
    }
}
