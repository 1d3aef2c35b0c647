import Foundation
import OCOPDomain
import OCOPPluginKit

/// The kinds of event the module knows: the bundled ones and those plugins contribute through
/// `ocop.events.kinds`, each checked when registration closes.
enum EventKinds {
    static let bundled: [EventKindDefinition] = [
        EventKindDefinition(id: "fair", nameVi: "Hội chợ", nameEn: "Trade fair"),
        EventKindDefinition(id: "festival", nameVi: "Lễ hội", nameEn: "Festival"),
        EventKindDefinition(id: "product-week", nameVi: "Tuần hàng OCOP", nameEn: "OCOP product week"),
        EventKindDefinition(
            id: "livestream", nameVi: "Phiên livestream bán hàng", nameEn: "Livestream sales session", online: true,
            resultFields: [
                EventFieldDefinition("platform", label: "Nền tảng (TikTok Shop, Shopee Live…)", type: .text, required: true),
                EventFieldDefinition("hosts", label: "Người dẫn phiên", type: .text, required: true),
                EventFieldDefinition("views", label: "Lượt xem", type: .count, required: true),
            ]),
        EventKindDefinition(id: "exhibition", nameVi: "Triển lãm", nameEn: "Exhibition"),
        EventKindDefinition(id: "periodic-market", nameVi: "Phiên chợ định kỳ", nameEn: "Periodic market"),
    ]

    /// Names a result row has whatever its kind; a kind's own result fields may not reuse them.
    static let coreResultNames: Set<String> = ["registration_id", "booth", "session", "visitors", "orders", "revenue_total", "revenue_ocop"]

    /// Refuses a contributed kind that would be ambiguous or unusable.
    static func validate(_ contribution: Contribution<EventKindDefinition>, earlier: [Contribution<EventKindDefinition>]) throws {
        let kind = contribution.value
        let prefix = contribution.plugin.rawValue + "."
        guard kind.id.hasPrefix(prefix), isIdentifier(kind.id) else {
            throw ContributionRejected("kind id '\(kind.id)' must be lowercase words joined by '-' and start with '\(prefix)'")
        }
        if bundled.contains(where: { $0.id == kind.id }) || earlier.contains(where: { $0.value.id == kind.id }) {
            throw ContributionRejected("kind '\(kind.id)' is already defined")
        }
        if kind.nameVi.trimmingCharacters(in: .whitespaces).isEmpty || kind.nameEn.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ContributionRejected("kind '\(kind.id)' needs a Vietnamese and an English name")
        }
        try checkFields(kind.fields, of: kind.id, part: "field", reserved: [])
        try checkFields(kind.resultFields, of: kind.id, part: "result field", reserved: coreResultNames)
    }

    static func checkFields(_ fields: [EventFieldDefinition], of kind: String, part: String, reserved: Set<String>) throws {
        var seen: Set<String> = []
        for field in fields {
            guard isFieldName(field.name) else {
                throw ContributionRejected("\(part) name '\(field.name)' of kind '\(kind)' must match [a-z][a-z0-9_]{0,39}")
            }
            guard !reserved.contains(field.name) else {
                throw ContributionRejected("\(part) name '\(field.name)' of kind '\(kind)' is a built-in name (\(reserved.sorted().joined(separator: ", ")))")
            }
            guard seen.insert(field.name).inserted else {
                throw ContributionRejected("\(part) '\(field.name)' of kind '\(kind)' is defined twice")
            }
            if case .choice(let options) = field.type, options.isEmpty || Set(options).count != options.count {
                throw ContributionRejected("\(part) '\(field.name)' of kind '\(kind)' needs distinct choices")
            }
        }
    }

    static func isFieldName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, (1...40).contains(bytes.count), first >= 97, first <= 122 else { return false }
        return bytes.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }

    /// `a.b-c.d`: dot-separated segments of lowercase letters, digits and hyphens.
    static func isIdentifier(_ id: String) -> Bool {
        let segments = id.split(separator: ".", omittingEmptySubsequences: false)
        return !id.isEmpty && id.utf8.count <= 80 && segments.allSatisfy { segment in
            !segment.isEmpty && segment.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        }
    }
}

