import Foundation
import Logging
import OCOPPluginKit
import OCOPStorage

/// Real databases for tests: a temporary SQLite file, and a fresh PostgreSQL database on the
/// server named by `OCOP_TEST_DATABASE_URL` (CI starts one; without it PostgreSQL suites are
/// reported as skipped, never as passed).
public enum TestDatabase {
    public static let postgresURL: String? = {
        let value = ProcessInfo.processInfo.environment["OCOP_TEST_DATABASE_URL"] ?? ""
        return value.isEmpty ? nil : value
    }()

    public static var postgresAvailable: Bool { postgresURL != nil }

    /// Opens an empty database of the given engine, runs `body`, then removes it.
    /// `postgresOptions` are appended to PostgreSQL's `CREATE DATABASE` (e.g. a locale).
    public static func with<R>(_ engine: DatabaseEngine, postgresOptions: String = "",
                               _ body: (Database) async throws -> R) async throws -> R {
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-test-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = try await Database.open(.sqlite(path: directory.appendingPathComponent("test.sqlite").path), connectionsPerLoop: 2)
            do {
                let result = try await body(database)
                try await database.close()
                return result
            } catch {
                try? await database.close()
                throw error
            }
        case .postgresql:
            guard let base = postgresURL else { throw TestDatabaseError.noPostgres }
            let name = "ocop_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
            let admin = try await Database.open(.postgres(url: base), connectionsPerLoop: 1)
            try await admin.sql.raw("CREATE DATABASE \(unsafeRaw: name) \(unsafeRaw: postgresOptions)").run()
            var components = URLComponents(string: base)
            components?.path = "/" + name
            let database = try await Database.open(.postgres(url: components?.string ?? base), connectionsPerLoop: 2)
            func drop() async {
                try? await database.close()
                try? await admin.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
                try? await admin.close()
            }
            do {
                let result = try await body(database)
                await drop()
                return result
            } catch {
                await drop()
                throw error
            }
        }
    }
}

public enum TestDatabaseError: Error {
    case noPostgres
}

extension TestDatabase {
    /// A storage URL for an empty database of `engine` (a temporary SQLite file, or a fresh
    /// PostgreSQL database), valid while `body` runs; removed afterwards.
    public static func withURL<R>(_ engine: DatabaseEngine, _ body: (String) async throws -> R) async throws -> R {
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-test-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            return try await body("sqlite:" + directory.appendingPathComponent("test.sqlite").path)
        case .postgresql:
            guard let base = postgresURL else { throw TestDatabaseError.noPostgres }
            let name = "ocop_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
            let admin = try await Database.open(.postgres(url: base), connectionsPerLoop: 1)
            try await admin.sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
            var components = URLComponents(string: base)
            components?.path = "/" + name
            func drop() async {
                try? await admin.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
                try? await admin.close()
            }
            do {
                let result = try await body(components?.string ?? base)
                await drop()
                return result
            } catch {
                await drop()
                throw error
            }
        }
    }
}
