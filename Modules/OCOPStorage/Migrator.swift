import Foundation
import OCOPPluginKit
import SQLKit

/// Applies the migrations plugins contributed, once each, recording them in `ocop_migrations`.
public struct Migrator: Sendable {
    public struct Applied: Sendable, Hashable, CustomStringConvertible {
        public let plugin: PluginID
        public let id: String
        public var description: String { "\(plugin) \(id)" }
    }

    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Migrations not yet applied, in the order they would run.
    public func pending(_ migrations: [Registry.PluginMigration]) async throws -> [Registry.PluginMigration] {
        try await ensureTable()
        let done = try await appliedKeys()
        return migrations.filter { !done.contains(Applied(plugin: $0.plugin, id: $0.migration.id)) }
    }

    /// Runs every pending migration, each in its own transaction with its record, so a failure
    /// leaves the database as it was before that migration and nothing is half-applied.
    @discardableResult
    public func migrate(_ migrations: [Registry.PluginMigration]) async throws(StorageError) -> [Applied] {
        var applied: [Applied] = []
        do {
            for entry in try await pending(migrations) {
                let key = Applied(plugin: entry.plugin, id: entry.migration.id)
                let engine = database.engine
                let ran = try await runOne(entry, key: key, engine: engine)
                if ran { applied.append(key) }
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError(.migrationFailed, "migration failed: \(Database.explain(error))")
        }
        return applied
    }

    private func runOne(_ entry: Registry.PluginMigration, key: Applied, engine: DatabaseEngine) async throws -> Bool {
        do {
            return try await database.transaction { db in
                if engine == .postgresql {
                    // Several hosts may start at once against one cluster: serialise migrations.
                    try await db.raw("SELECT pg_advisory_xact_lock(4207)").run()
                    let already = try await db.select().column("id").from("ocop_migrations")
                        .where("plugin", .equal, key.plugin.rawValue).where("id", .equal, key.id).first()
                    if already != nil { return false }
                }
                try await entry.migration.apply(db, engine)
                try await db.insert(into: "ocop_migrations")
                    .columns("plugin", "id", "applied_at")
                    .values(SQLBind(key.plugin.rawValue), SQLBind(key.id), SQLBind(ISO8601DateFormatter().string(from: Date())))
                    .run()
                return true
            }
        } catch {
            throw StorageError(.migrationFailed,
                               "migration '\(key.id)' of plugin \(key.plugin) failed and was rolled back: \(Database.explain(error))")
        }
    }

    private func ensureTable() async throws {
        let create: SQLQueryString = """
            CREATE TABLE IF NOT EXISTS ocop_migrations (
                plugin TEXT NOT NULL, id TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (plugin, id))
            """
        guard database.engine == .postgresql else { return try await database.sql.raw(create).run() }
        // Present already: write nothing, so commands can read from a read-only replica.
        let present = try await database.sql.raw("SELECT to_regclass('ocop_migrations') IS NOT NULL AS present").first()
        if try present?.decode(column: "present", as: Bool.self) == true { return }
        // Two hosts starting at once on an empty PostgreSQL database: concurrent
        // `CREATE TABLE IF NOT EXISTS` can still fail (pg_type's unique index), so take the lock here too.
        try await database.transaction { db in
            try await db.raw("SELECT pg_advisory_xact_lock(4207)").run()
            try await db.raw(create).run()
        }
    }

    private func appliedKeys() async throws -> Set<Applied> {
        let rows = try await database.sql.select().column("plugin").column("id").from("ocop_migrations").all()
        var keys: Set<Applied> = []
        for row in rows {
            keys.insert(Applied(plugin: PluginID(try row.decode(column: "plugin", as: String.self)),
                                id: try row.decode(column: "id", as: String.self)))
        }
        return keys
    }
}
