import ArgumentParser
import Foundation
import OCOPPluginKit
import SQLKit

/// Hà Nội's 2025 OCOP plan as a target pack (ocop-rules §8), every figure computed from data:
/// the built-in indicators of `ocop.reporting` and the city's own NTM coverage.
enum HaNoiTargets {
    static let ntmCoverageID = "vn.ha-noi.ntm_advanced_coverage"

    static let plan2025 = TargetPack(
        id: "ha-noi-2025", provinceCode: HaNoiPlugin.provinceCode, year: 2025,
        title: "Kế hoạch thực hiện Chương trình OCOP thành phố Hà Nội năm 2025",
        source: "Hà Nội People's Committee, OCOP plan for 2025 (targets as listed in the programme's 2025 plan)",
        targets: [
            ReportTarget(indicator: "products_3plus_added", value: 2000),
            ReportTarget(indicator: "potential_5_share", value: 3),
            ReportTarget(indicator: ntmCoverageID, value: 100),
            ReportTarget(indicator: "subjects_organised_share", value: 70),
            ReportTarget(indicator: "value_chain_share", value: 30),
            ReportTarget(indicator: "products_at_events_share", value: 100),
            ReportTarget(indicator: "design_centres_per_former_district", value: 1),
            ReportTarget(indicator: "points_of_sale_new_per_former_district", value: 2),
            ReportTarget(indicator: "modern_channels_share", value: 50),
        ])

    /// Of the communes marked advanced or model NTM, recognised on or before the window's end, the
    /// share with at least one product certified (≥ 3★, valid) on that day whose commune it is.
    static let ntmCoverage = ReportIndicator(
        id: ntmCoverageID, titleVi: "Tỷ lệ xã nông thôn mới nâng cao có sản phẩm OCOP",
        titleEn: "Share of advanced new-countryside communes with an OCOP product",
        definition: "Of the Hà Nội communes marked advanced or model new-countryside (recognised on or before the as-of day, at the latest 31 December of the year), "
            + "the share with at least one product whose 2025 commune it is and whose latest ledger row decided on or before that day grants ≥ 3★ "
            + "(not revoked or withdrawn) and is still valid.",
        unit: .percent) { scope, db in
            // The marks are Hà Nội's; elsewhere (or nationally) there is nothing to measure.
            guard scope.provinceCode == HaNoiPlugin.provinceCode else {
                throw IndicatorUnavailable("NTM communes are marked for Hà Nội (01) only")
            }
            let end = min(scope.asOf, "\(scope.year)-12-31")
            let row = try await db.raw("""
                SELECT COUNT(*) AS total, COUNT(CASE WHEN EXISTS (SELECT 1 FROM \(unsafeRaw: RegistryViews.products) p \
                WHERE p.commune_code = n.commune_code AND p.product_id IN (\(certified(on: end)))) THEN 1 END) AS part
                FROM \(unsafeRaw: NTMCommuneStore.table) n WHERE n.recognised_on <= \(bind: end)
                """).first()
            let total = try row?.decode(column: "total", as: Int64.self) ?? 0
            let part = try row?.decode(column: "part", as: Int64.self) ?? 0
            return .percent(part, of: total, note: "advanced/model NTM communes with a certified product on \(end)")
        }

    /// Product IDs whose standing on `day` is ≥ 3★ and valid (the registry views' documented rule).
    static func certified(on day: String) -> SQLQueryString {
        """
        SELECT c.product_id FROM \(unsafeRaw: RegistryViews.certifications) c \
        WHERE c.decided_on <= \(bind: day) AND c.stars >= 3 AND c.decision NOT IN ('revoked', 'withdrawn') AND c.valid_until >= \(bind: day) \
        AND NOT EXISTS (SELECT 1 FROM \(unsafeRaw: RegistryViews.certifications) n2 WHERE n2.product_id = c.product_id AND n2.decided_on <= \(bind: day) \
        AND (n2.decided_on > c.decided_on OR (n2.decided_on = c.decided_on AND n2.certification_id > c.certification_id)))
        """
    }
}

