/// Starts registered services in plugin order and stops them in reverse.
///
/// If one fails to start, the ones already started are stopped (in reverse) before the
/// error is thrown, so a failed start leaves nothing running.
public actor ServiceRunner {
    private let services: [Registry.PluginServiceEntry]
    private let context: PluginContext
    private var started: [Registry.PluginServiceEntry] = []

    public init(registry: Registry, context: PluginContext) {
        self.services = registry.services
        self.context = context
    }

    public func startAll() async throws(PluginError) {
        for entry in services {
            do {
                try await entry.service.start(context: context)
                started.append(entry)
            } catch {
                await stopAll()
                throw PluginError(.startFailed, pluginID: entry.plugin,
                                  message: "service '\(entry.service.name)' failed to start: \(error)")
            }
        }
    }

    public func stopAll() async {
        while let entry = started.popLast() {
            await entry.service.stop(context: context)
        }
    }

    /// Names of running services, in start order.
    public var running: [String] { started.map { "\($0.plugin)/\($0.service.name)" } }
}
