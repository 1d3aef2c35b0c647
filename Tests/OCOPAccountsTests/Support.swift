import Foundation
import Logging
import OCOPAccounts
import OCOPPluginKit
import OCOPServer
import OCOPStorage
import OCOPTestSupport
import SQLKit
import Testing

struct JSONConfig: PluginConfigSource {
    var json: String
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: Data(json.utf8)) }
}

/// Stands in for the registry module's `SubjectLookup`: subject 12 sits in Hà Nội (commune
/// 00577, Bát Tràng), subject 13 in Hồ Chí Minh City (25747); no other subject exists.
struct FakeSubjectsPlugin: Plugin {
    static let manifest = PluginManifest(id: "test.subjects", version: "1.0.0", summary: "fixed subject areas",
                                         provides: [ServiceName((any SubjectLookup).self)])
    init(config: NoConfig) {}
    func register(with registrar: Registrar) throws {
        try registrar.provide((any SubjectLookup).self, FakeSubjects())
    }
}

struct FakeSubjects: SubjectLookup {
    func area(ofSubject id: Int64, on database: any SQLDatabase) async throws -> (provinceCode: String, communeCode: String)? {
        switch id {
        case 12: return ("01", "00577")
        case 13: return ("79", "25747")
        default: return nil
        }
    }
}

/// A migrated database with the accounts plugin loaded (bcrypt cost 4), and optionally a
/// subject lookup.
struct Accounts: Sendable {
    let database: Database
    let registry: Registry
    let service: AccountsService

    var store: AccountStore { service.store(database: database) }
    var context: PluginContext {
        PluginContext(database: database, services: registry.directory, events: registry.events, logger: Logger(label: "t"))
    }

    static let password = "correct horse battery"

    static func with(_ engine: DatabaseEngine, subjects: Bool = false,
                     _ body: @escaping @Sendable (Accounts) async throws -> Void) async throws {
        var available = [PluginFactory(AccountsPlugin.self)]
        var enabled: [(id: PluginID, path: String, config: any PluginConfigSource)] = [
            ("ocop.accounts", "plugins.ocop.accounts", JSONConfig(json: #"{"bcrypt_cost":4}"#)),
        ]
        if subjects {
            available.append(PluginFactory(FakeSubjectsPlugin.self))
            enabled.append(("test.subjects", "plugins.test.subjects", EmptyConfig()))
        }
        let registry = try Registry.load(available: available, enabled: enabled)
        let service = try #require(registry.directory.resolve(AccountsService.self))
        try await TestDatabase.with(engine) { database in
            try await Migrator(database: database).migrate(registry.migrations)
            try await body(Accounts(database: database, registry: registry, service: service))
        }
    }

    /// Creates an account as the command line would (no creator).
    @discardableResult
    func user(_ username: String, _ role: Role, province: String? = nil, commune: String? = nil, subject: Int64? = nil,
              name: String? = nil) async throws -> User {
        try await store.createUser(
            NewUser(username: username, displayName: name, password: Self.password, role: role,
                    provinceCode: province, communeCode: commune, subjectID: subject),
            by: nil, services: registry.directory)
    }

    func auditCount(action: String) async throws -> Int {
        let row = try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("audit_log").where("action", .equal, action).first()
        return try row?.decode(column: "n", as: Int.self) ?? -1
    }
}

/// The accounts plugin behind the real HTTP server.
struct Served: Sendable {
    let accounts: Accounts
    let client: LiveServer.Client

    static func with(_ engine: DatabaseEngine, subjects: Bool = false,
                     _ body: @escaping @Sendable (Served) async throws -> Void) async throws {
        try await Accounts.with(engine, subjects: subjects) { accounts in
            let router = HTTPServer.router(registry: accounts.registry, context: accounts.context, settings: ServerSettings(),
                                           identity: .init(version: "t", plugins: accounts.registry.plugins), metrics: nil)
            try await LiveServer.run(router) { client in try await body(Served(accounts: accounts, client: client)) }
        }
    }

    static func bearer(_ token: String) -> [String: String] { ["Authorization": "Bearer \(token)"] }

    /// Signs in over HTTP and returns the token.
    func signIn(_ username: String, password: String = Accounts.password) async throws -> String {
        let reply = try await client.post("/api/v1/auth/tokens", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(try reply.json()["token"] as? String)
    }

    func delete(_ path: String, headers: [String: String]) async throws -> LiveServer.Client.Reply {
        try await client.send("DELETE", path, headers: headers)
    }
}

/// The problem `body` throws, or nil if it throws none (or something else).
func problem(_ body: () async throws -> Void) async -> Problem? {
    do {
        try await body()
        return nil
    } catch let problem as Problem {
        return problem
    } catch let error as DomainError {
        return Problem(error)   // as the HTTP edge answers it
    } catch {
        Issue.record("expected a Problem, got \(error)")
        return nil
    }
}

extension Problem {
    var paths: [String] { errors?.map(\.path) ?? [] }
}

extension LiveServer.Client.Reply {
    var items: [[String: Any]] { ((try? json())?["items"] as? [[String: Any]]) ?? [] }
}
