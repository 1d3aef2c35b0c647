import Foundation
import OCOPDomain

/// The statuses a product moves through in the registry.
enum ProductStatus: String, Codable, Sendable, CaseIterable {
    case draft, active, discontinued
}

/// A product as submitted (JSON body or spreadsheet row), before validation.
struct ProductDraft: Codable, Sendable, Equatable {
    var subjectID: Int64?
    var name: String?
    var productSet: String?
    var communeCode: String?
    var legacyCommuneCode: String?
    var description: String?
    var packaging: String?
    var ingredients: String?
    var rawMaterialOrigin: String?
    var status: String?

    static let fieldNames = Set(CodingKeys.allCases.map(\.rawValue))

    enum CodingKeys: String, CodingKey, CaseIterable {
        case subjectID = "subject_id"
        case name
        case productSet = "product_set"
        case communeCode = "commune_code"
        case legacyCommuneCode = "legacy_commune_code"
        case description, packaging, ingredients
        case rawMaterialOrigin = "raw_material_origin"
        case status
    }

    init(subjectID: Int64? = nil, name: String? = nil, productSet: String? = nil, communeCode: String? = nil,
         legacyCommuneCode: String? = nil, description: String? = nil, packaging: String? = nil,
         ingredients: String? = nil, rawMaterialOrigin: String? = nil, status: String? = nil) {
        self.subjectID = subjectID
        self.name = name
        self.productSet = productSet
        self.communeCode = communeCode
        self.legacyCommuneCode = legacyCommuneCode
        self.description = description
        self.packaging = packaging
        self.ingredients = ingredients
        self.rawMaterialOrigin = rawMaterialOrigin
        self.status = status
    }

    /// `product_set` may be sent as a number (1–26) or as the set's name.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        subjectID = try c.decodeIfPresent(Int64.self, forKey: .subjectID)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        if let number = try? c.decodeIfPresent(Int.self, forKey: .productSet) {
            productSet = String(number)
        } else {
            productSet = try c.decodeIfPresent(String.self, forKey: .productSet)
        }
        communeCode = try c.decodeIfPresent(String.self, forKey: .communeCode)
        legacyCommuneCode = try c.decodeIfPresent(String.self, forKey: .legacyCommuneCode)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        packaging = try c.decodeIfPresent(String.self, forKey: .packaging)
        ingredients = try c.decodeIfPresent(String.self, forKey: .ingredients)
        rawMaterialOrigin = try c.decodeIfPresent(String.self, forKey: .rawMaterialOrigin)
        status = try c.decodeIfPresent(String.self, forKey: .status)
    }

    func merged(with patch: ProductDraft) -> ProductDraft {
        var out = self
        out.name = patch.name ?? name
        out.productSet = patch.productSet ?? productSet
        if patch.communeCode != nil || patch.legacyCommuneCode != nil {
            out.communeCode = patch.communeCode
            out.legacyCommuneCode = patch.legacyCommuneCode
        }
        out.description = patch.description ?? description
        out.packaging = patch.packaging ?? packaging
        out.ingredients = patch.ingredients ?? ingredients
        out.rawMaterialOrigin = patch.rawMaterialOrigin ?? rawMaterialOrigin
        out.status = patch.status ?? status
        return out
    }
}

struct ValidProduct: Sendable, Equatable {
    var subjectID: Int64
    var provinceCode: String
    var communeCode: String
    var legacyCommuneCode: String?
    var name: String
    var productSet: ProductSet
    var description: String?
    var packaging: String?
    var ingredients: String?
    var rawMaterialOrigin: String?
    var status: ProductStatus

    var nameFolded: String { VietnameseText.fold(name) }
    var nameKey: String { Self.key(name) }

