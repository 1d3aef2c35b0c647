import Foundation
import OCOPPluginKit
import SQLKit

/// A newly issued token: the only moment its clear text exists outside the client.
public struct IssuedToken: Encodable, Sendable {
    public var token: String
    public var expiresAt: Date
    public var user: User

    enum CodingKeys: String, CodingKey {
        case token, user
        case expiresAt = "expires_at"
    }
}

/// A token as lists show it: never the token, only its first characters.
public struct TokenInfo: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var prefix: String
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, prefix
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
    }
}

extension AccountStore {
    static let badCredentials = Problem(status: 401, title: "Unauthorized", detail: "Unknown username or wrong password.")

    static func unauthorized(_ detail: String) -> Problem {
        Problem(status: 401, title: "Unauthorized", detail: detail)
    }

    /// Checks the password and issues a token. Unknown users, wrong passwords and deactivated
    /// accounts all get the same 401, after the same bcrypt work, so none can be told apart.
    public func signIn(username: String, password: String, tokenName: String? = nil) async throws -> IssuedToken {
        let name = try Self.tokenName(tokenName)
        let normalized = UserRules.normalizedUsername(username)
        // Unknown usernames are throttled too, so a 429 does not tell which accounts exist.
        try throttle.check(normalized)
        let row = try await database.sql.select().columns(Self.userColumns + ["password_hash"]).from(AccountsSchema.users)
            .where("username", .equal, normalized).first()
        guard let row else {
            await hasher.verifyDecoy(password)
            throttle.failed(normalized)
            throw Self.badCredentials
        }
        let user = try Self.user(row)
        let matches = await hasher.verify(password, hash: try row.decode(column: "password_hash", as: String.self))
        guard matches, user.active else {
            throttle.failed(normalized)
            throw Self.badCredentials
        }
        throttle.succeeded(normalized)
        return try await issueToken(for: user, name: name, actor: user.principal)
    }

    /// Issues a token without a password, for the command line (whose operator holds the
    /// database anyway). Throws 404 for an unknown user and 409 for a deactivated one.
    public func issueToken(username: String, name: String? = nil) async throws -> (token: String, expiresAt: Date) {
        let name = try Self.tokenName(name)
        guard let user = try await user(username: username) else {
            throw DomainError.notFound("No account has the username '\(UserRules.normalizedUsername(username))'.")
        }
        guard user.active else { throw DomainError.conflict("The account '\(user.username)' is deactivated.") }
        let issued = try await issueToken(for: user, name: name, actor: nil)
        return (issued.token, issued.expiresAt)
    }

