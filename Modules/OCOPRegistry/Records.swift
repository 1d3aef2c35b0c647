import Foundation
import SQLKit
import OCOPDomain

/// A subject as the API returns it. Fields that are not published (personal facts of the
/// representative, workforce, value-chain details, history) are nil in the public view and
/// then left out of the JSON.
struct SubjectRecord: Codable, Sendable, Equatable {
    var id: Int64
    var registrationNumber: String
    var name: String
    var legalForm: String
    var legalFormName: String
    var provinceCode: String
    var communeCode: String
    var communeName: String?
    var legacyCommuneCode: String?
    var address: String?
    var phone: String?
    var email: String?
    var website: String?
    var salesChannels: [String]
    var representative: String?
    var representativeIsWoman: Bool?
    var representativeIsEthnicMinority: Bool?
    var foundedYear: Int?
    var employees: Int?
    var localLabourPercent: Int?
    var valueChain: String?
    var version: Int?
    var createdAt: String?
    var updatedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, name, address, phone, email, website, representative, employees, version
        case registrationNumber = "registration_number"
        case legalForm = "legal_form"
        case legalFormName = "legal_form_name"
        case provinceCode = "province_code"
        case communeCode = "commune_code"
        case communeName = "commune_name"
        case legacyCommuneCode = "legacy_commune_code"
        case salesChannels = "sales_channels"
        case representativeIsWoman = "representative_is_woman"
        case representativeIsEthnicMinority = "representative_is_ethnic_minority"
        case foundedYear = "founded_year"
        case localLabourPercent = "local_labour_percent"
        case valueChain = "value_chain"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// The published view: drops what only the subject's own area may see.
    var published: SubjectRecord {
        var copy = self
        copy.representativeIsWoman = nil
        copy.representativeIsEthnicMinority = nil
        copy.employees = nil
        copy.localLabourPercent = nil
        copy.valueChain = nil
        copy.version = nil
        copy.createdAt = nil
        copy.updatedAt = nil
        return copy
    }

    /// The editable fields, for PATCH merging and history snapshots.
    var draft: SubjectDraft {
        SubjectDraft(
            registrationNumber: registrationNumber, name: name, legalForm: legalForm, communeCode: communeCode,
            legacyCommuneCode: legacyCommuneCode, address: address, representative: representative,
            representativeIsWoman: representativeIsWoman, representativeIsEthnicMinority: representativeIsEthnicMinority,
            phone: phone, email: email, website: website, foundedYear: foundedYear, employees: employees,
            localLabourPercent: localLabourPercent, valueChain: valueChain, salesChannels: salesChannels)
    }
}

/// A product as the API returns it; its OCOP standing comes from the certification ledger.
struct ProductRecord: Codable, Sendable, Equatable {
    struct Certificate: Codable, Sendable, Equatable {
        var stars: Int
        var certificateNumber: String?
        var decidedOn: String
        var validUntil: String
        var source: String
        /// What the decision did (`DecisionKind`), and where the product stands by it today.
        var decision: String = DecisionKind.recognised.rawValue
        var standing: CertificationStanding = .valid
        var decisionNumber: String?
        var issuingLevel: String?
        var legalAct: String?
        var ground: String?
        var datePrecision: String = "day"
        var recordedBy: String?
        var importRun: Int64?

        enum CodingKeys: String, CodingKey {
            case stars, source, decision, standing, ground
            case certificateNumber = "certificate_number"
            case decidedOn = "decided_on"
            case validUntil = "valid_until"
            case decisionNumber = "decision_number"
            case issuingLevel = "issuing_level"
            case legalAct = "legal_act"
            case datePrecision = "date_precision"
            case recordedBy = "recorded_by"
            case importRun = "import_run"
        }

        static let columns = [
            "stars", "certificate_number", "decided_on", "valid_until", "source", "decision", "decision_number", "issuing_level",
            "legal_act", "ground", "date_precision", "recorded_by", "import_run",
        ]

        init(stars: Int, certificateNumber: String?, decidedOn: String, validUntil: String, source: String) {
            self.stars = stars
            self.certificateNumber = certificateNumber
            self.decidedOn = decidedOn
            self.validUntil = validUntil
            self.source = source
        }

        init(row: any SQLRow, today: String) throws {
            stars = try row.decode(column: "stars", as: Int.self)
            certificateNumber = try row.decode(column: "certificate_number", as: String?.self)
            decidedOn = try row.decode(column: "decided_on", as: String.self)
            validUntil = try row.decode(column: "valid_until", as: String.self)
            source = try row.decode(column: "source", as: String.self)
            decision = try row.decode(column: "decision", as: String.self)
            decisionNumber = try row.decode(column: "decision_number", as: String?.self)
            issuingLevel = try row.decode(column: "issuing_level", as: String?.self)
            legalAct = try row.decode(column: "legal_act", as: String?.self)
            ground = try row.decode(column: "ground", as: String?.self)
            datePrecision = try row.decode(column: "date_precision", as: String.self)
            recordedBy = try row.decode(column: "recorded_by", as: String?.self)
            importRun = try row.decode(column: "import_run", as: Int64?.self)
            standing = CertificationStanding.of(DecisionKind(rawValue: decision) ?? .recognised, validUntil: validUntil, today: today)
        }

        /// The date as recorded: the day, or the year alone.
        var decidedOnText: String { datePrecision == "year" ? String(decidedOn.prefix(4)) : decidedOn }

        /// The decision without its provenance (who recorded it, which import run): that is for the area.
        var published: Certificate {
            var copy = self
            copy.recordedBy = nil
            copy.importRun = nil
            return copy
        }
    }

    var id: Int64
    var subjectID: Int64
    var subjectName: String
    var legalForm: String
    var provinceCode: String
    var communeCode: String
    var communeName: String?
    var legacyCommuneCode: String?
    var name: String
    var productSet: Int
    var productSetName: String
    var productGroup: String
    var sector: Int
    var sectorName: String
    var description: String?
    var packaging: String?
    var ingredients: String?
    var rawMaterialOrigin: String?
    var status: String
    var stars: Int?
    var certificate: Certificate?
    /// Every decision, oldest first: only in exports that ask for the history.
    var certifications: [Certificate]?
    /// Only on single-product reads.
    var photos: [PhotoStore.Photo]?
    var version: Int?
    var createdAt: String?
    var updatedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, name, description, packaging, ingredients, status, stars, certificate, certifications, photos, version, sector
        case subjectID = "subject_id"
        case subjectName = "subject_name"
        case legalForm = "legal_form"
        case provinceCode = "province_code"
        case communeCode = "commune_code"
        case communeName = "commune_name"
        case legacyCommuneCode = "legacy_commune_code"
        case productSet = "product_set"
        case productSetName = "product_set_name"
        case productGroup = "product_group"
        case sectorName = "sector_name"
        case rawMaterialOrigin = "raw_material_origin"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    var published: ProductRecord {
        var copy = self
        copy.version = nil
        copy.createdAt = nil
        copy.updatedAt = nil
        copy.certificate = certificate?.published
        copy.certifications = certifications?.map(\.published)
        return copy
    }

    var draft: ProductDraft {
        ProductDraft(subjectID: subjectID, name: name, productSet: String(productSet), communeCode: communeCode,
                     legacyCommuneCode: legacyCommuneCode, description: description, packaging: packaging,
                     ingredients: ingredients, rawMaterialOrigin: rawMaterialOrigin, status: status)
    }
}

