import Crypto
import Foundation
import OCOPPluginKit
import SQLKit

/// Server-side sessions in `web_sessions`. The cookie holds a random 256-bit ID; the table holds
/// only its SHA-256, and the accounts module's API token for the session sealed with a key
/// derived from the ID: a copy of the table signs nobody in.
struct SessionStore: Sendable {
    let idleSeconds: Int
    let absoluteSeconds: Int

    static let migration = Migration("0001_web_sessions", statements: [
        """
        CREATE TABLE web_sessions (
            id_hash TEXT PRIMARY KEY,
            user_id BIGINT NOT NULL,
            token_sealed TEXT NOT NULL,
            csrf TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            last_seen_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX web_sessions_last_seen ON web_sessions (last_seen_at)",
    ])

    struct Session: Sendable {
        var id: String
        var userID: Int64
        var token: String
        var csrf: String
        var lastSeen: Int64
    }

    enum Lookup: Sendable {
        case none
        case expired
        case active(Session)
    }

    /// 32 random bytes, base64url.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ id: String) -> String {
        SHA256.hash(data: Data(("id:" + id).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static func key(_ id: String) -> SymmetricKey {
        SymmetricKey(data: SHA256.hash(data: Data(("key:" + id).utf8)))
    }

    static func seal(_ token: String, id: String) throws -> String {
        try AES.GCM.seal(Data(token.utf8), using: key(id)).combined!.base64EncodedString()
    }

    static func open(_ sealed: String, id: String) -> String? {
        guard let data = Data(base64Encoded: sealed), let box = try? AES.GCM.SealedBox(combined: data),
              let plain = try? AES.GCM.open(box, using: key(id)) else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    func create(userID: Int64, token: String, on db: any SQLDatabase) async throws -> Session {
        let id = Self.randomToken(), csrf = Self.randomToken(), now = Self.now()
        // Old sessions go as new ones come: the table holds live sessions only.
        try await db.delete(from: "web_sessions")
            .where("last_seen_at", .lessThan, SQLBind(now - Int64(idleSeconds)))
            .orWhere("created_at", .lessThan, SQLBind(now - Int64(absoluteSeconds)))
            .run()
        try await db.insert(into: "web_sessions")
            .columns("id_hash", "user_id", "token_sealed", "csrf", "created_at", "last_seen_at")
            .values(SQLBind(Self.hash(id)), SQLBind(userID), SQLBind(try Self.seal(token, id: id)), SQLBind(csrf), SQLBind(now), SQLBind(now))
            .run()
        return Session(id: id, userID: userID, token: token, csrf: csrf, lastSeen: now)
    }

    func lookup(_ id: String, on db: any SQLDatabase) async throws -> Lookup {
        guard id.count == 43, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return .expired }
        guard let row = try await db.select().columns("user_id", "token_sealed", "csrf", "created_at", "last_seen_at")
            .from("web_sessions").where("id_hash", .equal, SQLBind(Self.hash(id))).first() else { return .expired }
        let now = Self.now()
        let created = try row.decode(column: "created_at", as: Int64.self)
        let lastSeen = try row.decode(column: "last_seen_at", as: Int64.self)
        guard now - lastSeen < Int64(idleSeconds), now - created < Int64(absoluteSeconds),
              let token = Self.open(try row.decode(column: "token_sealed", as: String.self), id: id) else {
            try await delete(id, on: db)
            return .expired
        }
        return .active(Session(id: id, userID: try row.decode(column: "user_id", as: Int64.self), token: token,
                               csrf: try row.decode(column: "csrf", as: String.self), lastSeen: lastSeen))
    }

    /// Moves the idle deadline; written at most every few seconds per session.
    func touch(_ session: Session, on db: any SQLDatabase) async throws {
        let now = Self.now()
        guard now - session.lastSeen >= min(15, Int64(idleSeconds) / 4 + 1) else { return }
        try await db.update("web_sessions").set("last_seen_at", to: SQLBind(now))
            .where("id_hash", .equal, SQLBind(Self.hash(session.id))).run()
    }

    func delete(_ id: String, on db: any SQLDatabase) async throws {
        try await db.delete(from: "web_sessions").where("id_hash", .equal, SQLBind(Self.hash(id))).run()
    }
}

/// Wrong passwords per username and client address: after `limit` within `window`, sign-in is
/// refused until the oldest of them leaves the window. Kept in the database
/// (`web_login_failures`: the key's SHA-256 and the time), so every host on the same database
/// counts the same failures: a guesser gains nothing by spreading attempts over hosts.
struct LoginThrottle: Sendable {
    let limit: Int
    let window: TimeInterval

    static let migration = Migration("0002_web_login_failures", statements: [
        "CREATE TABLE web_login_failures (key_hash TEXT NOT NULL, failed_at BIGINT NOT NULL)",
        "CREATE INDEX web_login_failures_key ON web_login_failures (key_hash, failed_at)",
        "CREATE INDEX web_login_failures_time ON web_login_failures (failed_at)",
    ])

    static func key(username: String, address: String) -> String {
        username.lowercased() + "\u{1F}" + address
    }

    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(("login:" + key).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Milliseconds since 1970.
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    var windowMillis: Int64 { Int64((window * 1000).rounded()) }

    /// Seconds to wait, or nil when an attempt is allowed.
    func retryAfter(_ key: String, now: Date = Date(), on db: any SQLDatabase) async throws -> Int? {
        let current = Self.millis(now)
        guard let row = try await db.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .column(SQLFunction("min", args: SQLIdentifier("failed_at")), as: "oldest")
            .from("web_login_failures").where("key_hash", .equal, SQLBind(Self.hash(key)))
            .where("failed_at", .greaterThan, SQLBind(current - windowMillis)).first() else { return nil }
        let count = try row.decode(column: "n", as: Int.self)
        guard count >= limit, let oldest = try row.decode(column: "oldest", as: Int64?.self) else { return nil }
        return max(1, Int((Double(windowMillis - (current - oldest)) / 1000).rounded(.up)))
    }

    func failed(_ key: String, now: Date = Date(), on db: any SQLDatabase) async throws {
        let current = Self.millis(now)
        // Failures that left the window count for nobody: the table holds the last window only.
        try await db.delete(from: "web_login_failures").where("failed_at", .lessThanOrEqual, SQLBind(current - windowMillis)).run()
        try await db.insert(into: "web_login_failures").columns("key_hash", "failed_at")
            .values(SQLBind(Self.hash(key)), SQLBind(current)).run()
    }

    func succeeded(_ key: String, on db: any SQLDatabase) async throws {
        try await db.delete(from: "web_login_failures").where("key_hash", .equal, SQLBind(Self.hash(key))).run()
    }
}
