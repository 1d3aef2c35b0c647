import OCOPDomain
import OCOPPluginKit
import SQLKit

/// The indicators reporting itself contributes to `ocop.reporting.indicators`: each one SQL
/// over `RegistryViews` and `PromotionViews` only, with the counts it came from.
///
/// Shared definitions (the same in every indicator, so figures agree with each other):
/// - the **window** of a year is 1 January to the earlier of 31 December and the as-of day;
/// - a product is **certified on a day** when its latest ledger row decided on or before that day
///   grants ≥ 3★ (any decision but `revoked`/`withdrawn`) and is still valid (`valid_until` ≥ day);
///   the registry status is not considered (it is today's, not the day's), as in `Statistics`;
///   figures are taken at the window's end;
/// - a **certified subject** has at least one certified product.
public enum BuiltInIndicators {
    /// Legal forms counted as organised producers (not household businesses).
    static let organisedForms: [LegalForm] = [.cooperative, .cooperativeGroup, .enterprise]
    /// Channels the targets count as modern (OCOPDomain's `SalesChannel.isModern`).
    static let modernChannels = SalesChannel.allCases.filter(\.isModern)

    public static let all: [ReportIndicator] = [
        ReportIndicator(
            id: "products_3plus_added", titleVi: "Sản phẩm đạt 3 sao trở lên mới trong năm",
            titleEn: "Products reaching 3★ or more for the first time in the year",
            definition: "Products of the province whose first ledger row granting ≥ 3★ (not revoked/withdrawn) was decided within the year, up to the as-of day.",
            unit: .count) { scope, db in
                let window = Window(scope)
                let row = try await db.raw("""
                    SELECT COUNT(*) AS n FROM (\(firstReached(scope))) f WHERE f.first_on >= \(bind: window.start) AND f.first_on <= \(bind: window.end)
                    """).first()
                let n = try row?.decode(column: "n", as: Int64.self) ?? 0
                return IndicatorValue(value: Double(n), numerator: n, note: "products first certified ≥ 3★ from \(window.start) to \(window.end)")
            },
        ReportIndicator(
            id: "potential_5_share", titleVi: "Tỷ lệ sản phẩm tiềm năng 5 sao trong số sản phẩm mới",
            titleEn: "Share of potential 5★ among the products added in the year",
            definition: "Of the products counted by products_3plus_added, the share with a ledger row 'potential_5' decided on or before the as-of day.",
            unit: .percent) { scope, db in
                let window = Window(scope)
                let row = try await db.raw("""
                    SELECT COUNT(*) AS total, COUNT(CASE WHEN EXISTS (SELECT 1 FROM \(unsafeRaw: RegistryViews.certifications) c5 \
                    WHERE c5.product_id = f.product_id AND c5.decision = 'potential_5' AND c5.decided_on <= \(bind: window.end)) THEN 1 END) AS part
                    FROM (\(firstReached(scope))) f WHERE f.first_on >= \(bind: window.start) AND f.first_on <= \(bind: window.end)
                    """).first()
                return try share(row, note: "potential 5★ of the products added from \(window.start) to \(window.end)")
            },
        subjectShare(
            id: "subjects_organised_share", titleVi: "Tỷ lệ chủ thể là hợp tác xã, tổ hợp tác, doanh nghiệp",
            titleEn: "Share of subjects that are cooperatives, cooperative groups or enterprises",
            definition: "Of the province's subjects with a certified product on the as-of day, the share whose legal form is cooperative, cooperative group or enterprise.",
            condition: "s.legal_form IN (\(organisedForms.map { "'\($0.rawValue)'" }.joined(separator: ", ")))",
            note: "cooperatives, cooperative groups and enterprises among certified subjects"),
        subjectShare(
            id: "value_chain_share", titleVi: "Tỷ lệ chủ thể tham gia liên kết chuỗi giá trị",
            titleEn: "Share of subjects in value-chain links",
            definition: "Of the province's subjects with a certified product on the as-of day, the share whose value-chain link is recorded (not empty).",
            condition: "s.value_chain IS NOT NULL AND TRIM(s.value_chain) <> ''",
            note: "subjects with a recorded value-chain link among certified subjects"),
        subjectShare(
            id: "modern_channels_share", titleVi: "Tỷ lệ chủ thể bán qua kênh hiện đại",
            titleEn: "Share of subjects selling through modern channels",
            definition: "Of the province's subjects with a certified product on the as-of day, the share selling through at least one modern channel ("
                + modernChannels.map(\.rawValue).joined(separator: ", ") + ").",
            condition: "(" + modernChannels.map { "(',' || s.sales_channels || ',') LIKE '%,\($0.rawValue),%'" }.joined(separator: " OR ") + ")",
            note: "subjects on supermarkets, convenience stores or e-commerce (livestream included) among certified subjects"),
        ReportIndicator(
            id: "products_at_events_share", titleVi: "Tỷ lệ sản phẩm OCOP tham gia xúc tiến thương mại",
            titleEn: "Share of certified products shown at a promotion event in the year",
            definition: "Of the province's products certified on the as-of day, the share shown at ≥ 1 event (not cancelled) starting within the year, up to the as-of day.",
            unit: .percent) { scope, db in
                try await requireViews([PromotionViews.events, PromotionViews.eventProducts], on: db)
                let window = Window(scope)
                let row = try await db.raw("""
                    SELECT COUNT(*) AS total, COUNT(CASE WHEN EXISTS (SELECT 1 FROM \(unsafeRaw: PromotionViews.eventProducts) ep \
                    JOIN \(unsafeRaw: PromotionViews.events) e ON e.event_id = ep.event_id \
                    WHERE ep.product_id = p.product_id AND e.state <> 'cancelled' AND ep.starts_on >= \(bind: window.start) AND ep.starts_on <= \(bind: window.end)) THEN 1 END) AS part
                    FROM \(unsafeRaw: RegistryViews.products) p
                    WHERE p.product_id IN (\(certified(on: window.end)))\(provinceFilter(scope, alias: "p"))
                    """).first()
                return try share(row, note: "certified products shown at an event from \(window.start) to \(window.end)")
            },
        outletsPerDistrict(
            id: "design_centres_per_former_district", kind: "design_centre",
            titleVi: "Trung tâm thiết kế sáng tạo bình quân mỗi huyện cũ", titleEn: "Creative design centres per former district",
            definition: "Design centres of the province open on the as-of day, divided by the number of the province's former (pre-2025) districts.",
            newInYear: false),
        outletsPerDistrict(
            id: "points_of_sale_new_per_former_district", kind: "point_of_sale",
            titleVi: "Điểm giới thiệu và bán sản phẩm OCOP mới bình quân mỗi huyện cũ", titleEn: "New points of sale per former district in the year",
            definition: "Points of sale of the province opened within the year (up to the as-of day), divided by the number of the province's former (pre-2025) districts.",
            newInYear: true),
    ]

