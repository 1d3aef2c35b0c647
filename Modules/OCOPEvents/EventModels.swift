import Foundation

/// A promotion event as the API shows it.
struct PromotionEvent: Encodable, Sendable {
    struct Venue: Encodable, Sendable {
        var communeCode: String?
        var communeName: String?
        var address: String?
        var platform: String?
        enum CodingKeys: String, CodingKey {
            case address, platform
            case communeCode = "commune_code"
            case communeName = "commune_name"
        }
    }

    var id: Int64
    var kind: String
    var title: String
    var organiser: String
    var provinceCode: String
    var startsOn: String
    var endsOn: String
    var venue: Venue
    var boothCapacity: Int
    var participatingProvinces: [String]
    var eligibility: [String]
    var fields: [String: FieldValue]
    var state: String
    var boothsTaken: Int
    var waiting: Int
    var createdAt: String
    var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, kind, title, organiser, venue, eligibility, fields, state, waiting
        case provinceCode = "province_code"
        case startsOn = "starts_on"
        case endsOn = "ends_on"
        case boothCapacity = "booth_capacity"
        case participatingProvinces = "participating_provinces"
        case boothsTaken = "booths_taken"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// The body of `POST /api/v1/events` and `PUT /api/v1/events/{id}`.
struct EventInput: Decodable, Sendable {
    struct Venue: Decodable, Sendable {
        var communeCode: String?
        var address: String?
        var platform: String?
        enum CodingKeys: String, CodingKey {
            case address, platform
            case communeCode = "commune_code"
        }
    }

    var kind: String
    var title: String
    var organiser: String
    var provinceCode: String
    var startsOn: String
    var endsOn: String
    var venue: Venue?
    var boothCapacity: Int
    var participatingProvinces: [String]?
    var eligibility: [String]?
    var fields: [String: RawValue]?

    static let keys: Set<String> = ["kind", "title", "organiser", "province_code", "starts_on", "ends_on", "venue", "booth_capacity",
                                    "participating_provinces", "eligibility", "fields"]

    enum CodingKeys: String, CodingKey {
        case kind, title, organiser, venue, eligibility, fields
        case provinceCode = "province_code"
        case startsOn = "starts_on"
        case endsOn = "ends_on"
        case boothCapacity = "booth_capacity"
        case participatingProvinces = "participating_provinces"
    }
}

/// A subject's application to an event with its products.
struct Registration: Encodable, Sendable {
    struct Product: Encodable, Sendable {
        var id: Int64
        var name: String
        var stars: Int?
    }

    var id: Int64
    var eventID: Int64
    var subjectID: Int64
    var subjectName: String
    /// `accepted`, `waiting` or `withdrawn`.
    var state: String
    var booth: Int?
    /// 1-based place on the waiting list (waiting registrations only).
    var waitingPosition: Int?
    var products: [Product]
    var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, state, booth, products
        case eventID = "event_id"
        case subjectID = "subject_id"
        case subjectName = "subject_name"
        case waitingPosition = "waiting_position"
        case createdAt = "created_at"
    }
}

struct RegistrationInput: Decodable, Sendable {
    var subjectID: Int64
    var productIDs: [Int64]
    var booth: Int?
    static let keys: Set<String> = ["subject_id", "product_ids", "booth"]
    enum CodingKeys: String, CodingKey {
        case booth
        case subjectID = "subject_id"
        case productIDs = "product_ids"
    }
}

/// One result row: per booth (registration), per livestream session, or for the whole event.
struct ResultRow: Encodable, Sendable {
    var id: Int64
    var registrationID: Int64?
    var booth: Int?
    var subjectName: String?
    var session: String?
    var visitors: Int64
    var orders: Int64
    var revenueTotal: Int64
    var revenueOCOP: Int64
    var fields: [String: FieldValue]
    var enteredAt: String

    enum CodingKeys: String, CodingKey {
        case id, booth, session, visitors, orders, fields
        case registrationID = "registration_id"
        case subjectName = "subject_name"
        case revenueTotal = "revenue_total"
        case revenueOCOP = "revenue_ocop"
        case enteredAt = "entered_at"
    }
}

struct ResultsSummary: Encodable, Sendable {
    var eventID: Int64
    var visitors: Int64
    var orders: Int64
    var revenueTotal: Int64
    var revenueOCOP: Int64
    var rows: [ResultRow]
    enum CodingKeys: String, CodingKey {
        case visitors, orders, rows
        case eventID = "event_id"
        case revenueTotal = "revenue_total"
        case revenueOCOP = "revenue_ocop"
    }
}

/// What a results import did, with every refused row (nothing is stored when one is refused).
struct ResultsImportReport: Encodable, Sendable {
    struct RowIssue: Encodable, Sendable, Equatable {
        var line: Int
        var column: Int?
        var field: String?
        var message: String
    }
    var eventID: Int64
    var rows: Int
    var stored: Int
    var invalid: [RowIssue]
    var written: Bool
    enum CodingKeys: String, CodingKey {
        case rows, stored, invalid, written
        case eventID = "event_id"
    }
}
