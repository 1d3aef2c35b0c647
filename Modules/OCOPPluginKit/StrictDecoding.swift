import Foundation

extension EndpointRequest {
    /// Decodes a JSON object body like `decode`, but first refuses what the API document rules
    /// out and Foundation would accept or misreport: fields not in `allowedKeys` (the schemas
    /// say `additionalProperties: false`; a silently dropped field is a lost edit) and integers
    /// beyond 64 bits (Foundation reports those as "not valid JSON"). Both are 422 with the
    /// field's path.
    public func decode<T: Decodable>(_ type: T.Type, allowedKeys: Set<String>) throws(Problem) -> T {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
        } catch {
            throw Problem(status: 400, title: "Invalid JSON", detail: "The request body is not valid JSON.")
        }
        guard let object = parsed as? [String: Any] else {
            throw Problem.invalid([.init(path: "/", message: "expected a JSON object")])
        }
        var errors: [Problem.FieldError] = []
        for key in object.keys.sorted() {
            if !allowedKeys.contains(key) {
                errors.append(.init(path: "/" + key, message: "is not a field of this request; expected \(allowedKeys.sorted().joined(separator: ", "))"))
            } else if let number = object[key] as? NSNumber, Self.isOutOfRangeInteger(number) {
                errors.append(.init(path: "/" + key, message: "is outside the range of a 64-bit integer"))
            }
        }
        guard errors.isEmpty else { throw Problem.invalid(errors) }
        return try decode(T.self)
    }

    static func isOutOfRangeInteger(_ number: NSNumber) -> Bool {
        let value = number.doubleValue
        guard value.rounded() == value, value >= 9.2e18 || value <= -9.2e18 else { return false }
        return Int64(number.stringValue) == nil
    }
}
