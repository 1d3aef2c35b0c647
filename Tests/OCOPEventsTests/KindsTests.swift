import Foundation
import OCOPEvents
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// A province plugin contributing a kind (and a rule) to `ocop.events`.
struct ShowPlugin: Plugin {
    struct Config: Decodable, Sendable {
        var variant = "good"
        init(from decoder: any Decoder) throws {
            variant = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .variant) ?? "good"
        }
        enum CodingKeys: String, CodingKey { case variant }
    }
    static let manifest = PluginManifest(id: "vn.show", version: "1.0.0", summary: "a show kind",
                                         requires: [.plugin("ocop.events", "^0.1", why: "contributes a kind")])
    let config: Config
    init(config: Config) { self.config = config }

    static let good = EventKindDefinition(id: "vn.show.roadshow", nameVi: "Roadshow", nameEn: "Roadshow",
                                          fields: [EventFieldDefinition("stops", label: "Số điểm dừng", type: .count, required: true),
                                                   EventFieldDefinition("sponsor", label: "Nhà tài trợ", type: .choice(["bank", "telco"]))],
                                          resultFields: [EventFieldDefinition("tastings", label: "Lượt dùng thử", type: .count, required: true)])

    func register(with registrar: Registrar) throws {
        var kind = Self.good
        switch config.variant {
        case "duplicate": try registrar.contribute(PromotionPoints.eventKinds, kind)
        case "unprefixed": kind.id = "roadshow"
        case "bad-field": kind.fields[0].name = "Stops!"
        case "core-result": kind.resultFields[0].name = "revenue_total"
        case "twice": kind.fields.append(kind.fields[0])
        default: break
        }
        try registrar.contribute(PromotionPoints.eventKinds, kind)
        try registrar.subscribe(to: EventClosed.self, as: "closed-log") { envelope, _ in ClosedLog.shared.add(envelope.id, envelope.event) }
        try registrar.contribute(PromotionPoints.eligibilityRules, EligibilityRule(id: "vn.show.even-ids", summary: "products with even ids") { candidate, _ in
            candidate.product.id % 2 == 0 ? nil : "product \(candidate.product.id) has an odd id"
        })
    }
}

/// What `ShowPlugin` received of `EventClosed` (a subscriber in another plugin, through the outbox).
final class ClosedLog: @unchecked Sendable {
    static let shared = ClosedLog()
    private let lock = NSLock()
    private var seen: [Int64: EventClosed] = [:]
    func add(_ outbox: Int64, _ event: EventClosed) { lock.withLock { seen[outbox] = event } }
    func events(for id: Int64) -> [EventClosed] { lock.withLock { seen.values.filter { $0.eventID == id } } }
}

struct JSONConfig: PluginConfigSource {
    var json: String
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: Data(json.utf8)) }
}

