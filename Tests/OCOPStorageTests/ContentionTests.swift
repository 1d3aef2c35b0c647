import Foundation
import OCOPPluginKit
import OCOPStorage
import OCOPTestSupport
import SQLKit
import Testing

/// Issue 17, finding 3: contention reaches clients as 503 (busy) or 409 (a uniqueness race),
/// never as a driver error (which the server can only answer with 500).
@Suite struct ContentionTests {
    @Test func aWriteLockHeldByAnotherProcessIs503() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-busy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("busy.sqlite").path
        // Two pools on one file stand for the server and a command-line import.
        let server = try await Database.open(.sqlite(path: path), connectionsPerLoop: 1, busyTimeoutMilliseconds: 100)
        let importer = try await Database.open(.sqlite(path: path), connectionsPerLoop: 1)
        try await server.sql.raw("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE)").run()
        let holding = Task {
            try await importer.transaction { db in
                try await db.raw("INSERT INTO t (k) VALUES ('import')").run()
                try await Task.sleep(for: .milliseconds(1500))
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        do {
            try await server.transaction { db in try await db.raw("INSERT INTO t (k) VALUES ('api')").run() }
            Issue.record("the write went through while another process held the lock")
        } catch let retry as RetryLater {
            #expect(retry.problem.status == 503)
            #expect(retry.seconds >= 1)
        }
        do {
            try await server.sql.raw("INSERT INTO t (k) VALUES ('api2')").run()
            Issue.record("the write went through while another process held the lock")
        } catch let retry as RetryLater {
            #expect(retry.problem.status == 503)
        }
        try await holding.value
        try await server.transaction { db in try await db.raw("INSERT INTO t (k) VALUES ('api')").run() }
        try await server.close()
        try await importer.close()
    }

    static func uniqueRaceIs409(_ database: Database) async throws {
        try await database.sql.raw("CREATE TABLE race_t (k TEXT UNIQUE)").run()
        try await database.sql.raw("INSERT INTO race_t (k) VALUES ('x')").run()
        do {
            try await database.transaction { db in try await db.raw("INSERT INTO race_t (k) VALUES ('x')").run() }
            Issue.record("a duplicate was stored")
        } catch let problem as Problem {
            #expect(problem.status == 409)
            #expect(problem.detail?.contains("k") == true, "\(problem)")
        }
        do {
            try await database.sql.raw("INSERT INTO race_t (k) VALUES ('x')").run()
            Issue.record("a duplicate was stored")
        } catch let problem as Problem {
            #expect(problem.status == 409)
        }
    }

    @Test func uniqueRaceIs409OnSQLite() async throws { try await TestDatabase.with(.sqlite, Self.uniqueRaceIs409) }

    @Test(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
    func uniqueRaceIs409OnPostgreSQL() async throws { try await TestDatabase.with(.postgresql, Self.uniqueRaceIs409) }
}
