import Foundation
import OCOPPluginKit

/// Small helpers the module's pages share.
enum WebSupport {
    /// The API's field problems (`/name`, `/product_set`) as form errors in the visitor's
    /// language, by field name. English shows the API's own sentence; Vietnamese its kind.
    static func fieldErrors(_ problem: Problem, language: String, catalogue: Catalogue) -> [String: String] {
        var out: [String: String] = [:]
        for error in problem.errors ?? [] {
            let field = error.path.split(separator: "/").first.map(String.init) ?? "_form"
            guard out[field] == nil else { continue }
            out[field] = message(error.message, language: language, catalogue: catalogue)
        }
        return out
    }

    static func message(_ text: String, language: String, catalogue: Catalogue) -> String {
        if language == "en" {
            return text.prefix(1).uppercased() + text.dropFirst()
        }
        if let specific = FieldWording.text(text, language: language, catalogue: catalogue) { return specific }
        let lower = text.lowercased()
        let key: String
        if lower.hasPrefix("is required") || lower.contains("must not be empty") || lower.contains("is empty") {
            key = "field_required"
        } else if lower.contains("longer than") || lower.contains("at most") || lower.contains("too long") {
            key = "field_too_long"
        } else if lower.hasPrefix("expected") {
            key = "field_wrong_type"
        } else if lower.contains("already") {
            key = "field_taken"
        } else if lower.contains("not a current") || lower.contains("unknown") || lower.contains("no commune") || lower.contains("no province") {
            key = "field_unknown_code"
        } else {
            key = "field_invalid"
        }
        return catalogue.text(key, language)
    }

    /// A form field's value as JSON: integers for numeric fields, booleans for check boxes;
    /// anything else as typed, so the API names a bad value precisely.
    static func jsonValue(_ text: String, integer: Bool) -> Any {
        if integer, let number = Int(text.trimmingCharacters(in: .whitespaces)) { return number }
        return text
    }

