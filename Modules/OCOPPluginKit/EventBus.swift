import Logging

/// An event plugins publish or react to (a product certified, a certificate expiring…).
public protocol PluginEvent: Sendable {}

/// Published once the host has migrated, started every service and is about to serve.
public struct HostStarted: PluginEvent {
    public init() {}
}

/// Published when the host begins a graceful shutdown, before services stop.
public struct HostStopping: PluginEvent {
    public init() {}
}

/// Delivers events to the handlers plugins registered, in plugin start order.
///
/// A failing handler is logged and does not stop the others: one province's hook must not
/// break the core's flow.
public struct EventBus: Sendable {
    struct Handler: Sendable {
        let plugin: PluginID
        let eventType: ObjectIdentifier
        let handle: @Sendable (any PluginEvent, PluginContext) async throws -> Void
    }
    var handlers: [Handler] = []

    public init() {}

    /// Publishes an event; returns the number of handlers that failed.
    @discardableResult
    public func publish<E: PluginEvent>(_ event: E, context: PluginContext) async -> Int {
        var failures = 0
        let key = ObjectIdentifier(E.self)
        for handler in handlers where handler.eventType == key {
            do {
                try await handler.handle(event, context)
            } catch {
                failures += 1
                context.logger.error("event handler failed", metadata: [
                    "plugin": "\(handler.plugin)", "event": "\(E.self)", "error": "\(error)",
                ])
            }
        }
        return failures
    }

    public var handlerCount: Int { handlers.count }
}
