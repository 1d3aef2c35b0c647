import Foundation
import OCOPPluginKit
import OCOPStorage
import OCOPTestSupport
import SQLKit
import Testing

/// The same checks for both engines; PostgreSQL runs where `OCOP_TEST_DATABASE_URL` names a
/// server (CI starts one) and is reported as skipped otherwise.
enum StorageChecks {
    static func migration(_ plugin: PluginID, _ id: String, _ sql: String...) -> Registry.PluginMigration {
        registryMigration(plugin, Migration(id, statements: sql))
    }

    static func registryMigration(_ plugin: PluginID, _ migration: Migration) -> Registry.PluginMigration {
        Registry.PluginMigration(plugin: plugin, migration: migration)
    }

    static func migratesOnceAndRecords(_ database: Database) async throws {
        let migrations = [
            migration("core.a", "0001_items", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"),
            migration("core.a", "0002_items_code", "ALTER TABLE items ADD COLUMN code TEXT"),
        ]
        let migrator = Migrator(database: database)
        let first = try await migrator.migrate(migrations)
        #expect(first.map(\.id) == ["0001_items", "0002_items_code"])
        let second = try await migrator.migrate(migrations)
        #expect(second.isEmpty)
        let recorded = try await database.sql.select().column("id").from("ocop_migrations").orderBy("id").all()
            .map { try $0.decode(column: "id", as: String.self) }
        #expect(recorded == ["0001_items", "0002_items_code"])
    }

    static func failedMigrationLeavesNothing(_ database: Database) async throws {
        let good = migration("core.a", "0001", "CREATE TABLE good (id INTEGER)")
        let bad = migration("core.a", "0002", "CREATE TABLE half (id INTEGER)", "INSERT INTO half VALUES (1)", "THIS IS NOT SQL")
        let migrator = Migrator(database: database)
        do {
            try await migrator.migrate([good, bad])
            Issue.record("expected the bad migration to fail")
        } catch {
            #expect(error.code == .migrationFailed)
            #expect(error.message.contains("'0002' of plugin core.a failed and was rolled back"))
        }
        // The good one stayed; the bad one left no table and no record.
        _ = try await database.sql.raw("SELECT COUNT(*) FROM good").all()
        await #expect(throws: (any Error).self) { try await database.sql.raw("SELECT COUNT(*) FROM half").all() }
        let pending = try await migrator.pending([good, bad])
        #expect(pending.map(\.migration.id) == ["0002"])
    }

    static func transactionsCommitAndRollBack(_ database: Database) async throws {
        try await database.sql.raw("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)").run()
        try await database.transaction { db in
            try await db.raw("INSERT INTO t (id, name) VALUES (1, 'Bát Tràng')").run()
        }
        await #expect(throws: (any Error).self) {
            try await database.transaction { db in
                try await db.raw("INSERT INTO t (id, name) VALUES (2, 'Vạn Phúc')").run()
                try await db.raw("INSERT INTO t (id, name) VALUES (1, 'duplicate key')").run()
            }
        }
        let names = try await database.sql.select().column("name").from("t").all().map { try $0.decode(column: "name", as: String.self) }
        #expect(names == ["Bát Tràng"])
    }

    /// A transaction opened inside another (one service calling another) runs in a savepoint on
    /// the same connection: it never waits on the writer lock its caller holds, and it rolls
    /// back alone or with its caller.
    static func nestedTransactionsUseSavepoints(_ database: Database) async throws {
        try await database.sql.raw("CREATE TABLE n (id INTEGER PRIMARY KEY)").run()
        struct Refused: Error {}
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await database.transaction { db in
                    try await db.raw("INSERT INTO n (id) VALUES (1)").run()
                    try await database.transaction { inner in try await inner.raw("INSERT INTO n (id) VALUES (2)").run() }
                    do {
                        try await database.transaction { inner in
                            try await inner.raw("INSERT INTO n (id) VALUES (3)").run()
                            throw Refused()
                        }
                    } catch is Refused {}
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                throw CancellationError()   // the nested call hung
            }
            try await group.next()
            group.cancelAll()
        }
        let ids = try await database.sql.select().column("id").from("n").orderBy("id").all().map { try $0.decode(column: "id", as: Int.self) }
        #expect(ids == [1, 2], "the inner commit kept, the refused savepoint rolled back")
        await #expect(throws: Refused.self) {
            try await database.transaction { db in
                try await database.transaction { inner in try await inner.raw("INSERT INTO n (id) VALUES (4)").run() }
                throw Refused()
            }
        }
        #expect(try await database.sql.select().column("id").from("n").all().count == 2, "an outer rollback takes the inner work with it")
    }

    static func concurrentWritesAllLand(_ database: Database) async throws {
        try await database.sql.raw("CREATE TABLE c (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)").run()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<40 {
                group.addTask {
                    try await database.transaction { db in
                        try await db.insert(into: "c").columns("id", "v").values(SQLBind(i), SQLBind(i * 2)).run()
                    }
                }
            }
            try await group.waitForAll()
        }
        let row = try await database.sql.raw("SELECT COUNT(*) AS n, SUM(v) AS s FROM c").first()
        #expect(try row?.decode(column: "n", as: Int.self) == 40)
        #expect(try row?.decode(column: "s", as: Int.self) == (0..<40).map { $0 * 2 }.reduce(0, +))
    }

    static func textRoundTripsNFC(_ database: Database) async throws {
        try await database.sql.raw("CREATE TABLE v (name TEXT NOT NULL)").run()
        let name = "Gốm Bát Tràng – Đường Lâm"
        try await database.sql.insert(into: "v").columns("name").values(SQLBind(name)).run()
        let back = try await database.sql.select().column("name").from("v").first()?.decode(column: "name", as: String.self)
        #expect(back == name)
        #expect(back?.unicodeScalars.count == name.unicodeScalars.count)
    }
}

