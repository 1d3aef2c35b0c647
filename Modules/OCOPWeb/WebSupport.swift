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
