import Foundation
@testable import OCOPHost
import OCOPPluginKit
import OCOPRuntime
import Testing

@Suite struct ConfigurationTests {
    func path(_ name: String) -> String { Host.packageRoot.appendingPathComponent(name).path }

    func prepare(_ files: [String], environment: [String: String] = [:]) throws(Boot.Failure) -> Boot {
        try Boot.prepare(files: files, available: CompiledPlugins.all, reservedCommands: Ocop.builtinNames, environment: environment)
    }

    @Test func defaultConfigPasses() throws {
        let boot = try prepare([path("config.yaml")])
        #expect(boot.settings.server.port == 8080)
        #expect(boot.location.engine == .sqlite)
        // The core modules, and no province plugin: those are enabled by region files.
        #expect(Set(boot.registry.plugins.map(\.id)) == Set(CompiledPlugins.core.map(\.manifest.id)))
    }

    @Test(arguments: try Host.shippedRegionFiles())
    func everyRegionFilePassesOnTopOfTheDefault(_ region: String) throws {
        let boot = try prepare([path("config.yaml"), path(region)])
        #expect(boot.registry.plugins.count > 2, "\(region) should enable a province plugin")
    }

    @Test func haNoiRegionEnablesThePlugin() throws {
        let boot = try prepare([path("config.yaml"), path("docs/regions/ha-noi.yaml")])
        #expect(boot.registry.plugins.map(\.id).contains("vn.ha-noi"))
        #expect(boot.registry.endpoints.map(\.endpoint.path).contains("/api/v1/ha-noi/craft-villages/{id}"))
        #expect(boot.registry.migrations.filter { $0.plugin == "vn.ha-noi" }.map(\.migration.id) == ["0001_create_craft_villages", "0002_names_per_commune_and_products", "0003_ntm_communes"])
    }

    @Test func environmentOverridesScalars() throws {
        let boot = try prepare([path("config.yaml")], environment: [
            "OCOP_PORT": "9123", "OCOP_DATABASE_URL": "postgres://ocop:pw@db.example:5432/ocop", "OCOP__SERVER__HOST": "0.0.0.0",
        ])
        #expect(boot.settings.server.port == 9123)
        #expect(boot.settings.server.host == "0.0.0.0")
        #expect(boot.location.engine == .postgresql)
    }

    @Test func everyProblemIsReportedLocated() throws {
        let directory = try Host.workspace()
        try Host.write("""
            server:
              port: eighty
              colour: blue
            storage:
              url: mysql://x
            plugins:
              vn.nowhere: {}
              vn.ha-noi:
                tourism_communes: ["99999"]
            """, to: "broken.yaml", in: directory)
        do {
            _ = try prepare([directory.appendingPathComponent("broken.yaml").path])
            Issue.record("expected errors")
        } catch {
            let text = error.lines.joined(separator: "\n")
            #expect(text.contains("broken.yaml:2:9: server.port: expected integer, found string \"eighty\""), "\(text)")
            #expect(text.contains("broken.yaml:3:3: server.colour: unknown key"), "\(text)")
            let valid = CompiledPlugins.all.map(\.manifest.id.rawValue).sorted().joined(separator: ", ")
            #expect(text.contains("broken.yaml:7:3: plugins.vn.nowhere: unknown plugin 'vn.nowhere'; compiled-in plugins are: \(valid)"), "\(text)")
            #expect(text.contains("broken.yaml:9:24: plugins.vn.ha-noi.tourism_communes[0]"), "\(text)")
            #expect(text.contains("broken.yaml:5:8: storage.url: expected 'sqlite:PATH' or 'postgres://…', found 'mysql://x'"), "\(text)")
            // Hà Nội alone lacks the registry it requires: said once, located at its key.
            #expect(text.contains("broken.yaml:8:3: plugins.vn.ha-noi: plugin 'vn.ha-noi' requires service ProductLookup, which no enabled plugin provides"), "\(text)")
            #expect(error.lines.count == 6, "\(text)")
        }
    }

    @Test func badStorageURLIsLocated() throws {
        let directory = try Host.workspace()
        try Host.write("storage:\n  url: mysql://root:pw@db/ocop\n", to: "db.yaml", in: directory)
        do {
            _ = try prepare([directory.appendingPathComponent("db.yaml").path])
            Issue.record("expected an error")
        } catch {
            #expect(error.lines.count == 1)
            #expect(error.lines[0].hasPrefix("\(directory.appendingPathComponent("db.yaml").path):2:8: storage.url: expected 'sqlite:PATH'"), "\(error.lines)")
            #expect(!error.lines[0].contains(":pw@"))
        }
    }

    @Test func laterFilesWin() throws {
        let directory = try Host.workspace()
        try Host.write("server:\n  port: 8100\nlog:\n  level: debug\n", to: "a.yaml", in: directory)
        try Host.write("server:\n  port: 8200\n", to: "b.yaml", in: directory)
        let boot = try prepare(["a.yaml", "b.yaml"].map { directory.appendingPathComponent($0).path })
        #expect(boot.settings.server.port == 8200)
        #expect(boot.settings.log.level == .debug)
    }

    @Test func showRedactsSecretsAndNamesSources() throws {
        let directory = try Host.workspace()
        try Host.write("storage:\n  url: postgres://ocop:hunter2@db:5432/ocop\nplugins:\n  vn.ha-noi:\n    api_token: abc123\n", to: "s.yaml", in: directory)
        let configuration = try HostConfiguration.load(files: [directory.appendingPathComponent("s.yaml").path], environment: ["OCOP_PORT": "8181"])
        let text = ConfigRenderer.render(configuration.merged)
        #expect(!text.contains("hunter2"))
        #expect(!text.contains("abc123"))
        #expect(text.contains("postgres://ocop:***@db:5432/ocop"))
        #expect(text.contains("port: 8181  # env OCOP_PORT"))
    }
}
