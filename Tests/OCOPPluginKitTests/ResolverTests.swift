import OCOPPluginKit
import Testing

@Suite struct ResolverTests {
    func manifest(_ id: PluginID, requires: [PluginID] = []) -> PluginManifest {
        PluginManifest(id: id, version: "1.0.0", summary: "test", requires: requires.map { .plugin($0) })
    }

    func enabled(_ ids: PluginID...) -> [(id: PluginID, path: String)] {
        ids.map { ($0, "plugins.\($0)") }
    }

    @Test func ordersDependenciesFirstAndTiesByID() throws {
        let available = [
            manifest("vn.b", requires: ["core.a"]),
            manifest("core.a"),
            manifest("vn.c", requires: ["core.a"]),
            manifest("vn.d", requires: ["vn.c", "vn.b"]),
        ]
        let order = try PluginResolver.resolve(available: available, enabled: enabled("vn.d", "vn.c", "vn.b", "core.a"))
        #expect(order == ["core.a", "vn.b", "vn.c", "vn.d"])
        // Same answer whatever the config order.
        let again = try PluginResolver.resolve(available: available.reversed(), enabled: enabled("core.a", "vn.b", "vn.c", "vn.d"))
        #expect(again == order)
    }

    @Test func reportsEveryProblemAtOnceWithValidIDs() {
        let available = [
            manifest("core.a"),
            manifest("core.a"),
            manifest("vn.x", requires: ["core.missing"]),
            manifest("vn.y", requires: ["core.a"]),
            manifest("vn.p", requires: ["vn.q"]),
            manifest("vn.q", requires: ["vn.p"]),
        ]
        do {
            _ = try PluginResolver.resolve(available: available, enabled: enabled("vn.nope", "vn.x", "vn.y", "vn.p", "vn.q"))
            Issue.record("expected errors")
        } catch {
            let codes = error.errors.map(\.code)
            #expect(codes.contains(.duplicatePlugin))
            #expect(codes.contains(.unknownPlugin))
            #expect(codes.filter { $0 == .missingDependency }.count == 2)  // vn.x → core.missing, vn.y → core.a not enabled
            #expect(codes.contains(.dependencyCycle))
            let unknown = error.errors.first { $0.code == .unknownPlugin }
            #expect(unknown?.description == "plugins.vn.nope: unknown plugin 'vn.nope'; compiled-in plugins are: core.a, vn.p, vn.q, vn.x, vn.y")
            let cycle = error.errors.first { $0.code == .dependencyCycle }
            #expect(cycle?.message.contains("vn.p → vn.q → vn.p") == true)
            let notEnabled = error.errors.first { $0.pluginID == "vn.y" }
            #expect(notEnabled?.message.contains("requires 'core.a', which is not enabled") == true)
        }
    }

    @Test func rejectsMalformedIDs() {
        #expect(PluginID("vn.ha-noi").isWellFormed)
        #expect(!PluginID("HaNoi").isWellFormed)
        #expect(!PluginID("vn..x").isWellFormed)
        #expect(!PluginID("vn.Ha Noi").isWellFormed)
        #expect(throws: PluginErrors.self) {
            try PluginResolver.resolve(available: [manifest("Bad ID")], enabled: [])
        }
    }

    @Test func enablingNothingIsFine() throws {
        #expect(try PluginResolver.resolve(available: [manifest("core.a")], enabled: []) == [])
    }
}
