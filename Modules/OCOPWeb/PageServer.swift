import Foundation
import Mustache
import OCOPPluginKit

/// Serves every page in the common layout: reads the language, the session and the form,
/// checks the CSRF token and the page's access, runs the handler and renders its result.
/// Nothing here queries another module: handlers call the endpoints in process.
final class PageServer: WebPageServer, @unchecked Sendable {
    static let sessionCookie = "ocop_session"
    static let csrfCookie = "ocop_csrf"
    static let languageCookie = "ocop_lang"

    let config: WebConfig
    let sessions: SessionStore
    let throttle: LoginThrottle
    let catalogue: Catalogue
    let authenticator: ServiceRef<any Authenticator>
    private let bundled: [String: String]
    private let pages: Contributions<WebPage>
    private let navigation: Contributions<WebNavEntry>
    private let lock = NSLock()
    private var cachedLibrary: MustacheLibrary?

    init(config: WebConfig, catalogue: Catalogue, templates: [String: String], authenticator: ServiceRef<any Authenticator>,
         pages: Contributions<WebPage>, navigation: Contributions<WebNavEntry>) {
        self.config = config
        self.sessions = SessionStore(idleSeconds: config.sessionIdleSeconds, absoluteSeconds: config.sessionAbsoluteSeconds)
        self.throttle = LoginThrottle(limit: config.loginFailures, window: TimeInterval(config.loginWindowSeconds))
        self.catalogue = catalogue
        self.bundled = templates
        self.authenticator = authenticator
        self.pages = pages
        self.navigation = navigation
    }

    /// Bundled templates and every mounted page's, parsed once (after registration closed).
    func library() throws -> MustacheLibrary {
        if let cached = lock.withLock({ cachedLibrary }) { return cached }
        var library = MustacheLibrary()
        _ = FastHTML.registered
        for (name, source) in bundled { try library.register(FastHTML.pragma + source, named: name) }
        for page in pages.values { for (name, source) in page.templates { try library.register(FastHTML.pragma + source, named: name) } }
        lock.withLock { cachedLibrary = library }
        return library
    }

    // MARK: a visit

    /// What every page knows about the request before its handler runs.
    struct Visit {
        var request: EndpointRequest
        var api: any InProcessAPI
        var language: String
        var cookies: [String: String]
        var setCookies: [String] = []
        var session: SessionStore.Session?
        var principal: Principal?
        /// A session cookie came but its session has ended.
        var expired = false
        /// The token this visitor's forms carry.
        var csrf = ""
        var form: [String: [String]] = [:]
        var uploads: [WebUpload] = []

        func t(_ key: String, _ catalogue: Catalogue) -> String { catalogue.text(key, language) }
    }

    func cookie(_ name: String, _ value: String, maxAge: Int?, httpOnly: Bool = true) -> String {
        var text = "\(name)=\(value); Path=/; SameSite=Lax"
        if httpOnly { text += "; HttpOnly" }
        if config.secureCookies { text += "; Secure" }
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        return text
    }

    func begin(_ request: EndpointRequest) async throws -> Visit {
        guard let api = request.context.api else {
            throw Problem(status: 503, title: "Service Unavailable", detail: "The in-process API is not available.")
        }
        let cookies = Forms.cookies(request.headers["cookie"])
        var visit = Visit(request: request, api: api, language: Catalogue.defaultLanguage, cookies: cookies)
        if let asked = request.query["lang"]?.first, Catalogue.languages.contains(asked) {
            visit.language = asked
            visit.setCookies.append(cookie(Self.languageCookie, asked, maxAge: 31_536_000))
        } else if let chosen = cookies[Self.languageCookie], Catalogue.languages.contains(chosen) {
            visit.language = chosen
        }
        if let id = cookies[Self.sessionCookie] {
            switch try await sessions.lookup(id, on: request.context.database.sql) {
            case .active(let session):
                // The accounts module decides who the token is now (deactivated, role changed).
                if let principal = try? await authenticator().principal(authorization: "Bearer \(session.token)", cookie: nil,
                                                                        context: request.context) {
                    visit.session = session
                    visit.principal = principal
                    try await sessions.touch(session, on: request.context.database.sql)
                } else {
                    try await sessions.delete(id, on: request.context.database.sql)
                    visit.expired = true
                }
            case .expired, .none:
                visit.expired = true
            }
            if visit.expired { visit.setCookies.append(cookie(Self.sessionCookie, "", maxAge: 0)) }
        }
        if let session = visit.session {
            visit.csrf = session.csrf
        } else if let anonymous = cookies[Self.csrfCookie], anonymous.count == 43 {
            visit.csrf = anonymous
        } else {
            visit.csrf = SessionStore.randomToken()
            visit.setCookies.append(cookie(Self.csrfCookie, visit.csrf, maxAge: nil))
        }
        if request.method != .get {
            let type = request.headers["content-type"] ?? ""
            if type.lowercased().hasPrefix("multipart/form-data") {
                guard let (fields, uploads) = Forms.multipart(request.body, contentType: type) else {
                    throw Problem(status: 400, title: "Bad Request", detail: "The form could not be read.")
                }
                visit.form = fields
                visit.uploads = uploads
            } else {
                visit.form = Forms.urlencoded(String(decoding: request.body, as: UTF8.self))
            }
        }
        return visit
    }

