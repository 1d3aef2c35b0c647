import ArgumentParser
import Foundation
import OCOPDomain
import OCOPPluginKit
import OCOPSampleData

/// `ocop generate`: realistic sample `subjects.csv` and `products.csv` for one province, in the
/// import format, to try imports and load-test. Needs no config or database.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write sample subjects.csv and products.csv for a province (deterministic for a seed).")

    @Option(help: ArgumentHelp("Current province code, e.g. 01 for Hà Nội.", valueName: "code"))
    var province: String

    @Option(help: "Number of products; subjects follow at about 1.8 products each (3.9 in Hà Nội).")
    var products: Int

    @Option(help: "Seed: the same seed and --today give byte-identical files.")
    var seed: UInt64 = 42

    @Option(help: ArgumentHelp(
        "The day to generate for: decisions fall in the 7 years before it, and the summary counts standings on it (default: today in Vietnam).",
        valueName: "YYYY-MM-DD"))
    var today: String?

    @Option(help: ArgumentHelp("Directory to write into (created if needed).", valueName: "dir"))
    var out: String = "generated"

    func run() throws {
        let units: AdminUnits
        do { units = try AdminUnits.shared } catch { throw PluginCommands.fail(["\(error)"]) }
        guard let code = ProvinceCode(rawValue: province), units.province(code) != nil else {
            throw PluginCommands.fail(["\(SampleDataError.unknownProvince(province, valid: SampleDataset.validProvinces(units)))"])
        }
        // Vietnam's calendar, as the registry counts expiry, so an import today agrees with the summary.
        let day = today ?? ProgrammeCalendar.today()
        guard let reference = SampleDate(text: day) else {
            throw PluginCommands.fail(["\(SampleDataError.invalidToday(day))"])
        }
        let started = Date()
        let dataset: SampleDataset
        let files: [SampleFile]
        let generated: Date
        do {
            dataset = try SampleDataset.generate(province: code, products: products, seed: seed, today: reference, units: units)
            generated = Date()
            files = try dataset.write(to: URL(fileURLWithPath: out, isDirectory: true))
        } catch {
            throw PluginCommands.fail(["\(error)"])
        }
        let timing = (generate: generated.timeIntervalSince(started), write: Date().timeIntervalSince(generated))
        print(Self.report(dataset, files: files, timing: timing), terminator: "")
    }

    static func report(_ dataset: SampleDataset, files: [SampleFile], timing: (generate: Double, write: Double)) -> String {
        let summary = dataset.summary
        var lines = [
            "\(dataset.province.name) (\(dataset.province.code.rawValue)), seed \(dataset.seed): "
                + "\(grouped(summary.subjects)) subjects, \(grouped(summary.products)) products "
                + "(generated in \(String(format: "%.2f", timing.generate)) s, written in \(String(format: "%.2f", timing.write)) s)",
            "",
            "Subjects by legal form:",
        ]
        lines += LegalForm.allCases.map { row($0.vietnameseName, summary.legalForms[$0] ?? 0, of: summary.subjects) }
        lines += ["", "Products by decision:"]
        lines += [
            row("3★", summary.stars[.three] ?? 0, of: summary.products),
            row("4★", (summary.stars[.four] ?? 0) - summary.potentialFiveStar, of: summary.products),
            row("Potential 5★ (holds 4★)", summary.potentialFiveStar, of: summary.products),
            row("5★", summary.stars[.five] ?? 0, of: summary.products),
        ]
        lines += ["", "Products by sector:"]
        lines += Sector.allCases.map { row("\($0.romanNumeral) \($0.englishName)", summary.sectors[$0] ?? 0, of: summary.products) }
        lines += [
            "",
            row("Subjects by legacy commune code", summary.subjectsByLegacyCommune, of: summary.subjects),
            row("Women representatives", summary.womenRepresentatives, of: summary.subjects),
            row("Ethnic-minority representatives", summary.ethnicMinorityRepresentatives, of: summary.subjects),
            row("Subjects on modern channels", summary.subjectsOnModernChannels, of: summary.subjects),
            "",
            "Standing on \(summary.today) (what an import that day records; 36 months from the decision):",
            row("Valid 3★", summary.validStars[.three] ?? 0, of: summary.products),
            row("Valid 4★", summary.validStars[.four] ?? 0, of: summary.products),
            row("Valid 5★", summary.validStars[.five] ?? 0, of: summary.products),
            row("Potential 5★ (holds 4★)", summary.validPotentialFiveStar, of: summary.products),
            row("Expired (no current stars)", summary.expired, of: summary.products),
            "",
            "Certification decisions: \(grouped(summary.certifications)) (one per product), under "
                + "\(grouped(summary.decisions.values.reduce(0, +))) decision numbers: "
                + IssuingLevel.allCases.map { "\(grouped(summary.decisions[$0] ?? 0)) \($0.rawValue)" }.joined(separator: ", "),
            "",
            "Wrote:",
        ]
        lines += files.map { "  \($0.path)  \(grouped($0.rows)) rows, \(String(format: "%.1f", Double($0.byteCount) / 1_048_576)) MiB" }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func row(_ label: String, _ count: Int, of total: Int) -> String {
        let percent = String(format: "%5.1f %%", SampleSummary.percent(count, of: total))
        let number = grouped(count)
        return "  " + label.padding(toLength: 36, withPad: " ", startingAt: 0)
            + String(repeating: " ", count: max(0, 9 - number.count)) + number + "  " + percent
    }

    /// 100000 → "100,000".
    private static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return result
    }
}
