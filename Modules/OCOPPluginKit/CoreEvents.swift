/// The registry's domain events: the shared vocabulary any module or province plugin can
/// subscribe to without importing the registry (`Registrar.subscribe`).

/// A producer (chủ thể) was registered.
public struct SubjectRegistered: DomainEvent, Equatable {
    public static let name = "registry.subject-registered"
    public var subjectID: Int64
    public var provinceCode: String
    public var communeCode: String
    public var name: String
    public var legalForm: String
    public var recordKey: String { "subject:\(subjectID)" }

    public init(subjectID: Int64, provinceCode: String, communeCode: String, name: String, legalForm: String) {
        self.subjectID = subjectID
        self.provinceCode = provinceCode
        self.communeCode = communeCode
        self.name = name
        self.legalForm = legalForm
    }
}

/// A producer's facts changed (a new version was stored).
public struct SubjectChanged: DomainEvent, Equatable {
    public static let name = "registry.subject-changed"
    public var subjectID: Int64
    public var provinceCode: String
    public var communeCode: String
    public var name: String
    public var version: Int
    public var recordKey: String { "subject:\(subjectID)" }

    public init(subjectID: Int64, provinceCode: String, communeCode: String, name: String, version: Int) {
        self.subjectID = subjectID
        self.provinceCode = provinceCode
        self.communeCode = communeCode
        self.name = name
        self.version = version
    }
}

/// A product was registered.
public struct ProductRegistered: DomainEvent, Equatable {
    public static let name = "registry.product-registered"
    public var productID: Int64
    public var subjectID: Int64
    public var provinceCode: String
    public var communeCode: String
    public var name: String
    public var productSet: Int
    public var recordKey: String { "product:\(productID)" }

    public init(productID: Int64, subjectID: Int64, provinceCode: String, communeCode: String, name: String, productSet: Int) {
        self.productID = productID
        self.subjectID = subjectID
        self.provinceCode = provinceCode
        self.communeCode = communeCode
        self.name = name
        self.productSet = productSet
    }
}

/// A product's facts changed (a new version was stored).
public struct ProductChanged: DomainEvent, Equatable {
    public static let name = "registry.product-changed"
    public var productID: Int64
    public var subjectID: Int64
    public var provinceCode: String
    public var communeCode: String
    public var name: String
    public var version: Int
    public var recordKey: String { "product:\(productID)" }

    public init(productID: Int64, subjectID: Int64, provinceCode: String, communeCode: String, name: String, version: Int) {
        self.productID = productID
        self.subjectID = subjectID
        self.provinceCode = provinceCode
        self.communeCode = communeCode
        self.name = name
        self.version = version
    }
}

/// A product left the registry: the import run that created it was undone. Modules holding
/// facts about it drop them.
public struct ProductRemoved: DomainEvent, Equatable {
    public static let name = "registry.product-removed"
    public var productID: Int64
    public var subjectID: Int64
    public var provinceCode: String
    /// Why, e.g. `import run 7 undone`.
    public var reason: String
    public var recordKey: String { "product:\(productID)" }

    public init(productID: Int64, subjectID: Int64, provinceCode: String, reason: String) {
        self.productID = productID
        self.subjectID = subjectID
        self.provinceCode = provinceCode
        self.reason = reason
    }
}

/// A product's photos changed: one was added or deleted.
public struct ProductPhotosChanged: DomainEvent, Equatable {
    public static let name = "registry.product-photos-changed"
    public var productID: Int64
    public var photoID: Int64
    /// `added` or `deleted`.
    public var change: String
    public var recordKey: String { "product:\(productID)" }

    public init(productID: Int64, photoID: Int64, change: String) {
        self.productID = productID
        self.photoID = photoID
        self.change = change
    }
}

/// Decisions on a product were withdrawn (the import run that recorded them was undone); its
/// standing is recomputed from the decisions left.
public struct CertificationsWithdrawn: DomainEvent, Equatable {
    public static let name = "registry.certifications-withdrawn"
    public var productID: Int64
    /// The product's stars now (nil: none hold).
    public var currentStars: Int?
    public var reason: String
    public var recordKey: String { "product:\(productID)" }

