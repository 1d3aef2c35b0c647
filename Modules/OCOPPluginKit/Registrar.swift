import Foundation

/// Collects what plugins contribute. The host hands one to each plugin's `register`, in
/// start order, then closes it: after `close()` every contribution throws
/// `registrationClosed`, so nothing changes under a running server.
public final class Registrar: @unchecked Sendable {
    private let lock = NSLock()
    private var closed = false
    private var currentPlugin: PluginID = "host.core"
    private var contributions = Contributions()

    public init() {}

    /// The plugin whose `register` is running; contributions are attributed to it.
    public var plugin: PluginID { lock.withLock { currentPlugin } }

    public func add(_ migration: Migration) throws {
        try mutate { plugin, c in
            if c.migrations.contains(where: { $0.plugin == plugin && $0.migration.id == migration.id }) {
                throw PluginError(.duplicateContribution, pluginID: plugin, message: "migration '\(migration.id)' registered twice")
            }
            c.migrations.append(.init(plugin: plugin, migration: migration))
        }
    }

    public func add(_ endpoint: Endpoint) throws {
        try mutate { plugin, c in
            if let other = c.endpoints.first(where: { $0.endpoint.method == endpoint.method && $0.endpoint.path == endpoint.path }) {
                throw PluginError(.duplicateContribution, pluginID: plugin,
                                  message: "\(endpoint.method.rawValue) \(endpoint.path) is already served by \(other.plugin)")
            }
            c.endpoints.append(.init(plugin: plugin, endpoint: endpoint))
        }
    }

    public func add(_ service: any PluginService) throws {
        try mutate { plugin, c in c.services.append(.init(plugin: plugin, service: service)) }
    }

    /// Offers `instance` to other plugins under the protocol type `type`.
    public func provide<T: Sendable>(_ type: T.Type, _ instance: T) throws {
        try mutate { plugin, c in
            let key = ObjectIdentifier(type)
            if let existing = c.directory.entries[key] {
                throw PluginError(.duplicateContribution, pluginID: plugin,
                                  message: "\(type) is already provided by \(existing.provider)")
            }
            c.directory.entries[key] = .init(provider: plugin, instance: instance)
        }
    }

    /// Runs `handler` whenever an event of type `E` is published.
    public func on<E: PluginEvent>(_ type: E.Type, _ handler: @escaping @Sendable (E, PluginContext) async throws -> Void) throws {
        try mutate { plugin, c in
            c.events.handlers.append(.init(plugin: plugin, eventType: ObjectIdentifier(type)) { event, context in
                if let event = event as? E { try await handler(event, context) }
            })
        }
    }

    /// Describes this plugin's endpoints: an OpenAPI 3.1 fragment in YAML holding `paths` and,
    /// optionally, `components`. The host merges every plugin's fragment into `/openapi.yaml`,
    /// and a test keeps the document and the registered endpoints in step.
    public func describe(openAPI yaml: String) throws {
        try mutate { plugin, c in c.apiDescriptions.append(.init(plugin: plugin, yaml: yaml)) }
    }

    // MARK: host side

    func begin(_ plugin: PluginID) { lock.withLock { currentPlugin = plugin } }

    func close() -> Contributions {
        lock.withLock {
            closed = true
            return contributions
        }
    }

    private func mutate(_ body: (PluginID, inout Contributions) throws -> Void) throws {
        try lock.withLock {
            guard !closed else {
                throw PluginError(.registrationClosed, pluginID: currentPlugin,
                                  message: "registration is closed once the host has started")
            }
            try body(currentPlugin, &contributions)
        }
    }
}

/// Everything registered, attributed to the contributing plugin.
struct Contributions: Sendable {
    var migrations: [Registry.PluginMigration] = []
    var endpoints: [Registry.PluginEndpoint] = []
    var services: [Registry.PluginServiceEntry] = []
    var directory = ServiceDirectory()
    var events = EventBus()
    var apiDescriptions: [Registry.APIDescription] = []
}
