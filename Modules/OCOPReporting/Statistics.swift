import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Where and when statistics are taken.
public struct StatisticsScope: Sendable, Equatable {
    /// A 2025 province code, or nil for every province the host holds.
    public var provinceCode: String?
    /// The day standings are taken on (`YYYY-MM-DD`).
    public var asOf: String
    /// The calendar year of year-bound tables (expiry months, promotion); defaults to `asOf`'s year.
    public var year: Int

    public init(provinceCode: String? = nil, asOf: String, year: Int? = nil) {
        self.provinceCode = provinceCode
        self.asOf = asOf
        self.year = year ?? Int(asOf.prefix(4)) ?? 0
    }
}

/// The statistics of issue point 6, each a `StatTable` computed from the registry's facts views
/// (`RegistryViews`) and, when `ocop.events` keeps them, the promotion views (`PromotionViews`).
///
/// A product's standing on a day is its latest ledger row decided on or before the day (ties: the
/// later recorded row), when that row grants stars (not revoked or withdrawn) and is valid then
/// (`valid_until` on or after the day). A `potential_5` standing is counted apart from 4★.
public struct Statistics: Sendable {
    public struct Entry: Sendable, Equatable, Codable {
        public var id: String
        public var title: String
        public var definition: String
    }

    /// Every table, in the order a province report lists them.
    public static let catalogue: [Entry] = StatisticsCatalogue.entries

    /// Star buckets, as every star-split table names its columns.
    public static let bucketColumns: [StatTable.Column] = [
        .init("stars_3", title: "3 sao", kind: .integer), .init("stars_4", title: "4 sao", kind: .integer),
        .init("potential_5", title: "Tiềm năng 5 sao", kind: .integer), .init("stars_5", title: "5 sao", kind: .integer),
        .init("total", title: "Tổng", kind: .integer),
    ]

    let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    /// One table of the catalogue. Unknown ids are a `DomainError.notFound`.
    public func table(_ id: String, scope: StatisticsScope, on db: any SQLDatabase) async throws -> StatTable {
        guard let entry = Self.catalogue.first(where: { $0.id == id }) else {
            throw DomainError.notFound("No statistic '\(id)'; see GET /api/v1/reports/statistics for the catalogue.")
        }
        let queriedAt = now().formatted(.iso8601)
        let query = StatisticsQuery(scope: scope, db: db)
        var table = try await query.compute(entry.id)
        table.id = entry.id
        table.title = entry.title
        if table.definition.isEmpty { table.definition = entry.definition }
        table.asOf = scope.asOf
        table.queriedAt = queriedAt
        return table
    }

    /// Every table of the catalogue for one scope (a province's report; the workbook's sheets).
    public func provinceReport(scope: StatisticsScope, on db: any SQLDatabase) async throws -> [StatTable] {
        var tables: [StatTable] = []
        for entry in Self.catalogue { tables.append(try await table(entry.id, scope: scope, on: db)) }
        return tables
    }
}

/// Star counts of one group.
struct StarBuckets: Sendable, Equatable, Codable {
    var stars3: Int64 = 0
    var stars4: Int64 = 0
    var potential5: Int64 = 0
    var stars5: Int64 = 0

    var total: Int64 { stars3 + stars4 + potential5 + stars5 }

    /// `bucket` as the standing queries name it: `3`, `4`, `p5`, `5`.
    mutating func add(_ bucket: String, _ n: Int64) {
        switch bucket {
        case "3": stars3 += n
        case "4": stars4 += n
        case "p5": potential5 += n
        case "5": stars5 += n
        default: break
        }
    }

    mutating func add(_ other: StarBuckets) {
        stars3 += other.stars3
        stars4 += other.stars4
        potential5 += other.potential5
        stars5 += other.stars5
    }

    var cells: [StatTable.Cell] { [.integer(stars3), .integer(stars4), .integer(potential5), .integer(stars5), .integer(total)] }
}

/// The SQL behind the tables: read-only queries over the facts views.
struct StatisticsQuery: Sendable {
    let scope: StatisticsScope
    let db: any SQLDatabase

    static let bucket = "CASE WHEN st.decision = 'potential_5' THEN 'p5' ELSE CAST(st.stars AS TEXT) END"

    /// The standing of every product of the scope on `asOf` (`st`: product_id, stars, decision,
    /// decided_on, valid_until), as a `WITH` clause.
    var standingCTE: SQLQueryString {
        var ranked: SQLQueryString = """
            WITH ranked AS (SELECT c.product_id, c.stars, c.decision, c.decided_on, c.valid_until, \
            ROW_NUMBER() OVER (PARTITION BY c.product_id ORDER BY c.decided_on DESC, c.certification_id DESC) AS rn \
            FROM \(unsafeRaw: RegistryViews.certifications) c WHERE c.decided_on <= \(bind: scope.asOf)
            """
        if let province = scope.provinceCode {
            ranked = ranked + " AND c.product_id IN (SELECT product_id FROM \(unsafeRaw: RegistryViews.products) WHERE province_code = \(bind: province))"
        }
        return ranked + """
            ), st AS (SELECT product_id, stars, decision, decided_on, valid_until FROM ranked WHERE rn = 1 \
            AND decision NOT IN ('revoked', 'withdrawn') AND valid_until >= \(bind: scope.asOf) AND stars >= 3) 
            """
    }

