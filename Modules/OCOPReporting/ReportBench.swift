import ArgumentParser
import Crypto
import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

extension ReportCommand {
    /// Ten times the nation on the configured (empty) database, then the national summary (what a
    /// bundle export computes, signed) timed beside the same aggregates as raw SQL on the engine.
    struct ReportBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Benchmark the national summary against the same aggregate in raw SQL (use an empty database).")
        @OptionGroup var options: ConfigOptions
        @Option(help: "Products to generate (10× the nation: 150000).") var products: Int = 150_000
        @Option(help: "Certification ledger rows (at least one per product).") var certifications: Int = 1_000_000
        @Option(help: "Promotion events (only when ocop.events is enabled).") var events: Int = 20_000
        @Option(help: "Timed repetitions of each side (median reported).") var runs: Int = 3
        @Option(help: "Random seed.") var seed: UInt64 = 7
        @Option(help: "Province of the workbook export.") var province: String = "01"
        @Flag(help: "One JSON line instead of text.") var json = false

        func validate() throws {
            guard (100...2_000_000).contains(products) else { throw ValidationError("--products must be from 100 to 2000000") }
            guard certifications >= products, certifications <= 20_000_000 else { throw ValidationError("--certifications must be from --products to 20000000") }
            guard (0...1_000_000).contains(events) else { throw ValidationError("--events must be from 0 to 1000000") }
            guard (1...20).contains(runs) else { throw ValidationError("--runs must be from 1 to 20") }
            guard RollupConfig.province(province) != nil else { throw ValidationError("--province: expected a 2025 province code such as 01") }
        }

        struct Figures: Encodable, Sendable {
            var engine: String
            var products: Int
            var subjects: Int
            var certifications: Int
            var events: Int
            var eventsNote: String
            var loadMs: Double
            var asOf: String
            var summaryMs: Double
            var rawSQLMs: Double
            var ratio: Double
            var met: Bool
            var agree: Bool
            var standing: Int64
            var bundleBytes: Int
            var workbookMs: Double?
            var workbookBytes: Int?
            var workbookProvince: String?

            enum CodingKeys: String, CodingKey {
                case engine, products, subjects, certifications, events, ratio, met, agree, standing
                case eventsNote = "events_note", loadMs = "load_ms", asOf = "as_of", summaryMs = "summary_ms", rawSQLMs = "raw_sql_ms"
                case bundleBytes = "bundle_bytes", workbookMs = "workbook_ms", workbookBytes = "workbook_bytes", workbookProvince = "workbook_province"
            }
        }

