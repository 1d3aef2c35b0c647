import OCOPDomain

/// One council member's sheet (or a producer's self-assessment): points per criterion id.
/// Points, not option numbers, because that is what members write; within a criterion each
/// option's points are distinct (validated), so points name the option.
public struct ScoreSheet: Sendable, Hashable, Codable {
    public var member: String
    public var points: [String: Int]

    public init(member: String, points: [String: Int]) {
        self.member = member
        self.points = points
    }
}

/// A refused sheet, as precise as the input allows.
public struct RatingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Where a gate held a product below its band: on `criterion`, the star level needed at least
/// `requiredPoints` (option `requiredOption`); the members reached `reached` on average.
public struct Shortfall: Sendable, Hashable, CustomStringConvertible {
    public var level: StarRating
    public var criterion: String
    public var title: String
    public var line: Int
    public var requiredOption: Int
    public var requiredPoints: Int
    public var reached: Double
    public var missing: Double { Double(requiredPoints) - reached }

    public var description: String {
        "\(level) needs criterion \(criterion) “\(title)” (line \(line)) at option \(requiredOption) (\(requiredPoints) points) or better; reached \(RatingResult.format(reached)), \(RatingResult.format(missing)) short"
    }
}

public struct RatingResult: Sendable {
    public enum Outcome: Sendable, Hashable {
        /// A gate ended the evaluation: no score counts, no decision.
        case ended(gates: [String])
        /// Below 3★: rated, but no decision or certificate.
        case notRecognised(StarRating)
        /// A decision at these stars.
        case recognised(StarRating)
        /// 5★ reached before a council that cannot give it: holds 4★, forwarded to the central council.
        case potentialFiveStar
    }

    public struct MemberTotal: Sendable, Hashable {
        public var member: String
        public var parts: [String: Int]
        public var total: Int
    }

    public var set: CriteriaSetID
    public var members: [MemberTotal]
    /// The sum of the members' totals; `score` is this over the number of members, and bands are
    /// decided on the exact fraction (so 49.99… is never rounded up into 3★).
    public var totalSum: Int
    public var score: Double
    /// The band of the score alone.
    public var band: StarRating
    /// What the minimum-criteria gates allow (≤ band).
    public var stars: StarRating
    public var shortfalls: [Shortfall]
    public var endedBy: [CriteriaSet.Gate]
    public var outcome: Outcome
    public var explanation: [String]

    /// Stars the product holds after the decision (4★ for a potential 5★, none below 3★).
    public var heldStars: StarRating? {
        switch outcome {
        case .recognised(let s): s
        case .potentialFiveStar: .four
        case .ended, .notRecognised: nil
        }
    }

    static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        // The sign apart: -0.14 would otherwise lose it in the integer part.
        let whole = abs(hundredths) / 100, fraction = abs(hundredths) % 100
        return "\(hundredths < 0 ? "-" : "")\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// The council that scores (ocop-rules.md §4). Not `IssuingLevel`: a commune scores (QĐ 1489
/// pre-assessment) but never issues a certificate.
public enum CouncilLevel: String, Sendable, Hashable, Codable, CaseIterable {
    case commune, district, province, central
}

/// The scoring rules (ocop-rules.md §3), pure: no I/O, no clock.
public enum RatingEngine {
    /// Lower edges of 2★…5★.
    static let edges: [(StarRating, Int)] = [(.five, 90), (.four, 70), (.three, 50), (.two, 30)]

    /// The band of `sum / count` decided exactly (integers, no rounding): each band includes its
    /// lower edge, so 4999/100 = 49.99 is 2★ and 5000/100 = 50 is 3★.
    public static func band(sum: Int, count: Int) -> StarRating {
        for (stars, edge) in edges where sum >= edge * count { return stars }
        return .one
    }

    /// Rates a product on `set` from the members' sheets.
    /// - Parameters:
    ///   - gates: ids of the set's gates the council found to apply (contaminants, …).
    ///   - council: who scores; only the central council gives 5★.
    public static func rate(_ set: CriteriaSet, sheets: [ScoreSheet], gates: Set<String> = [],
                            council: CouncilLevel = .province) throws -> RatingResult {
        try rate(set, sheets: sheets, gates: gates, council: council, validated: false)
    }

