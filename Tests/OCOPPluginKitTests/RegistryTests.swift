import Foundation
import Logging
import OCOPPluginKit
import SQLKit
import Testing

/// A config source that decodes from JSON, standing in for the YAML tree (the host's
/// YAML source is tested in OCOPConfigTests and OCOPHostTests).
struct JSONSource: PluginConfigSource {
    var json: String
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }
}

protocol Greeter: Sendable { func greet(_ name: String) -> String }
struct PoliteGreeter: Greeter { let prefix: String; func greet(_ name: String) -> String { "\(prefix) \(name)" } }

struct Ping: PluginEvent { let value: Int }

/// Records what happens, in order, across plugins and services.
final class Journal: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String] = []
    func add(_ entry: String) { lock.withLock { entries.append(entry) } }
    var all: [String] { lock.withLock { entries } }
}

struct GreeterPlugin: Plugin {
    struct Config: Decodable, Sendable { var prefix: String }
    static let manifest = PluginManifest(id: "core.greeter", version: "1.2.0", summary: "greets", provides: [ServiceName((any Greeter).self)])
    let config: Config
    init(config: Config) throws {
        guard !config.prefix.isEmpty else { throw PluginError(.invalidConfig, pluginID: "core.greeter", message: "prefix is empty") }
        self.config = config
    }
    func register(with registrar: Registrar) throws {
        try registrar.provide((any Greeter).self, PoliteGreeter(prefix: config.prefix))
        try registrar.add(Migration("0001", statements: ["CREATE TABLE greetings (id INTEGER)"]))
        try registrar.add(Endpoint(.get, "/api/v1/greet/{name}", access: .anyone, summary: "greet") { _ in .noContent() })
    }
}

struct CountingService: PluginService {
    let name: String
    let journal: Journal
    var failOnStart = false
    func start(context: PluginContext) async throws {
        if failOnStart { throw PluginError(.startFailed, message: "boom") }
        journal.add("start \(name)")
    }
    func stop(context: PluginContext) async { journal.add("stop \(name)") }
}

@Suite struct RegistryTests {
    @Test func loadsConfiguresAndClosesRegistration() throws {
        let registrar = Registrar()
        let registry = try Registry.load(
            available: [PluginFactory(GreeterPlugin.self)],
            enabled: [("core.greeter", "plugins.core.greeter", JSONSource(json: #"{"prefix":"Xin chào"}"#))],
            registrar: registrar)
        #expect(registry.plugins.map(\.id) == ["core.greeter"])
        #expect(registry.migrations.filter { $0.plugin == "core.greeter" }.map(\.migration.id) == ["0001"])
        #expect(registry.migrations.first?.plugin == .host, "the outbox comes first")
        #expect(registry.endpoints.first?.endpoint.parameterNames == ["name"])
        #expect(registry.directory.resolve((any Greeter).self)?.greet("Lan") == "Xin chào Lan")
        #expect(registry.directory.resolve((any Authenticator).self) == nil)
        // Registration is closed once loaded.
        #expect(throws: PluginError.self) { try registrar.add(Migration("late", statements: [])) }
    }

    @Test func pluginConfigErrorsAreCollected() {
        do {
            _ = try Registry.load(
                available: [PluginFactory(GreeterPlugin.self)],
                enabled: [("core.greeter", "plugins.core.greeter", JSONSource(json: #"{"prefix":""}"#))])
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.code) == [.invalidConfig])
            #expect(error.errors.first?.message == "prefix is empty")
        }
    }

    @Test func duplicateRoutesAreRejectedByTheirOwner() throws {
        do {
            _ = try Registry.load(available: [PluginFactory(GreeterPlugin.self), PluginFactory(EchoGreetPlugin.self)], enabled: [
                ("core.greeter", "plugins.core.greeter", JSONSource(json: #"{"prefix":"a"}"#)),
                ("vn.echo", "plugins.vn.echo", JSONSource(json: "{}")),
            ])
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.code) == [.invalidContribution])
            #expect(error.errors.first?.pluginID == "vn.echo")
            #expect(error.description.contains("GET /api/v1/greet/{name} is already served by core.greeter"), "\(error)")
        }
    }

    @Test func accessAdmitsByRole() {
        let officer = Principal(userID: 1, username: "lan", role: .provinceOfficer, provinceCode: "01")
        #expect(Access.anyone.admits(nil))
        #expect(!Access.signedIn.admits(nil))
        #expect(Access.signedIn.admits(officer))
        #expect(Access.roles([.provinceOfficer]).admits(officer))
        #expect(!Access.roles([.nationalAdmin]).admits(officer))
        #expect(!Access.roles([.nationalAdmin]).admits(nil))
    }
}

/// Serves a route another plugin already serves.
struct EchoGreetPlugin: Plugin {
    static let manifest = PluginManifest(id: "vn.echo", version: "1.0.0", summary: "clashes")
    init(config: NoConfig) {}
    func register(with registrar: Registrar) throws {
        try registrar.add(Endpoint(.get, "/api/v1/greet/{name}", access: .anyone, summary: "again") { _ in .noContent() })
    }
}
