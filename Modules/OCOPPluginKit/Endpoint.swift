import Foundation
import Logging

/// HTTP methods an endpoint can answer.
public enum HTTPMethod: String, Sendable, Hashable, CaseIterable, Codable {
    case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"
}

/// An HTTP route contributed by a plugin, in a server-neutral form.
///
/// Plugins describe routes as data (method, path, access, handler) rather than touching the
/// HTTP framework, so that the server can enforce access uniformly, the OpenAPI test can
/// compare the spec with every route, and the role-matrix test can walk them all.
public struct Endpoint: Sendable {
    public var method: HTTPMethod
    /// OpenAPI-style template, e.g. `/api/v1/ha-noi/craft-villages/{id}`.
    public var path: String
    public var access: Access
    public var summary: String
    /// Largest body this endpoint accepts; nil means the server's `max_body_bytes`.
    public var maxBodyBytes: Int?
    /// When true the body is written to a temporary file (``EndpointRequest/bodyFile``) as it
    /// arrives instead of being held in memory: for uploads whose size memory must not follow.
    public var spoolsBody: Bool
    public var handler: @Sendable (EndpointRequest) async throws -> EndpointResponse

    public init(
        _ method: HTTPMethod, _ path: String, access: Access, summary: String, maxBodyBytes: Int? = nil, spoolsBody: Bool = false,
        handler: @escaping @Sendable (EndpointRequest) async throws -> EndpointResponse
    ) {
        self.method = method
        self.path = path
        self.access = access
        self.summary = summary
        self.maxBodyBytes = maxBodyBytes
        self.spoolsBody = spoolsBody
        self.handler = handler
    }

    /// Names of the `{placeholders}` in the path, in order.
    public var parameterNames: [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }
}

/// What the caller must be to reach an endpoint. Finer, data-dependent scoping (own province,
/// own subject) is checked by the handler against the `Principal`.
public enum Access: Sendable, Hashable {
    /// Anyone, signed in or not.
    case anyone
    /// Any signed-in account.
    case signedIn
    /// A signed-in account holding one of these roles.
    case roles(Set<Role>)

    public func admits(_ principal: Principal?) -> Bool {
        switch self {
        case .anyone: return true
        case .signedIn: return principal != nil
        case .roles(let roles): return principal.map { roles.contains($0.role) } ?? false
        }
    }
}

/// A request as plugins see it.
public struct EndpointRequest: Sendable {
    public var method: HTTPMethod
    public var path: String
    public var parameters: [String: String]
    public var query: [String: [String]]
    /// The query as sent (still percent-encoded; nil in process): `query` has `%2B` and `+`
    /// both as `+`, while an HTML form sends a space as `+` (pages re-read it as a form).
    public var rawQuery: String?
    /// Header names are lowercase.
    public var headers: [String: String]
    public var body: Data
    /// The body's temporary file when the endpoint spools it (removed after the handler returns).
    public var bodyFile: String?
    public var principal: Principal?
    public var requestID: String
    public var logger: Logger
    public var context: PluginContext

    public init(
        method: HTTPMethod, path: String, parameters: [String: String] = [:], query: [String: [String]] = [:],
        headers: [String: String] = [:], body: Data = Data(), bodyFile: String? = nil, principal: Principal? = nil, requestID: String,
        logger: Logger, context: PluginContext, rawQuery: String? = nil
    ) {
        self.rawQuery = rawQuery
        self.method = method
        self.path = path
        self.parameters = parameters
        self.query = query
        self.headers = headers
        self.body = body
        self.bodyFile = bodyFile
        self.principal = principal
        self.requestID = requestID
        self.logger = logger
        self.context = context
    }

    /// The first value of a query parameter.
    public func query(_ name: String) -> String? { query[name]?.first }

    public func parameter(_ name: String) throws(Problem) -> String {
        guard let value = parameters[name] else {
            throw Problem(status: 400, title: "Missing path parameter", detail: "Path parameter '\(name)' is missing.")
        }
        return value
    }

    /// Decodes the JSON body; malformed JSON and type errors become a 400/422 problem with the field path.
    public func decode<T: Decodable>(_ type: T.Type) throws(Problem) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch let error as DecodingError {
            throw Problem(decoding: error)
        } catch {
            throw Problem(status: 400, title: "Invalid JSON", detail: "\(error)")
        }
    }
}

/// A response as plugins produce it.
public struct EndpointResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data
    /// When set, the body is streamed from here instead of `body`.
    public var stream: ResponseStream?

    public init(status: Int = 200, headers: [(String, String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// JSON body with `application/json; charset=utf-8`.
    public static func json<T: Encodable>(_ value: T, status: Int = 200) throws -> EndpointResponse {
        EndpointResponse(
            status: status,
            headers: [("Content-Type", "application/json; charset=utf-8")],
            body: try encoder.encode(value)
        )
    }

    public static func noContent() -> EndpointResponse { EndpointResponse(status: 204) }
}
