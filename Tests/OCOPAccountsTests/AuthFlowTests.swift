import Foundation
import OCOPAccounts
import OCOPPluginKit
import OCOPStorage
import OCOPTestSupport
import SQLKit
import Testing

/// Sign-in, bearer tokens and sign-out over real HTTP.
enum AuthFlowChecks {
    static func issueUseRevoke(_ s: Served) async throws {
        let admin = try await s.accounts.user("admin", .nationalAdmin, name: "Quản trị viên")
        let issued = try await s.client.post("/api/v1/auth/tokens",
                                             json: #"{"username":"ADMIN","password":"\#(Accounts.password)","name":"laptop"}"#)
        #expect(issued.status == 201, "\(issued.text)")
        let body = try issued.json()
        let token = try #require(body["token"] as? String)
        #expect(token.hasPrefix("ocop_"))
        #expect((body["user"] as? [String: Any])?["username"] as? String == "admin")
        #expect(!issued.text.contains("password"))
        #expect(!issued.text.contains("$2b$"))
        let expires = try #require((body["expires_at"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
        #expect(abs(expires.timeIntervalSinceNow - 90 * 86_400) < 120)

        // Only the hash is stored.
        let stored = try await s.accounts.database.sql.select().columns("token_hash", "prefix").from("accounts_tokens").all()
        #expect(stored.count == 1)
        #expect(try stored.first?.decode(column: "token_hash", as: String.self) != token)
        #expect(try stored.first?.decode(column: "token_hash", as: String.self).count == 64)

        let me = try await s.client.get("/api/v1/me", headers: Served.bearer(token))
        #expect(me.status == 200, "\(me.text)")
        #expect(try me.json()["id"] as? Int == Int(admin.id))
        #expect(try me.json()["display_name"] as? String == "Quản trị viên")
        #expect(try me.json()["role"] as? String == "national_admin")
        #expect(!me.text.contains("hash"))
        #expect(try await s.client.get("/api/v1/me").status == 401)

        let list = try await s.client.get("/api/v1/auth/tokens", headers: Served.bearer(token))
        let tokens = try JSONSerialization.jsonObject(with: list.body) as? [[String: Any]]
        #expect(tokens?.first?["name"] as? String == "laptop")
        #expect(tokens?.first?["prefix"] as? String == String(token.dropFirst(5).prefix(8)))
        #expect(!list.text.contains(token))

        let signOut = try await s.delete("/api/v1/auth/tokens/current", headers: Served.bearer(token))
        #expect(signOut.status == 204, "\(signOut.text)")
        let after = try await s.client.get("/api/v1/me", headers: Served.bearer(token))
        #expect(after.status == 401)
        #expect(after.headers["content-type"]?.hasPrefix("application/problem+json") == true)
        #expect(try after.json()["detail"] as? String == "The bearer token has been revoked.")
        #expect(try await s.delete("/api/v1/auth/tokens/current", headers: Served.bearer(token)).status == 401)
        #expect(try await s.accounts.auditCount(action: "token.issue") == 1)
        #expect(try await s.accounts.auditCount(action: "token.revoke") == 1)
    }

    static func badCredentialsLookTheSame(_ s: Served) async throws {
        try await s.accounts.user("lan", .councilMember, province: "01")
        let wrong = try await s.client.post("/api/v1/auth/tokens", json: #"{"username":"lan","password":"wrong password!"}"#)
        let unknown = try await s.client.post("/api/v1/auth/tokens", json: #"{"username":"nobody","password":"wrong password!"}"#)
        #expect(wrong.status == 401)
        #expect(unknown.status == 401)
        #expect(try wrong.json()["detail"] as? String == (try unknown.json()["detail"] as? String))
        let missing = try await s.client.post("/api/v1/auth/tokens", json: #"{"username":"lan"}"#)
        #expect(missing.status == 422)
        #expect((try missing.json()["errors"] as? [[String: Any]])?.first?["path"] as? String == "/password")
        #expect(try await s.accounts.auditCount(action: "token.issue") == 0)
    }

    static func expiredTokenIsRejected(_ s: Served) async throws {
        try await s.accounts.user("officer", .provinceOfficer, province: "01")
        let token = try await s.signIn("officer")
        try await s.accounts.database.sql.update("accounts_tokens").set("expires_at", to: "2020-01-01T00:00:00Z").run()
        let reply = try await s.client.get("/api/v1/me", headers: Served.bearer(token))
        #expect(reply.status == 401)
        #expect(try reply.json()["detail"] as? String == "The bearer token has expired.")
    }

    static func inactiveUserIsRejected(_ s: Served) async throws {
        let user = try await s.accounts.user("producer", .producer, province: "01", subject: 12)
        let token = try await s.signIn("producer")
        #expect(try await s.client.get("/api/v1/me", headers: Served.bearer(token)).status == 200)
        // The token is cached now; deactivating in this process must still take effect at once.
        try await s.accounts.store.setActive(false, userID: user.id, by: nil)
        #expect(try await s.client.get("/api/v1/me", headers: Served.bearer(token)).status == 401)
        let signIn = try await s.client.post("/api/v1/auth/tokens", json: #"{"username":"producer","password":"\#(Accounts.password)"}"#)
        #expect(signIn.status == 401)
        let cliToken = await problem { _ = try await s.accounts.store.issueToken(username: "producer") }
        #expect(cliToken?.status == 409)

        try await s.accounts.store.setActive(true, userID: user.id, by: nil)
        #expect(try await s.client.get("/api/v1/me", headers: Served.bearer(token)).status == 200)
        #expect(try await s.accounts.auditCount(action: "user.deactivate") == 1)
    }

    static func garbageCredentialsAreRejected(_ s: Served) async throws {
        for header in ["Bearer nonsense", "Bearer ocop_" + String(repeating: "A", count: 43), "Basic dXNlcjpwYXNz", "Bearer"] {
            let reply = try await s.client.get("/api/v1/me", headers: ["Authorization": header])
            #expect(reply.status == 401, "\(header)")
            // A bad header is never treated as anonymous, even where anyone may call.
            let anyone = try await s.client.post("/api/v1/auth/tokens", json: #"{"username":"x","password":"y"}"#,
                                                 headers: ["Authorization": header])
            #expect(anyone.status == 401, "\(header)")
        }
    }

    /// The command line issues tokens without a password; they work like any other.
    static func storeIssuedTokensWork(_ s: Served) async throws {
        try await s.accounts.user("script", .nationalAdmin)
        let issued = try await s.accounts.store.issueToken(username: "Script", name: "nightly export")
        #expect(issued.expiresAt > Date())
        let me = try await s.client.get("/api/v1/me", headers: Served.bearer(issued.token))
        #expect(try me.json()["username"] as? String == "script")
        let unknown = await problem { _ = try await s.accounts.store.issueToken(username: "ghost") }
        #expect(unknown?.status == 404)
        #expect(try await s.accounts.store.revokeToken(issued.token, by: nil))
        #expect(try await s.client.get("/api/v1/me", headers: Served.bearer(issued.token)).status == 401)
        #expect(try await !s.accounts.store.revokeToken(issued.token, by: nil))
    }
}

@Suite struct AuthFlowSQLiteTests {
    @Test func issueUseRevoke() async throws { try await Served.with(.sqlite, AuthFlowChecks.issueUseRevoke) }
    @Test func badCredentials() async throws { try await Served.with(.sqlite, AuthFlowChecks.badCredentialsLookTheSame) }
    @Test func expiredToken() async throws { try await Served.with(.sqlite, AuthFlowChecks.expiredTokenIsRejected) }
    @Test func inactiveUser() async throws { try await Served.with(.sqlite, AuthFlowChecks.inactiveUserIsRejected) }
    @Test func garbageCredentials() async throws { try await Served.with(.sqlite, AuthFlowChecks.garbageCredentialsAreRejected) }
    @Test func storeIssuedTokens() async throws { try await Served.with(.sqlite, AuthFlowChecks.storeIssuedTokensWork) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct AuthFlowPostgreSQLTests {
    @Test func issueUseRevoke() async throws { try await Served.with(.postgresql, AuthFlowChecks.issueUseRevoke) }
    @Test func badCredentials() async throws { try await Served.with(.postgresql, AuthFlowChecks.badCredentialsLookTheSame) }
    @Test func expiredToken() async throws { try await Served.with(.postgresql, AuthFlowChecks.expiredTokenIsRejected) }
    @Test func inactiveUser() async throws { try await Served.with(.postgresql, AuthFlowChecks.inactiveUserIsRejected) }
    @Test func garbageCredentials() async throws { try await Served.with(.postgresql, AuthFlowChecks.garbageCredentialsAreRejected) }
    @Test func storeIssuedTokens() async throws { try await Served.with(.postgresql, AuthFlowChecks.storeIssuedTokensWork) }
}
