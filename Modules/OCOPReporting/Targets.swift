import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// A target pack declared in the configuration:
///
/// ```yaml
/// ocop.reporting:
///   targets:
///     - id: ha-noi-2025-extra
///       province: "01"
///       year: 2025
///       title: Extra targets
///       source: QĐ …/QĐ-UBND
///       targets:
///         - {indicator: products_3plus_added, at_least: 2000}
///         - {indicator: vn.ha-noi.ntm_advanced_coverage, at_least: 100}
/// ```
///
/// Shape errors are located (`file:line:col`) by the strict decoder; an indicator no enabled
/// plugin contributes is refused when registration closes, naming the pack, its key path and the
/// indicator, and the host does not start.
public struct TargetPackConfig: Decodable, Sendable, Equatable {
    public var pack: TargetPack
    /// Where it was declared (`plugins.ocop.reporting.targets[0]`), for messages.
    public var keyPath: String

    enum CodingKeys: String, CodingKey { case id, province, year, title, source, targets }

    public init(pack: TargetPack, keyPath: String) {
        self.pack = pack
        self.keyPath = keyPath
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // The decoder starts at the plugin's section; messages name the whole key.
        keyPath = "plugins.\(ReportingPlugin.manifest.id)." + TargetPackConfig.render(decoder.codingPath)
        let id = try c.decode(String.self, forKey: .id)
        if let problem = TargetsCatalogue.packIDProblem(id) {
            throw DecodingError.dataCorruptedError(forKey: .id, in: c, debugDescription: problem)
        }
        let province = try c.decode(String.self, forKey: .province)
        if let problem = TargetsCatalogue.provinceProblem(province) {
            throw DecodingError.dataCorruptedError(forKey: .province, in: c, debugDescription: problem)
        }
        let year = try c.decode(Int.self, forKey: .year)
        guard (2018...2100).contains(year) else {
            throw DecodingError.dataCorruptedError(forKey: .year, in: c, debugDescription: "expected a programme year from 2018 to 2100")
        }
        let title = try c.decode(String.self, forKey: .title)
        let targets = try c.decode([TargetConfig].self, forKey: .targets)
        guard !targets.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .targets, in: c, debugDescription: "expected at least one target")
        }
        pack = TargetPack(id: id, provinceCode: province, year: year, title: VietnameseText.nfc(title),
                          source: try c.decodeIfPresent(String.self, forKey: .source).map(VietnameseText.nfc),
                          targets: targets.map(\.target))
    }

    static func render(_ path: [any CodingKey]) -> String {
        path.reduce(into: "") { text, key in
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
    }

    /// `{indicator: ID, at_least: N}` or `{indicator: ID, at_most: N}`.
    struct TargetConfig: Decodable {
        var target: ReportTarget
        enum CodingKeys: String, CodingKey {
            case indicator
            case atLeast = "at_least"
            case atMost = "at_most"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let indicator = try c.decode(String.self, forKey: .indicator)
            if let problem = TargetsCatalogue.indicatorProblem(indicator) {
                throw DecodingError.dataCorruptedError(forKey: .indicator, in: c, debugDescription: problem)
            }
            let atLeast = try c.decodeIfPresent(Double.self, forKey: .atLeast)
            let atMost = try c.decodeIfPresent(Double.self, forKey: .atMost)
            switch (atLeast, atMost) {
            case (let value?, nil): target = ReportTarget(indicator: indicator, comparison: .atLeast, value: value)
            case (nil, let value?): target = ReportTarget(indicator: indicator, comparison: .atMost, value: value)
            default:
                throw DecodingError.dataCorruptedError(forKey: .indicator, in: c,
                                                       debugDescription: "expected exactly one of at_least or at_most beside the indicator")
            }
            guard target.value.isFinite, target.value >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: target.comparison == .atLeast ? .atLeast : .atMost, in: c,
                                                       debugDescription: "expected a number ≥ 0")
            }
        }
    }
}

