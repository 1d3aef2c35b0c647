import Logging

/// What a running plugin can reach: the database, the shared services others provided,
/// the outbox for domain events, lifecycle events and a logger. Handed to endpoints,
/// services, commands and event handlers.
public struct PluginContext: Sendable {
    public var database: any SQLStore
    public var services: ServiceDirectory
    /// In-process lifecycle events (`HostStarted`, `HostStopping`).
    public var events: EventBus
    /// Domain events, written in the caller's transaction and delivered after commit.
    public var outbox: Outbox
    /// Every committed event, on every host, for host-local caches (started by the host).
    public var feed: EventFeed
    public var logger: Logger
    /// The platform's endpoints, callable in process with a principal (set by the server on
    /// the context endpoints receive; nil in commands, services and event handlers).
    public var api: (any InProcessAPI)?

    public init(database: any SQLStore, services: ServiceDirectory, events: EventBus, outbox: Outbox = Outbox(), feed: EventFeed = EventFeed(),
                logger: Logger) {
        self.database = database
        self.services = services
        self.events = events
        self.outbox = outbox
        self.feed = feed
        self.logger = logger
    }
}

/// A long-running part of a plugin with a start and a stop (a scheduler, a cache warmer…).
/// Started in plugin dependency order after migrations; stopped in reverse.
public protocol PluginService: Sendable {
    var name: String { get }
    func start(context: PluginContext) async throws
    func stop(context: PluginContext) async
}

/// Shared services that plugins provide to each other, keyed by protocol type.
///
/// This is how modules talk without importing each other: the registry provides, say, a
/// `CertificationRecorder`; rating uses it by the protocol (`Registrar.use`).
public struct ServiceDirectory: Sendable {
    struct Entry: Sendable {
        let provider: PluginID
        let name: ServiceName
        let instance: any Sendable
        let isPrivate: Bool
    }
    var entries: [ObjectIdentifier: Entry] = [:]

    public init() {}

    public func resolve<T>(_ type: T.Type) -> T? {
        entries[ObjectIdentifier(type)]?.instance as? T
    }

    /// Which plugin provides each service.
    public var providers: [(service: ServiceName, plugin: PluginID)] {
        entries.values.filter { !$0.isPrivate }.map { ($0.name, $0.provider) }.sorted { $0.service < $1.service }
    }
}
