import Foundation
import OCOPDomain
import OCOPPluginKit
import OCOPReporting
import OCOPTestSupport
import SQLKit
import Testing

/// A small registry made through the registry's own API and ledger, and the figures recomputed
/// from those records independently of the module's SQL.
struct StatisticsFixture: Sendable {
    struct Decision: Sendable {
        var stars: Int
        var decision: String
        var decidedOn: String
        var validUntil: String
    }

    struct Product: Sendable {
        var id: Int64
        var subject: Int64
        var province: String
        var commune: String
        var legacy: String?
        var legalForm: String
        var productSet: Int
        var decisions: [Decision]
    }

    var products: [Product]

    static func reportingHost(_ engine: DatabaseEngine, reporting: String = "{}", _ body: @escaping @Sendable (TestHost) async throws -> Void) async throws {
        try await TestHost.run(engine, plugins: TestHost.core + [PluginFactory(ReportingPlugin.self)], config: """
            plugins:
            \(TestHost.coreConfig)
              ocop.reporting: \(reporting)
            """, body)
    }

    /// A pre-2025 commune of `province` (old code) and its 2025 successor.
    static func legacyPair(oldProvince: String, index: Int) throws -> (legacy: LegacyCommune, current: Commune) {
        let units = try AdminUnits.shared
        let code = try #require(ProvinceCode(oldProvince))
        let district = try #require(units.legacyDistricts(in: code).dropFirst(index).first)
        let legacy = try #require(units.legacyCommunes(in: district.code).first)
        let current = try #require(units.currentCommunes(forLegacy: legacy.code)).default
        return (legacy, current)
    }

    /// Creates subjects and products over HTTP as a national admin, and records the decisions
    /// through the registry's `CertificationRecorder` (the ledger's one writer). `seed` varies names.
    static func make(_ host: TestHost, provinces: [String] = ["01", "79"], seed: Int = 0) async throws -> StatisticsFixture {
        let admin = try await host.signIn(.nationalAdmin)
        let recorder = try #require(host.context.services.resolve((any CertificationRecorder).self))
        var made: [Product] = []
        let forms = ["hop_tac_xa", "doanh_nghiep", "ho_kinh_doanh"]
        // Each province gets the same pattern, shifted by its position, so provinces differ.
        let plans: [[Decision]] = [
            [.init(stars: 3, decision: "recognised", decidedOn: "2024-03-01", validUntil: "2027-03-01")],
            [.init(stars: 4, decision: "recognised", decidedOn: "2022-01-10", validUntil: "2025-01-10")],
            [.init(stars: 4, decision: "potential_5", decidedOn: "2025-09-01", validUntil: "2028-09-01")],
            [.init(stars: 4, decision: "recognised", decidedOn: "2024-01-01", validUntil: "2027-01-01"),
             .init(stars: 4, decision: "revoked", decidedOn: "2025-12-01", validUntil: "2027-01-01")],
            [.init(stars: 5, decision: "recognised", decidedOn: "2025-02-02", validUntil: "2028-02-02")],
            [.init(stars: 3, decision: "recognised", decidedOn: "2023-06-01", validUntil: "2026-06-01"),
             .init(stars: 4, decision: "recognised", decidedOn: "2025-07-01", validUntil: "2028-07-01")],
            [],
            [.init(stars: 4, decision: "recognised", decidedOn: "2023-01-01", validUntil: "2026-01-01"),
             .init(stars: 3, decision: "downgraded", decidedOn: "2025-04-04", validUntil: "2028-04-04")],
            [.init(stars: 3, decision: "recognised", decidedOn: "2025-03-03", validUntil: "2028-03-03"),
             .init(stars: 3, decision: "withdrawn", decidedOn: "2026-02-02", validUntil: "2028-03-03")],
        ]
        var tax = 1000 + seed * 1000
        for (pIndex, province) in provinces.enumerated() {
            let pair = try legacyPair(oldProvince: province, index: pIndex + seed)
            var subjects: [String: Int64] = [:]
            for form in forms {
                tax += 10
                let reply = try await host.client.post("/api/v1/subjects", json: """
                    {"registration_number":"\(TestTaxCodes.make(province + String(format: "%07d", tax)))","name":"Chủ thể \(form) \(province) \(seed)","legal_form":"\(form)","commune_code":"\(pair.current.code.rawValue)"}
                    """, headers: admin)
                try #require(reply.status == 201, "\(reply.text)")
                subjects[form] = Int64(try #require(try reply.json()["id"] as? Int))
            }
            let count = plans.count - pIndex // provinces differ in size
            for index in 0..<count {
                let form = forms[(index + pIndex) % forms.count]
                let set = [1, 5, 12, 20, 24, 26][(index + pIndex) % 6]
                let legacy = index % 2 == 0 ? pair.legacy.code.rawValue : nil
                var body = #"{"subject_id":\#(subjects[form]!),"name":"Sản phẩm \#(province)-\#(index)-\#(seed)","product_set":\#(set),"commune_code":"\#(pair.current.code.rawValue)""#
                if let legacy { body += #","legacy_commune_code":"\#(legacy)""# }
                let reply = try await host.client.post("/api/v1/products", json: body + "}", headers: admin)
                try #require(reply.status == 201, "\(reply.text)")
                let id = Int64(try #require(try reply.json()["id"] as? Int))
                let decisions = plans[index]
                for d in decisions {
                    let record = CertificationRecord(productID: id, stars: d.stars, certificateNumber: "GCN-\(id)-\(d.decidedOn)", decidedOn: d.decidedOn,
                                                     validUntil: d.validUntil, source: "test", decision: d.decision)
                    try await host.database.transaction { db in
                        _ = try await recorder.record(record, outbox: host.context.outbox, on: db)
                    }
                }
                made.append(Product(id: id, subject: subjects[form]!, province: province, commune: pair.current.code.rawValue, legacy: legacy,
                                    legalForm: form, productSet: set, decisions: decisions))
            }
        }
        return StatisticsFixture(products: made)
    }

    /// The bucket a product stands in on `day` (`3`, `4`, `p5`, `5`), from its decisions alone.
    static func bucket(_ product: Product, on day: String) -> String? {
        let latest = product.decisions.enumerated().filter { $0.element.decidedOn <= day }
            .max { ($0.element.decidedOn, $0.offset) < ($1.element.decidedOn, $1.offset) }?.element
        guard let latest, !["revoked", "withdrawn"].contains(latest.decision), latest.validUntil >= day, latest.stars >= 3 else { return nil }
        return latest.decision == "potential_5" ? "p5" : String(latest.stars)
    }

    func counts(on day: String, where include: (Product) -> Bool = { _ in true }) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for p in products where include(p) { if let b = Self.bucket(p, on: day) { out[b, default: 0] += 1 } }
        return out
    }
}

extension StatTable {
    func column(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }

    func row(_ key: String) -> [Cell]? { rows.first { $0.first == .text(key) } }

    func int(_ row: [Cell]?, _ name: String) -> Int64? {
        guard let row, let index = column(name), case .integer(let value) = row[index] else { return nil }
        return value
    }

    /// `stars_3`… of a row as the fixture names buckets.
    func buckets(_ row: [Cell]?) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for (name, bucket) in [("stars_3", "3"), ("stars_4", "4"), ("potential_5", "p5"), ("stars_5", "5")] {
            if let value = int(row, name), value > 0 { out[bucket] = value }
        }
        return out
    }
}

enum StatisticsChecks {
    static let asOf = "2026-06-30"

