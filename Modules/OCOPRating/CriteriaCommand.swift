import ArgumentParser
import Foundation
import OCOPDomain
import OCOPPluginKit

/// `ocop criteria list|show|advise-bench`: the criteria sets the host knows, and the advisor's
/// time per product.
struct CriteriaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "criteria", abstract: "Criteria sets (score sheets) per act: list, show, advisor benchmark.",
        subcommands: [List.self, Show.self, AdviseBench.self], defaultSubcommand: List.self)

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
            var code = set
            var act = try CriteriaCommand.act(self.act) ?? .decision148
            if let slash = set.firstIndex(of: "/") {
                act = try CriteriaCommand.act(String(set[..<slash])) ?? act
                code = String(set[set.index(after: slash)...])
            }
            let catalogue = try await CriteriaCommand.catalogue(options)
            guard let entry = catalogue.entry(CriteriaSetID(act: act, code: code)) else {
                throw PluginCommands.fail(["ocop criteria show: no set \(act.rawValue)/\(code); known: "
                    + catalogue.sets(act: act).map(\.set.code).joined(separator: ", ")])
            }
            print(CriteriaCommand.tree(entry), terminator: "")
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