@Suite struct SQLiteStorageTests {
    @Test func migratesOnceAndRecords() async throws { try await TestDatabase.with(.sqlite, StorageChecks.migratesOnceAndRecords) }
    @Test func failedMigrationLeavesNothing() async throws { try await TestDatabase.with(.sqlite, StorageChecks.failedMigrationLeavesNothing) }
    @Test func transactions() async throws { try await TestDatabase.with(.sqlite, StorageChecks.transactionsCommitAndRollBack) }
    @Test func nested() async throws { try await TestDatabase.with(.sqlite, StorageChecks.nestedTransactionsUseSavepoints) }
    @Test func concurrentWrites() async throws { try await TestDatabase.with(.sqlite, StorageChecks.concurrentWritesAllLand) }
    @Test func text() async throws { try await TestDatabase.with(.sqlite, StorageChecks.textRoundTripsNFC) }

    @Test func usesWALAndForeignKeys() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let mode = try await database.sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode == "wal")
            let fk = try await database.sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
            #expect(fk == 1)
            let timeout = try await database.sql.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self)
            #expect(timeout == 5000)
        }
    }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct PostgreSQLStorageTests {
    @Test func migratesOnceAndRecords() async throws { try await TestDatabase.with(.postgresql, StorageChecks.migratesOnceAndRecords) }
    @Test func failedMigrationLeavesNothing() async throws { try await TestDatabase.with(.postgresql, StorageChecks.failedMigrationLeavesNothing) }
    @Test func transactions() async throws { try await TestDatabase.with(.postgresql, StorageChecks.transactionsCommitAndRollBack) }
    @Test func nested() async throws { try await TestDatabase.with(.postgresql, StorageChecks.nestedTransactionsUseSavepoints) }
    @Test func concurrentWrites() async throws { try await TestDatabase.with(.postgresql, StorageChecks.concurrentWritesAllLand) }
    @Test func text() async throws { try await TestDatabase.with(.postgresql, StorageChecks.textRoundTripsNFC) }
}

@Suite struct StorageLocationTests {
    @Test func parsesURLs() throws {
        #expect(try StorageLocation(url: "sqlite:./data/ocop.sqlite") == .sqlite(path: "./data/ocop.sqlite"))
        #expect(try StorageLocation(url: "sqlite://./data/ocop.sqlite") == .sqlite(path: "./data/ocop.sqlite"))
        #expect(try StorageLocation(url: "sqlite:///var/lib/ocop.sqlite") == .sqlite(path: "/var/lib/ocop.sqlite"))
        #expect(try StorageLocation(url: "postgres://u:p@localhost:5432/ocop").engine == .postgresql)
    }

    @Test func rejectsBadURLsClearly() {
        #expect(throws: StorageError.self) { try StorageLocation(url: "mysql://x") }
        do {
            _ = try StorageLocation(url: "mysql://root:hunter2@db/ocop")
        } catch {
            #expect(error.message.hasPrefix("storage.url: expected 'sqlite:PATH' or 'postgres://…'"))
            #expect(!error.message.contains("hunter2"))
        }
        #expect(throws: StorageError.self) { try StorageLocation(url: "sqlite:") }
    }

    @Test func redactsPasswords() {
        #expect(StorageLocation.redact("postgres://ocop:s3cret@db:5432/ocop") == "postgres://ocop:***@db:5432/ocop")
        #expect(StorageLocation.postgres(url: "postgres://ocop:s3cret@db/ocop").description == "postgres://ocop:***@db/ocop")
    }

    @Test func unreachablePostgresFailsWithAClearMessage() async {
        do {
            _ = try await Database.open(.postgres(url: "postgres://ocop:pw@127.0.0.1:1/ocop"), connectionsPerLoop: 1)
            Issue.record("expected failure")
        } catch {
            #expect(error.code == .unreachable)
            #expect(error.message.hasPrefix("storage.url: cannot open postgres://ocop:***@127.0.0.1:1/ocop:"))
        }
    }
}