    /// Products standing on the day, grouped by `key` (SQL over `p` products and `s` subjects) and star bucket.
    func standing(by key: String) async throws -> [(key: String?, buckets: StarBuckets)] {
        let query = standingCTE + """
            SELECT \(unsafeRaw: key) AS k, \(unsafeRaw: Self.bucket) AS b, COUNT(*) AS n FROM st \
            JOIN \(unsafeRaw: RegistryViews.products) p ON p.product_id = st.product_id \
            LEFT JOIN \(unsafeRaw: RegistryViews.subjects) s ON s.subject_id = p.subject_id \
            GROUP BY 1, 2
            """
        var grouped: [String?: StarBuckets] = [:]
        var order: [String?] = []
        for row in try await db.raw(query).all() {
            let k = try row.decode(column: "k", as: String?.self)
            if grouped[k] == nil { order.append(k); grouped[k] = StarBuckets() }
            grouped[k]?.add(try row.decode(column: "b", as: String.self), try row.decode(column: "n", as: Int64.self))
        }
        return order.map { ($0, grouped[$0] ?? StarBuckets()) }
    }

    /// Subjects with at least one product standing on the day, by legal form.
    func subjectsByLegalForm() async throws -> [String: Int64] {
        let query = standingCTE + """
            SELECT s.legal_form AS k, COUNT(DISTINCT p.subject_id) AS n FROM st \
            JOIN \(unsafeRaw: RegistryViews.products) p ON p.product_id = st.product_id \
            JOIN \(unsafeRaw: RegistryViews.subjects) s ON s.subject_id = p.subject_id GROUP BY s.legal_form
            """
        var out: [String: Int64] = [:]
        for row in try await db.raw(query).all() { out[try row.decode(column: "k", as: String.self)] = try row.decode(column: "n", as: Int64.self) }
        return out
    }

    /// Decisions that recognised stars (`recognised`, `potential_5`) on or before the day, by year decided.
    func recognitionsByYear() async throws -> [(key: String?, buckets: StarBuckets)] {
        var query: SQLQueryString = """
            SELECT SUBSTR(st.decided_on, 1, 4) AS k, \(unsafeRaw: Self.bucket) AS b, COUNT(*) AS n \
            FROM \(unsafeRaw: RegistryViews.certifications) st JOIN \(unsafeRaw: RegistryViews.products) p ON p.product_id = st.product_id \
            WHERE st.decided_on <= \(bind: scope.asOf) AND st.decision IN ('recognised', 'potential_5') AND st.stars >= 3
            """
        if let province = scope.provinceCode { query = query + " AND p.province_code = \(bind: province)" }
        query = query + " GROUP BY SUBSTR(st.decided_on, 1, 4), \(unsafeRaw: Self.bucket)"
        return try await grouped(query)
    }

    /// Products whose latest decision by the day grants stars and runs out in `year`, by month.
    func expiriesByMonth() async throws -> [(key: String?, buckets: StarBuckets)] {
        var ranked: SQLQueryString = """
            WITH ranked AS (SELECT c.product_id, c.stars, c.decision, c.valid_until, \
            ROW_NUMBER() OVER (PARTITION BY c.product_id ORDER BY c.decided_on DESC, c.certification_id DESC) AS rn \
            FROM \(unsafeRaw: RegistryViews.certifications) c WHERE c.decided_on <= \(bind: scope.asOf)
            """
        if let province = scope.provinceCode {
            ranked = ranked + " AND c.product_id IN (SELECT product_id FROM \(unsafeRaw: RegistryViews.products) WHERE province_code = \(bind: province))"
        }
        let query = ranked + """
            ) SELECT SUBSTR(st.valid_until, 1, 7) AS k, \(unsafeRaw: Self.bucket) AS b, COUNT(*) AS n FROM ranked st \
            WHERE st.rn = 1 AND st.decision NOT IN ('revoked', 'withdrawn') AND st.stars >= 3 \
            AND st.valid_until >= \(bind: "\(scope.year)-01-01") AND st.valid_until <= \(bind: "\(scope.year)-12-31") \
            GROUP BY SUBSTR(st.valid_until, 1, 7), \(unsafeRaw: Self.bucket)
            """
        return try await grouped(query)
    }