/// Every indicator and target pack the host knows, once registration has closed; computes
/// progress. Kept in the service directory for commands (`context.services.resolve`).
public final class TargetsCatalogue: Sendable {
    let indicatorList: Contributions<ReportIndicator>
    let packList: Contributions<TargetPack>
    /// Pack ID → where the configuration declared it (packs from plugins are absent).
    let configured: [String: String]

    init(indicators: Contributions<ReportIndicator>, packs: Contributions<TargetPack>, configured: [String: String]) {
        indicatorList = indicators
        packList = packs
        self.configured = configured
    }

    public var indicators: [ReportIndicator] { indicatorList.values }

    public func indicator(_ id: String) -> ReportIndicator? { indicatorList.values.first { $0.id == id } }

    /// Every pack with who declared it (`config plugins.ocop.reporting.targets[0]` or the plugin's ID).
    public var packs: [(pack: TargetPack, origin: String)] {
        packList.all.map { ($0.value, configured[$0.value.id].map { "config \($0)" } ?? $0.plugin.description) }
    }

    public func packs(province: String?, year: Int?) -> [(pack: TargetPack, origin: String)] {
        packs.filter { (province == nil || $0.pack.provinceCode == province) && (year == nil || $0.pack.year == year) }
    }

    public func pack(_ id: String) -> (pack: TargetPack, origin: String)? { packs.first { $0.pack.id == id } }

    // MARK: validation (located errors at decode, precise ones at close)

    static func packIDProblem(_ id: String) -> String? {
        let ok = !id.isEmpty && id.count <= 64 && id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
            && id.first != "-"
        return ok ? nil : "expected a pack ID of lowercase letters, digits and '-' (at most 64), found '\(id)'"
    }

    static func provinceProblem(_ code: String) -> String? {
        guard let parsed = ProvinceCode(rawValue: code), (try? AdminUnits.shared.province(parsed)) != nil else {
            return "'\(code)' is not a current (2025) province code"
        }
        return nil
    }

    /// Built-in IDs are known now; a plugin's (`vn.ha-noi.…`) only when registration closes.
    static func indicatorProblem(_ id: String) -> String? {
        if BuiltInIndicators.all.contains(where: { $0.id == id }) || id.contains(".") { return nil }
        return "unknown indicator '\(id)'; built-in: \(BuiltInIndicators.all.map(\.id).joined(separator: ", ")); a plugin's own is prefixed with its ID (vn.ha-noi.…)"
    }

