import Foundation
import OCOPDomain

/// What `ocop criteria score` prints, built from the engine's result: plain data for `--format
/// json`, and the text rendering. Pure, so the wording is tested without a host.
public struct ScoreReport: Sendable, Encodable {
    public struct Member: Sendable, Encodable {
        public var member: String
        public var parts: [String: Int]
        public var total: Int
    }
    public struct HeldBack: Sendable, Encodable {
        public var level: StarRating
        public var criterion: String
        public var title: String
        public var line: Int
        public var requiredOption: Int
        public var requiredPoints: Int
        public var reached: Double
    }
    public struct Gate: Sendable, Encodable {
        public var id: String
        public var effect: String
        public var criterion: String
        public var line: Int
        public var text: String
        /// The council said it applies (`--gate`).
        public var applied: Bool
    }

    public var set: String
    public var name: String
    public var sheet: String
    public var council: CouncilLevel
    public var parts: [String: Int]
    public var members: [Member]
    public var sum: Int
    public var count: Int
    public var score: Double
    public var band: StarRating
    /// nil when a gate ended the evaluation.
    public var stars: StarRating?
    public var outcome: String
    public var heldStars: StarRating?
    public var potentialFiveStar: Bool
    public var heldBack: [HeldBack]
    public var gates: [Gate]
    public var explanation: [String]
    /// Only with 3 or more members.
    public var consistency: CouncilConsistency?

    public init(set: CriteriaSet, sheet: String, sheets: [ScoreSheet], result: RatingResult, council: CouncilLevel, applied: Set<String>) {
        self.set = set.id.description
        name = set.name
        self.sheet = sheet
        self.council = council
        parts = Dictionary(uniqueKeysWithValues: set.partMaxima.map { ($0.id, $0.points) })
        members = result.members.map { Member(member: $0.member, parts: $0.parts, total: $0.total) }
        sum = result.totalSum
        count = result.members.count
        score = result.score
        band = result.band
        let ended: Bool
        switch result.outcome {
        case .ended: outcome = "ended"; ended = true
        case .notRecognised: outcome = "not-recognised"; ended = false
        case .recognised: outcome = council == .commune ? "forwarded" : "recognised"; ended = false
        case .potentialFiveStar: outcome = "potential-5-star"; ended = false
        }
        stars = ended ? nil : result.stars
        heldStars = result.heldStars
        potentialFiveStar = result.outcome == .potentialFiveStar
        heldBack = result.shortfalls.map {
            HeldBack(level: $0.level, criterion: $0.criterion, title: $0.title, line: $0.line,
                     requiredOption: $0.requiredOption, requiredPoints: $0.requiredPoints, reached: $0.reached)
        }
        gates = set.gates.map { Gate(id: $0.id, effect: $0.effect.rawValue, criterion: $0.criterion, line: $0.line, text: $0.text, applied: applied.contains($0.id)) }
        explanation = result.explanation
        consistency = sheets.count >= 3 ? CouncilConsistency.measure(set, sheets: sheets) : nil
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    public var text: String {
        let f = RatingResult.format
        let partIDs = parts.keys.sorted()
        var out = ["\(set) \(name): \(sheet), \(count) member\(count == 1 ? "" : "s"), \(council.rawValue) council", ""]
        out += Self.table(["MEMBER"] + partIDs + ["TOTAL"],
                     members.map { m in [m.member] + partIDs.map { String(m.parts[$0] ?? 0) } + [String(m.total)] }
                     + [["(of)"] + partIDs.map { String(parts[$0] ?? 0) } + [String(parts.values.reduce(0, +))]])
        out.append("")
        out.append("score \(f(score)) = \(sum) / \(count) (the band is decided on the exact fraction): band \(band)")
        if let stars {
            out.append("stars \(stars)" + (stars < band ? " (held below \(band) by the minimums below)" : ""))
        } else {
            out.append("stars none: a gate ended the evaluation")
        }
        for s in heldBack {
            out.append("  \(s.level) needs \(s.criterion) “\(s.title)” (set line \(s.line)) at option \(s.requiredOption) = \(s.requiredPoints) point\(s.requiredPoints == 1 ? "" : "s"); reached \(f(s.reached))")
        }
        out.append("potential 5★: " + (potentialFiveStar ? "yes, holds 4★ until the central council decides" : "no"))
        out.append("outcome: " + (explanation.last ?? outcome))
        let appliedGates = gates.filter(\.applied)
        if gates.isEmpty {
            out.append("disqualifiers: none on this set")
        } else {
            out.append("disqualifiers: " + (appliedGates.isEmpty ? "none applied (the set has \(gates.map(\.id).joined(separator: ", ")); --gate ID applies one)" : ""))
            for gate in appliedGates { out.append("  \(gate.id) (\(gate.effect), criterion \(gate.criterion), set line \(gate.line)): \(gate.text)") }
        }
        if let consistency { out += [""] + Self.render(consistency, members: members.map(\.member)) }
        return out.joined(separator: "\n") + "\n"
    }

    static func render(_ c: CouncilConsistency, members: [String]) -> [String] {
        let f = RatingResult.format
        var out = ["council consistency (\(c.members) members; an outlier is more than \(c.threshold == c.threshold.rounded() ? String(Int(c.threshold)) : f(c.threshold)) option step\(c.threshold == 1 ? "" : "s") from the median of the other members)",
                   "totals: min \(c.totalMin), max \(c.totalMax), standard deviation \(f(c.totalStandardDeviation))"]
        out += table(["MEMBER", "TOTAL", "VS OTHERS", "MEAN STEPS", "OUTLIERS"], c.perMember.map {
            [$0.member, String($0.total), ($0.offsetFromOthers > 0 ? "+" : "") + f($0.offsetFromOthers),
             ($0.meanSteps > 0 ? "+" : "") + f($0.meanSteps), String($0.outliers)]
        })
        let split = c.criteria.filter { $0.max > $0.min }
        if split.isEmpty {
            out.append("every member gave the same points on every criterion")
        } else {
            out.append("criteria the members disagree on (\(split.count) of \(c.criteria.count)):")
            out += table(["CRITERION"] + members + ["MIN", "MAX", "SD", "OUTLIERS"], split.map { s in
                [s.criterion] + members.map { String(s.points[$0] ?? 0) } + [String(s.min), String(s.max), f(s.standardDeviation),
                 s.outliers.map { "\($0.member) (\($0.steps > 0 ? "+" : "")\($0.steps))" }.joined(separator: ", ").ifEmpty("-")]
            })
        }
        return out
    }

    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
    }
}

extension UpgradeAdvice {
    /// The advice as `ocop criteria advise` prints it; `lines` points each step at the sheet file.
    public func text(name: String, member: String, sheet: String, lines: [String: Int]) -> String {
        var out = ["\(set) \(name): \(sheet)\(member == ScoreSheetCSV.singleMember ? "" : ", member \(member)") — \(currentTotal) points, \(current)",
                   "to reach \(target): \(steps.count) change\(steps.count == 1 ? "" : "s"), +\(gained) point\(gained == 1 ? "" : "s") (the fewest points, then the fewest changes)"]
        for (n, step) in steps.enumerated() {
            let at = lines[step.criterion].map { "\(sheet) line \($0)" } ?? "not on the sheet"
            out.append("\(n + 1). \(step.criterion) “\(step.title)” (\(at); set line \(step.line)): \(step.fromPoints) → \(step.toPoints) points (option \(step.toOption))")
            out.append("   why: \(step.reason)")
        }
        out.append("after: \(newTotal) points, \(target)")
        return out.joined(separator: "\n") + "\n"
    }
}
