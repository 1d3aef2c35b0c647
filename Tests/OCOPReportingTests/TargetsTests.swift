import Foundation
import OCOPCSV
import OCOPDomain
import OCOPPluginKit
import OCOPReporting
import OCOPTestSupport
import Testing

/// A YAML pack over built-in indicators, for province 01 in 2025.
let configuredPack = """
    {targets: [{id: hn-extra-2025, province: "01", year: 2025, title: "Chỉ tiêu bổ sung", source: "QĐ 1/QĐ-UBND",
                targets: [{indicator: products_3plus_added, at_least: 2}, {indicator: subjects_organised_share, at_least: 50},
                          {indicator: potential_5_share, at_most: 10}, {indicator: products_at_events_share, at_least: 100}]}]}
    """

enum TargetChecks {
    /// Progress computed from the fixture's records, on the API and on the command's table.
    static func configuredPackProgress(_ host: TestHost) async throws {
        let fixture = try await StatisticsFixture.make(host, provinces: ["01"])
        let officer = try await host.signIn(.provinceOfficer, province: "01")
        let asOf = "2025-10-01"
        let reply = try await host.client.get("/api/v1/reports/targets?province=01&year=2025&as_of=\(asOf)", headers: officer)
        #expect(reply.status == 200, "\(reply.text)")
        let packs = (try reply.json())["packs"] as? [[String: Any]] ?? []
        #expect(packs.count == 1)
        let pack = try #require(packs.first)
        #expect(pack["origin"] as? String == "config plugins.ocop.reporting.targets[0]")
        #expect(pack["as_of"] as? String == asOf)
        let targets = Dictionary(uniqueKeysWithValues: (pack["targets"] as? [[String: Any]] ?? []).map { ($0["indicator"] as? String ?? "", $0) })

        // Recomputed from the records.
        func standing(_ p: StatisticsFixture.Product, _ day: String) -> Bool {
            guard let last = p.decisions.enumerated().filter({ $0.element.decidedOn <= day })
                .max(by: { ($0.element.decidedOn, $0.offset) < ($1.element.decidedOn, $1.offset) })?.element else { return false }
            return last.stars >= 3 && !["revoked", "withdrawn"].contains(last.decision) && last.validUntil >= day
        }
        let mine = fixture.products.filter { $0.province == "01" }
        let added = mine.filter { p in
            let first = p.decisions.filter { $0.stars >= 3 && !["revoked", "withdrawn"].contains($0.decision) }.map(\.decidedOn).min()
            return first.map { $0 >= "2025-01-01" && $0 <= asOf } ?? false
        }
        let potential = added.filter { $0.decisions.contains { $0.decision == "potential_5" && $0.decidedOn <= asOf } }
        let certified = mine.filter { standing($0, asOf) }
        let subjects = Dictionary(certified.map { ($0.subject, $0.legalForm) }, uniquingKeysWith: { a, _ in a })
        let organised = subjects.values.filter { ["hop_tac_xa", "doanh_nghiep", "to_hop_tac"].contains($0) }.count

        let addedRow = try #require(targets["products_3plus_added"])
        #expect(addedRow["value"] as? Double == Double(added.count))
        #expect(addedRow["met"] as? Bool == (added.count >= 2))
        #expect(addedRow["progress_percent"] as? Double == min(100, (Double(added.count) * 100 / 2 * 100).rounded() / 100))
        let organisedRow = try #require(targets["subjects_organised_share"])
        #expect(organisedRow["numerator"] as? Int == organised)
        #expect(organisedRow["denominator"] as? Int == subjects.count)
        let potentialRow = try #require(targets["potential_5_share"])
        #expect(potentialRow["numerator"] as? Int == potential.count)
        #expect(potentialRow["denominator"] as? Int == added.count)
        #expect(potentialRow["comparison"] as? String == "at_most")
        // No event shown anything: 0 of the certified products.
        let events = try #require(targets["products_at_events_share"])
        #expect(events["numerator"] as? Int == 0 && events["denominator"] as? Int == certified.count)
        #expect(events["met"] as? Bool == false)
        #expect(added.count > 0 && !certified.isEmpty, "the fixture exercises the indicators")

        // The pack downloads as CSV (round-trips through OCOPCSV) and as XLSX.
        let csv = try await host.client.get("/api/v1/reports/targets/hn-extra-2025.csv?as_of=\(asOf)", headers: officer)
        #expect(csv.status == 200)
        #expect(csv.headers["content-type"] == "text/csv; charset=utf-8")
        #expect(csv.headers["content-disposition"] == "attachment; filename=\"bao-cao-ocop-chi-tieu-hn-extra-2025-01-\(asOf).csv\"")
        var reader = CSVReader(data: csv.body)
        let header = try #require(try reader.next())
        #expect(header.fields.first == "Bộ chỉ tiêu")
        let rows = try reader.readAll()
        #expect(rows.count == 4)
        let addedCSV = try #require(rows.first { $0.fields[1] == "products_3plus_added" })
        #expect(addedCSV.fields[5] == String(added.count))
        let unknown = try await host.client.get("/api/v1/reports/targets/no-such-pack", headers: officer)
        #expect(unknown.status == 404)
        let badYear = try await host.client.get("/api/v1/reports/targets?province=01&year=20x5", headers: officer)
        #expect(badYear.status == 400, "\(badYear.text)")
        #expect(badYear.text.contains("/year"))
        let indicators = try await host.client.get("/api/v1/reports/indicators", headers: officer)
        #expect(indicators.text.contains("points_of_sale_new_per_former_district"))
    }