    /// The three views exist with exactly the documented columns, and say what the tables hold.
    static func viewsHaveTheDocumentedColumns(_ host: TestHost) async throws {
        let fixture = try await StatisticsFixture.make(host, provinces: ["01"])
        let db = host.database.sql
        let expected: [(String, [String])] = [
            (RegistryViews.products, ["product_id", "subject_id", "province_code", "commune_code", "legacy_commune_code", "product_set",
                                      "product_group", "sector", "active", "registered_on"]),
            (RegistryViews.subjects, ["subject_id", "province_code", "commune_code", "legacy_commune_code", "legal_form", "value_chain",
                                      "sales_channels", "registered_on"]),
            (RegistryViews.certifications, ["certification_id", "product_id", "stars", "decision", "decided_on", "valid_until", "issuing_level",
                                            "legal_act", "certificate_number"]),
        ]
        for (view, columns) in expected {
            let row = try #require(try await db.raw("SELECT * FROM \(unsafeRaw: view)").first(), "\(view) is empty")
            #expect(row.allColumns == columns, "\(view): \(row.allColumns)")
        }
        let first = try #require(fixture.products.first)
        let product = try #require(try await db.raw("SELECT * FROM \(unsafeRaw: RegistryViews.products) WHERE product_id = \(bind: first.id)").first())
        #expect(try product.decode(column: "active", as: Int.self) == 1)
        #expect(try product.decode(column: "province_code", as: String.self) == "01")
        #expect(try product.decode(column: "legacy_commune_code", as: String?.self) == first.legacy)
        let registered = try product.decode(column: "registered_on", as: String.self)
        #expect(ProgrammeCalendar.parse(registered) != nil, "registered_on \(registered)")
        let ledger = try await db.raw("SELECT decision, stars FROM \(unsafeRaw: RegistryViews.certifications) WHERE decision = 'potential_5'").all()
        #expect(ledger.count == fixture.products.filter { $0.decisions.contains { $0.decision == "potential_5" } }.count)
        let rows = try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: RegistryViews.certifications)").first()?.decode(column: "n", as: Int64.self)
        #expect(rows == Int64(fixture.products.reduce(0) { $0 + $1.decisions.count }))
    }