    private func grouped(_ query: SQLQueryString) async throws -> [(key: String?, buckets: StarBuckets)] {
        var grouped: [String?: StarBuckets] = [:]
        var order: [String?] = []
        for row in try await db.raw(query).all() {
            let k = try row.decode(column: "k", as: String?.self)
            if grouped[k] == nil { order.append(k); grouped[k] = StarBuckets() }
            grouped[k]?.add(try row.decode(column: "b", as: String.self), try row.decode(column: "n", as: Int64.self))
        }
        return order.map { ($0, grouped[$0] ?? StarBuckets()) }
    }

    /// Whether a view exists (the promotion views only when `ocop.events` is enabled and migrated).
    static func viewExists(_ name: String, on db: any SQLDatabase) async throws -> Bool {
        let query: SQLQueryString = db.dialect.name == "sqlite"
            ? "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'view' AND name = \(bind: name)"
            : "SELECT COUNT(*) AS n FROM information_schema.views WHERE table_name = \(bind: name) AND table_schema = ANY (current_schemas(false))"
        return (try await db.raw(query).first()?.decode(column: "n", as: Int64.self) ?? 0) > 0
    }

    /// The last day of `year` the promotion tables count: the year's end, or the day figures are taken on.
    var promotionWindow: (from: String, to: String) {
        let end = "\(scope.year)-12-31"
        return ("\(scope.year)-01-01", min(end, scope.asOf))
    }

    /// Per province: products standing on the day, and those of them shown at an event that started in the window.
    func promotionCoverage() async throws -> [(province: String, certified: Int64, shown: Int64)] {
        let window = promotionWindow
        let query = standingCTE + """
            SELECT p.province_code AS k, COUNT(*) AS n, SUM(CASE WHEN EXISTS (SELECT 1 FROM \(unsafeRaw: PromotionViews.eventProducts) e \
            WHERE e.product_id = st.product_id AND e.starts_on >= \(bind: window.from) AND e.starts_on <= \(bind: window.to)) \
            THEN 1 ELSE 0 END) AS shown FROM st JOIN \(unsafeRaw: RegistryViews.products) p ON p.product_id = st.product_id \
            GROUP BY p.province_code
            """
        return try await db.raw(query).all().map { row in
            (try row.decode(column: "k", as: String.self), try row.decode(column: "n", as: Int64.self),
             try row.decode(column: "shown", as: Int64?.self) ?? 0)
        }
    }

    struct KindFigures: Sendable, Equatable, Codable {
        var events: Int64 = 0
        var closed: Int64 = 0
        var visitors: Int64 = 0
        var revenueTotal: Int64 = 0
        var revenueOCOP: Int64 = 0
        var orders: Int64 = 0

        enum CodingKeys: String, CodingKey {
            case events, closed, visitors, orders
            case revenueTotal = "revenue_total"
            case revenueOCOP = "revenue_ocop"
        }

        mutating func add(_ o: KindFigures) {
            events += o.events
            closed += o.closed
            visitors += o.visitors
            revenueTotal += o.revenueTotal
            revenueOCOP += o.revenueOCOP
            orders += o.orders
        }
    }

    /// Events (not cancelled) that started in the window, by kind.
    func eventsByKind() async throws -> [String: KindFigures] {
        let window = promotionWindow
        var query: SQLQueryString = """
            SELECT kind AS k, COUNT(*) AS events, SUM(CASE WHEN state = 'closed' THEN 1 ELSE 0 END) AS closed, \
            CAST(SUM(visitors) AS BIGINT) AS visitors, CAST(SUM(revenue_total) AS BIGINT) AS revenue_total, \
            CAST(SUM(revenue_ocop) AS BIGINT) AS revenue_ocop, CAST(SUM(orders) AS BIGINT) AS orders \
            FROM \(unsafeRaw: PromotionViews.events) WHERE state <> 'cancelled' \
            AND starts_on >= \(bind: window.from) AND starts_on <= \(bind: window.to)
            """
        if let province = scope.provinceCode { query = query + " AND province_code = \(bind: province)" }
        query = query + " GROUP BY kind"
        var out: [String: KindFigures] = [:]
        for row in try await db.raw(query).all() {
            out[try row.decode(column: "k", as: String.self)] = KindFigures(
                events: try row.decode(column: "events", as: Int64.self), closed: try row.decode(column: "closed", as: Int64?.self) ?? 0,
                visitors: try row.decode(column: "visitors", as: Int64?.self) ?? 0,
                revenueTotal: try row.decode(column: "revenue_total", as: Int64?.self) ?? 0,
                revenueOCOP: try row.decode(column: "revenue_ocop", as: Int64?.self) ?? 0,
                orders: try row.decode(column: "orders", as: Int64?.self) ?? 0)
        }
        return out
    }
}