        func run() async throws {
            let (p, c, e, r, s, province) = (products, certifications, events, runs, seed, self.province)
            let figures = try await PluginCommands.withContext(options, label: "ocop.reporting") { context in
                try await Self.measure(context: context, products: p, certifications: c, events: e, runs: r, seed: s, province: province)
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(figures), as: UTF8.self))
                return
            }
            let workbook = figures.workbookMs.map { ms in
                "province \(figures.workbookProvince ?? "") workbook (every statistic + targets, XLSX): \(Self.ms(ms)), \(figures.workbookBytes ?? 0) bytes"
            } ?? "workbook: not measured (no workbook export in this build)"
            print("""
                reporting bench on \(figures.engine): \(figures.products) products, \(figures.subjects) subjects, \(figures.certifications) ledger rows, \(figures.events) events
                  fixtures bulk-inserted into the registry's (and events') tables by bench code: \(Self.ms(figures.loadMs)); \(figures.eventsNote)
                  national summary as of \(figures.asOf) (bundle export's computation, signed, \(figures.bundleBytes) bytes): \(Self.ms(figures.summaryMs)) (median of runs)
                  the same aggregates in raw SQL: \(Self.ms(figures.rawSQLMs)) → \(String(format: "%.2f", figures.ratio))× (bar: within 1.5×) \(figures.met ? "MET" : "MISSED"); figures \(figures.agree ? "agree" : "DIFFER"); \(figures.standing) products standing
                  \(workbook)
                """)
            if !figures.agree { throw ExitCode(1) }
        }

        static func ms(_ value: Double) -> String { String(format: "%.0f ms", value) }

        static func elapsed(_ start: ContinuousClock.Instant) -> Double {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        }

        static func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }

        static func measure(context: PluginContext, products: Int, certifications: Int, events: Int, runs: Int, seed: UInt64,
                            province: String) async throws -> Figures {
            let store = context.database
            let sql = store.sql
            let existing = try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: RegistryViews.products)").first()?.decode(column: "n", as: Int64.self) ?? 0
            guard existing == 0 else { throw PluginCommands.fail(["ocop report bench: the database already holds \(existing) product(s); use an empty one"]) }
            let asOf = ProgrammeCalendar.today()
            let loadStart = ContinuousClock.now
            let generated = try await BenchFixtures.load(store: store, products: products, certifications: certifications, asOf: asOf, seed: seed)
            var eventCount = 0
            var eventsNote: String
            if try await StatisticsQuery.viewExists(PromotionViews.events, on: sql) {
                eventCount = try await BenchFixtures.loadEvents(store: store, count: events, asOf: asOf, seed: seed)
                eventsNote = "\(eventCount) events with one result row each in ocop.events' tables"
            } else {
                eventsNote = "events skipped: ocop.events is not enabled (or its views are not created) on this host"
            }
            let loadMs = elapsed(loadStart)
            if store.engine == .postgresql { try await sql.raw("ANALYZE").run() }

            // Warm both sides once, then alternate the timed runs.
            let key = Curve25519.Signing.PrivateKey()
            @Sendable func summary() async throws -> (RollupSummary, Int) {
                let summary = try await RollupSummary.compute(province: nil, asOf: asOf, on: sql)
                var bundle = RollupBundle(format: RollupBundle.formatName, formatVersion: RollupBundle.formatVersion, provinceCode: province,
                                          asOf: asOf, generatedAt: Date().formatted(.iso8601), sequence: 1, publicKey: "", summary: summary, signature: nil)
                try bundle.sign(with: key)
                return (summary, try bundle.fileBytes().count)
            }
            var (engineSummary, bundleBytes) = try await summary()
            var raw = try await RawAggregate.run(asOf: asOf, events: eventCount > 0 || engineSummary.eventsByKind != nil, on: sql)
            var summaryTimes: [Double] = [], rawTimes: [Double] = []
            for _ in 0..<runs {
                var start = ContinuousClock.now
                (engineSummary, bundleBytes) = try await summary()
                summaryTimes.append(elapsed(start))
                start = ContinuousClock.now
                raw = try await RawAggregate.run(asOf: asOf, events: engineSummary.eventsByKind != nil, on: sql)
                rawTimes.append(elapsed(start))
            }
            let agree = raw.agrees(with: engineSummary)
            let summaryMs = median(summaryTimes), rawMs = median(rawTimes)

            var workbookMs: Double?, workbookBytes: Int?
            if let catalogue = context.services.resolve(TargetsCatalogue.self) {
                let start = ContinuousClock.now
                let query = ReportQuery(province: province, year: nil, asOf: asOf)
                let tables = try await workbookTables(catalogue: catalogue, query: query, on: sql)
                workbookBytes = try WorkbookWriter.data(tables, title: workbookTitle(query)).count
                workbookMs = elapsed(start)
            }
            let ratio = rawMs > 0 ? summaryMs / rawMs : 0
            return Figures(engine: store.engine.rawValue, products: products, subjects: generated.subjects, certifications: certifications,
                           events: eventCount, eventsNote: eventsNote, loadMs: loadMs, asOf: asOf, summaryMs: summaryMs, rawSQLMs: rawMs,
                           ratio: ratio, met: ratio <= 1.5, agree: agree, standing: engineSummary.stars.total, bundleBytes: bundleBytes,
                           workbookMs: workbookMs, workbookBytes: workbookBytes, workbookProvince: workbookMs == nil ? nil : province)
        }
    }
}

/// The national summary's figures written as plain SQL statements, run and read with no
/// reporting code: the anchor the summary is measured against (and checked with).
struct RawAggregate: Sendable {
    var products: [String: Int64] = [:]
    var subjects: [String: Int64] = [:]
    var years: [String: Int64] = [:]
    var events: [String: [Int64]]?

