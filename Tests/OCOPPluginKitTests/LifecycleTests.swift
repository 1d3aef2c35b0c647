import Logging
import OCOPPluginKit
import OCOPTestSupport
import Testing

@Suite(.serialized) struct LifecycleTests {
    func registry(_ services: [any PluginService], journal: Journal) throws -> Registry {
        struct ServicePlugin: Plugin {
            static let manifest = PluginManifest(id: "test.services", version: "1.0.0", summary: "services")
            nonisolated(unsafe) static var services: [any PluginService] = []
            init(config: NoConfig) {}
            func register(with registrar: Registrar) throws {
                for service in Self.services { try registrar.add(service) }
                try registrar.on(Ping.self) { event, _ in
                    if event.value < 0 { throw PluginError(.startFailed, message: "negative") }
                }
            }
        }
        ServicePlugin.services = services
        return try Registry.load(available: [PluginFactory(ServicePlugin.self)],
                                 enabled: [("test.services", "plugins.test.services", JSONSource(json: "{}"))])
    }

    @Test func startsInOrderStopsInReverse() async throws {
        let journal = Journal()
        let registry = try registry(["a", "b", "c"].map { CountingService(name: $0, journal: journal) }, journal: journal)
        try await TestDatabase.with(.sqlite) { database in
            let context = PluginContext(database: database, services: registry.directory, events: registry.events, logger: Logger(label: "t"))
            let runner = ServiceRunner(registry: registry, context: context)
            try await runner.startAll()
            #expect(await runner.running == ["test.services/a", "test.services/b", "test.services/c"])
            await runner.stopAll()
            #expect(journal.all == ["start a", "start b", "start c", "stop c", "stop b", "stop a"])
        }
    }

    @Test func aFailedStartStopsThoseAlreadyStarted() async throws {
        let journal = Journal()
        let services: [any PluginService] = [
            CountingService(name: "a", journal: journal),
            CountingService(name: "b", journal: journal),
            CountingService(name: "bad", journal: journal, failOnStart: true),
            CountingService(name: "never", journal: journal),
        ]
        let registry = try registry(services, journal: journal)
        try await TestDatabase.with(.sqlite) { database in
            let context = PluginContext(database: database, services: registry.directory, events: registry.events, logger: Logger(label: "t"))
            let runner = ServiceRunner(registry: registry, context: context)
            await #expect(throws: PluginError.self) { try await runner.startAll() }
            #expect(journal.all == ["start a", "start b", "stop b", "stop a"])
            #expect(await runner.running.isEmpty)
        }
    }

    @Test func eventHandlersRunAndFailuresAreCounted() async throws {
        let registry = try registry([], journal: Journal())
        try await TestDatabase.with(.sqlite) { database in
            let context = PluginContext(database: database, services: registry.directory, events: registry.events, logger: Logger(label: "t"))
            #expect(registry.events.handlerCount == 1)
            #expect(await registry.events.publish(Ping(value: 1), context: context) == 0)
            #expect(await registry.events.publish(Ping(value: -1), context: context) == 1)
            #expect(await registry.events.publish(HostStarted(), context: context) == 0)
        }
    }
}
