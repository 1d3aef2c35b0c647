import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// A browser without JavaScript over real HTTP: keeps its own cookies (none shared with other
/// visitors), never follows redirects (tests look at each 303), reads the CSRF token of the last page.
final class Visitor: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    let base: URL
    let address: String
    private let lock = NSLock()
    private var jar: [String: String] = [:]
    private(set) var lastCSRF: String?
    private var session: URLSession!

    struct Page: Sendable {
        let status: Int
        let headers: [String: String]
        let setCookies: [String]
        let text: String
        var location: String? { headers["location"] }
    }

    init(_ host: TestHost, address: String = "192.0.2.1") {
        base = host.client.baseURL
        self.address = address
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func cookie(_ name: String) -> String? { lock.withLock { jar[name] } }
    func setCookie(_ name: String, _ value: String?) { lock.withLock { jar[name] = value } }

    func send(_ method: String, _ path: String, body: Data? = nil, contentType: String? = nil) async throws -> Page {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        request.setValue(address, forHTTPHeaderField: "X-Forwarded-For")
        let cookieHeader = lock.withLock { jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if !cookieHeader.isEmpty { request.setValue(cookieHeader, forHTTPHeaderField: "Cookie") }
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers["\(key)".lowercased()] = "\(value)" }
        // Several Set-Cookie fields may arrive joined by ", " (no cookie here uses Expires).
        let setCookies = (headers["set-cookie"] ?? "").components(separatedBy: ", ").filter { $0.contains("=") }
        lock.withLock {
            for line in setCookies {
                let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard pair.count == 2 else { continue }
                if line.contains("Max-Age=0") { jar[pair[0]] = nil } else { jar[pair[0]] = pair[1] }
            }
        }
        let text = String(decoding: data, as: UTF8.self)
        if let range = text.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) {
            let match = String(text[range])
            lastCSRF = String(match.dropFirst(#"name="_csrf" value=""#.count).dropLast())
        }
        return Page(status: http.statusCode, headers: headers, setCookies: setCookies, text: text)
    }

    func get(_ path: String) async throws -> Page { try await send("GET", path) }

    /// Posts a form; `csrf: nil` sends the token of the last page seen.
    func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil, omitCSRF: Bool = false) async throws -> Page {
        var all = fields
        if !omitCSRF { all.append(("_csrf", csrf ?? lastCSRF ?? "")) }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = all.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return try await send("POST", path, body: Data(body.utf8), contentType: "application/x-www-form-urlencoded")
    }

    func postMultipart(_ path: String, fields: [(String, String)], file: (field: String, name: String, type: String, data: Data)) async throws -> Page {
        let boundary = "----ocop\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields + [("_csrf", lastCSRF ?? "")] {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: \(file.type)\r\n\r\n".utf8))
        body.append(file.data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return try await send("POST", path, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    func signIn(_ username: String, password: String = "correct horse battery") async throws -> Page {
        _ = try await get("/sign-in")
        return try await post("/sign-in", [("username", username), ("password", password), ("next", "")])
    }
}

/// A host with every core module and the web pages, on `engine`.
func withWeb(_ engine: DatabaseEngine, secureCookies: Bool = false, idleSeconds: Int = 1800, loginFailures: Int = 5,
             trustForwardedFor: Bool = false, _ body: @escaping @Sendable (TestHost) async throws -> Void) async throws {
    try await TestHost.run(engine, plugins: TestHost.withWeb, config: """
        plugins:
        \(TestHost.coreConfig)\(TestHost.promotionConfig)\(TestHost.webConfig(secureCookies: secureCookies, idleSeconds: idleSeconds, loginFailures: loginFailures,
                                                                                        trustForwardedFor: trustForwardedFor))
        """, body)
}

/// Records made through the JSON API as a national admin.
struct Seed: Sendable {
    let host: TestHost
    let admin: [String: String]

    init(_ host: TestHost) async throws {
        self.host = host
        admin = try await host.signIn(.nationalAdmin)
    }

    static let communes = ["01": "00577", "31": "10507"]

    func subject(_ province: String = "01", name: String = "HTX Gốm sứ") async throws -> Int64 {
        let number = TestTaxCodes.make(province + String(format: "%07d", Int.random(in: 1...9_999_999)))
        let reply = try await host.client.post("/api/v1/subjects", json: """
            {"registration_number":"\(number)","name":"\(name)","legal_form":"hop_tac_xa","commune_code":"\(Self.communes[province]!)"}
            """, headers: admin)
        #expect(reply.status == 201, "\(reply.text)")
        return Int64(try reply.json()["id"] as? Int ?? -1)
    }

    func product(_ subject: Int64, _ name: String, status: String = "active") async throws -> Int64 {
        let json = try JSONSerialization.data(withJSONObject: ["subject_id": subject, "name": name, "product_set": 5, "status": status])
        let reply = try await host.client.send("POST", "/api/v1/products", body: json, headers: admin)
        #expect(reply.status == 201, "\(reply.text)")
        return Int64(try reply.json()["id"] as? Int ?? -1)
    }

    func productCount() async throws -> Int {
        try await host.client.get("/api/v1/products?limit=1", headers: admin).json()["total"] as? Int ?? -1
    }
}