    /// The fields given, as a JSON object body.
    static func json(_ form: [String: [String]], fields: [String], integers: Set<String>, booleans: Set<String> = [],
                     keepEmpty: Set<String> = []) throws -> Data {
        var object: [String: Any] = [:]
        for field in fields {
            if booleans.contains(field) {
                object[field] = form[field]?.first == "on" || form[field]?.first == "true"
                continue
            }
            let value = (form[field]?.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty && !keepEmpty.contains(field) { continue }
            object[field] = jsonValue(value, integer: integers.contains(field))
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    static func formValues(_ form: [String: [String]]) -> WebValue {
        .object(form.filter { $0.key != "_csrf" && !$0.key.contains("password") }.mapValues { .string($0.first ?? "") })
    }

    /// `[{field, message}]` for the error summary, plus `errors.<field>` for each input.
    static func errorContext(_ errors: [String: String]) -> (summary: WebValue, byField: WebValue) {
        let summary = errors.sorted { $0.key < $1.key }.map { WebValue.object(["field": .string($0.key), "message": .string($0.value)]) }
        return (.list(summary), .object(errors.mapValues { .string($0) }))
    }

    /// `has_errors`, `error_summary` and `errors` for a form template.
    static func errorFields(_ errors: [String: String]) -> [String: WebValue] {
        let (summary, byField) = errorContext(errors)
        return ["has_errors": .bool(!errors.isEmpty), "error_summary": summary, "errors": byField]
    }

    /// A JSON body as a template value (booleans stay booleans; numbers with a fraction become text).
    static func web(_ data: Data) throws -> WebValue {
        try APIResponse(status: 200, body: data).webValue()
    }

    /// The client's address for sign-in limits: the first `X-Forwarded-For` hop when the proxy in
    /// front is trusted to set it; otherwise one shared address (the limit is then per username).
    static func clientAddress(_ headers: [String: String], trustForwardedFor: Bool) -> String {
        guard trustForwardedFor else { return "direct" }
        if let forwarded = headers["x-forwarded-for"]?.split(separator: ",").first {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return headers["x-real-ip"] ?? "direct"
    }
}

/// The API's field sentences (English, from the registry's validators and the strict JSON
/// decoder) as the catalogue's own wording: each pattern names a catalogue key whose `{1}`, `{2}`…
/// are the pattern's groups. A sentence no pattern knows falls back to its kind (`field_invalid`…).
enum FieldWording {
    private static let table: [(NSRegularExpression, String)] = [
        (#"^is required \(or give legacy_commune_code"#, "err_required_commune"),
        (#"^is required"#, "err_required"),
        (#"^is longer than (\d+) characters"#, "err_too_long"),
        (#"^'(.*)' is not a legal form; expected one of (.*)$"#, "err_legal_form"),
        (#"^'(.*)' is not an email address"#, "err_email"),
        (#"^expected a year from 1900 to (\d+), found (.*)$"#, "err_year"),
        (#"^expected a percentage from 0 to 100, found (.*)$"#, "err_percent"),
        (#"^expected (?:an integer from )?(-?\d+) to (-?\d+), found (.*)$"#, "err_range"),
        (#"^'(.*)' is not a current \(2025\) commune code"#, "err_commune"),
        (#"^'(.*)' is not a current commune of province (\d+)"#, "err_commune_of_province"),
        (#"^'(.*)' is not a current commune code"#, "err_commune"),
        (#"^'(.*)' is not a pre-2025 commune code"#, "err_legacy_commune"),
        (#"^pre-2025 commune (\d+) \((.*)\) was divided in 2025 between (.*); give"#, "err_commune_divided"),
        (#"^the commune is in province (\d+), not in (.*)$"#, "err_commune_province"),
        (#"^'(.*)' is not a current province code"#, "err_province"),
        (#"^'(.*)' is not a product set"#, "err_product_set"),
        (#"^'(.*)' is not one of the 26 product sets"#, "err_product_set"),
        (#"^expected one of draft, active, discontinued; found '(.*)'$"#, "err_status"),
        (#"^expected draft, active or discontinued"#, "err_status"),
        (#"^'(.*)' is not a tax code: its check digit is (\d), but (\d+) needs (\d)"#, "err_tax_check_digit"),
        (#"^'(.*)' is not a (?:tax code|branch code|personal identification number)"#, "err_tax_code"),
        (#"^Tax code (\S+) is already registered in (.*?) as subject (\d+)"#, "err_tax_taken"),
        (#"^a 12-digit personal identification number is the tax code of household"#, "err_personal_id"),
        (#"^no subject (\d+) in your area"#, "err_subject_area"),
        (#"^a product cannot move to another subject"#, "err_subject_move"),
        (#"^contains the (?:control character|invisible direction control) (\S+)"#, "err_control_character"),
        (#"^expected star levels 1–5 separated by commas, found '(.*)'$"#, "err_stars"),
        (#"^'(.*)' is not a sales channel; expected (.*)$"#, "err_sales_channel"),
        (#"^is not the account's password"#, "err_wrong_password"),
        (#"^must be at least (\d+) characters"#, "err_min_length"),
        (#"^must be at most (\d+) characters"#, "err_too_long"),
        (#"^must be (\d+)–(\d+) characters"#, "err_length"),
        (#"^expected a date \(?YYYY-MM-DD\)?.*, found '(.*)'$"#, "err_date"),
        (#"^expected a date \(?YYYY-MM-DD\)?$"#, "err_date_plain"),
        (#"^not a calendar date"#, "err_not_a_date"),
        (#"^expected a whole number from (\d+), found '(.*)'$"#, "err_min_number"),
        (#"^the event ends \((.*)\) before it starts \((.*)\)"#, "err_ends_before"),
        (#"^product (\d+) was never certified"#, "err_never_certified"),
        (#"^expected one of (.*)$"#, "err_one_of"),
        (#"^expected (?:an )?integer"#, "err_expected_integer"),
        (#"^expected string"#, "err_expected_text"),
        (#"^expected boolean"#, "err_expected_boolean"),
        (#"^expected number"#, "err_expected_number"),
    ].compactMap { pattern, key in (try? NSRegularExpression(pattern: pattern)).map { ($0, key) } }

    /// Patterns that compiled (a test checks none was dropped).
    static var patternCount: Int { table.count }
    static var keys: Set<String> { Set(table.map(\.1)) }

    static func text(_ message: String, language: String, catalogue: Catalogue) -> String? {
        let range = NSRange(message.startIndex..., in: message)
        for (pattern, key) in table {
            guard let match = pattern.firstMatch(in: message, range: range) else { continue }
            var text = catalogue.text(key, language)
            guard text != key else { return nil }
            for group in stride(from: match.numberOfRanges - 1, through: 1, by: -1) {
                let value = Range(match.range(at: group), in: message).map { String(message[$0]) } ?? ""
                text = text.replacingOccurrences(of: "{\(group)}", with: value)
            }
            return text
        }
        return nil
    }
}