    /// Every figure of the star tables equals the fixture's own count from its records, on several days.
    static func figuresAreRecomputedFromTheRecords(_ host: TestHost) async throws {
        let fixture = try await StatisticsFixture.make(host)
        let statistics = Statistics()
        let db = host.database.sql
        for day in ["2024-12-31", "2025-06-30", asOf, "2027-02-01"] {
            let scope = StatisticsScope(asOf: day)
            let byProvince = try await statistics.table("by-province", scope: scope, on: db)
            #expect(byProvince.asOf == day && !byProvince.definition.isEmpty && !byProvince.queriedAt.isEmpty)
            for province in ["01", "79"] {
                let expected = fixture.counts(on: day) { $0.province == province }
                #expect(byProvince.buckets(byProvince.row(province)) == expected, "\(day) \(province): \(byProvince.rows)")
            }
            let total = fixture.counts(on: day)
            #expect(byProvince.int(byProvince.rows.last, "total") == total.values.reduce(0, +), "\(day)")
            let byStars = try await statistics.table("by-stars", scope: scope, on: db)
            #expect(byStars.int(byStars.row("potential_5"), "products") == total["p5"] ?? 0)
            #expect(byStars.int(byStars.row("4"), "products") == total["4"] ?? 0)
            let byForm = try await statistics.table("by-legal-form", scope: scope, on: db)
            for form in ["hop_tac_xa", "doanh_nghiep", "ho_kinh_doanh"] {
                #expect(byForm.buckets(byForm.row(form)) == fixture.counts(on: day) { $0.legalForm == form }, "\(day) \(form)")
                let subjects = Set(fixture.products.filter { $0.legalForm == form && StatisticsFixture.bucket($0, on: day) != nil }.map(\.subject))
                #expect(byForm.int(byForm.row(form), "subjects") == Int64(subjects.count), "\(day) \(form) subjects")
            }
            let bySector = try await statistics.table("by-sector", scope: scope, on: db)
            for sector in Sector.allCases {
                let expected = fixture.counts(on: day) { ProductSet(code: $0.productSet)?.sector == sector }
                #expect(bySector.buckets(bySector.row(String(sector.code))) == expected, "\(day) sector \(sector)")
            }
            let bySet = try await statistics.table("by-product-set", scope: scope, on: db)
            #expect(bySet.rows.count == ProductSet.allCases.count + 1)
            #expect(bySet.buckets(bySet.row("12")) == fixture.counts(on: day) { $0.productSet == 12 })
        }
        // The province scope holds the table to that province.
        let scoped = try await statistics.table("by-commune", scope: StatisticsScope(provinceCode: "79", asOf: asOf), on: db)
        let communes = Set(fixture.products.filter { $0.province == "79" && StatisticsFixture.bucket($0, on: asOf) != nil }.map(\.commune))
        #expect(Set(scoped.rows.dropLast().compactMap { if case .text(let c) = $0.first { c } else { nil } }) == communes)
        #expect(scoped.int(scoped.rows.last, "total") == fixture.counts(on: asOf) { $0.province == "79" }.values.reduce(0, +))
        // Pre-2025 units: products with a recorded old commune under its district and old province; the others apart.
        let legacyDistrict = try await statistics.table("by-legacy-district", scope: StatisticsScope(provinceCode: "01", asOf: asOf), on: db)
        let pair = try StatisticsFixture.legacyPair(oldProvince: "01", index: 0)
        let districtRow = try #require(legacyDistrict.row(pair.legacy.districtCode.rawValue), "\(legacyDistrict.rows)")
        #expect(districtRow[1] == .text(pair.legacy.districtName))
        #expect(legacyDistrict.buckets(districtRow) == fixture.counts(on: asOf) { $0.province == "01" && $0.legacy != nil })
        #expect(legacyDistrict.rows.contains { $0[1] == .text("(không ghi nhận)") })
        let legacyProvince = try await statistics.table("by-legacy-province", scope: StatisticsScope(asOf: asOf), on: db)
        #expect(legacyProvince.buckets(legacyProvince.row("79")) == fixture.counts(on: asOf) { $0.province == "79" && $0.legacy != nil })
        // Recognitions by year and certificates running out by month.
        let years = try await statistics.table("by-recognition-year", scope: StatisticsScope(asOf: asOf), on: db)
        var byYear: [String: Int64] = [:]
        for p in fixture.products {
            for d in p.decisions where ["recognised", "potential_5"].contains(d.decision) && d.decidedOn <= asOf { byYear[String(d.decidedOn.prefix(4)), default: 0] += 1 }
        }
        for (year, n) in byYear { #expect(years.int(years.row(year), "total") == n, "\(year)") }
        let expiring = try await statistics.table("expiring-by-month", scope: StatisticsScope(asOf: asOf, year: 2025), on: db)
        #expect(expiring.rows.count == 13)
        // The 4★ decided 2022-01-10 ran out 2025-01-10 without a later decision, in both provinces.
        #expect(expiring.int(expiring.row("2025-01"), "stars_4") == 2, "\(expiring.rows)")
        // Names are in Vietnamese order: Hà Nội before Hồ Chí Minh.
        let names = try await statistics.table("by-province", scope: StatisticsScope(asOf: asOf), on: db).rows.dropLast().map { $0[1] }
        #expect(names.count == 2, "\(names)")
        let keys = names.compactMap { if case .text(let n) = $0 { VietnameseText.collationKey(n) } else { nil } }
        #expect(keys == keys.sorted())
        // Without ocop.events the promotion tables say so and hold no rows.
        for id in ["promotion-coverage", "revenue-by-event-kind"] {
            let table = try await statistics.table(id, scope: StatisticsScope(asOf: asOf), on: db)
            #expect(table.rows.isEmpty && table.definition.contains("ocop.events is not enabled"), "\(id): \(table.definition)")
        }
        let report = try await statistics.provinceReport(scope: StatisticsScope(provinceCode: "01", asOf: asOf), on: db)
        #expect(report.map(\.id) == Statistics.catalogue.map(\.id))
    }

    /// The API: who reads which province, and precise 400s for bad parameters.
    static func apiRolesAndParameters(_ host: TestHost) async throws {
        let fixture = try await StatisticsFixture.make(host)
        let client = host.client
        let admin = try await host.signIn(.nationalAdmin)
        let officer = try await host.signIn(.provinceOfficer, province: "01")
        let commune = try await host.signIn(.communeOfficer, province: "01", commune: fixture.products[0].commune)
        let producer = try await host.signIn(.producer, subject: fixture.products[0].subject)

        let catalogue = try await client.get("/api/v1/reports/statistics", headers: officer)
        #expect(catalogue.status == 200)
        #expect((try catalogue.json()["items"] as? [[String: Any]])?.count == Statistics.catalogue.count)
        #expect(try await client.get("/api/v1/reports/statistics").status == 401)
        #expect(try await client.get("/api/v1/reports/statistics", headers: producer).status == 403)

        // An officer reads their province, by default and by name; another province is refused.
        let own = try await client.get("/api/v1/reports/statistics/by-province?as_of=\(asOf)", headers: officer)
        #expect(own.status == 200, "\(own.text)")
        let table = try JSONDecoder().decode(StatTable.self, from: own.body)
        #expect(table.rows.dropLast().map { $0[0] } == [.text("01")])
        #expect(table.buckets(table.row("01")) == fixture.counts(on: asOf) { $0.province == "01" })
        #expect(try await client.get("/api/v1/reports/statistics/by-province?province=01&as_of=\(asOf)", headers: commune).status == 200)
        let foreign = try await client.get("/api/v1/reports/statistics/by-province?province=79", headers: officer)
        #expect(foreign.status == 403, "\(foreign.text)")
        // The admin reads everything.
        let all = try JSONDecoder().decode(StatTable.self, from: try await client.get("/api/v1/reports/statistics/by-province?as_of=\(asOf)", headers: admin).body)
        #expect(all.rows.count == 3)
        #expect(all.asOf == asOf)

        for (query, path) in [("as_of=2026-02-30", "/as_of"), ("as_of=yesterday", "/as_of"), ("year=1999", "/year"), ("province=99", "/province"),
                              ("colour=red", "/colour"), ("as_of=2026-01-01&as_of=2026-01-02", "/as_of")] {
            let reply = try await client.get("/api/v1/reports/statistics/by-stars?\(query)", headers: admin)
            #expect(reply.status == 400, "\(query): \(reply.text)")
            let errors = try reply.json()["errors"] as? [[String: Any]]
            #expect(errors?.first?["path"] as? String == path, "\(query): \(reply.text)")
        }
        #expect(try await client.get("/api/v1/reports/statistics/no-such-table", headers: admin).status == 404)
    }
}

extension StatisticsChecks {
    /// With ocop.events: a product shown at an event counts as covered, and the event counts by kind.
    static func promotionFromTheEventsViews(_ host: TestHost) async throws {
        let fixture = try await StatisticsFixture.make(host, provinces: ["01"])
        let admin = try await host.signIn(.nationalAdmin)
        let starts = try #require(ProgrammeCalendar.adding(days: 10, to: ProgrammeCalendar.today()))
        let ends = try #require(ProgrammeCalendar.adding(days: 12, to: ProgrammeCalendar.today()))
        let shown = try #require(fixture.products.first { StatisticsFixture.bucket($0, on: starts) != nil })
        let created = try await host.client.post("/api/v1/events", json: """
            {"kind":"fair","title":"Hội chợ OCOP","organiser":"Sở Công Thương","province_code":"01","starts_on":"\(starts)",
             "ends_on":"\(ends)","venue":{"commune_code":"\(shown.commune)","address":"Nhà văn hoá"},"booth_capacity":5,"eligibility":[],"fields":{},
             "participating_provinces":[]}
            """, headers: admin)
        try #require(created.status == 201, "\(created.text)")
        let event = try #require(try created.json()["id"] as? Int)
        let opened = try await host.client.post("/api/v1/events/\(event)/transitions", json: #"{"to":"open"}"#, headers: admin)
        try #require(opened.status == 200, "\(opened.text)")
        let registered = try await host.client.post("/api/v1/events/\(event)/registrations", json: """
            {"subject_id":\(shown.subject),"product_ids":[\(shown.id)]}
            """, headers: admin)
        try #require(registered.status == 201, "\(registered.text)")
        let scope = StatisticsScope(asOf: starts, year: Int(starts.prefix(4)))
        let coverage = try await Statistics().table("promotion-coverage", scope: scope, on: host.database.sql)
        let row = try #require(coverage.row("01"), "\(coverage.rows)")
        #expect(coverage.int(row, "shown") == 1)
        #expect(coverage.int(row, "products") == fixture.counts(on: starts).values.reduce(0, +))
        // Before the event started it is not counted.
        let before = try await Statistics().table("promotion-coverage", scope: StatisticsScope(asOf: ProgrammeCalendar.today()), on: host.database.sql)
        #expect(before.int(before.rows.last, "shown") == 0)
        let kinds = try await Statistics().table("revenue-by-event-kind", scope: scope, on: host.database.sql)
        #expect(kinds.int(kinds.row("fair"), "events") == 1, "\(kinds.rows)")
        #expect(kinds.int(kinds.row("fair"), "revenue_total") == 0)
    }

    static func promotionHost(_ engine: DatabaseEngine, _ body: @escaping @Sendable (TestHost) async throws -> Void) async throws {
        try await TestHost.run(engine, plugins: TestHost.withPromotion, config: """
            plugins:
            \(TestHost.coreConfig)
            \(TestHost.promotionConfig)
            """, body)
    }
}

@Suite struct StatisticsSQLiteTests {
    @Test func viewsHaveTheDocumentedColumns() async throws { try await StatisticsFixture.reportingHost(.sqlite, StatisticsChecks.viewsHaveTheDocumentedColumns) }
    @Test func figuresAreRecomputedFromTheRecords() async throws { try await StatisticsFixture.reportingHost(.sqlite, StatisticsChecks.figuresAreRecomputedFromTheRecords) }
    @Test func apiRolesAndParameters() async throws { try await StatisticsFixture.reportingHost(.sqlite, StatisticsChecks.apiRolesAndParameters) }
    @Test func promotionFromTheEventsViews() async throws { try await StatisticsChecks.promotionHost(.sqlite, StatisticsChecks.promotionFromTheEventsViews) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct StatisticsPostgreSQLTests {
    @Test func viewsHaveTheDocumentedColumns() async throws { try await StatisticsFixture.reportingHost(.postgresql, StatisticsChecks.viewsHaveTheDocumentedColumns) }
    @Test func figuresAreRecomputedFromTheRecords() async throws { try await StatisticsFixture.reportingHost(.postgresql, StatisticsChecks.figuresAreRecomputedFromTheRecords) }
    @Test func apiRolesAndParameters() async throws { try await StatisticsFixture.reportingHost(.postgresql, StatisticsChecks.apiRolesAndParameters) }
    @Test func promotionFromTheEventsViews() async throws { try await StatisticsChecks.promotionHost(.postgresql, StatisticsChecks.promotionFromTheEventsViews) }
}
