import Foundation

/// The `plugins: ocop.web:` section.
public struct WebConfig: Decodable, Sendable, Equatable {
    /// Mark the session cookie `Secure` (browsers then send it over HTTPS only). Off by default
    /// because `ocop serve` listens on plain HTTP at 127.0.0.1; turn it on behind TLS.
    public var secureCookies: Bool
    /// A session ends after this long without a request.
    public var sessionIdleSeconds: Int
    /// A session ends this long after sign-in, however busy.
    public var sessionAbsoluteSeconds: Int
    /// Wrong passwords allowed per username and client address within `loginWindowSeconds`.
    public var loginFailures: Int
    public var loginWindowSeconds: Int
    /// The public site's address (`https://ocop.example.vn`) that QR codes on labels point at;
    /// nil: the address the request came to.
    public var publicBaseURL: String?
    /// Take the client address for sign-in limits from `X-Forwarded-For` (only behind a proxy
    /// that sets it: otherwise a client could claim a new address for every guess).
    public var trustForwardedFor: Bool = false
    /// How long a dashboard panel may be reused when no outbox event has happened since it was
    /// computed (0: computed on every view).
    public var dashboardCacheSeconds: Int = 30

    enum CodingKeys: String, CodingKey {
        case secureCookies = "secure_cookies"
        case sessionIdleSeconds = "session_idle_seconds"
        case sessionAbsoluteSeconds = "session_absolute_seconds"
        case loginFailures = "login_failures"
        case loginWindowSeconds = "login_window_seconds"
        case publicBaseURL = "public_base_url"
        case trustForwardedFor = "trust_forwarded_for"
        case dashboardCacheSeconds = "dashboard_cache_seconds"
    }

    public init(secureCookies: Bool = false, sessionIdleSeconds: Int = 1800, sessionAbsoluteSeconds: Int = 43_200,
                loginFailures: Int = 5, loginWindowSeconds: Int = 900, publicBaseURL: String? = nil) {
        self.secureCookies = secureCookies
        self.sessionIdleSeconds = sessionIdleSeconds
        self.sessionAbsoluteSeconds = sessionAbsoluteSeconds
        self.loginFailures = loginFailures
        self.loginWindowSeconds = loginWindowSeconds
        self.publicBaseURL = publicBaseURL
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = WebConfig()
        secureCookies = try c.decodeIfPresent(Bool.self, forKey: .secureCookies) ?? d.secureCookies
        sessionIdleSeconds = try c.decodeIfPresent(Int.self, forKey: .sessionIdleSeconds) ?? d.sessionIdleSeconds
        sessionAbsoluteSeconds = try c.decodeIfPresent(Int.self, forKey: .sessionAbsoluteSeconds) ?? d.sessionAbsoluteSeconds
        loginFailures = try c.decodeIfPresent(Int.self, forKey: .loginFailures) ?? d.loginFailures
        loginWindowSeconds = try c.decodeIfPresent(Int.self, forKey: .loginWindowSeconds) ?? d.loginWindowSeconds
        trustForwardedFor = try c.decodeIfPresent(Bool.self, forKey: .trustForwardedFor) ?? false
        dashboardCacheSeconds = try c.decodeIfPresent(Int.self, forKey: .dashboardCacheSeconds) ?? d.dashboardCacheSeconds
        if let url = try c.decodeIfPresent(String.self, forKey: .publicBaseURL) {
            let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
            guard let parsed = URL(string: trimmed), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil,
                  parsed.query == nil, parsed.fragment == nil else {
                throw DecodingError.dataCorruptedError(forKey: .publicBaseURL, in: c,
                                                       debugDescription: "expected an http(s) address such as https://ocop.example.vn, found '\(url)'")
            }
            publicBaseURL = trimmed
        }
        for (key, value, range) in [(CodingKeys.sessionIdleSeconds, sessionIdleSeconds, 1...86_400),
                                    (.sessionAbsoluteSeconds, sessionAbsoluteSeconds, 1...2_592_000),
                                    (.loginFailures, loginFailures, 1...1000), (.loginWindowSeconds, loginWindowSeconds, 1...86_400),
                                    (.dashboardCacheSeconds, dashboardCacheSeconds, 0...3600)]
            where !range.contains(value) {
            throw DecodingError.dataCorruptedError(forKey: key, in: c,
                                                   debugDescription: "expected \(range.lowerBound) to \(range.upperBound), found \(value)")
        }
    }
}
