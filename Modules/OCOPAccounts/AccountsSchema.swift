import OCOPPluginKit
import SQLKit

/// Tables of the accounts module. Booleans are INTEGER 0/1 and timestamps ISO-8601 UTC text
/// so the same statements and the same row decoding serve SQLite and PostgreSQL.
enum AccountsSchema {
    static let users = "accounts_users"
    static let tokens = "accounts_tokens"
    static let audit = "audit_log"

    static let migrations: [Migration] = [createUsers, createTokens, createAuditLog]

    static let createUsers = Migration("0001_create_users") { db, _ in
        try await db.create(table: users)
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("username", type: .text, .notNull, .unique)
            .column("display_name", type: .text, .notNull)
            // Folded username and display name (no diacritics, lowercase) for `?q=` search.
            .column("search_key", type: .text, .notNull)
            .column("password_hash", type: .text, .notNull)
            .column("role", type: .text, .notNull)
            .column("province_code", type: .text)
            .column("commune_code", type: .text)
            .column("subject_id", type: .bigint)
            .column("active", type: .int, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .run()
        try await db.create(index: "accounts_users_province").on(users).column("province_code").run()
    }

    static let createTokens = Migration("0002_create_tokens") { db, _ in
        try await db.create(table: tokens)
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("user_id", type: .bigint, .notNull, .references(users, "id"))
            .column("name", type: .text, .notNull)
            .column("token_hash", type: .text, .notNull, .unique)
            .column("prefix", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("expires_at", type: .text, .notNull)
            .column("revoked_at", type: .text)
            .run()
        try await db.create(index: "accounts_tokens_user").on(tokens).column("user_id").run()
    }

    static let createAuditLog = Migration("0003_create_audit_log") { db, _ in
        try await db.create(table: audit)
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("at", type: .text, .notNull)
            .column("actor_user_id", type: .bigint)
            .column("actor_username", type: .text)
            .column("actor_role", type: .text)
            .column("action", type: .text, .notNull)
            .column("entity", type: .text, .notNull)
            .column("entity_id", type: .text, .notNull)
            .column("province_code", type: .text)
            .column("summary", type: .text, .notNull)
            .column("details", type: .text)
            .run()
        try await db.create(index: "audit_log_entity").on(audit).column("entity").column("entity_id").run()
        try await db.create(index: "audit_log_province").on(audit).column("province_code").run()
    }
}