/// A JSON scalar as sent, before a field's type is checked (so `1500.5` đồng or `"12"` views get
/// a message naming the field rather than a decoding error).
enum RawValue: Decodable, Equatable, Sendable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    case null
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Int64.self) { self = .integer(value); return }
        if let value = try? container.decode(Double.self) { self = .number(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        self = .other
    }

    var shown: String {
        switch self {
        case .string(let text): return "\"\(text.prefix(40))\""
        case .integer(let value): return "\(value)"
        case .number(let value): return "\(value)"
        case .bool(let value): return "\(value)"
        case .null: return "null"
        case .other: return "an array or object"
        }
    }

    /// From a CSV cell: whole numbers as integers, other numbers as numbers, else text.
    init(cell: String) {
        if let value = Int64(cell) { self = .integer(value) } else if let value = Double(cell), cell.contains(".") || cell.contains("e") {
            self = .number(value)
        } else { self = .string(cell) }
    }
}

/// A typed field's stored value: text or a whole number.
enum FieldValue: Codable, Equatable, Sendable {
    case text(String)
    case number(Int64)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int64.self) { self = .number(value) } else { self = .text(try container.decode(String.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let value): try container.encode(value)
        }
    }
}

enum FieldCheck {
    /// Checks `values` against `definitions`: unknown names, missing required ones, wrong types.
    /// Errors are located under `path` (`/fields`, `/rows/2/fields`).
    static func check(_ values: [String: RawValue], against definitions: [EventFieldDefinition], kind: String, path: String,
                      errors: inout [InvalidField]) -> [String: FieldValue] {
        var out: [String: FieldValue] = [:]
        for name in values.keys.sorted() where !definitions.contains(where: { $0.name == name }) {
            let known = definitions.map(\.name)
            errors.append(.init(path: "\(path)/\(name)", message: "is not a field of kind '\(kind)'"
                                    + (known.isEmpty ? " (it has none)" : "; expected \(known.joined(separator: ", "))")))
        }
        for field in definitions {
            let raw = values[field.name] ?? .null
            if raw == .null || raw == .string("") {
                if field.required { errors.append(.init(path: "\(path)/\(field.name)", message: "is required for kind '\(kind)' (\(field.label))")) }
                continue
            }
            switch value(raw, type: field.type) {
            case .success(let value): out[field.name] = value
            case .failure(let message): errors.append(.init(path: "\(path)/\(field.name)", message: message.text))
            }
        }
        return out
    }

    struct Message: Error { let text: String }

    static func value(_ raw: RawValue, type: EventFieldDefinition.FieldType) -> Result<FieldValue, Message> {
        switch type {
        case .text:
            guard case .string(let text) = raw else { return .failure(Message(text: "expected text, found \(raw.shown)")) }
            switch TextSanitizer.sanitize(text) {
            case .success(let clean):
                let value = VietnameseText.nfc(clean.trimmingCharacters(in: .whitespaces))
                return value.count <= 500 ? .success(.text(value)) : .failure(Message(text: "must be at most 500 characters"))
            case .failure(let refusal): return .failure(Message(text: refusal.message))
            }
        case .count:
            return whole(raw, what: "a whole number ≥ 0")
        case .vnd:
            return whole(raw, what: "a whole number of đồng ≥ 0 (VND has no fractions)")
        case .date:
            guard case .string(let text) = raw, ProgrammeCalendar.parse(text) != nil else {
                return .failure(Message(text: "expected a date YYYY-MM-DD, found \(raw.shown)"))
            }
            return .success(.text(text))
        case .url:
            guard case .string(let text) = raw, let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                  url.host != nil, text.count <= 500 else {
                return .failure(Message(text: "expected an http(s) URL, found \(raw.shown)"))
            }
            return .success(.text(text))
        case .choice(let options):
            guard case .string(let text) = raw, options.contains(text) else {
                return .failure(Message(text: "expected one of \(options.joined(separator: ", ")), found \(raw.shown)"))
            }
            return .success(.text(text))
        }
    }

    static func whole(_ raw: RawValue, what: String) -> Result<FieldValue, Message> {
        switch raw {
        case .integer(let value) where value >= 0: return .success(.number(value))
        case .number(let value) where value.rounded() == value && value >= 0 && value < 9.2e18: return .success(.number(Int64(value)))
        default: return .failure(Message(text: "expected \(what), found \(raw.shown)"))
        }
    }
}