    /// Lowercase NFC with single spaces: what makes two names the same product.
    static func key(_ name: String) -> String {
        // NFC-stable text (almost every name) has one scalar per character (CR LF aside, both
        // whitespace), so whitespace is collapsed scalar by scalar, without grapheme breaking.
        guard VietnameseText.isNFCStable(name) else {
            return VietnameseText.nfc(name).lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in name.lowercased().unicodeScalars {
            if scalar.value < 0x80 ? (scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append(scalar)
            }
        }
        return String(out)
    }
    var nameCollation: String { VietnameseText.collationKey(name) }
}

/// Where the owning subject is: a product's origin defaults to it and must stay in its province.
struct SubjectPlace: Sendable {
    var id: Int64
    var provinceCode: String
    var communeCode: String
}

enum ProductValidator {
    static func validate(_ draft: ProductDraft, subject: SubjectPlace, units: AdminUnits) -> Result<ValidProduct, FieldIssues> {
        var warnings: [FieldIssue] = []
        return validate(draft, subject: subject, units: units, warnings: &warnings)
    }

    /// The same, collecting what was repaired on the way (leading zeros Excel dropped) in `warnings`.
    static func validate(_ draft: ProductDraft, subject: SubjectPlace, units: AdminUnits,
                         warnings: inout [FieldIssue]) -> Result<ValidProduct, FieldIssues> {
        var issues: [FieldIssue] = []
        let name = Text.validated(draft.name, field: "name", issues: &issues)
        if name == nil, issues.isEmpty { issues.append(.init(field: "name", message: "is required")) }
        if let name, name.utf8.count > SubjectValidator.maxName, name.count > SubjectValidator.maxName {
            issues.append(.init(field: "name", message: "is longer than \(SubjectValidator.maxName) characters"))
        }
        var productSet: ProductSet?
        let before = issues.count
        if let raw = Text.validated(draft.productSet, field: "product_set", issues: &issues) {
            let match = ProductSet.match(raw)
            productSet = match.productSet
            if productSet == nil {
                let candidates = match.candidates
                let listed = candidates.map { "\($0.code) \($0.vietnameseName)" }.joined(separator: "; ")
                issues.append(.init(field: "product_set", message: candidates.isEmpty
                    ? "'\(raw)' is not one of the 26 product sets of QĐ 148 (1–26, its name, or a QĐ 1048 set's name)"
                    : "'\(raw)' does not name one product set of QĐ 148; it may be: \(listed)",
                    // A name an officer can read and decide; a number outside 1–26 is simply wrong.
                    candidates: candidates.map { String($0.code) }, reviewable: Int(raw) == nil))
            }
        } else if issues.count == before {
            issues.append(.init(field: "product_set", message: "is required"))
        }
        var status = ProductStatus.active
        if let raw = Text.validated(draft.status, field: "status", issues: &issues) {
            if let value = ProductStatus(rawValue: raw.lowercased()) { status = value } else {
                issues.append(.init(field: "status", message: "expected one of draft, active, discontinued; found '\(raw)'"))
            }
        }
        var place = Place.resolve(current: Text.validated(draft.communeCode, field: "commune_code", issues: &issues),
                                  legacy: Text.validated(draft.legacyCommuneCode, field: "legacy_commune_code", issues: &issues),
                                  province: subject.provinceCode, units: units, required: false)
        issues += place.issues
        warnings += place.warnings
        if place.commune == nil {
            place.commune = subject.communeCode
            place.province = subject.provinceCode
        }
        // The cleaned texts are kept: `Text.clean` of a value that validated is the same text.
        func text(_ value: String?, _ field: String) -> String? {
            let text = Text.validated(value, field: field, multiline: true, issues: &issues)
            if let text, text.utf8.count > SubjectValidator.maxText, text.count > SubjectValidator.maxText {
                issues.append(.init(field: field, message: "is longer than \(SubjectValidator.maxText) characters"))
            }
            return text
        }
        let description = text(draft.description, "description"), packaging = text(draft.packaging, "packaging")
        let ingredients = text(draft.ingredients, "ingredients"), origin = text(draft.rawMaterialOrigin, "raw_material_origin")
        guard issues.isEmpty, let name, let productSet else { return .failure(FieldIssues(issues)) }
        return .success(ValidProduct(
            subjectID: subject.id, provinceCode: subject.provinceCode, communeCode: place.commune ?? subject.communeCode,
            legacyCommuneCode: place.legacy, name: name, productSet: productSet,
            description: description, packaging: packaging,
            ingredients: ingredients, rawMaterialOrigin: origin, status: status))
    }
}
