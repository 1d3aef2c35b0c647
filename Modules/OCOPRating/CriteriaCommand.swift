import ArgumentParser
import Foundation
import OCOPDomain
import OCOPPluginKit

/// `ocop criteria list|show|template|score|advise|advise-bench`: the criteria sets the host
/// knows, filled sheets scored and advised, and the advisor's time per product.
struct CriteriaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "criteria", abstract: "Criteria sets (score sheets) per act: list, show, score a filled sheet, advise, benchmark.",
        subcommands: [List.self, Show.self, Template.self, Score.self, Advise.self, AdviseBench.self], defaultSubcommand: List.self)

    static func catalogue(_ options: ConfigOptions) async throws -> CriteriaCatalogue {
        try await PluginCommands.withContext(options, label: "ocop.rating") { context in
            guard let state = context.services.resolve(RatingState.self) else {
                throw PluginCommands.fail(["ocop criteria: the plugin ocop.rating is not enabled"])
            }
            return state.catalogue
        }
    }

    static func act(_ text: String?) throws -> LegalAct? {
        guard let text else { return nil }
        guard let act = LegalAct(text: text) else {
            throw ValidationError("--act \(text): expected one of \(LegalAct.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return act
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per set: parts, criteria, total, and any fault with its line.")
        @OptionGroup var options: ConfigOptions
        @Option(help: ArgumentHelp("Only this act (148, 1048, …).", valueName: "act")) var act: String?

        func run() async throws {
            let act = try CriteriaCommand.act(self.act)
            let entries = try await CriteriaCommand.catalogue(options).sets(act: act)
            guard !entries.isEmpty else { print("no criteria sets\(act.map { " for \($0.citation)" } ?? "")"); return }
            print(TextTable.render(header: ["SET", "NAME", "PARTS", "CRITERIA", "TOTAL", "FROM", "STATUS"], rows: entries.map { entry in
                let set = entry.set
                return [set.id.description, set.name, set.partMaxima.map { "\($0.id) \($0.points)" }.joined(separator: " / "),
                        String(set.criteria.count), String(set.maxPoints), entry.plugin?.description ?? "bundled",
                        entry.problems.first.map { "\($0.description)" + (entry.problems.count > 1 ? " (+\(entry.problems.count - 1) more)" : "") } ?? "ok"]
            }), terminator: "")
            let faulty = entries.filter { !$0.isUsable }.count
            if faulty > 0 { print("\(faulty) set(s) do not validate and cannot be scored (ocop criteria show SET for every fault)") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A set as a tree: parts, groups, criteria, options with points and star marks, gates.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The set: its code (1–26) or act/code (148/11).") var set: String
        @Option(help: ArgumentHelp("The act (default 148).", valueName: "act")) var act: String?

        func run() async throws {
            let entry = try await CriteriaCommand.entry(set, act: act, options: options, command: "show")
            print(CriteriaCommand.tree(entry), terminator: "")
        }
    }

    /// `11` or `148/11` (the act defaulting to `--act`, then 148).
    static func entry(_ text: String, act: String?, options: ConfigOptions, command: String) async throws -> CriteriaCatalogue.Entry {
        var code = text
        var act = try CriteriaCommand.act(act) ?? .decision148
        if let slash = text.firstIndex(of: "/") {
            act = try CriteriaCommand.act(String(text[..<slash])) ?? act
            code = String(text[text.index(after: slash)...])
        }
        let catalogue = try await CriteriaCommand.catalogue(options)
        guard let entry = catalogue.entry(CriteriaSetID(act: act, code: code)) else {
            throw PluginCommands.fail(["ocop criteria \(command): no set \(act.rawValue)/\(code); known: "
                + catalogue.sets(act: act).map(\.set.code).joined(separator: ", ")])
        }
        return entry
    }

    /// The set, usable, and the sheet file parsed against it; every fault goes to stderr.
    static func load(_ setText: String, act: String?, file: String, options: ConfigOptions, command: String) async throws -> (CriteriaSet, SheetFile) {
        let entry = try await entry(setText, act: act, options: options, command: command)
        guard entry.isUsable else {
            throw PluginCommands.fail(["ocop criteria \(command): set \(entry.set.id) cannot be scored:"] + entry.problems.map { "  \($0)" })
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw PluginCommands.fail(["ocop criteria \(command): cannot read \(file): \(error.localizedDescription)"])
        }
        do {
            return (entry.set, try ScoreSheetCSV.parse(data, source: file, set: entry.set))
        } catch {
            throw PluginCommands.fail(error.errors.map { "\(file): \($0)" })
        }
    }

    struct Template: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A blank score sheet (CSV) for a set: one row per criterion, the allowed points in `note`.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The set: its code (1–26) or act/code (148/11).") var set: String
        @Option(help: ArgumentHelp("The act (default 148).", valueName: "act")) var act: String?
        @Option(name: .customLong("member"), help: ArgumentHelp("A council member's name; repeat for each (adds the member column).", valueName: "name"))
        var members: [String] = []

        func run() async throws {
            let entry = try await CriteriaCommand.entry(set, act: act, options: options, command: "template")
            print(ScoreSheetCSV.template(for: entry.set, members: members), terminator: "")
        }
    }

    struct Score: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a filled sheet (CSV criterion,points[,member]): totals, band, stars and every gate that held them back, council consistency.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The set: its code (1–26) or act/code (148/11).") var set: String
        @Argument(help: "The filled sheet, CSV with columns criterion,points and optionally member.") var sheet: String
        @Option(help: ArgumentHelp("The act (default 148).", valueName: "act")) var act: String?
        @Option(help: ArgumentHelp("The council that scores: \(CouncilLevel.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "level"))
        var council = "province"
        @Option(name: .customLong("gate"), help: ArgumentHelp("A gate of the set the council found to apply (e.g. contaminants); repeatable.", valueName: "id"))
        var gates: [String] = []
        @Option(help: ArgumentHelp("text or json.", valueName: "format")) var format = "text"

        func validate() throws {
            guard CouncilLevel(rawValue: council) != nil else {
                throw ValidationError("--council \(council): expected one of \(CouncilLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard ["text", "json"].contains(format) else { throw ValidationError("--format \(format): expected text or json") }
        }

        func run() async throws {
            let (set, file) = try await CriteriaCommand.load(self.set, act: act, file: sheet, options: options, command: "score")
            let level = CouncilLevel(rawValue: council) ?? .province
            let result: RatingResult
            do { result = try RatingEngine.rate(set, sheets: file.sheets, gates: Set(gates), council: level) } catch {
                throw PluginCommands.fail(["ocop criteria score: \(error)"])
            }
            let report = ScoreReport(set: set, sheet: sheet, sheets: file.sheets, result: result, council: level, applied: Set(gates))
            print(format == "json" ? try report.json() : report.text, terminator: "")
        }
    }

    struct Advise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The smallest change to a filled sheet that reaches the next star, step by step with reasons.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The set: its code (1–26) or act/code (148/11).") var set: String
        @Argument(help: "The filled sheet, CSV with columns criterion,points (and member).") var sheet: String
        @Option(help: ArgumentHelp("The act (default 148).", valueName: "act")) var act: String?
        @Option(help: ArgumentHelp("The member whose sheet to advise on, for a council sheet.", valueName: "name")) var member: String?

        func run() async throws {
            let (set, file) = try await CriteriaCommand.load(self.set, act: act, file: sheet, options: options, command: "advise")
            let chosen: ScoreSheet
            if let member {
                guard let found = file.sheets.first(where: { $0.member == member }) else {
                    throw PluginCommands.fail(["ocop criteria advise: \(sheet) has no member \(member); members: \(file.sheets.map(\.member).joined(separator: ", "))"])
                }
                chosen = found
            } else {
                // Advice is for one product's one sheet; averaging members would advise on a sheet nobody wrote.
                guard file.sheets.count == 1 else {
                    throw PluginCommands.fail(["ocop criteria advise: \(sheet) has \(file.sheets.count) members (\(file.sheets.map(\.member).joined(separator: ", "))); choose one with --member"])
                }
                chosen = file.sheets[0]
            }
            do {
                guard let advice = try UpgradeAdvisor.advise(set, sheet: chosen) else {
                    print("\(set.id) \(set.name): \(sheet) already rates 5★; nothing to advise")
                    return
                }
                print(advice.text(name: set.name, member: chosen.member, sheet: sheet, lines: file.lines[chosen.member] ?? [:]), terminator: "")
            } catch let error as RatingError {
                throw PluginCommands.fail(["ocop criteria advise: \(error)"])
            }
        }
    }

    static func stars(_ n: Int?) -> String { n.map { " [≥\($0)★]" } ?? "" }

    static func tree(_ entry: CriteriaCatalogue.Entry) -> String {
        let set = entry.set
        var lines = ["\(set.id) \(set.name) — \(set.act.citation), \(set.maxPoints) points (\(set.source))"]
        for part in set.parts {
            lines.append("\(part.id)  \(part.title)  \(part.points)")
            for group in part.groups {
                lines.append("  \(group.id). \(group.title)  \(group.points)\(group.pick == .one ? "  (one of the alternatives)" : "")")
                for criterion in group.criteria {
                    lines.append("    \(criterion.id)  \(criterion.title)  \(criterion.maxPoints)\(stars(criterion.stars))\(criterion.allowsNone ? "  (none: 0)" : "")")
                    for (index, option) in criterion.options.enumerated() {
                        lines.append("        \(index + 1)) \(option.points)\(stars(option.stars))  \(option.title)")
                    }
                }
            }
        }
        for gate in set.gates {
            lines.append("gate \(gate.id) (\(gate.effect.rawValue)) at \(gate.criterion), line \(gate.line): \(gate.text)")
        }
        for problem in entry.problems { lines.append("fault: \(problem)") }
        return lines.joined(separator: "\n") + "\n"
    }

    struct AdviseBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "advise-bench",
            abstract: "Time the upgrade advisor on random sheets of every valid bundled set; prints p50/p99 per product.")
        @Option(help: "Products (random sheets) to advise.") var products = 2000
        @Option(help: "Seed for the sheets.") var seed: UInt64 = 1

        func run() throws {
            let sets = try CriteriaCatalogue.bundled().filter { $0.problems().isEmpty }
            guard products > 0, !sets.isEmpty else { throw ValidationError("--products must be positive") }
            var random = SplitMix(seed: seed)
            var samples: [Double] = []
            var advised = 0
            let clock = ContinuousClock()
            for n in 0..<products {
                let set = sets[n % sets.count]
                let sheet = RandomSheet.make(for: set, using: &random)
                let started = clock.now
                let advice = try UpgradeAdvisor.advise(set, sheet: sheet)
                let elapsed = clock.now - started
                if advice != nil { advised += 1 }
                samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
            }
            samples.sort()
            func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int((p * Double(samples.count)).rounded(.up)) - 1)] }
            let ms = { (v: Double) in String(format: "%.3f ms", v) }
            print("advisor: \(products) products over \(sets.count) sets (\(advised) advised, the rest already 5★)")
            print("p50 \(ms(percentile(0.5)))  p99 \(ms(percentile(0.99)))  max \(ms(samples.last ?? 0))  (bar: p99 ≤ 5 ms)")
        }
    }
}

/// Deterministic pseudo-random numbers (SplitMix64) for benchmark and test sheets.
public struct SplitMix: Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}

/// A valid random sheet: one allowed answer per criterion, one alternative per choice group.
public enum RandomSheet {
    public static func make(for set: CriteriaSet, member: String = "bench", using random: inout SplitMix) -> ScoreSheet {
        var points: [String: Int] = [:]
        for part in set.parts {
            for group in part.groups {
                let criteria = group.pick == .one ? [group.criteria[random.below(group.criteria.count)]] : group.criteria
                for criterion in criteria {
                    let allowed = criterion.allowedPoints
                    points[criterion.id] = allowed[random.below(allowed.count)]
                }
            }
        }
        return ScoreSheet(member: member, points: points)
    }
}