    /// The year's window: 1 January to the earlier of 31 December and the as-of day.
    struct Window {
        let start: String
        let end: String
        init(_ scope: IndicatorScope) {
            start = "\(scope.year)-01-01"
            let last = "\(scope.year)-12-31"
            end = min(last, scope.asOf)
        }
    }

    /// Product IDs certified (≥ 3★, valid) on `day`; see the type's comment.
    public static func certified(on day: String) -> SQLQueryString {
        """
        SELECT c.product_id FROM \(unsafeRaw: RegistryViews.certifications) c \
        WHERE c.decided_on <= \(bind: day) AND c.stars >= 3 AND c.decision NOT IN ('revoked', 'withdrawn') AND c.valid_until >= \(bind: day) \
        AND NOT EXISTS (SELECT 1 FROM \(unsafeRaw: RegistryViews.certifications) n WHERE n.product_id = c.product_id AND n.decided_on <= \(bind: day) \
        AND (n.decided_on > c.decided_on OR (n.decided_on = c.decided_on AND n.certification_id > c.certification_id)))
        """
    }

    /// `product_id, first_on`: the day each product of the scope first reached ≥ 3★.
    static func firstReached(_ scope: IndicatorScope) -> SQLQueryString {
        """
        SELECT c.product_id, MIN(c.decided_on) AS first_on FROM \(unsafeRaw: RegistryViews.certifications) c \
        JOIN \(unsafeRaw: RegistryViews.products) p ON p.product_id = c.product_id \
        WHERE c.stars >= 3 AND c.decision NOT IN ('revoked', 'withdrawn')\(provinceFilter(scope, alias: "p")) GROUP BY c.product_id
        """
    }