    /// Without ocop.events the promotion indicators say they are unavailable; the others compute.
    static func promotionIndicatorsUnavailable(_ host: TestHost) async throws {
        let officer = try await host.signIn(.provinceOfficer, province: "01")
        let reply = try await host.client.get("/api/v1/reports/targets?province=01&year=2025&as_of=2025-06-30", headers: officer)
        #expect(reply.status == 200, "\(reply.text)")
        let pack = ((try reply.json())["packs"] as? [[String: Any]])?.first
        let targets = pack?["targets"] as? [[String: Any]] ?? []
        let events = targets.first { $0["indicator"] as? String == "products_at_events_share" }
        #expect((events?["unavailable"] as? String)?.contains("ocop_facts_event") == true, "\(events ?? [:])")
        #expect(events?["met"] as? Bool == false)
        #expect(events?["value"] == nil)
        let added = targets.first { $0["indicator"] as? String == "products_3plus_added" }
        #expect(added?["value"] as? Double == 0)
    }
}

@Suite struct TargetsSQLiteTests {
    @Test func configuredPackProgress() async throws {
        try await StatisticsFixture.reportingHostWithEvents(.sqlite, reporting: configuredPack, TargetChecks.configuredPackProgress)
    }
    @Test func promotionIndicatorsUnavailable() async throws {
        try await StatisticsFixture.reportingHost(.sqlite, reporting: configuredPack, TargetChecks.promotionIndicatorsUnavailable)
    }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct TargetsPostgreSQLTests {
    @Test func configuredPackProgress() async throws {
        try await StatisticsFixture.reportingHostWithEvents(.postgresql, reporting: configuredPack, TargetChecks.configuredPackProgress)
    }
    @Test func promotionIndicatorsUnavailable() async throws {
        try await StatisticsFixture.reportingHost(.postgresql, reporting: configuredPack, TargetChecks.promotionIndicatorsUnavailable)
    }
}

extension StatisticsFixture {
    static func reportingHostWithEvents(_ engine: DatabaseEngine, reporting: String, _ body: @escaping @Sendable (TestHost) async throws -> Void) async throws {
        try await TestHost.run(engine, plugins: TestHost.withPromotion, config: """
            plugins:
            \(TestHost.coreConfig)
              ocop.events: {}
              ocop.reporting: \(reporting)
            """, body)
    }
}

/// Bad targets stop the host before anything runs, with an error naming the place and the indicator.
@Suite struct TargetConfigErrorTests {
    static func start(_ reporting: String) async throws -> String {
        do {
            try await StatisticsFixture.reportingHost(.sqlite, reporting: reporting) { _ in Issue.record("the host should not start") }
        } catch {
            return "\(error)"
        }
        Issue.record("expected a start-up error")
        return ""
    }

