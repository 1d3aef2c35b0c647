import Foundation

/// The extension points the host owns: what every plugin may add to the running platform.
public enum HostPoints {
    public static let migrations = ExtensionPoint<Migration>("ocop.host.migrations", summary: "versioned schema changes, run once each")
    public static let endpoints = ExtensionPoint<Endpoint>("ocop.host.endpoints", summary: "HTTP routes with their declared access")
    public static let openAPI = ExtensionPoint<String>("ocop.host.openapi", summary: "OpenAPI 3.1 fragments merged into /openapi.yaml")
    public static let services = ExtensionPoint<any PluginService>("ocop.host.services", summary: "long-running parts started in plugin order")
    public static let commands = ExtensionPoint<PluginCommand>("ocop.host.commands", summary: "`ocop` subcommands")
    public static let subscriptions = ExtensionPoint<EventSubscription>(
        "ocop.host.event-subscriptions", summary: "durable handlers of domain events, fed from the outbox")
}

/// A shared service another plugin provides, bound when registration closes.
public final class ServiceRef<T: Sendable>: @unchecked Sendable {
    public let name: ServiceName
    private let lock = NSLock()
    private var instance: T?
    var optional = false

    init(name: ServiceName) { self.name = name }

    func bind(_ value: T?) { lock.withLock { instance = value } }

    /// The service; throws only for an optional service that no enabled plugin provides (a
    /// required one is checked before the host starts) or when called during registration.
    public func callAsFunction() throws -> T {
        guard let instance = lock.withLock({ instance }) else {
            throw PluginError(.unmetRequirement, message: optional
                ? "service \(name) is optional and no enabled plugin provides it"
                : "service \(name) is not available until registration has closed")
        }
        return instance
    }

    /// The service, or nil when no enabled plugin provides it (for optional requirements).
    public var ifAvailable: T? { lock.withLock { instance } }
}
