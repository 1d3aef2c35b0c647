import SQLKit

/// What the promotion module (`ocop.events`) shares with other plugins: the kinds of event a
/// plugin can contribute, registration rules, the event a closed event publishes, and the
/// read-only views reporting reads. Contributors and readers need only this file.
public enum PromotionPoints {
    /// Kinds of promotion event beyond the bundled ones (fair, festival, product week,
    /// livestream, exhibition, periodic market), each with typed fields of its own.
    public static let eventKinds = ExtensionPoint<EventKindDefinition>(
        "ocop.events.kinds", summary: "kinds of promotion event with typed fields of their own")
    /// Registration rules an event can name beyond the bundled ones.
    public static let eligibilityRules = ExtensionPoint<EligibilityRule>(
        "ocop.events.eligibility-rules", summary: "rules deciding which products may register for an event")
}

/// A kind of promotion event: its names, where it happens, and the typed fields an event of
/// this kind and each of its results (a booth, a livestream session) carry.
public struct EventKindDefinition: Sendable, CustomStringConvertible {
    /// Stable identifier, e.g. `fair` or `vn.hai-phong.cho-phien` (plugins prefix theirs).
    public var id: String
    public var nameVi: String
    public var nameEn: String
    /// Held online: the venue is a platform (TikTok Shop, Shopee Live…) rather than a place.
    public var online: Bool
    /// Extra fields of the event itself.
    public var fields: [EventFieldDefinition]
    /// Extra fields of each result row (per booth or per session).
    public var resultFields: [EventFieldDefinition]

    public init(id: String, nameVi: String, nameEn: String, online: Bool = false,
                fields: [EventFieldDefinition] = [], resultFields: [EventFieldDefinition] = []) {
        self.id = id
        self.nameVi = nameVi
        self.nameEn = nameEn
        self.online = online
        self.fields = fields
        self.resultFields = resultFields
    }

    public var description: String { "\(id) (\(nameVi))" }
}

/// One typed field of an event kind.
public struct EventFieldDefinition: Sendable, Equatable {
    public enum FieldType: Sendable, Equatable {
        case text
        /// A whole number ≥ 0 (views, orders, hosts).
        case count
        /// Integer đồng ≥ 0.
        case vnd
        /// A calendar date `YYYY-MM-DD`.
        case date
        case url
        case choice([String])
    }

    public var name: String
    public var label: String
    public var type: FieldType
    public var required: Bool

    public init(_ name: String, label: String, type: FieldType, required: Bool = false) {
        self.name = name
        self.label = label
        self.type = type
        self.required = required
    }
}

/// A rule an event can require of every registered product (`only-certified`,
/// `organising-province`, or a plugin's own).
public struct EligibilityRule: Sendable, CustomStringConvertible {
    public var id: String
    public var summary: String
    /// Nil when the product may register; otherwise why not (shown to the applicant).
    public var check: @Sendable (EligibilityCandidate, any SQLDatabase) async throws -> String?

    public init(id: String, summary: String, check: @escaping @Sendable (EligibilityCandidate, any SQLDatabase) async throws -> String?) {
        self.id = id
        self.summary = summary
        self.check = check
    }

    public var description: String { "\(id): \(summary)" }
}

/// What a rule sees of one application.
public struct EligibilityCandidate: Sendable {
    public var eventID: Int64
    public var eventKind: String
    /// The organising province.
    public var eventProvinceCode: String
    public var startsOn: String
    public var product: ProductFacts
    /// Provinces invited besides the organising one (2025 codes).
    public var participatingProvinces: [String]

    public init(eventID: Int64, eventKind: String, eventProvinceCode: String, startsOn: String, product: ProductFacts,
                participatingProvinces: [String] = []) {
        self.eventID = eventID
        self.eventKind = eventKind
        self.eventProvinceCode = eventProvinceCode
        self.startsOn = startsOn
        self.product = product
        self.participatingProvinces = participatingProvinces
    }
}

/// An event was closed by its organiser: its results are final.
public struct EventClosed: DomainEvent, Equatable {
    public static let name = "events.event-closed"
    public var eventID: Int64
    public var kind: String
    public var provinceCode: String
    public var startsOn: String
    public var endsOn: String
    public var visitors: Int64
    /// Integer đồng.
    public var revenueTotal: Int64
    public var revenueOCOP: Int64
    public var orders: Int64
    /// The products shown at it.
    public var productIDs: [Int64]
    public var recordKey: String { "event:\(eventID)" }

    public init(eventID: Int64, kind: String, provinceCode: String, startsOn: String, endsOn: String, visitors: Int64,
                revenueTotal: Int64, revenueOCOP: Int64, orders: Int64, productIDs: [Int64]) {
        self.eventID = eventID
        self.kind = kind
        self.provinceCode = provinceCode
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.visitors = visitors
        self.revenueTotal = revenueTotal
        self.revenueOCOP = revenueOCOP
        self.orders = orders
        self.productIDs = productIDs
    }
}

/// Read-only SQL views `ocop.events` keeps, with stable columns: reporting's door into
/// promotion figures (it never reads the module's tables). Dates are `YYYY-MM-DD` text,
/// money integer đồng.
public enum PromotionViews {
    /// `event_id, kind, province_code, starts_on, ends_on, state ('planned'|'open'|'closed'|'cancelled'),
    /// visitors, revenue_total, revenue_ocop, orders` (figures summed over the event's results; 0 when none).
    public static let events = "ocop_facts_events"
    /// `event_id, kind, province_code, starts_on, subject_id, product_id`: products shown at events
    /// (accepted registrations, withdrawals excluded).
    public static let eventProducts = "ocop_facts_event_products"
    /// `outlet_id, kind ('point_of_sale'|'design_centre'), province_code, commune_code,
    /// legacy_district_code (nullable), opened_on, closed_on (nullable)`.
    public static let outlets = "ocop_facts_outlets"
}