    static func run(asOf: String, events includeEvents: Bool, on db: any SQLDatabase) async throws -> RawAggregate {
        let latest: SQLQueryString = """
            WITH r AS (SELECT product_id, stars, decision, valid_until, ROW_NUMBER() OVER (PARTITION BY product_id \
            ORDER BY decided_on DESC, certification_id DESC) AS rn FROM \(unsafeRaw: RegistryViews.certifications) WHERE decided_on <= \(bind: asOf)) 
            """
        let standing = " FROM r JOIN \(RegistryViews.products) p ON p.product_id = r.product_id JOIN \(RegistryViews.subjects) s ON s.subject_id = p.subject_id "
            + "WHERE r.rn = 1 AND r.decision NOT IN ('revoked', 'withdrawn') AND r.stars >= 3 AND r.valid_until >= "
        var out = RawAggregate()
        for row in try await db.raw(latest + """
            SELECT p.sector AS sector, s.legal_form AS legal_form, CASE WHEN r.decision = 'potential_5' THEN 'p5' ELSE CAST(r.stars AS TEXT) END AS b, \
            COUNT(*) AS n\(unsafeRaw: standing)\(bind: asOf) GROUP BY 1, 2, 3
            """).all() {
            out.products["\(try row.decode(column: "sector", as: Int.self))|\(try row.decode(column: "legal_form", as: String.self))|\(try row.decode(column: "b", as: String.self))"] =
                try row.decode(column: "n", as: Int64.self)
        }
        for row in try await db.raw(latest + "SELECT s.legal_form AS legal_form, COUNT(DISTINCT p.subject_id) AS n\(unsafeRaw: standing)\(bind: asOf) GROUP BY 1").all() {
            out.subjects[try row.decode(column: "legal_form", as: String.self)] = try row.decode(column: "n", as: Int64.self)
        }
        for row in try await db.raw("""
            SELECT SUBSTR(decided_on, 1, 4) AS y, COUNT(*) AS n FROM \(unsafeRaw: RegistryViews.certifications) \
            WHERE decided_on <= \(bind: asOf) AND decision IN ('recognised', 'potential_5') AND stars >= 3 GROUP BY 1
            """).all() {
            out.years[try row.decode(column: "y", as: String.self)] = try row.decode(column: "n", as: Int64.self)
        }
        if includeEvents {
            var events: [String: [Int64]] = [:]
            for row in try await db.raw("""
                SELECT kind, COUNT(*) AS n, CAST(SUM(revenue_total) AS BIGINT) AS revenue FROM \(unsafeRaw: PromotionViews.events) \
                WHERE state <> 'cancelled' AND starts_on >= \(bind: "\(asOf.prefix(4))-01-01") AND starts_on <= \(bind: asOf) GROUP BY kind
                """).all() {
                events[try row.decode(column: "kind", as: String.self)] = [try row.decode(column: "n", as: Int64.self), try row.decode(column: "revenue", as: Int64.self)]
            }
            out.events = events
        }
        return out
    }

    func agrees(with summary: RollupSummary) -> Bool {
        var cells: [String: Int64] = [:]
        for c in summary.products {
            for (bucket, n) in [("3", c.stars3), ("4", c.stars4), ("p5", c.potential5), ("5", c.stars5)] where n > 0 {
                cells["\(c.sector)|\(c.legalForm)|\(bucket)"] = n
            }
        }
        let years = summary.certificatesByYear.mapValues(\.total)
        let events = summary.eventsByKind?.mapValues { [$0.events, $0.revenueTotal] }
        return cells == products && summary.subjectsByLegalForm == subjects && years == self.years && events == self.events
    }
}