    public init(productID: Int64, currentStars: Int?, reason: String) {
        self.productID = productID
        self.currentStars = currentStars
        self.reason = reason
    }
}

/// A subject left the registry: the import run that created it was undone.
public struct SubjectRemoved: DomainEvent, Equatable {
    public static let name = "registry.subject-removed"
    public var subjectID: Int64
    public var provinceCode: String
    public var reason: String
    public var recordKey: String { "subject:\(subjectID)" }

    public init(subjectID: Int64, provinceCode: String, reason: String) {
        self.subjectID = subjectID
        self.provinceCode = provinceCode
        self.reason = reason
    }
}

/// A certification decision entered the ledger (from rating, an import, or a correction).
public struct CertificationRecorded: DomainEvent, Equatable {
    public static let name = "registry.certification-recorded"
    public var certificationID: Int64
    public var productID: Int64
    public var subjectID: Int64
    public var provinceCode: String
    public var communeCode: String
    public var stars: Int
    public var certificateNumber: String?
    /// Calendar dates (`YYYY-MM-DD`, Vietnam's calendar).
    public var decidedOn: String
    public var validUntil: String
    /// `import` or the recording module's plugin ID.
    public var source: String
    /// What the decision did (OCOPDomain's `DecisionKind`: `recognised`, `potential_5`,
    /// `downgraded`, `revoked`, `withdrawn`); nil in events recorded before it was carried (recognised).
    public var decision: String?
    public var decisionNumber: String?
    /// `district`, `province` or `central`.
    public var issuingLevel: String?
    /// `490`, `1048`, `148` or `1489`.
    public var legalAct: String?
    public var recordKey: String { "product:\(productID)" }

    /// Whether the product holds `stars` after this decision (not revoked or withdrawn).
    public var grantsStars: Bool { decision != "revoked" && decision != "withdrawn" }

    public init(certificationID: Int64, productID: Int64, subjectID: Int64, provinceCode: String, communeCode: String, stars: Int,
                certificateNumber: String?, decidedOn: String, validUntil: String, source: String, decision: String? = nil,
                decisionNumber: String? = nil, issuingLevel: String? = nil, legalAct: String? = nil) {
        self.certificationID = certificationID
        self.productID = productID
        self.subjectID = subjectID
        self.provinceCode = provinceCode
        self.communeCode = communeCode
        self.stars = stars
        self.certificateNumber = certificateNumber
        self.decidedOn = decidedOn
        self.validUntil = validUntil
        self.source = source
        self.decision = decision
        self.decisionNumber = decisionNumber
        self.issuingLevel = issuingLevel
        self.legalAct = legalAct
    }
}

/// A product's current certificate ends within `ProgrammeCalendar.expiryNoticeDays` days.
public struct CertificateExpiring: DomainEvent, Equatable {
    public static let name = "registry.certificate-expiring"
    public var certificationID: Int64
    public var productID: Int64
    public var provinceCode: String
    public var stars: Int
    public var validUntil: String
    public var recordKey: String { "product:\(productID)" }

    public init(certificationID: Int64, productID: Int64, provinceCode: String, stars: Int, validUntil: String) {
        self.certificationID = certificationID
        self.productID = productID
        self.provinceCode = provinceCode
        self.stars = stars
        self.validUntil = validUntil
    }
}

/// A product's current certificate has ended; its stars no longer count.
public struct CertificateExpired: DomainEvent, Equatable {
    public static let name = "registry.certificate-expired"
    public var certificationID: Int64
    public var productID: Int64
    public var provinceCode: String
    public var stars: Int
    public var validUntil: String
    public var recordKey: String { "product:\(productID)" }

    public init(certificationID: Int64, productID: Int64, provinceCode: String, stars: Int, validUntil: String) {
        self.certificationID = certificationID
        self.productID = productID
        self.provinceCode = provinceCode
        self.stars = stars
        self.validUntil = validUntil
    }
}