@Suite struct KindContributionTests {
    func load(_ variant: String) throws -> Registry {
        try Registry.load(available: TestHost.core + [PluginFactory(EventsPlugin.self), PluginFactory(ShowPlugin.self)], enabled: [
            Registry.Enabled(id: "ocop.accounts", path: "plugins.ocop.accounts", location: "ocop.yaml:1:3", config: JSONConfig(json: "{}")),
            Registry.Enabled(id: "ocop.registry", path: "plugins.ocop.registry", location: "ocop.yaml:2:3", config: JSONConfig(json: "{}")),
            Registry.Enabled(id: "ocop.events", path: "plugins.ocop.events", location: "ocop.yaml:3:3", config: JSONConfig(json: "{}")),
            Registry.Enabled(id: "vn.show", path: "plugins.vn.show", location: "ocop.yaml:4:3", config: JSONConfig(json: #"{"variant":"\#(variant)"}"#)),
        ])
    }

    @Test func theOwnerRefusesBadKinds() {
        for (variant, reason) in [
            ("duplicate", "kind 'vn.show.roadshow' is already defined"),
            ("unprefixed", "kind id 'roadshow' must be lowercase words joined by '-' and start with 'vn.show.'"),
            ("bad-field", "field name 'Stops!' of kind 'vn.show.roadshow' must match [a-z][a-z0-9_]{0,39}"),
            ("core-result", "result field name 'revenue_total' of kind 'vn.show.roadshow' is a built-in name"),
            ("twice", "field 'stops' of kind 'vn.show.roadshow' is defined twice"),
        ] {
            do {
                _ = try load(variant)
                Issue.record("expected a refusal for \(variant)")
            } catch {
                let text = "\(error)"
                #expect(text.contains("ocop.yaml:4:3: plugins.vn.show: contribution to 'ocop.events.kinds'"), "\(text)")
                #expect(text.contains("refused by ocop.events: \(reason)"), "\(variant): \(text)")
            }
        }
    }

    @Test func aContributedKindIsUsedWithItsTypedFields() async throws { try await Self.contributedKind(.sqlite) }

    static func contributedKind(_ engine: DatabaseEngine) async throws {
        try await withEvents(engine, extra: [PluginFactory(ShowPlugin.self)], config: "  vn.show: {}") { host in
            let w = try await World.make(host)
            let kinds = try await host.client.get("/api/v1/events/kinds")
            let listed = (kinds.object["kinds"] as? [[String: Any]] ?? []).map { $0["id"] as? String ?? "" }
            #expect(listed == ["fair", "festival", "product-week", "livestream", "exhibition", "periodic-market", "vn.show.roadshow"])
            #expect((kinds.object["rules"] as? [[String: Any]] ?? []).map { $0["id"] as? String ?? "" }.contains("vn.show.even-ids"))
            let missing = try await w.event(kind: "vn.show.roadshow", fields: #"{"sponsor":"bank"}"#, open: false)
            #expect(missing.fieldErrors == ["/fields/stops: is required for kind 'vn.show.roadshow' (Số điểm dừng)"], "\(missing.text)")
            let wrong = try await w.event(kind: "vn.show.roadshow", fields: #"{"stops":"ba","sponsor":"bakery","colour":"red"}"#, open: false)
            #expect(wrong.fieldErrors == [
                "/fields/colour: is not a field of kind 'vn.show.roadshow'; expected stops, sponsor",
                "/fields/stops: expected a whole number ≥ 0, found \"ba\"",
                "/fields/sponsor: expected one of bank, telco, found \"bakery\"",
            ], "\(wrong.text)")
            #expect(try await w.count("events_events") == 0)
            let good = try await w.event(kind: "vn.show.roadshow", eligibility: #"["vn.show.even-ids"]"#, fields: #"{"stops":4,"sponsor":"telco"}"#)
            #expect(good.status == 200 && (good.object["fields"] as? [String: Any])?["stops"] as? Int == 4, "\(good.text)")
            // The plugin's rule decides registrations.
            let s = try await w.subject("01", "HTX Chẵn lẻ", products: ["Một", "Hai"])
            let odd = s.products.first { $0 % 2 == 1 }!, even = s.products.first { $0 % 2 == 0 }!
            let refused = try await w.register(good.id, subject: s.subject, products: [odd])
            #expect(refused.fieldErrors == ["/product_ids/0: vn.show.even-ids: product \(odd) has an odd id"], "\(refused.text)")
            #expect(try await w.register(good.id, subject: s.subject, products: [even]).status == 201)

            // Another plugin receives EventClosed after the closing commits.
            try await w.certify(even, stars: 4)
            let fair = try await w.event(starts: day(-2), ends: day(-1)).id
            #expect(try await w.register(fair, subject: s.subject, products: [even]).status == 201)
            #expect(try await host.client.post("/api/v1/events/\(fair)/results", json: #"{"rows":[{"visitors":900,"orders":12,"revenue_total":3400000,"revenue_ocop":3400000}]}"#,
                                               headers: w.officer01).status == 200)
            #expect(try await w.move(fair, to: "closed").status == 200)
            try await host.eventsDelivered()
            let received = ClosedLog.shared.events(for: fair)
            #expect(received.count == 1 && received.first?.visitors == 900 && received.first?.revenueTotal == 3_400_000
                    && received.first?.productIDs == [even] && received.first?.provinceCode == "01", "\(received)")
        }
    }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct KindContributionPostgreSQLTests {
    @Test func aContributedKindIsUsedWithItsTypedFields() async throws { try await KindContributionTests.contributedKind(.postgresql) }
}