    static func validate(indicator new: Contribution<ReportIndicator>, earlier: [Contribution<ReportIndicator>]) throws {
        let id = new.value.id
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || "._-".contains($0)) }) else {
            throw ContributionRejected("indicator '\(id)': expected lowercase letters, digits, '.', '_' and '-'")
        }
        if new.plugin.description != ReportingPlugin.manifest.id.description, !id.hasPrefix(new.plugin.description + ".") {
            throw ContributionRejected("indicator '\(id)': a plugin's indicators are prefixed with its ID ('\(new.plugin).…')")
        }
        if let twin = earlier.first(where: { $0.value.id == id }) {
            throw ContributionRejected("indicator '\(id)' is already contributed by \(twin.plugin) (\(twin.source))")
        }
    }

    /// Indicators settle before packs (points settle in name order: `…indicators` < `…target-packs`),
    /// so every indicator is known here.
    static func validate(pack new: Contribution<TargetPack>, earlier: [Contribution<TargetPack>],
                         indicators: Contributions<ReportIndicator>, configured: [String: String]) throws {
        let pack = new.value
        let origin = configured[pack.id].map { " (config \($0))" } ?? ""
        var problems: [String] = []
        if let problem = packIDProblem(pack.id) { problems.append(problem) }
        if let problem = provinceProblem(pack.provinceCode) { problems.append("province: \(problem)") }
        if !(2018...2100).contains(pack.year) { problems.append("year \(pack.year): expected 2018 to 2100") }
        if pack.targets.isEmpty { problems.append("no targets") }
        let known = Set(indicators.values.map(\.id))
        for (index, target) in pack.targets.enumerated() {
            let place = configured[pack.id].map { "\($0).targets[\(index)]" } ?? "targets[\(index)]"
            if !known.contains(target.indicator) {
                problems.append("\(place): unknown indicator '\(target.indicator)'; known: \(known.sorted().joined(separator: ", "))")
            }
            if !target.value.isFinite || target.value < 0 { problems.append("\(place): target value must be a number ≥ 0") }
        }
        if let twin = earlier.first(where: { $0.value.id == pack.id }) {
            problems.append("pack ID already declared by \(configured[pack.id] == nil ? twin.plugin.description : "the configuration")")
        }
        if !problems.isEmpty {
            throw ContributionRejected("target pack '\(pack.id)'\(origin): " + problems.joined(separator: "; "))
        }
    }

    // MARK: progress

    /// Computes every target of `pack` on `asOf` (default: today, or 31 December of a past year).
    public func progress(of pack: TargetPack, origin: String, asOf: String? = nil, on db: any SQLDatabase) async throws -> PackProgress {
        let day = asOf ?? Self.defaultAsOf(year: pack.year)
        let scope = IndicatorScope(provinceCode: pack.provinceCode, year: pack.year, asOf: day)
        var rows: [TargetProgress] = []
        for target in pack.targets {
            guard let indicator = indicator(target.indicator) else {
                // Validation at start makes this unreachable; say so rather than trap.
                rows.append(TargetProgress(target: target, indicator: nil, value: nil, unavailable: "indicator not registered"))
                continue
            }
            do {
                rows.append(TargetProgress(target: target, indicator: indicator, value: try await indicator.compute(scope, db), unavailable: nil))
            } catch let error as IndicatorUnavailable {
                rows.append(TargetProgress(target: target, indicator: indicator, value: nil, unavailable: error.reason))
            }
        }
        return PackProgress(id: pack.id, provinceCode: pack.provinceCode, year: pack.year, title: pack.title, source: pack.source,
                            origin: origin, asOf: day, queriedAt: Self.now(), targets: rows)
    }

    /// Today in Vietnam, or 31 December for a past year (a year's report is taken at its end).
    public static func defaultAsOf(year: Int) -> String {
        let today = ProgrammeCalendar.today()
        return min(today, "\(year)-12-31")
    }

    static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}

/// One target and where it stands.
public struct TargetProgress: Sendable, Codable, Equatable {
    public var indicator: String
    public var titleVi: String
    public var titleEn: String
    public var definition: String
    public var unit: String
    public var comparison: ReportTarget.Comparison
    public var target: Double
    /// Nil when the indicator is unavailable.
    public var value: Double?
    public var numerator: Int64?
    public var denominator: Int64?
    public var note: String?
    public var met: Bool
    /// Value over target in percent for `at_least` (100 when the target is 0), capped at 100;
    /// for `at_most`, 100 when met, else target over value.
    public var progressPercent: Double?
    /// Why there is no value (its data is not there).
    public var unavailable: String?

    enum CodingKeys: String, CodingKey {
        case indicator, unit, comparison, target, value, numerator, denominator, note, met, definition, unavailable
        case titleVi = "title_vi"
        case titleEn = "title_en"
        case progressPercent = "progress_percent"
    }

    init(target: ReportTarget, indicator: ReportIndicator?, value: IndicatorValue?, unavailable: String?) {
        self.indicator = target.indicator
        titleVi = indicator?.titleVi ?? target.indicator
        titleEn = indicator?.titleEn ?? target.indicator
        definition = indicator?.definition ?? ""
        unit = indicator?.unit.rawValue ?? ReportIndicator.Unit.count.rawValue
        comparison = target.comparison
        self.target = target.value
        self.value = value.map { Self.rounded($0.value) }
        numerator = value?.numerator
        denominator = value?.denominator
        note = value?.note
        self.unavailable = unavailable
        guard let figure = self.value else {
            met = false
            progressPercent = nil
            return
        }
        switch target.comparison {
        case .atLeast:
            met = figure >= target.value
            progressPercent = Self.rounded(target.value == 0 ? 100 : min(100, figure * 100 / target.value))
        case .atMost:
            met = figure <= target.value
            progressPercent = Self.rounded(met ? 100 : (figure == 0 ? 0 : target.value * 100 / figure))
        }
    }

