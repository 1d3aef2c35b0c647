import ArgumentParser
import Foundation
import OCOPPluginKit

/// `ocop report targets --province 01 --year 2025 [--as-of DATE] [--format table|csv|json]`.
struct ReportTargetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets", abstract: "Progress of a province's yearly targets: value, counts, target, met or not, progress.")
    @OptionGroup var options: ConfigOptions
    @Option(help: ArgumentHelp("2025 province code.", valueName: "code")) var province: String
    @Option(help: ArgumentHelp("Programme year (default: this year).", valueName: "year")) var year: Int?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Day the figures are taken on (default: today, or 31 December of a past year).", valueName: "date"))
    var asOf: String?
    @Option(help: ArgumentHelp("table, csv or json.", valueName: "format")) var format: String = "table"

    func validate() throws {
        if let problem = ReportQuery.provinceProblem(province) { throw ValidationError("--province: \(problem)") }
        if let year, !(2018...2100).contains(year) { throw ValidationError("--year: expected a year from 2018 to 2100") }
        if let asOf, ProgrammeCalendar.parse(asOf) == nil || asOf.count != 10 { throw ValidationError("--as-of: expected a calendar date YYYY-MM-DD") }
        guard ["table", "csv", "json"].contains(format) else { throw ValidationError("--format: expected table, csv or json") }
    }

    func run() async throws {
        let query = ReportQuery(province: province, year: year, asOf: asOf)
        let packs = try await PluginCommands.withContext(options, label: "ocop.reporting") { context -> [PackProgress] in
            guard let catalogue = context.services.resolve(TargetsCatalogue.self) else {
                throw PluginCommands.fail(["ocop report targets: the plugin ocop.reporting is not enabled"])
            }
            var out: [PackProgress] = []
            for entry in catalogue.packs(province: query.province, year: query.year) {
                out.append(try await catalogue.progress(of: entry.pack, origin: entry.origin, asOf: query.explicitAsOf, on: context.database.sql))
            }
            return out
        }
        switch format {
        case "json":
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(packs), as: UTF8.self))
        case "csv":
            FileHandle.standardOutput.write(TableExport.csv(PackProgress.table(packs, asOf: query.asOf)))
        default:
            guard !packs.isEmpty else {
                print("no target packs for province \(query.province ?? "") in \(query.year)")
                return
            }
            for pack in packs {
                print("\(pack.id) — \(pack.title) (\(pack.origin)); as of \(pack.asOf): \(pack.metCount)/\(pack.targets.count) met")
                print(TextTable.render(header: ["INDICATOR", "TARGET", "VALUE", "COUNTS", "PROGRESS", "MET"], rows: pack.targets.map { t in
                    let unit = t.unit == "percent" ? " %" : ""
                    let counts = t.denominator.map { "\(t.numerator ?? 0)/\($0)" } ?? t.numerator.map(String.init) ?? ""
                    return [t.indicator, (t.comparison == .atLeast ? "≥ " : "≤ ") + Self.number(t.target) + unit,
                            t.value.map { Self.number($0) + unit } ?? "unavailable: \(t.unavailable ?? "")", counts,
                            t.progressPercent.map { Self.number($0) + " %" } ?? "", t.met ? "yes" : "no"]
                }), terminator: "")
            }
        }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
    }
}

/// `ocop report workbook --province 01 [--as-of DATE] --out FILE.xlsx`.
struct ReportWorkbookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbook", abstract: "Write the standard province report as one XLSX workbook (a sheet per table, the targets' progress).")
    @OptionGroup var options: ConfigOptions
    @Option(help: ArgumentHelp("2025 province code.", valueName: "code")) var province: String
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Day the figures are taken on (default: today).", valueName: "date"))
    var asOf: String?
    @Option(help: ArgumentHelp("Programme year of the targets (default: the as-of day's).", valueName: "year")) var year: Int?
    @Option(help: ArgumentHelp("The .xlsx file to write.", valueName: "file")) var out: String

    func validate() throws {
        if let problem = ReportQuery.provinceProblem(province) { throw ValidationError("--province: \(problem)") }
        if let asOf, ProgrammeCalendar.parse(asOf) == nil || asOf.count != 10 { throw ValidationError("--as-of: expected a calendar date YYYY-MM-DD") }
        if let year, !(2018...2100).contains(year) { throw ValidationError("--year: expected a year from 2018 to 2100") }
        guard out.lowercased().hasSuffix(".xlsx") else { throw ValidationError("--out: expected a file name ending in .xlsx") }
    }

    func run() async throws {
        let query = ReportQuery(province: province, year: year ?? asOf.flatMap { Int($0.prefix(4)) }, asOf: asOf ?? ProgrammeCalendar.today())
        let out = self.out
        let count = try await PluginCommands.withContext(options, label: "ocop.reporting") { context -> Int in
            guard let catalogue = context.services.resolve(TargetsCatalogue.self) else {
                throw PluginCommands.fail(["ocop report workbook: the plugin ocop.reporting is not enabled"])
            }
            let tables = try await workbookTables(catalogue: catalogue, query: query, on: context.database.sql)
            try WorkbookWriter.write(tables, title: workbookTitle(query), to: out)
            return tables.count
        }
        FileHandle.standardError.write(Data("wrote \(out): \(count) tables, figures as of \(query.asOf)\n".utf8))
    }
}
