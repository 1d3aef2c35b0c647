import Foundation

// MARK: in-process calls to the platform's own endpoints

/// Calls the platform's registered endpoints in process, as a given principal: the same
/// handlers, the same declared `Access` check and the same error mapping as over HTTP, so a
/// page shows exactly what the API would give its user (one copy of the role rules).
/// The server sets it on the context it hands to endpoints (`PluginContext.api`).
public protocol InProcessAPI: Sendable {
    func call(_ call: APICall) async -> APIResponse
    /// The declared access of the endpoint `method template` (e.g. `GET /api/v1/users`), or nil
    /// when no enabled plugin registered it: navigation shows an entry only where this admits.
    func access(_ method: HTTPMethod, _ template: String) -> Access?
}

/// One in-process request: a concrete path (`/api/v1/products/12`), its query and body.
public struct APICall: Sendable {
    public var method: HTTPMethod
    public var path: String
    public var query: [String: [String]]
    /// Lowercase names, as `EndpointRequest.headers`.
    public var headers: [String: String]
    public var body: Data
    public var principal: Principal?

    public init(_ method: HTTPMethod, _ path: String, query: [String: [String]] = [:], headers: [String: String] = [:],
                body: Data = Data(), principal: Principal?) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.principal = principal
    }

    /// A JSON body (`Content-Type: application/json`).
    public static func json<T: Encodable>(_ method: HTTPMethod, _ path: String, _ value: T, principal: Principal?) throws -> APICall {
        APICall(method, path, headers: ["content-type": "application/json"], body: try JSONEncoder().encode(value), principal: principal)
    }
}

/// What an in-process call answered: the status, headers and body an HTTP client would get.
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data

    public init(status: Int, headers: [(String, String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var ok: Bool { (200..<300).contains(status) }

    /// The RFC 9457 problem of a refusal (nil on success).
    public var problem: Problem? {
        guard !ok else { return nil }
        return (try? JSONDecoder().decode(Problem.self, from: body)) ?? Problem(status: status, title: "HTTP \(status)")
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The JSON body as `T`; a refusal throws its problem.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let problem { throw problem }
        return try JSONDecoder().decode(T.self, from: body)
    }

    /// The JSON body as a template value (objects, lists, strings, integers, booleans; other
    /// numbers as text); a refusal throws its problem.
    public func webValue() throws -> WebValue {
        if let problem { throw problem }
        return try WebJSON.parse(body)
    }

    /// The JSON body as plain values (dictionaries, arrays, strings, numbers); a refusal throws its problem.
    public func json() throws -> Any {
        if let problem { throw problem }
        return try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
    }
}

// MARK: pages and navigation (`ocop.web`)

/// A value a page hands its template: strings, numbers, flags, lists and objects. Mustache
/// escapes every `{{value}}` it renders.
public indirect enum WebValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([WebValue])
    case object([String: WebValue])
    case null

    public subscript(key: String) -> WebValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }
}

extension WebValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: WebValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, WebValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

/// A file sent with a multipart form.
public struct WebUpload: Sendable {
    public var field: String
    public var filename: String
    public var contentType: String
    public var data: Data
    public init(field: String, filename: String, contentType: String, data: Data) {
        self.field = field
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}

/// A page request as page handlers see it: the signed-in principal (from the session), the
/// language, the submitted form (CSRF already checked) and the in-process API.
public struct WebRequest: Sendable {
    public var method: HTTPMethod
    public var path: String
    public var parameters: [String: String]
    public var query: [String: [String]]
    public var form: [String: [String]]
    public var uploads: [WebUpload]
    public var principal: Principal?
    /// `vi` or `en`.
    public var language: String
    public var api: any InProcessAPI
    public var context: PluginContext

    public init(method: HTTPMethod, path: String, parameters: [String: String], query: [String: [String]], form: [String: [String]],
                uploads: [WebUpload], principal: Principal?, language: String, api: any InProcessAPI, context: PluginContext) {
        self.method = method
        self.path = path
        self.parameters = parameters
        self.query = query
        self.form = form
        self.uploads = uploads
        self.principal = principal
        self.language = language
        self.api = api
        self.context = context
    }

    public func query(_ name: String) -> String? { query[name]?.first }
    public func form(_ name: String) -> String? { form[name]?.first }

    /// Calls an endpoint as the signed-in user.
    public func call(_ method: HTTPMethod, _ path: String, query: [String: [String]] = [:]) async -> APIResponse {
        await api.call(APICall(method, path, query: query, principal: principal))
    }

    /// Calls an endpoint with a JSON body as the signed-in user.
    public func call<T: Encodable>(_ method: HTTPMethod, _ path: String, json: T) async throws -> APIResponse {
        await api.call(try APICall.json(method, path, json, principal: principal))
    }
}

/// What a page handler answers.
public enum WebResult: Sendable {
    /// Renders `template` inside the common layout; `title` is shown in `<title>` and `<h1>`.
    case page(template: String, title: String, context: WebValue, status: Int = 200)
    /// 303 See Other to a path on this site.
    case redirect(String)
    /// The refusal page for an API problem (403, 404, 429…), in the user's language; a 429
    /// carries its `Retry-After` seconds.
    case refusal(Problem, retryAfter: Int? = nil)