/// `ocop ha-noi ntm list|mark|unmark`: the city's advanced/model new-countryside communes.
struct HaNoiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ha-noi", abstract: "Hà Nội: the city's new-countryside (NTM) communes.", subcommands: [NTM.self])

    struct NTM: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ntm", abstract: "Communes recognised as advanced or model new-countryside.", subcommands: [List.self, Mark.self, Unmark.self],
            defaultSubcommand: List.self)
    }

    static func store(_ context: PluginContext) throws -> NTMCommuneStore {
        guard let store = context.services.resolve(NTMCommuneStore.self) else { throw PluginCommands.fail(["ocop ha-noi: the plugin vn.ha-noi is not enabled"]) }
        return store
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every marked commune.")
        @OptionGroup var options: ConfigOptions
        func run() async throws {
            let communes = try await PluginCommands.withContext(options, label: "vn.ha-noi") { context in
                try await HaNoiCommand.store(context).list(on: context.database.sql)
            }
            guard !communes.isEmpty else { print("no communes marked"); return }
            print(TextTable.render(header: ["CODE", "COMMUNE", "LEVEL", "RECOGNISED", "DECISION"], rows: communes.map {
                [$0.communeCode, $0.communeName, $0.level.rawValue, $0.recognisedOn, $0.decision ?? ""]
            }), terminator: "")
        }
    }

    struct Mark: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a commune (2025 code) as advanced or model new-countryside.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The commune's 2025 code.") var commune: String
        @Option(help: ArgumentHelp("advanced or model.", valueName: "level")) var level: String = "advanced"
        @Option(name: .customLong("recognised-on"), help: ArgumentHelp("Day of the recognition decision.", valueName: "date")) var recognisedOn: String
        @Option(help: ArgumentHelp("The decision's number.", valueName: "text")) var decision: String?

        func validate() throws {
            guard NTMCommune.Level(rawValue: level) != nil else { throw ValidationError("--level: expected advanced or model") }
            do { _ = try NTMCommuneStore.commune(commune, path: "COMMUNE") } catch let error as DomainError {
                throw ValidationError(PluginCommands.lines(for: error).joined(separator: "\n"))
            }
            guard recognisedOn.count == 10, ProgrammeCalendar.parse(recognisedOn) != nil else {
                throw ValidationError("--recognised-on: expected a calendar date YYYY-MM-DD")
            }
        }

        func run() async throws {
            guard let level = NTMCommune.Level(rawValue: level) else { throw ValidationError("--level: expected advanced or model") }
            let mark = NTMCommuneStore.Mark(level: level, recognisedOn: recognisedOn, decision: decision)
            let commune = self.commune
            do {
                let marked = try await PluginCommands.withContext(options, label: "vn.ha-noi") { context in
                    try await HaNoiCommand.store(context).mark(commune, mark, by: nil, on: context.database.sql)
                }
                print("\(marked.communeCode) \(marked.communeName): \(marked.level.rawValue) since \(marked.recognisedOn)")
            } catch let error as DomainError {
                throw PluginCommands.fail(PluginCommands.lines(for: error, flags: [
                    "/commune_code": "COMMUNE", "/recognised_on": "--recognised-on", "/decision": "--decision"]))
            }
        }
    }

    struct Unmark: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a commune's mark.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The commune's 2025 code.") var commune: String
        func run() async throws {
            let commune = self.commune
            let removed = try await PluginCommands.withContext(options, label: "vn.ha-noi") { context in
                try await HaNoiCommand.store(context).unmark(commune, on: context.database.sql)
            }
            guard removed else { throw PluginCommands.fail(["ocop ha-noi ntm unmark: commune \(commune) is not marked"]) }
            print("\(commune): mark removed")
        }
    }
}