    /// A POST must carry this visitor's token: a forged or missing one changes nothing.
    func csrfRefusal(_ visit: Visit) -> Problem? {
        guard visit.request.method != .get else { return nil }
        if visit.expired {
            return Problem(status: 401, title: "Session expired", detail: "web.session_expired")
        }
        let given = Array((visit.form["_csrf"]?.first ?? "").utf8), expected = Array(visit.csrf.utf8)
        var difference = given.count == expected.count ? 0 : 1
        for (a, b) in zip(given, expected) { difference |= Int(a ^ b) }
        return difference == 0 && !expected.isEmpty ? nil : Problem(status: 403, title: "Forbidden", detail: "web.csrf")
    }

    // MARK: serving a page

    func serve(_ page: WebPage, _ request: EndpointRequest) async -> EndpointResponse {
        var visit: Visit?
        do {
            var current = try await begin(request)
            visit = current
            if let refusal = csrfRefusal(current) { return respond(.refusal(refusal), page: page, visit: current) }
            guard page.access.admits(current.principal) else {
                if current.principal == nil {
                    if request.method == .get {
                        let next = Forms.encode([("next", request.path)] + (current.expired ? [("expired", "1")] : []))
                        return redirect("/sign-in?\(next)", visit: current)
                    }
                    return respond(.refusal(Problem(status: 401, title: "Unauthorized", detail: "web.sign_in_required")), page: page, visit: current)
                }
                return respond(.refusal(Problem.forbidden("web.forbidden")), page: page, visit: current)
            }
            let query = Self.formQuery(request)
            let webRequest = WebRequest(method: request.method, path: request.path, parameters: request.parameters, query: query,
                                        form: current.form, uploads: current.uploads, principal: current.principal,
                                        language: current.language, api: current.api, context: request.context)
            current.form = [:]
            let result = try await page.handler(webRequest)
            return respond(result, page: page, visit: current)
        } catch let problem as Problem {
            guard let visit else { return fallback(problem) }
            return respond(.refusal(problem), page: page, visit: visit)
        } catch let error as DomainError {
            guard let visit else { return fallback(Problem(error)) }
            return respond(.refusal(Problem(error)), page: page, visit: visit)
        } catch {
            request.logger.error("page failed", metadata: ["error": "\(String(reflecting: error))"])
            let problem = Problem(status: 500, title: "Internal Server Error", detail: "web.internal")
            guard let visit else { return fallback(problem) }
            return respond(.refusal(problem), page: page, visit: visit)
        }
    }

    func redirect(_ location: String, visit: Visit) -> EndpointResponse {
        // Only paths on this site: `//host` or a scheme would make an open redirect.
        let safe = location.hasPrefix("/") && !location.hasPrefix("//") && !location.contains("\\") ? location : "/"
        return EndpointResponse(status: 303, headers: [("Location", safe), ("Cache-Control", "no-store")] + visit.setCookies.map { ("Set-Cookie", $0) })
    }

    private func fallback(_ problem: Problem) -> EndpointResponse {
        Self.bare(status: problem.status, title: problem.title)
    }