    /// The refusal page for a failed in-process call.
    public static func refusal(_ response: APIResponse) -> WebResult {
        .refusal(response.problem ?? Problem(status: response.status, title: "HTTP \(response.status)"),
                 retryAfter: response.header("Retry-After").flatMap { Int($0) })
    }
}

/// A page a plugin mounts: its path, who may open it, its templates (Mustache source text,
/// by name) and strings (language → key → text, shown as `{{t.key}}`), and its handler.
public struct WebPage: Sendable {
    public var method: HTTPMethod
    public var path: String
    /// Who may open it; anonymous visitors of a signed-in page are sent to the sign-in page.
    public var access: Access
    public var summary: String
    public var templates: [String: String]
    public var strings: [String: [String: String]]
    public var maxBodyBytes: Int?
    public var handler: @Sendable (WebRequest) async throws -> WebResult

    public init(_ method: HTTPMethod, _ path: String, access: Access, summary: String, templates: [String: String] = [:],
                strings: [String: [String: String]] = [:], maxBodyBytes: Int? = nil,
                handler: @escaping @Sendable (WebRequest) async throws -> WebResult) {
        self.method = method
        self.path = path
        self.access = access
        self.summary = summary
        self.templates = templates
        self.strings = strings
        self.maxBodyBytes = maxBodyBytes
        self.handler = handler
    }

    /// `webGetProductsIdEdit` for `GET /products/{id}/edit`: unique by method and path.
    public var operationID: String {
        let words = path.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
        return "web" + method.rawValue.prefix(1) + method.rawValue.dropFirst().lowercased() + (words.isEmpty ? "Root" : words.joined())
    }

    /// The OpenAPI fragment describing this page (an HTML operation, not a JSON one).
    public var openAPI: String {
        let parameters = Endpoint(method, path, access: access, summary: summary) { _ in EndpointResponse() }.parameterNames
        var yaml = "paths:\n  \(path):\n    \(method.rawValue.lowercased()):\n"
        yaml += "      summary: '\(summary.replacingOccurrences(of: "'", with: "''"))'\n"
        yaml += "      operationId: \(operationID)\n"
        yaml += "      tags: [web pages]\n"
        if !parameters.isEmpty {
            yaml += "      parameters:\n"
            for name in parameters { yaml += "        - {name: \(name), in: path, required: true, schema: {type: string}}\n" }
        }
        if method != .get {
            yaml += "      requestBody:\n        content:\n"
            yaml += "          application/x-www-form-urlencoded: {schema: {type: object}}\n"
            yaml += "          multipart/form-data: {schema: {type: object}}\n"
        }
        yaml += "      responses:\n"
        yaml += "        '200': {description: An HTML page, content: {text/html: {schema: {type: string}}}}\n"
        yaml += "        '303': {description: Redirect to another page}\n"
        for (code, text) in [("400", "Bad request page"), ("401", "Sign-in required page"), ("403", "Refusal page (role, area, CSRF)"),
                             ("404", "Not found page"), ("413", "Too large"), ("422", "Form shown again with field errors"),
                             ("429", "Too many attempts page"), ("503", "Busy page")] {
            yaml += "        '\(code)': {description: '\(text)', content: {text/html: {schema: {type: string}}}}\n"
        }
        return yaml
    }
}

/// A navigation entry. It is shown only to whom `endpoint`'s declared access admits (the API's
/// role matrix decides), or to everyone when `endpoint` is nil.
public struct WebNavEntry: Sendable {
    public var id: String
    public var path: String
    /// Language → label.
    public var label: [String: String]
    public var endpoint: (method: HTTPMethod, template: String)?
    /// Smaller first.
    public var order: Int

    public init(id: String, path: String, label: [String: String], endpoint: (method: HTTPMethod, template: String)?, order: Int = 100) {
        self.id = id
        self.path = path
        self.label = label
        self.endpoint = endpoint
        self.order = order
    }
}

/// Serves pages (provided by `ocop.web`); the endpoints `Registrar.add(page:)` makes call it.
public protocol WebPageServer: Sendable {
    func serve(_ page: WebPage, _ request: EndpointRequest) async -> EndpointResponse
}

/// The extension points `ocop.web` owns.
public enum WebPoints {
    public static let webPlugin: PluginID = "ocop.web"
    public static let pages = ExtensionPoint<WebPage>("ocop.web.pages", summary: "server-rendered pages in the common layout")
    public static let navigation = ExtensionPoint<WebNavEntry>("ocop.web.navigation", summary: "navigation entries, shown by endpoint access")
}

extension Registrar {
    /// Mounts a page: contributes it to `WebPoints.pages`, adds its route and describes it as an
    /// HTML operation. Does nothing when `ocop.web` is not enabled (pages are optional).
    public func add(page: WebPage, file: String = #fileID, line: Int = #line) throws {
        guard isEnabled(WebPoints.webPlugin) else { return }
        try contribute(WebPoints.pages, page, file: file, line: line)
        try add(Endpoint(page.method, page.path, access: .anyone, summary: "Web page: \(page.summary)",
                         maxBodyBytes: page.maxBodyBytes) { request in
            guard let server = request.context.services.resolve((any WebPageServer).self) else {
                throw Problem.notFound("Web pages are not enabled.")
            }
            return await server.serve(page, request)
        }, file: file, line: line)
        try describe(openAPI: page.openAPI, file: file, line: line)
    }

    /// Adds a navigation entry when `ocop.web` is enabled.
    public func add(navigation entry: WebNavEntry, file: String = #fileID, line: Int = #line) throws {
        guard isEnabled(WebPoints.webPlugin) else { return }
        try contribute(WebPoints.navigation, entry, file: file, line: line)
    }
}
