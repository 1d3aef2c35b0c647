import Logging

/// What a running plugin can reach: the database, the shared services others provided,
/// the event bus and a logger. Handed to endpoints, services and event handlers.
public struct PluginContext: Sendable {
    public var database: any SQLStore
    public var services: ServiceDirectory
    public var events: EventBus
    public var logger: Logger

    public init(database: any SQLStore, services: ServiceDirectory, events: EventBus, logger: Logger) {
        self.database = database
        self.services = services
        self.events = events
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
/// This is how modules talk without importing each other: the rating module provides, say,
/// a `CertificationFacts` implementation; reporting resolves it by the protocol.
public struct ServiceDirectory: Sendable {
    struct Entry: Sendable {
        let provider: PluginID
        let instance: any Sendable
    }
    var entries: [ObjectIdentifier: Entry] = [:]

    public init() {}

    public func resolve<T>(_ type: T.Type) -> T? {
        entries[ObjectIdentifier(type)]?.instance as? T
    }
}