    static func provinceFilter(_ scope: IndicatorScope, alias: String) -> SQLQueryString {
        guard let province = scope.provinceCode else { return "" }
        return " AND \(unsafeRaw: alias).province_code = \(bind: province)"
    }

    static func share(_ row: (any SQLRow)?, note: String) throws -> IndicatorValue {
        let total = try row?.decode(column: "total", as: Int64.self) ?? 0
        let part = try row?.decode(column: "part", as: Int64.self) ?? 0
        return .percent(part, of: total, note: note)
    }

    static func subjectShare(id: String, titleVi: String, titleEn: String, definition: String, condition: String, note: String) -> ReportIndicator {
        ReportIndicator(id: id, titleVi: titleVi, titleEn: titleEn, definition: definition, unit: .percent) { scope, db in
            let window = Window(scope)
            let row = try await db.raw("""
                SELECT COUNT(*) AS total, COUNT(CASE WHEN \(unsafeRaw: condition) THEN 1 END) AS part
                FROM \(unsafeRaw: RegistryViews.subjects) s
                WHERE s.subject_id IN (SELECT p.subject_id FROM \(unsafeRaw: RegistryViews.products) p WHERE p.product_id IN (\(certified(on: window.end))))\
                \(provinceFilter(scope, alias: "s"))
                """).first()
            return try share(row, note: "\(note) on \(window.end)")
        }
    }

    static func outletsPerDistrict(id: String, kind: String, titleVi: String, titleEn: String, definition: String, newInYear: Bool) -> ReportIndicator {
        ReportIndicator(id: id, titleVi: titleVi, titleEn: titleEn, definition: definition, unit: .count) { scope, db in
            try await requireViews([PromotionViews.outlets], on: db)
            let window = Window(scope)
            let when: SQLQueryString = newInYear
                ? "o.opened_on >= \(bind: window.start) AND o.opened_on <= \(bind: window.end)"
                : "o.opened_on <= \(bind: window.end) AND (o.closed_on IS NULL OR o.closed_on > \(bind: window.end))"
            let rows = try await db.raw("""
                SELECT o.legacy_district_code AS district, COUNT(*) AS n FROM \(unsafeRaw: PromotionViews.outlets) o
                WHERE o.kind = \(bind: kind) AND \(when)\(provinceFilter(scope, alias: "o")) GROUP BY o.legacy_district_code
                """).all()
            var count: Int64 = 0
            var covered = Set<String>()
            for row in rows {
                count += try row.decode(column: "n", as: Int64.self)
                if let district = try row.decode(column: "district", as: String?.self) { covered.insert(district) }
            }
            let districts = try formerDistricts(of: scope.provinceCode)
            let without = districts.subtracting(covered).count
            let value = districts.isEmpty ? 0 : Double(count) / Double(districts.count)
            return IndicatorValue(value: value, numerator: count, denominator: Int64(districts.count),
                                  note: "\(count) over \(districts.count) former districts (\(without) with none) \(newInYear ? "from \(window.start) to" : "open on") \(window.end)")
        }
    }

    /// Codes of the former districts of a 2025 province (of every legacy province merged into
    /// it), or of the whole country.
    public static func formerDistricts(of province: String?) throws -> Set<String> {
        let units = try AdminUnits.shared
        let legacy = units.legacyProvinces.filter { old in
            guard let province else { return true }
            return units.currentProvince(forLegacy: old.code)?.code.rawValue == province
        }
        return Set(legacy.flatMap { units.legacyDistricts(in: $0.code).map(\.code.rawValue) })
    }

    /// Throws `IndicatorUnavailable` when a view is missing (its module is not enabled).
    public static func requireViews(_ names: [String], on db: any SQLDatabase) async throws {
        for name in names where !(try await viewExists(name, on: db)) {
            throw IndicatorUnavailable("the view \(name) is missing: the module that keeps it (ocop.events) is not enabled")
        }
    }

    static func viewExists(_ name: String, on db: any SQLDatabase) async throws -> Bool {
        let query: SQLQueryString = db.dialect.name == "sqlite"
            ? "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'view' AND name = \(bind: name)"
            : "SELECT COUNT(*) AS n FROM information_schema.views WHERE table_schema = current_schema() AND table_name = \(bind: name)"
        return try await db.raw(query).first()?.decode(column: "n", as: Int64.self) ?? 0 > 0
    }
}
