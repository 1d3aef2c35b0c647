import Foundation
import OCOPDomain
import OCOPPluginKit
import OCOPTestSupport
import Testing
@testable import OCOPRating

/// A province plugin adding a pilot sheet through `ocop.rating.criteria-sets`.
struct PilotPlugin: Plugin {
    struct Config: Decodable, Sendable {
        var broken = false
        var code = "ha-noi-pilot"
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            broken = try c.decodeIfPresent(Bool.self, forKey: .broken) ?? false
            code = try c.decodeIfPresent(String.self, forKey: .code) ?? "ha-noi-pilot"
        }
        enum CodingKeys: String, CodingKey { case broken, code }
    }
    static let manifest = PluginManifest(id: "vn.pilot", version: "1.0.0", summary: "pilot sheet",
                                         requires: [.plugin("ocop.rating", "^0.2", why: "contributes a criteria set")])
    let config: Config
    init(config: Config) { self.config = config }
    func register(with registrar: Registrar) throws {
        var set = Build.small()
        set.code = config.code
        if config.broken { set.parts[0].points = 35 }
        try registrar.contribute(RatingPoints.criteriaSets, set)
    }
}

struct JSONConfig: PluginConfigSource {
    var json: String
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: Data(json.utf8)) }
}

@Suite struct RatingPluginTests {
    /// The core modules (rating records stars through the registry, which audits through accounts) and the pilot.
    let factories = TestHost.core + [PluginFactory(PilotPlugin.self)]

    func load(pilot json: String) throws -> Registry {
        try Registry.load(available: factories, enabled: [
            Registry.Enabled(id: "ocop.accounts", path: "plugins.ocop.accounts", location: "ocop.yaml:1:3", config: JSONConfig(json: "{}")),
            Registry.Enabled(id: "ocop.registry", path: "plugins.ocop.registry", location: "ocop.yaml:1:3", config: JSONConfig(json: "{}")),
            Registry.Enabled(id: "ocop.rating", path: "plugins.ocop.rating", location: "ocop.yaml:2:3", config: JSONConfig(json: "{}")),
            Registry.Enabled(id: "vn.pilot", path: "plugins.vn.pilot", location: "ocop.yaml:3:3", config: JSONConfig(json: json)),
        ])
    }

    @Test func aProvinceAddsAPilotSetWithoutTouchingTheModule() throws {
        let registry = try load(pilot: "{}")
        let state = try #require(registry.directory.resolve(RatingState.self))
        let catalogue = state.catalogue
        let pilot = try #require(catalogue.entry(CriteriaSetID(act: .decision148, code: "ha-noi-pilot")))
        #expect(pilot.plugin == "vn.pilot" && pilot.isUsable)
        #expect(catalogue.sets(act: .decision148).count == 27)
        #expect(catalogue.entries.filter { !$0.isUsable }.map(\.set.code) == ["7", "11", "12", "13"])
        #expect(registry.plugins.map(\.id).contains("ocop.rating"))
    }

    @Test func theOwnerRefusesAnInvalidOrClashingSet() {
        for (json, reason) in [
            (#"{"broken": true}"#, "criteria set 148/ha-noi-pilot does not validate: test/t.json:8: set 148/ha-noi-pilot: part A declares 35 points"),
            (#"{"code": "11"}"#, "criteria set 148/11 is a bundled set; give a pilot set its own code"),
        ] {
            do {
                _ = try load(pilot: json)
                Issue.record("expected a refusal for \(json)")
            } catch {
                let text = "\(error)"
                #expect(text.contains("ocop.yaml:3:3: plugins.vn.pilot: contribution to 'ocop.rating.criteria-sets'"), "\(text)")
                #expect(text.contains("refused by ocop.rating: \(reason)"), "\(text)")
            }
        }
    }
}
