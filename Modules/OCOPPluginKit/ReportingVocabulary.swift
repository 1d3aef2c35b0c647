import SQLKit

/// Read-only SQL views `ocop.registry` keeps, with stable columns: the door reporting (and any
/// plugin computing an indicator) reads the registry through, never its tables. Dates are
/// `YYYY-MM-DD` text.
public enum RegistryViews {
    /// `product_id, subject_id, province_code, commune_code, legacy_commune_code (nullable),
    /// product_set, product_group, sector, active (1|0), registered_on`.
    public static let products = "ocop_facts_products"
    /// `subject_id, province_code, commune_code, legacy_commune_code (nullable), legal_form,
    /// value_chain (nullable text), sales_channels (text), registered_on`.
    public static let subjects = "ocop_facts_subjects"
    /// The certification ledger: `certification_id, product_id, stars, decision ('recognised'|
    /// 'potential_5'|'downgraded'|'revoked'|'withdrawn'), decided_on, valid_until, issuing_level,
    /// legal_act, certificate_number`. A product's standing on a day is its latest row decided on
    /// or before it, if that row grants stars and is still valid then.
    public static let certifications = "ocop_facts_certifications"
}

/// Where plugins add to reporting.
public enum ReportingPoints {
    /// Indicators computed from data, which targets name (`products_3plus_added`, a province's own…).
    public static let indicators = ExtensionPoint<ReportIndicator>(
        "ocop.reporting.indicators", summary: "indicators computed from data, named by targets")
    /// A province's yearly targets, shipped by its plugin.
    public static let targetPacks = ExtensionPoint<TargetPack>(
        "ocop.reporting.target-packs", summary: "a province's yearly targets over named indicators")
}

/// Where and when an indicator is computed.
public struct IndicatorScope: Sendable, Equatable {
    /// A 2025 province code, or nil for every province the host holds.
    public var provinceCode: String?
    /// The programme year (targets are yearly).
    public var year: Int
    /// The day figures are taken on (`YYYY-MM-DD`).
    public var asOf: String

    public init(provinceCode: String?, year: Int, asOf: String) {
        self.provinceCode = provinceCode
        self.year = year
        self.asOf = asOf
    }
}

/// An indicator's value, with the counts it came from so anyone can check it.
public struct IndicatorValue: Sendable, Equatable, Codable {
    public var value: Double
    public var numerator: Int64?
    public var denominator: Int64?
    /// How it was counted, in one sentence (shown beside the figure).
    public var note: String?

    public init(value: Double, numerator: Int64? = nil, denominator: Int64? = nil, note: String? = nil) {
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.note = note
    }

    /// A share in percent; 0 of 0 is reported as 0 % with the counts beside it.
    public static func percent(_ part: Int64, of whole: Int64, note: String? = nil) -> IndicatorValue {
        IndicatorValue(value: whole == 0 ? 0 : Double(part) * 100 / Double(whole), numerator: part, denominator: whole, note: note)
    }
}

/// A figure reporting can compute and a target can name.
public struct ReportIndicator: Sendable, CustomStringConvertible {
    public enum Unit: String, Sendable, Codable { case count, percent }

    /// Stable identifier, e.g. `products_3plus_added` (plugins prefix theirs: `vn.ha-noi.ntm_coverage`).
    public var id: String
    public var titleVi: String
    public var titleEn: String
    /// What is counted, exactly (shown in reports so figures are reproducible).
    public var definition: String
    public var unit: Unit
    public var compute: @Sendable (IndicatorScope, any SQLDatabase) async throws -> IndicatorValue

    public init(id: String, titleVi: String, titleEn: String, definition: String, unit: Unit,
                compute: @escaping @Sendable (IndicatorScope, any SQLDatabase) async throws -> IndicatorValue) {
        self.id = id
        self.titleVi = titleVi
        self.titleEn = titleEn
        self.definition = definition
        self.unit = unit
        self.compute = compute
    }

    public var description: String { "\(id) (\(unit.rawValue)): \(titleEn)" }
}

/// One yearly target over an indicator.
public struct ReportTarget: Sendable, Equatable, Codable {
    public enum Comparison: String, Sendable, Codable { case atLeast = "at_least", atMost = "at_most" }

    public var indicator: String
    public var comparison: Comparison
    public var value: Double

    public init(indicator: String, comparison: Comparison = .atLeast, value: Double) {
        self.indicator = indicator
        self.comparison = comparison
        self.value = value
    }
}

/// A province's targets for a year (Hà Nội's 2025 plan…), shipped by a plugin or declared in YAML.
public struct TargetPack: Sendable, Equatable, CustomStringConvertible {
    public var id: String
    public var provinceCode: String
    public var year: Int
    public var title: String
    /// The plan it comes from (document number and date).
    public var source: String?
    public var targets: [ReportTarget]

    public init(id: String, provinceCode: String, year: Int, title: String, source: String? = nil, targets: [ReportTarget]) {
        self.id = id
        self.provinceCode = provinceCode
        self.year = year
        self.title = title
        self.source = source
        self.targets = targets
    }

    public var description: String { "\(id): \(provinceCode) \(year), \(targets.count) targets" }
}

/// Thrown by an indicator whose data is not there (promotion figures while `ocop.events` is
/// disabled): reporting shows the indicator as unavailable, with the reason, instead of failing.
public struct IndicatorUnavailable: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