    @Test func unknownBuiltInIndicatorIsALocatedConfigError() async throws {
        let message = try await Self.start("""
            {targets: [{id: hn-2025, province: "01", year: 2025, title: T, targets: [{indicator: products_added, at_least: 1}]}]}
            """)
        #expect(message.contains("plugins.ocop.reporting.targets[0].targets[0].indicator: unknown indicator 'products_added'"), "\(message)")
        #expect(message.contains("config.yaml:"), "located in the file: \(message)")
    }

    @Test func unknownPluginIndicatorIsRefusedAtStartNamingThePack() async throws {
        let message = try await Self.start("""
            {targets: [{id: hn-2025, province: "01", year: 2025, title: T, targets: [{indicator: products_3plus_added, at_least: 1},
                                                                                   {indicator: vn.ha-noi.no_such, at_least: 1}]}]}
            """)
        #expect(message.contains("target pack 'hn-2025' (config plugins.ocop.reporting.targets[0])"), "\(message)")
        #expect(message.contains("plugins.ocop.reporting.targets[0].targets[1]: unknown indicator 'vn.ha-noi.no_such'"), "\(message)")
    }

    @Test func shapeErrorsAreLocated() async throws {
        let both = try await Self.start("""
            {targets: [{id: Bad_ID, province: "99", year: 2025, title: T, targets: [{indicator: products_3plus_added, at_least: 1, at_most: 2}]}]}
            """)
        #expect(both.contains("plugins.ocop.reporting.targets[0].id"), "\(both)")
        let range = try await Self.start("""
            {targets: [{id: ok, province: "01", year: 2025, title: T, targets: [{indicator: products_3plus_added, at_least: -1}]}]}
            """)
        #expect(range.contains("at_least") && range.contains("expected a number ≥ 0"), "\(range)")
        let province = try await Self.start("""
            {targets: [{id: ok, province: "99", year: 2025, title: T, targets: [{indicator: products_3plus_added, at_least: 1}]}]}
            """)
        #expect(province.contains("plugins.ocop.reporting.targets[0].province: '99' is not a current (2025) province code"), "\(province)")
    }
}

/// A province plugin whose pack names an indicator nobody contributes, and whose own indicator
/// lacks its prefix: both are refused at start, naming the plugin's source line.
struct BadPackPlugin: Plugin {
    static let manifest = PluginManifest(id: "vn.test-pack", version: "1.0.0", summary: "a pack with faults")
    init(config: NoConfig) {}
    func register(with registrar: Registrar) throws {
        try registrar.contribute(ReportingPoints.indicators, ReportIndicator(
            id: "stray_share", titleVi: "x", titleEn: "x", definition: "x", unit: .percent) { _, _ in .percent(0, of: 0) })
        try registrar.contribute(ReportingPoints.targetPacks, TargetPack(
            id: "test-2025", provinceCode: "01", year: 2025, title: "T",
            targets: [ReportTarget(indicator: "products_3plus_added", value: 1), ReportTarget(indicator: "vn.test-pack.missing", value: 1)]))
    }
}

@Suite struct PluginPackErrorTests {
    @Test func aPluginsPackWithAnUnknownIndicatorStopsTheHost() async throws {
        do {
            try await TestHost.run(.sqlite, plugins: TestHost.core + [PluginFactory(ReportingPlugin.self), PluginFactory(BadPackPlugin.self)], config: """
                plugins:
                \(TestHost.coreConfig)
                  ocop.reporting: {}
                  vn.test-pack: {}
                """) { _ in Issue.record("the host should not start") }
            Issue.record("expected a start-up error")
        } catch {
            let message = "\(error)"
            #expect(message.contains("plugins.vn.test-pack: contribution to 'ocop.reporting.target-packs' (OCOPReportingTests/TargetsTests.swift:"), "\(message)")
            #expect(message.contains("target pack 'test-2025': targets[1]: unknown indicator 'vn.test-pack.missing'"), "\(message)")
            #expect(message.contains("indicator 'stray_share': a plugin's indicators are prefixed with its ID ('vn.test-pack.…')"), "\(message)")
        }
    }
}
