import Foundation
import Logging
import OCOPAccounts
import OCOPPluginKit
import OCOPRegistry
import OCOPServer
import OCOPStorage
import OCOPTestSupport
import SQLKit
import Testing

struct JSONConfig: PluginConfigSource {
    var json: String
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: Data(json.utf8)) }
}

typealias Reply = LiveServer.Client.Reply

/// The accounts and registry plugins loaded as the host loads them (accounts with bcrypt cost 4),
/// migrated on a fresh database and served by the real HTTP server.
struct Platform: Sendable {
    let database: Database
    let registry: Registry
    let client: LiveServer.Client
    let accounts: AccountStore

    static let password = "correct horse battery"

    static func load(photos: URL, registryConfig: String = "{}") throws -> Registry {
        var config = (try? JSONSerialization.jsonObject(with: Data(registryConfig.utf8)) as? [String: Any]) ?? [:]
        config["photos_dir"] = photos.path
        let json = String(decoding: (try? JSONSerialization.data(withJSONObject: config)) ?? Data("{}".utf8), as: UTF8.self)
        return try Registry.load(
            available: [PluginFactory(AccountsPlugin.self), PluginFactory(RegistryPlugin.self)],
            enabled: [
                ("ocop.accounts", "plugins.ocop.accounts", JSONConfig(json: #"{"bcrypt_cost":4}"#)),
                ("ocop.registry", "plugins.ocop.registry", JSONConfig(json: json)),
            ])
    }

    static func with(_ engine: DatabaseEngine, registryConfig: String = "{}", settings: ServerSettings = ServerSettings(port: 0),
                     _ body: @escaping @Sendable (Platform) async throws -> Void) async throws {
        try await TestDatabase.with(engine) { database in
            try await serve(database, registryConfig: registryConfig, settings: settings, body)
        }
    }

    /// The platform on a PostgreSQL database whose default collation is a language's (ICU en-US),
    /// as on servers initialised with `en_US.UTF-8` (e.g. the official Docker image), rather than
    /// the byte order (`C`) of the test server.
    static func withLanguageCollation(_ body: @escaping @Sendable (Platform) async throws -> Void) async throws {
        try await TestDatabase.with(.postgresql, postgresOptions: "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'") { database in
            try await serve(database, body)
        }
    }

    private static func serve(_ database: Database, registryConfig: String = "{}", settings: ServerSettings = ServerSettings(port: 0),
                              _ body: @escaping @Sendable (Platform) async throws -> Void) async throws {
        let photos = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-photos-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: photos) }
        let registry = try load(photos: photos, registryConfig: registryConfig)
        let service = try #require(registry.directory.resolve(AccountsService.self))
        _ = try await Migrator(database: database).migrate(registry.migrations)
        let context = PluginContext(database: database, services: registry.directory, events: registry.events,
                                    logger: Logger(label: "test"))
        let router = HTTPServer.router(registry: registry, context: context, settings: settings,
                                       identity: .init(version: "test", plugins: registry.plugins), metrics: nil)
        try await LiveServer.run(router, settings: settings) { client in
            try await body(Platform(database: database, registry: registry, client: client,
                                    accounts: service.store(database: database)))
        }
    }

    // MARK: accounts

    /// Creates an account as the command line would (no creator).
    @discardableResult
    func user(_ username: String, _ role: Role, province: String? = nil, commune: String? = nil,
              subject: Int64? = nil) async throws -> User {
        try await accounts.createUser(
            NewUser(username: username, password: Self.password, role: role, provinceCode: province,
                    communeCode: commune, subjectID: subject),
            by: nil, services: registry.directory)
    }

    /// Signs in over HTTP (`POST /api/v1/auth/tokens`) and returns the `Authorization` header.
    func signIn(_ username: String) async throws -> [String: String] {
        let reply = try await client.post("/api/v1/auth/tokens",
                                          json: #"{"username":"\#(username)","password":"\#(Self.password)"}"#)
        #expect(reply.status == 201, "sign-in of \(username): \(reply.summary)")
        return Self.bearer(try #require(reply.object["token"] as? String))
    }

    static func bearer(_ token: String) -> [String: String] { ["Authorization": "Bearer \(token)"] }

    // MARK: HTTP

    func send(_ method: String, _ path: String, _ body: [String: Any]? = nil,
              as headers: [String: String] = [:]) async throws -> Reply {
        let data = body.map(Self.encode)
        return try await client.send(method, path, body: data, headers: headers)
    }

    func get(_ path: String, as headers: [String: String] = [:]) async throws -> Reply {
        try await client.get(path, headers: headers)
    }

    static func encode(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    /// `value` percent-encoded for a query string.
    static func q(_ value: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~,")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    // MARK: database

    func count(_ table: String, _ condition: String = "1 = 1") async throws -> Int {
        let row = try await database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)").first()
        return try row?.decode(column: "n", as: Int.self) ?? -1
    }
}

extension LiveServer.Client.Reply {
    var value: Any? { try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) }
    var object: [String: Any] { value as? [String: Any] ?? [:] }
    var list: [[String: Any]] { value as? [[String: Any]] ?? [] }
    var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
    var names: [String] { items.compactMap { $0["name"] as? String } }
    var ids: [Int64] { items.compactMap { ($0["id"] as? Int).map(Int64.init) } }
    var total: Int? { object["total"] as? Int }
    var id: Int64? { (object["id"] as? Int).map(Int64.init) }
    var errorPaths: [String] { (object["errors"] as? [[String: Any]])?.compactMap { $0["path"] as? String } ?? [] }
    var summary: String { "\(status) \(text.prefix(600))" }
}

/// Calendar dates as the ledger stores them (`YYYY-MM-DD`, UTC), relative to today.
enum Day {
    static func offset(days: Int = 0, years: Int = 0) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ProgrammeCalendar.timeZone   // dates as the programme counts them
        var components = DateComponents()
        components.day = days
        components.year = years
        let date = calendar.date(byAdding: components, to: Date()) ?? Date()
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
