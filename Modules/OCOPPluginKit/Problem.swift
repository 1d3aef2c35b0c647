import Foundation

/// An RFC 9457 problem document. Handlers throw it; the server renders it as
/// `application/problem+json`.
public struct Problem: Error, Sendable, Codable, Equatable {
    public typealias FieldError = InvalidField

    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var instance: String?
    public var errors: [FieldError]?

    public init(
        type: String = "about:blank", status: Int, title: String, detail: String? = nil,
        instance: String? = nil, errors: [FieldError]? = nil
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.errors = errors
    }

    public static func notFound(_ detail: String) -> Problem { Problem(status: 404, title: "Not Found", detail: detail) }
    public static func forbidden(_ detail: String) -> Problem { Problem(status: 403, title: "Forbidden", detail: detail) }
    public static func conflict(_ detail: String, path: String? = nil) -> Problem {
        Problem(status: 409, title: "Conflict", detail: detail,
                errors: path.map { [FieldError(path: $0, message: detail)] })
    }
    public static func invalid(_ errors: [FieldError]) -> Problem {
        Problem(status: 422, title: "Unprocessable Content",
                detail: errors.map { "\($0.path): \($0.message)" }.joined(separator: "; "), errors: errors)
    }

    /// Turns Foundation's decoding error into a problem whose field path names the bad value.
    public init(decoding error: DecodingError) {
        func pointer(_ path: [any CodingKey]) -> String {
            "/" + path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
        }
        switch error {
        case .typeMismatch(let type, let context):
            self = .invalid([FieldError(path: pointer(context.codingPath), message: "expected \(Self.describe(type))")])
        case .valueNotFound(let type, let context):
            self = .invalid([FieldError(path: pointer(context.codingPath), message: "expected \(Self.describe(type)), found null")])
        case .keyNotFound(let key, let context):
            self = .invalid([FieldError(path: pointer(context.codingPath + [key]), message: "is required")])
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                self = Problem(status: 400, title: "Invalid JSON", detail: "The request body is not valid JSON.")
            } else {
                self = .invalid([FieldError(path: pointer(context.codingPath), message: context.debugDescription)])
            }
        @unknown default:
            self = Problem(status: 400, title: "Invalid JSON", detail: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Optional<String>.Type: return "string"
        case is Int.Type, is Int64.Type, is Int32.Type, is Optional<Int>.Type: return "integer"
        case is Double.Type, is Float.Type: return "number"
        case is Bool.Type: return "boolean"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "array" }
            if name.hasPrefix("Dictionary") { return "object" }
            return name
        }
    }
}
