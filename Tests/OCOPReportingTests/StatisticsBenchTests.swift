import Foundation
import OCOPPluginKit
@testable import OCOPReporting
import OCOPTestSupport
import Testing

/// The benchmark's own check, small: generated data with events, the national summary equal to
/// the raw SQL aggregates, and the bench refusing a database that already holds products.
enum BenchChecks {
    static func host(_ engine: DatabaseEngine, _ body: @escaping @Sendable (TestHost) async throws -> Void) async throws {
        try await TestHost.run(engine, plugins: TestHost.withPromotion, config: """
            plugins:
            \(TestHost.coreConfig)
            \(TestHost.promotionConfig)
            """, body)
    }

    static func summaryAgreesWithRawSQL(_ host: TestHost) async throws {
        let figures = try await ReportCommand.ReportBench.measure(context: host.context, products: 600, certifications: 4000, events: 120, runs: 1,
                                                                  seed: 3, province: "01")
        #expect(figures.agree)
        #expect(figures.events == 120, "\(figures.eventsNote)")
        #expect(figures.standing > 300 && figures.standing < 600, "\(figures.standing)")
        let ledger = try await host.database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: RegistryViews.certifications)").first()?.decode(column: "n", as: Int64.self)
        #expect(ledger == 4000)
        // The summary's stars add up to the statistics' own count.
        let byStars = try await Statistics().table("by-stars", scope: StatisticsScope(asOf: figures.asOf), on: host.database.sql)
        #expect(byStars.int(byStars.row("total"), "products") == figures.standing)
        let revenue = try await Statistics().table("revenue-by-event-kind", scope: StatisticsScope(asOf: figures.asOf), on: host.database.sql)
        #expect(!revenue.rows.isEmpty && !revenue.definition.contains("not enabled"))
        // With ocop.events enabled coverage is computed; the bench registers no product at an event.
        let coverage = try await Statistics().table("promotion-coverage", scope: StatisticsScope(asOf: figures.asOf), on: host.database.sql)
        #expect(coverage.int(coverage.rows.last, "products") == figures.standing)
        #expect(coverage.int(coverage.rows.last, "shown") == 0)
        await #expect(throws: (any Error).self) {
            _ = try await ReportCommand.ReportBench.measure(context: host.context, products: 100, certifications: 100, events: 0, runs: 1, seed: 1, province: "01")
        }
    }
}

@Suite struct StatisticsBenchSQLiteTests {
    @Test func summaryAgreesWithRawSQL() async throws { try await BenchChecks.host(.sqlite, BenchChecks.summaryAgreesWithRawSQL) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct StatisticsBenchPostgreSQLTests {
    @Test func summaryAgreesWithRawSQL() async throws { try await BenchChecks.host(.postgresql, BenchChecks.summaryAgreesWithRawSQL) }
}