/// Generated registry data in realistic proportions (ocop-rules.md §8), bulk-inserted by the
/// bench straight into the registry's tables: fixtures, not the registry's write path.
enum BenchFixtures {
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// Day numbers from 2015-01-01 to 2032-12-31 as `YYYY-MM-DD`.
    static let days: [String] = {
        var out: [String] = []
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var date = calendar.date(from: DateComponents(year: 2015, month: 1, day: 1, hour: 12))!
        let end = calendar.date(from: DateComponents(year: 2032, month: 12, day: 31, hour: 12))!
        while date <= end {
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            out.append(String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!))
            date = calendar.date(byAdding: .day, value: 1, to: date)!
        }
        return out
    }()

    static func pick<T>(_ weighted: [(T, Double)], _ u: Double) -> T {
        var acc = 0.0
        for (value, weight) in weighted {
            acc += weight
            if u < acc { return value }
        }
        return weighted[weighted.count - 1].0
    }

    static func load(store: any SQLStore, products: Int, certifications: Int, asOf: String, seed: UInt64) async throws -> (subjects: Int, ledger: Int) {
        let units = try AdminUnits.shared
        var places: [(legacy: String, commune: String, province: String)] = []
        for oldProvince in units.legacyProvinces {
            for district in units.legacyDistricts(in: oldProvince.code) {
                for commune in units.legacyCommunes(in: district.code) {
                    if let current = units.currentCommunes(forLegacy: commune.code)?.default {
                        places.append((commune.code.rawValue, current.code.rawValue, current.provinceCode.rawValue))
                    }
                }
            }
        }
        guard !places.isEmpty, let today = days.firstIndex(of: asOf) else { throw PluginCommands.fail(["ocop report bench: no administrative units or date table"]) }
        var random = Random(state: seed)
        let now = Date().formatted(.iso8601)
        // 14,642 products from 8,086 subjects: 0.55 subjects per product.
        let subjectCount = max(1, Int((Double(products) * 8086 / 14642).rounded()))
        let forms: [(String, Double)] = [("hop_tac_xa", 0.327), ("doanh_nghiep", 0.241), ("ho_kinh_doanh", 0.427), ("to_hop_tac", 0.005)]
        var subjectPlace: [Int] = []
        subjectPlace.reserveCapacity(subjectCount)
        for start in stride(from: 0, to: subjectCount, by: 5000) {
            var rows: [[BulkValue]] = []
            for id in start..<min(subjectCount, start + 5000) {
                let place = random.below(places.count)
                subjectPlace.append(place)
                let p = places[place]
                let name = "Chủ thể OCOP số \(id + 1)"
                rows.append([.integer(Int64(id + 1)), .text(p.province), .text(p.commune), .text(p.legacy), .text(pick(forms, random.unit())),
                             .text(String(format: "B%09d", id + 1)), .text(name), .text(VietnameseText.fold(name)), .text(VietnameseText.collationKey(name)),
                             .text(""), .integer(1), .text(now), .text(now)])
            }
            let subjectRows = rows
            try await store.transaction { db in
                try await store.bulkInsert(into: "registry_subjects", columns: [
                    "id", "province_code", "commune_code", "legacy_commune_code", "legal_form", "registration_number", "name", "name_folded",
                    "name_collation", "sales_channels", "version", "created_at", "updated_at",
                ], rows: subjectRows, on: db)
            }
        }
        // Food 65–85 % of products; the rest spread over the other sectors.
        let sectors: [(Sector, Double)] = [(.food, 0.70), (.drinks, 0.08), (.herbal, 0.07), (.handicraft, 0.10), (.ornamentals, 0.03), (.ruralTourism, 0.02)]
        // Final standings: ≈ 73 % 3★, 24 % 4★, ~1 % potential 5★, 51 of 14,642 at 5★ (of those standing).
        let finals: [(String, Double)] = [("3", 0.73), ("4", 0.2565), ("p5", 0.01), ("5", 0.0035)]
        let extra = certifications - products * (certifications / products)
        let base = certifications / products
        var ledger = 0
        for start in stride(from: 0, to: products, by: 5000) {
            var productRows: [[BulkValue]] = []
            var ledgerRows: [[BulkValue]] = []
            for index in start..<min(products, start + 5000) {
                let id = Int64(index + 1)
                let subject = index * subjectCount / products
                let p = places[subjectPlace[subject]]
                let sector = pick(sectors, random.unit())
                let sets = sector.productSets
                let set = sets[random.below(sets.count)]
                let name = "Sản phẩm OCOP số \(id)"
                // The ledger: first decision 2018–2020, renewals and changes after, the last one deciding the standing.
                let count = base + (index < extra ? 1 : 0)
                let ending = random.unit()
                // 85 % decided within the last three years (valid), the rest expired, revoked or withdrawn.
                let lastDay = ending < 0.85 ? today - random.below(1090) : today - 1100 - random.below(400)
                var day = max(0, min(lastDay - 30 * count, days.firstIndex(of: "2018-06-01")! + random.below(700)))
                let step = max(1, (lastDay - day) / max(1, count - 1))
                let final = pick(finals, random.unit())
                var stars: Int?
                for k in 0..<count {
                    let last = k == count - 1
                    let decided = last ? lastDay : min(day, lastDay)
                    var decision = "recognised"
                    var s = 3 + random.below(2)
                    if last {
                        s = final == "5" ? 5 : final == "3" ? 3 : 4
                        decision = final == "p5" ? "potential_5" : "recognised"
                        let fate = random.unit()
                        if ending >= 0.85 && fate < 0.2 { decision = "revoked" } else if ending >= 0.85 && fate < 0.3 { decision = "withdrawn" }
                    }
                    let validUntil = days[min(days.count - 1, decided + 1096)]
                    let act = LegalAct.inForce(on: days[decided]) ?? .decision490
                    ledgerRows.append([.integer(id), .integer(Int64(s)), .text("GCN-\(id)-\(k + 1)"), .text(days[decided]), .text(validUntil),
                                       .text("bench"), .text(now), .text(decision), .text("day"),
                                       .text(IssuingLevel.recognising(stars: s, under: act).rawValue), .text(act.rawValue)])
                    if last, decision != "revoked", decision != "withdrawn", decided + 1096 >= today { stars = s }
                    day += step
                }
                ledger += count
                productRows.append([.integer(id), .integer(Int64(subject + 1)), .text(p.province), .text(p.commune), .text(p.legacy), .text(name),
                                    .text(VietnameseText.fold(name)), .text(VietnameseText.collationKey(name)), .text(name.lowercased()),
                                    .integer(Int64(set.code)), .text(set.group.code), .integer(Int64(sector.code)), .text("active"),
                                    stars.map { .integer(Int64($0)) } ?? .null, .integer(1), .text(now), .text(now)])
            }
            let batch = productRows
            try await store.transaction { db in
                try await store.bulkInsert(into: "registry_products", columns: [
                    "id", "subject_id", "province_code", "commune_code", "legacy_commune_code", "name", "name_folded", "name_collation", "name_key",
                    "product_set", "product_group", "sector", "status", "current_stars", "version", "created_at", "updated_at",
                ], rows: batch, on: db)
            }
            for chunk in stride(from: 0, to: ledgerRows.count, by: 10_000) {
                let part = Array(ledgerRows[chunk..<min(ledgerRows.count, chunk + 10_000)])
                try await store.transaction { db in
                    try await store.bulkInsert(into: "registry_certifications", columns: [
                        "product_id", "stars", "certificate_number", "decided_on", "valid_until", "source", "recorded_at", "decision", "date_precision",
                        "issuing_level", "legal_act",
                    ], rows: part, on: db)
                }
            }
        }
        return (subjectCount, ledger)
    }

    /// Events of the as-of year (and some of the year before), each with one result row, in ocop.events' tables.
    static func loadEvents(store: any SQLStore, count: Int, asOf: String, seed: UInt64) async throws -> Int {
        guard count > 0, let today = days.firstIndex(of: asOf), let yearStart = days.firstIndex(of: "\(asOf.prefix(4))-01-01") else { return 0 }
        var random = Random(state: seed &+ 99)
        let now = Date().formatted(.iso8601)
        let kinds: [(String, Double)] = [("fair", 0.25), ("festival", 0.1), ("product-week", 0.2), ("livestream", 0.35), ("exhibition", 0.05), ("periodic-market", 0.05)]
        let provinces = try AdminUnits.shared.provinces.map(\.code.rawValue)
        for start in stride(from: 0, to: count, by: 5000) {
            var events: [[BulkValue]] = []
            var results: [[BulkValue]] = []
            for index in start..<min(count, start + 5000) {
                let id = Int64(index + 1)
                let kind = pick(kinds, random.unit())
                let day = random.unit() < 0.8 ? yearStart + random.below(max(1, today - yearStart + 1)) : yearStart - 1 - random.below(300)
                let state = random.unit() < 0.05 ? "cancelled" : day + 3 <= today ? "closed" : "open"
                let title = "Sự kiện xúc tiến OCOP số \(id)"
                events.append([.integer(id), .text(kind), .text(title), .text(VietnameseText.fold(title)), .text("Sở Nông nghiệp và Môi trường"),
                               .text(provinces[random.below(provinces.count)]), .text(days[day]), .text(days[min(days.count - 1, day + 3)]),
                               .integer(50), .text(""), .text("[]"), .text("{}"), .text(state), .text(now), .text(now)])
                let visitors = Int64(1000 + random.below(50_000))
                let revenue = Int64(random.below(20_000)) * 1_000_000
                results.append([.integer(id), .text("bench"), .integer(visitors), .integer(Int64(random.below(5000))), .integer(revenue),
                                .integer(revenue * 6 / 10), .text("{}"), .text(now)])
            }
            let (eventRows, resultRows) = (events, results)
            try await store.transaction { db in
                try await store.bulkInsert(into: "events_events", columns: [
                    "id", "kind", "title", "title_folded", "organiser", "province_code", "starts_on", "ends_on", "booth_capacity",
                    "participating_provinces", "eligibility", "fields", "state", "created_at", "updated_at",
                ], rows: eventRows, on: db)
                try await store.bulkInsert(into: "events_results", columns: [
                    "event_id", "row_key", "visitors", "orders", "revenue_total", "revenue_ocop", "fields", "entered_at",
                ], rows: resultRows, on: db)
            }
        }
        return count
    }
}
