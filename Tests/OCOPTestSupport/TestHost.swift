import Foundation
import Hummingbird
import Logging
import OCOPAccounts
import OCOPEvents
import OCOPPluginKit
import OCOPRating
import OCOPRegistry
import OCOPReporting
import OCOPRuntime
import OCOPServer
import OCOPStorage

/// A real host for a plugin's tests: the YAML configuration is loaded, plugins resolved,
/// configured, registered and validated, the database migrated, services and event delivery
/// started, and HTTP served on a free loopback port — the path `ocop serve` takes.
///
/// ```swift
/// try await TestHost.run(.sqlite, plugins: [PluginFactory(MyPlugin.self)], config: """
///     plugins:
///       vn.my-province: {}
///     """) { host in
///     let reply = try await host.client.get("/api/v1/my-province/things")
/// }
/// ```
/// `TestHost.core` are the core modules (accounts, registry, rating) a province plugin usually needs;
/// `signIn` creates an account and returns its `Authorization` header. Without the accounts
/// module, enable `test.header-auth` and send `HeaderAuthPlugin.header(role, province:)`.
public struct TestHost: Sendable {
    /// The core modules, enabled by `coreConfig`.
    public static let core = [PluginFactory(AccountsPlugin.self), PluginFactory(RegistryPlugin.self), PluginFactory(RatingPlugin.self)]
    /// The core modules with promotion and reporting, enabled by `coreConfig + promotionConfig`.
    public static let withPromotion = core + [PluginFactory(EventsPlugin.self), PluginFactory(ReportingPlugin.self)]
    /// The `plugins:` entries that add promotion and reporting to `coreConfig`.
    public static let promotionConfig = """

          ocop.events: {}
          ocop.reporting: {}
        """
    /// The `plugins:` entries that enable the core modules for tests (fast password hashing).
    public static let coreConfig = """
          ocop.accounts: {bcrypt_cost: 4}
          ocop.registry: {}
          ocop.rating: {}
        """

    public let running: RunningHost
    public let client: LiveServer.Client

    public var context: PluginContext { running.context }
    public var registry: Registry { running.boot.registry }
    public var database: Database { running.database }

    public static func run(
        _ engine: DatabaseEngine, plugins: [PluginFactory], config yaml: String,
        _ body: @escaping @Sendable (TestHost) async throws -> Void
    ) async throws {
        try await TestDatabase.withURL(engine) { url in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-host-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("config.yaml")
            try Data("storage:\n  url: \"\(url)\"\n  pool_size: 2\nlog:\n  level: warning\n\(yaml)\n".utf8).write(to: file)
            let boot = try Boot.prepare(files: [file.path], available: plugins + [PluginFactory(HeaderAuthPlugin.self)], environment: [:])
            var logger = Logger(label: "test.host")
            logger.logLevel = .warning
            let running = try await RunningHost.start(boot, logger: logger, pollInterval: .milliseconds(50))
            let router = HTTPServer.router(registry: boot.registry, context: running.context, settings: ServerSettings(),
                                           identity: .init(version: "test", plugins: boot.registry.plugins), metrics: nil,
                                           openAPI: boot.openAPI)
            do {
                await running.context.events.publish(HostStarted(), context: running.context)
                try await LiveServer.run(router) { client in try await body(TestHost(running: running, client: client)) }
                await running.stop()
            } catch {
                await running.stop()
                throw error
            }
        }
    }

    /// Creates an account with `role` in the given area and returns its `Authorization` header.
    public func signIn(_ role: Role, province: String? = nil, commune: String? = nil, subject: Int64? = nil) async throws -> [String: String] {
        try await account(role, province: province, commune: commune, subject: subject).headers
    }

    /// A signed-in account: its (random) username, e.g. for a council seat, and its `Authorization` header.
    public struct Account: Sendable {
        public let username: String
        public let headers: [String: String]
    }

    /// Creates an account with `role` in the given area; returns its username and `Authorization` header.
    public func account(_ role: Role, province: String? = nil, commune: String? = nil, subject: Int64? = nil) async throws -> Account {
        guard let accounts = registry.directory.resolve(AccountsService.self) else { throw TestHostError.noAccounts }
        let store = accounts.store(database: database)
        let username = "\(role.rawValue)-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await store.createUser(NewUser(username: username, password: "correct horse battery", role: role, provinceCode: province,
                                               communeCode: commune, subjectID: subject), by: nil, services: registry.directory)
        return Account(username: username, headers: ["Authorization": "Bearer \(try await store.issueToken(username: username).token)"])
    }

    /// Waits until every subscriber has handled every event published so far (or `timeout`).
    public func eventsDelivered(timeout: Duration = .seconds(20)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            let progress = try await running.dispatcher.progress(on: database.sql)
            if progress.allSatisfy({ $0.pending == 0 }) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestHostError.eventsNotDelivered
    }
}

public enum TestHostError: Error {
    case eventsNotDelivered
    case noAccounts
}