    func issueToken(for user: User, name: String, actor: Principal?) async throws -> IssuedToken {
        let token = APIToken.generate()
        let prefix = APIToken.prefix(token)
        let now = Date()
        let expiresText = Timestamp.string(now.addingTimeInterval(TimeInterval(tokenTTLDays) * 86_400))
        let expiresAt = Timestamp.date(expiresText) ?? now
        let audit = self.audit
        try await database.transaction { db in
            let row = try await db.insert(into: AccountsSchema.tokens)
                .columns("user_id", "name", "token_hash", "prefix", "created_at", "expires_at")
                .values(SQLBind(user.id), SQLBind(name), SQLBind(APIToken.hash(token)), SQLBind(prefix),
                        SQLBind(Timestamp.string(now)), SQLBind(expiresText))
                .returning("id").first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw Self.notStored("token") }
            try await audit.record(AuditEntry(
                actor: actor, action: "token.issue", entity: "token", entityID: String(id), provinceCode: user.provinceCode,
                summary: "Issued API token '\(name)' (\(prefix)…) to '\(user.username)', expiring \(expiresText)"), on: db)
        }
        return IssuedToken(token: token, expiresAt: expiresAt, user: user)
    }

    /// Revokes a token; false if it is unknown or already revoked. Takes effect at once in this
    /// process and within the cache lifetime (30 s) in others.
    @discardableResult
    public func revokeToken(_ token: String, by actor: Principal?) async throws -> Bool {
        guard APIToken.isWellFormed(token) else { return false }
        let hash = APIToken.hash(token)
        cache.remove(tokenHash: hash)
        let now = Timestamp.string(Date())
        let audit = self.audit
        return try await database.transaction { db in
            guard let row = try await db.select().columns("id", "user_id", "name", "prefix").from(AccountsSchema.tokens)
                .where("token_hash", .equal, hash).where("revoked_at", .is, SQLLiteral.null).first() else { return false }
            let id = try row.decode(column: "id", as: Int64.self)
            let owner = try await db.select().columns("username", "province_code").from(AccountsSchema.users)
                .where("id", .equal, try row.decode(column: "user_id", as: Int64.self)).first()
            try await db.update(AccountsSchema.tokens).set("revoked_at", to: now).where("id", .equal, id).run()
            let name = try row.decode(column: "name", as: String.self)
            let prefix = try row.decode(column: "prefix", as: String.self)
            let username = try owner?.decode(column: "username", as: String.self) ?? "?"
            try await audit.record(AuditEntry(
                actor: actor, action: "token.revoke", entity: "token", entityID: String(id),
                provinceCode: try owner?.decode(column: "province_code", as: String?.self),
                summary: "Revoked API token '\(name)' (\(prefix)…) of '\(username)'"), on: db)
            return true
        }
    }

    /// The principal a bearer token signs in as.
    /// - Throws: `Problem` 401 for a malformed, unknown, revoked or expired token or a deactivated account.
    public func principal(forToken token: String) async throws -> Principal {
        guard APIToken.isWellFormed(token) else { throw Self.unauthorized("The bearer token is malformed.") }
        let hash = APIToken.hash(token)
        let now = Date()
        if let cached = cache.principal(forTokenHash: hash, now: now) { return cached }
        guard let row = try await database.sql.select().columns("user_id", "expires_at", "revoked_at")
            .from(AccountsSchema.tokens).where("token_hash", .equal, hash).first() else {
            throw Self.unauthorized("The bearer token is not valid.")
        }
        if try row.decode(column: "revoked_at", as: String?.self) != nil {
            throw Self.unauthorized("The bearer token has been revoked.")
        }
        let expiresAt = try Self.date(row, "expires_at")
        guard expiresAt > now else { throw Self.unauthorized("The bearer token has expired.") }
        guard let user = try await user(id: try row.decode(column: "user_id", as: Int64.self)), user.active else {
            throw Self.unauthorized("The account is deactivated.")
        }
        cache.store(user.principal, forTokenHash: hash, tokenExpiresAt: expiresAt, now: now)
        return user.principal
    }

    /// The user's tokens, newest first, revoked and expired ones included.
    public func tokens(userID: Int64) async throws -> [TokenInfo] {
        let rows = try await database.sql.select().columns("id", "name", "prefix", "created_at", "expires_at", "revoked_at")
            .from(AccountsSchema.tokens).where("user_id", .equal, userID).orderBy("id", .descending).all()
        return try rows.map { row in
            TokenInfo(
                id: try row.decode(column: "id", as: Int64.self),
                name: try row.decode(column: "name", as: String.self),
                prefix: try row.decode(column: "prefix", as: String.self),
                createdAt: try Self.date(row, "created_at"),
                expiresAt: try Self.date(row, "expires_at"),
                revokedAt: try row.decode(column: "revoked_at", as: String?.self).flatMap(Timestamp.date)
            )
        }
    }

    /// A token's label: trimmed, 1–100 characters, `api` when absent.
    static func tokenName(_ raw: String?) throws(DomainError) -> String {
        let name = raw?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard name.count <= 100 else { throw DomainError.invalid([.init(path: "/name", message: "must be at most 100 characters")]) }
        return name.isEmpty ? "api" : name
    }
}

extension AccountStore {
    /// Changes the signed-in account's own password after checking the current one (throttled
    /// like sign-in), records `user.password` and keeps its tokens (the web session among them).
    public func changePassword(userID: Int64, current: String, new: String, actor: Principal) async throws {
        guard let row = try await database.sql.select().columns(Self.userColumns + ["password_hash"]).from(AccountsSchema.users)
            .where("id", .equal, userID).first() else { throw Problem.notFound("The signed-in account no longer exists.") }
        let user = try Self.user(row)
        try throttle.check(user.username)
        guard await hasher.verify(current, hash: try row.decode(column: "password_hash", as: String.self)) else {
            throttle.failed(user.username)
            throw DomainError.invalid([.init(path: "/current_password", message: "is not the account's password")])
        }
        throttle.succeeded(user.username)
        let errors = PasswordHasher.policyErrors(new, path: "/new_password")
        guard errors.isEmpty else { throw DomainError.invalid(errors) }
        let hash = await hasher.hash(new)
        let now = Timestamp.string(Date())
        let audit = self.audit
        try await database.transaction { db in
            try await db.update(AccountsSchema.users).set("password_hash", to: hash).set("updated_at", to: now)
                .where("id", .equal, userID).run()
            try await audit.record(AuditEntry(actor: actor, action: "user.password", entity: "user", entityID: String(userID),
                                              provinceCode: user.provinceCode, summary: "Changed the password of '\(user.username)'"), on: db)
        }
    }
}