    /// Two decimals: what reports show, and what the tests recompute.
    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

/// A pack's targets on a day.
public struct PackProgress: Sendable, Codable, Equatable {
    public var id: String
    public var provinceCode: String
    public var year: Int
    public var title: String
    public var source: String?
    /// `config plugins.ocop.reporting.targets[0]` or the contributing plugin.
    public var origin: String
    public var asOf: String
    public var queriedAt: String
    public var targets: [TargetProgress]

    enum CodingKeys: String, CodingKey {
        case id, year, title, source, origin, targets
        case provinceCode = "province_code"
        case asOf = "as_of"
        case queriedAt = "queried_at"
    }

    public var metCount: Int { targets.filter(\.met).count }

    /// The progress as a `StatTable` (one row per target), for CSV, XLSX and JSON.
    public static func table(_ packs: [PackProgress], id: String = "targets", asOf: String) -> StatTable {
        StatTable(
            id: id, title: "Tiến độ thực hiện chỉ tiêu OCOP",
            definition: "Each target of each pack, with the indicator's value computed from the records on the as-of day, the counts it came from, and whether it is met.",
            asOf: asOf, queriedAt: packs.first?.queriedAt ?? TargetsCatalogue.now(),
            columns: [
                .init("pack", title: "Bộ chỉ tiêu", kind: .text),
                .init("indicator", title: "Mã chỉ tiêu", kind: .text),
                .init("title", title: "Chỉ tiêu", kind: .text),
                .init("comparison", title: "So sánh", kind: .text),
                .init("target", title: "Mục tiêu", kind: .text),
                .init("value", title: "Giá trị", kind: .text),
                .init("numerator", title: "Tử số", kind: .integer),
                .init("denominator", title: "Mẫu số", kind: .integer),
                .init("progress", title: "Tiến độ (%)", kind: .percent),
                .init("met", title: "Đạt", kind: .text),
                .init("definition", title: "Cách tính", kind: .text),
            ],
            rows: packs.flatMap { pack in pack.targets.map { row(pack, $0) } })
    }

    static func row(_ pack: PackProgress, _ t: TargetProgress) -> [StatTable.Cell] {
        let value: StatTable.Cell = t.value.map { cell($0, unit: t.unit) } ?? .text("không có số liệu")
        let numerator: StatTable.Cell = t.numerator.map(StatTable.Cell.integer) ?? .null
        let denominator: StatTable.Cell = t.denominator.map(StatTable.Cell.integer) ?? .null
        let progress: StatTable.Cell = t.progressPercent.map(StatTable.Cell.percent) ?? .null
        let definition = t.unavailable.map { "\(t.definition) (\($0))" } ?? t.definition
        return [.text(pack.id), .text(t.indicator), .text(t.titleVi), .text(t.comparison == .atLeast ? "≥" : "≤"),
                cell(t.target, unit: t.unit), value, numerator, denominator, progress, .text(t.met ? "Đạt" : "Chưa đạt"), .text(definition)]
    }

    /// A figure as a number a spreadsheet keeps: percents as percents, whole counts as integers,
    /// ratios (per district) as text with two decimals (the table has no decimal cell).
    static func cell(_ value: Double, unit: String) -> StatTable.Cell {
        if unit == ReportIndicator.Unit.percent.rawValue { return .percent(value) }
        if value == value.rounded(), abs(value) < 1e15 { return .integer(Int64(value)) }
        return .text(String(format: "%.2f", value))
    }
}