    /// A minimal HTML page for a request too broken to begin a visit (an unreadable form, say):
    /// pages answer HTML whatever happens, as their OpenAPI entries say.
    static func bare(status: Int, title: String) -> EndpointResponse {
        let text = "\(status) \(title)".replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        let html = "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>\(text)</title></head>"
            + "<body><main><h1>\(text)</h1><p><a href=\"/\">OCOP</a></p></main></body></html>\n"
        return EndpointResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
                                body: Data(html.utf8))
    }

    func respond(_ result: WebResult, page: WebPage?, visit: Visit) -> EndpointResponse {
        switch result {
        case .redirect(let location):
            return redirect(location, visit: visit)
        case .page(let template, let title, let context, let status):
            return html(template: template, title: title, context: context, status: status, page: page, visit: visit)
        case .refusal(let problem, let retryAfter):
            var headers: [(String, String)] = []
            if let retryAfter { headers.append(("Retry-After", String(retryAfter))) }
            var response = html(template: "refusal", title: refusalTitle(problem, visit), context: refusalContext(problem, visit),
                                status: problem.status, page: page, visit: visit)
            response.headers += headers
            return response
        }
    }

    private func refusalTitle(_ problem: Problem, _ visit: Visit) -> String {
        let key = "error_\(problem.status)_title"
        let text = visit.t(key, catalogue)
        return text == key ? visit.t("error_other_title", catalogue) : text
    }

    private func refusalContext(_ problem: Problem, _ visit: Visit) -> WebValue {
        // Our own refusals carry a catalogue key; the API's carry an English sentence.
        var message: String
        var detail: WebValue = .null
        if let key = problem.detail, key.hasPrefix("web.") {
            message = visit.t(String(key.dropFirst(4)), catalogue)
        } else {
            let key = "error_\(problem.status)_text"
            message = visit.t(key, catalogue)
            if message == key { message = visit.t("error_other_text", catalogue) }
            if let text = problem.detail { detail = .string(text) }
        }
        return ["status": .int(problem.status), "message": .string(message), "detail": detail,
                "signed_in": .bool(visit.principal != nil)]
    }

    func html(template: String, title: String, context: WebValue, status: Int, page: WebPage?, visit: Visit) -> EndpointResponse {
        let body: String
        do {
            let library = try library()
            var strings = catalogue.table(visit.language)
            for (key, value) in page?.strings[visit.language] ?? page?.strings[Catalogue.defaultLanguage] ?? [:] { strings[key] = value }
            var data: [String: Any] = [:]
            if case .object(let fields) = context { data = fields.mapValues(Self.plain) }
            data["t"] = strings
            data["csrf"] = visit.csrf
            data["lang"] = visit.language
            guard let inner = library.render(data, withTemplate: template) else {
                throw Problem(status: 500, title: "Internal Server Error", detail: "No template '\(template)'.")
            }
            var layout = data
            layout["title"] = title
            layout["body"] = inner
            layout["nav"] = navigationEntries(visit)
            // No key at all for a visitor: a nil boxed in Any would count as present and show "sign out".
            layout["user"] = nil
            if let principal = visit.principal {
                layout["user"] = ["username": principal.username, "role": strings["role_\(principal.role.rawValue)"] ?? principal.role.rawValue] as [String: Any]
            }
            layout["other_lang"] = visit.language == "vi" ? "en" : "vi"
            layout["other_lang_label"] = visit.language == "vi" ? "English" : "Tiếng Việt"
            layout["path"] = visit.request.path
            // The same page in the other language, its search and filters kept.
            let other = visit.language == "vi" ? "en" : "vi"
            let kept = Self.formQuery(visit.request).filter { $0.key != "lang" }.sorted { $0.key < $1.key }
                .flatMap { item in item.value.map { (item.key, $0) } }
            layout["lang_url"] = visit.request.path + "?" + Forms.encode(kept + [("lang", other)])
            guard let full = library.render(layout, withTemplate: "layout") else {
                throw Problem(status: 500, title: "Internal Server Error", detail: "No layout template.")
            }
            body = full
        } catch {
            visit.request.logger.error("page template failed", metadata: ["template": "\(template)", "error": "\(error)"])
            return fallback(Problem(status: 500, title: "Internal Server Error"))
        }
        return EndpointResponse(status: status, headers: [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors 'none'"),
            ("Content-Language", visit.language),
        ] + visit.setCookies.map { ("Set-Cookie", $0) }, body: Data(body.utf8))
    }

    /// Entries the visitor's role may use: an entry shows when its endpoint's declared access
    /// admits the principal (the API's role matrix decides, not this module).
    func navigationEntries(_ visit: Visit) -> [[String: Any]] {
        navigation.values
            .filter { entry in
                guard let endpoint = entry.endpoint else { return true }
                return visit.api.access(endpoint.method, endpoint.template)?.admits(visit.principal) ?? false
            }
            .sorted { $0.order < $1.order }
            .map { entry in
                let current = visit.request.path == entry.path || (entry.path != "/" && visit.request.path.hasPrefix(entry.path + "/"))
                return ["path": entry.path, "label": entry.label[visit.language] ?? entry.label[Catalogue.defaultLanguage] ?? entry.id,
                        "current": current, "id": entry.id]
            }
    }

    /// The query as a browser's GET form means it (application/x-www-form-urlencoded): `+` is a
    /// space and a typed plus arrives as `%2B`. The server's own parsing decodes `%2B` before a
    /// page could tell the two apart, so pages read the query as sent.
    static func formQuery(_ request: EndpointRequest) -> [String: [String]] {
        guard let raw = request.rawQuery else { return request.query }
        return Forms.urlencoded(raw)
    }

    static func plain(_ value: WebValue) -> Any {
        switch value {
        case .string(let text): return text
        case .int(let number): return number
        case .bool(let flag): return flag
        case .list(let items): return items.map(plain)
        // A nil boxed in Any renders as the text "nil" and counts as present: leave the key out
        // instead, so `{{x}}` renders nothing and `{{#x}}` is false.
        case .object(let fields): return fields.compactMapValues { $0 == .null ? nil : plain($0) }
        case .null: return ""
        }
    }
}

/// HTML escaping as swift-mustache's own (`<`, `>`, `&`, `"`, `'`), over UTF-8 bytes: its
/// version looks every character up in a dictionary, which was half of a dashboard's render
/// (two charts as base64 data URIs). Text without those bytes is returned as it is. Every
/// template starts with the pragma that selects it.
struct FastHTML: MustacheContentType {
    static let pragma = "{{% CONTENT_TYPE: OCOP_HTML}}"
    static let registered: Bool = {
        MustacheContentTypes.register(FastHTML(), named: "OCOP_HTML")
        return true
    }()

    func escapeText(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        let special: (UInt8) -> Bool = { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }
        guard text.utf8.contains(where: special) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 64)
        for byte in text.utf8 {
            switch byte {
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
