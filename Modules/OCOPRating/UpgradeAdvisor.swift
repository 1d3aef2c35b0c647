import OCOPDomain

/// The smallest change to a sheet that reaches the next star level.
public struct UpgradeAdvice: Sendable, Hashable {
    public struct Step: Sendable, Hashable, CustomStringConvertible {
        public var criterion: String
        public var title: String
        public var line: Int
        public var fromPoints: Int
        public var toPoints: Int
        public var toOption: Int
        public var reason: String
        public var description: String {
            "\(criterion) “\(title)” (line \(line)): \(fromPoints) → \(toPoints) points (option \(toOption)): \(reason)"
        }
    }

    public var set: CriteriaSetID
    public var current: StarRating
    public var target: StarRating
    public var currentTotal: Int
    public var newTotal: Int
    public var steps: [Step]
    public var gained: Int { newTotal - currentTotal }
}

/// Exact search over the sheet (ocop-rules.md §3): each criterion may move to any option at or
/// above its current one; the result minimises the points gained (then the number of criteria
/// changed) while reaching the next band's edge and every minimum of that level. The minimums
/// fix a floor per criterion; the rest is a multiple-choice subset sum over at most 100 points,
/// solved by dynamic programming — small enough to be exact rather than greedy.
public enum UpgradeAdvisor {
    static let edge: [StarRating: Int] = [.two: 30, .three: 50, .four: 70, .five: 90]

    /// nil when the sheet already rates 5★. Throws for a sheet the engine refuses, a gate that
    /// ended the evaluation, or a level the set cannot reach.
    public static func advise(_ set: CriteriaSet, sheet: ScoreSheet, gates: Set<String> = []) throws -> UpgradeAdvice? {
        let result = try RatingEngine.rate(set, sheets: [sheet], gates: gates, council: .central)
        if case .ended(let ended) = result.outcome {
            throw RatingError("gate \(ended.joined(separator: ", ")) ended the evaluation; no option change lifts it")
        }
        guard result.stars < .five, let target = StarRating(rawValue: result.stars.rawValue + 1), let needed = edge[target] else { return nil }

        struct Item { var criterion: CriteriaSet.Criterion; var current: Int; var floor: Int; var required: Int? }
        var items: [Item] = []
        for (_, _, criterion) in set.criteria {
            guard let current = sheet.points[criterion.id] else { continue } // an alternative not taken
            let required = criterion.requiredPoints(forStars: target.rawValue)
            items.append(Item(criterion: criterion, current: current, floor: max(current, required ?? current), required: required))
        }
        let total = result.members[0].total
        let floorTotal = total + items.map { $0.floor - $0.current }.reduce(0, +)
        let deficit = max(0, needed - floorTotal)

        // best[g]: fewest changed criteria gaining exactly g points above the floors; choice[i][g]
        // remembers the points criterion i took on the way.
        let capacity = items.map { ($0.criterion.maxPoints - $0.floor) }.reduce(0, +)
        let unreachable = Int.max
        var best = [Int](repeating: unreachable, count: capacity + 1)
        best[0] = 0
        var choice: [[Int]] = []
        for item in items {
            var next = [Int](repeating: unreachable, count: capacity + 1)
            var picked = [Int](repeating: -1, count: capacity + 1)
            let steps = [item.floor] + item.criterion.options.map(\.points).filter { $0 > item.floor }
            for g in 0...capacity where best[g] != unreachable {
                for points in steps {
                    let h = g + points - item.floor
                    guard h <= capacity else { continue }
                    let changes = best[g] + (points != item.current ? 1 : 0)
                    if changes < next[h] {
                        next[h] = changes
                        picked[h] = points
                    }
                }
            }
            best = next
            choice.append(picked)
        }
        guard let gain = (deficit...max(deficit, capacity)).first(where: { $0 <= capacity && best[$0] != unreachable }) else {
            throw RatingError("set \(set.id): \(target) is out of reach from this sheet (at most \(floorTotal + capacity) points)")
        }

        var chosen = [Int](repeating: 0, count: items.count)
        var g = gain
        for i in stride(from: items.count - 1, through: 0, by: -1) {
            let points = choice[i][g]
            chosen[i] = points
            g -= points - items[i].floor
        }
        var steps: [UpgradeAdvice.Step] = []
        for (i, item) in items.enumerated() where chosen[i] != item.current {
            var reasons: [String] = []
            if let required = item.required, required > item.current {
                reasons.append("\(target) requires option \(item.criterion.option(withPoints: required) ?? 0) (\(required) point\(required == 1 ? "" : "s")) or better")
            }
            if chosen[i] > item.floor {
                reasons.append("\(chosen[i] - item.floor) point\(chosen[i] - item.floor == 1 ? "" : "s") toward the \(needed)-point edge of \(target)")
            }
            steps.append(UpgradeAdvice.Step(criterion: item.criterion.id, title: item.criterion.title, line: item.criterion.line,
                                            fromPoints: item.current, toPoints: chosen[i],
                                            toOption: item.criterion.option(withPoints: chosen[i]) ?? 0,
                                            reason: reasons.joined(separator: "; ")))
        }
        return UpgradeAdvice(set: set.id, current: result.stars, target: target, currentTotal: total,
                             newTotal: floorTotal + gain, steps: steps)
    }
}