    /// `validated`: the caller took the set from the catalogue, which validated it once.
    static func rate(_ set: CriteriaSet, sheets: [ScoreSheet], gates: Set<String> = [], council: CouncilLevel = .province,
                     validated: Bool) throws -> RatingResult {
        let problems = validated ? [] : set.problems()
        guard problems.isEmpty else {
            throw RatingError("set \(set.id) cannot be scored: " + problems.map(\.description).joined(separator: "; "))
        }
        guard !sheets.isEmpty else { throw RatingError("no score sheets: a rating needs at least one member's sheet") }
        var members: [RatingResult.MemberTotal] = []
        var perCriterion: [String: Int] = [:]
        var branches: [String: (criterion: String, member: String)] = [:]
        for sheet in sheets {
            let checked = try check(sheet, on: set)
            members.append(RatingResult.MemberTotal(member: sheet.member, parts: checked.parts, total: checked.parts.values.reduce(0, +)))
            for (id, points) in sheet.points { perCriterion[id, default: 0] += points }
            for (group, criterion) in checked.branches {
                if let first = branches[group], first.criterion != criterion {
                    throw RatingError("group \(group): member \(first.member) scored alternative \(first.criterion), member \(sheet.member) scored \(criterion); the council scores one")
                }
                branches[group] = (criterion, sheet.member)
            }
        }
        let unknown = gates.subtracting(set.gates.map(\.id))
        guard unknown.isEmpty else {
            throw RatingError("set \(set.id) has no gate \(unknown.sorted().joined(separator: ", ")); its gates: \(set.gates.map(\.id).joined(separator: ", ").ifEmpty("none"))")
        }
        let count = sheets.count
        let sum = members.map(\.total).reduce(0, +)
        let score = Double(sum) / Double(count)
        let band = Self.band(sum: sum, count: count)
        var explanation = ["score \(RatingResult.format(score)) = \(sum) / \(count) member\(count == 1 ? "" : "s") (totals \(members.map { String($0.total) }.joined(separator: ", "))): \(band) band"]

        let ended = set.gates.filter { gates.contains($0.id) }
        if !ended.isEmpty {
            for gate in ended {
                explanation.append("ended by gate \(gate.id) (\(gate.effect.rawValue), criterion \(gate.criterion), line \(gate.line)): \(gate.text)")
            }
            explanation.append("no stars and no decision")
            return RatingResult(set: set.id, members: members, totalSum: sum, score: score, band: band, stars: .one, shortfalls: [],
                                endedBy: ended, outcome: .ended(gates: ended.map(\.id)), explanation: explanation)
        }

        // Walk down from the band until every minimum of a level is met.
        var stars = band
        var shortfalls: [Shortfall] = []
        while stars > .one {
            let missing = shortfallsAt(stars, set: set, sums: perCriterion, count: count)
            if missing.isEmpty { break }
            shortfalls += missing
            for s in missing { explanation.append("held below \(stars): " + s.description) }
            stars = StarRating(rawValue: stars.rawValue - 1)!
        }
        if stars == band {
            explanation.append("every minimum for \(stars) is met")
        } else {
            explanation.append("\(stars): every minimum for \(stars) is met; band \(band) not reached on minimums")
        }

        let outcome: RatingResult.Outcome
        if stars < .three {
            outcome = .notRecognised(stars)
            explanation.append("\(stars) is below 3★: no decision")
        } else if stars == .five && council != .central {
            outcome = .potentialFiveStar
            explanation.append("5★ before the \(council.rawValue) council: potential 5★ (tiềm năng 5 sao), holds 4★, forwarded to the central council")
        } else {
            outcome = .recognised(stars)
            // The outcome stays the level reached; who signs it is the process's business.
            explanation.append(council == .commune ? "\(stars) on the commune's pre-assessment (QĐ 1489): forwarded, the province decides"
                                                   : "decision: \(stars)")
        }
        return RatingResult(set: set.id, members: members, totalSum: sum, score: score, band: band, stars: stars,
                            shortfalls: shortfalls, endedBy: [], outcome: outcome, explanation: explanation)
    }

    /// The minimums of `level` not met, averaging the members' points per criterion.
    static func shortfallsAt(_ level: StarRating, set: CriteriaSet, sums: [String: Int], count: Int) -> [Shortfall] {
        var out: [Shortfall] = []
        for part in set.parts {
            for group in part.groups {
                for criterion in group.criteria {
                    // An alternative nobody scored sets no minimum.
                    guard let sum = sums[criterion.id], let required = criterion.requiredPoints(forStars: level.rawValue) else { continue }
                    if sum < required * count {
                        out.append(Shortfall(level: level, criterion: criterion.id, title: criterion.title, line: criterion.line,
                                             requiredOption: criterion.option(withPoints: required) ?? 0, requiredPoints: required,
                                             reached: Double(sum) / Double(count)))
                    }
                }
            }
        }
        return out
    }

    /// One sheet against the set: every criterion answered once with points it offers; of a
    /// group of alternatives exactly one. Returns part totals and the alternative chosen per group.
    static func check(_ sheet: ScoreSheet, on set: CriteriaSet) throws -> (parts: [String: Int], branches: [String: String]) {
        let who = "member \(sheet.member)"
        var matched = 0
        var parts: [String: Int] = [:]
        var branches: [String: String] = [:]
        for part in set.parts {
            var total = 0
            for group in part.groups {
                var answered: String?
                var answers = 0
                for criterion in group.criteria {
                    guard let points = sheet.points[criterion.id] else {
                        if group.pick == .all { throw RatingError("\(who): criterion \(criterion.id) “\(criterion.title)” (line \(criterion.line)) has no answer") }
                        continue
                    }
                    matched += 1
                    if !criterion.allows(points) {
                        // The slow path only for a refusal: the message lists the options.
                        let allowed = criterion.allowedPoints
                        guard let low = allowed.first, let high = allowed.last, points >= low, points <= high else {
                            throw RatingError("\(who): criterion \(criterion.id) “\(criterion.title)” (line \(criterion.line)): \(points) points is out of range \(allowed.first ?? 0)–\(allowed.last ?? 0)")
                        }
                        throw RatingError("\(who): criterion \(criterion.id) “\(criterion.title)” (line \(criterion.line)): \(points) points is not an option; its options give \(allowed.map(String.init).joined(separator: ", "))")
                    }
                    answers += 1
                    answered = answered ?? criterion.id
                    total += points
                }
                if group.pick == .one {
                    guard answers == 1, let answered else {
                        let chosen = group.criteria.map(\.id).filter { sheet.points[$0] != nil }
                        throw RatingError("\(who): group \(group.id) “\(group.title)” (line \(group.line)) takes exactly one of \(group.criteria.map(\.id).joined(separator: ", ")); \(chosen.isEmpty ? "none was" : chosen.joined(separator: ", ") + " were") scored")
                    }
                    branches[group.id] = answered
                }
            }
            parts[part.id] = total
        }
        if matched != sheet.points.count {
            let known = Set(set.parts.flatMap(\.groups).flatMap(\.criteria).map(\.id))
            let extra = Set(sheet.points.keys).subtracting(known)
            throw RatingError("\(who): set \(set.id) has no criterion \(extra.sorted().joined(separator: ", "))")
        }
        return (parts, branches)
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
