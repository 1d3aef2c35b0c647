import Foundation

/// How far a council's members agree (issue 13 item 6), pure.
///
/// Distances are counted in **option steps**, not points, because criteria have different scales
/// (a 0/1 criterion and a 0/1/3/5 one): each answer is its position among the criterion's allowed
/// answers (0 for "none" when allowed, then option 1, 2, …).
///
/// **Outlier rule**: with at least 3 members, a member's answer on a criterion is an outlier when
/// it is more than `threshold` option steps (default 1) from the median of the *other* members'
/// answers. Excluding the member keeps an extreme sheet from pulling the reference toward itself;
/// the median keeps a second dissenter from doing the same. With an even number of others every
/// value between the two middle answers is a median and the distance is to the nearest one, so
/// three members one step apart (2, 3, 4) flag nobody. With 2 members there is no majority to
/// depart from: only the spread is given.
public struct CouncilConsistency: Sendable, Hashable, Codable {
    public struct CriterionSpread: Sendable, Hashable, Codable {
        public var criterion: String
        public var title: String
        /// Points per member.
        public var points: [String: Int]
        public var min: Int
        public var max: Int
        /// Population standard deviation of the points: the council is the whole population.
        public var standardDeviation: Double
        public var outliers: [Outlier]
    }

    public struct Outlier: Sendable, Hashable, Codable, CustomStringConvertible {
        public var criterion: String
        public var member: String
        public var points: Int
        /// The other members' median nearest to the member's answer, in points.
        public var othersMedian: Int
        /// Signed distance in option steps from the others' median (positive: more lenient).
        public var steps: Int
        public var description: String {
            "\(member) gave \(points) on \(criterion), the others' median is \(othersMedian) (\(steps > 0 ? "+" : "")\(steps) option step\(abs(steps) == 1 ? "" : "s"))"
        }
    }

    public struct MemberSummary: Sendable, Hashable, Codable {
        public var member: String
        public var total: Int
        /// The member's total minus the median of the other members' totals.
        public var offsetFromOthers: Double
        /// Mean signed option steps from the others' median over all criteria: > 0 lenient, < 0 strict.
        public var meanSteps: Double
        public var outliers: Int
    }

    public var members: Int
    public var threshold: Double
    public var criteria: [CriterionSpread]
    public var perMember: [MemberSummary]
    /// Spread of the members' totals.
    public var totalMin: Int
    public var totalMax: Int
    public var totalStandardDeviation: Double
    public var outliers: [Outlier] { criteria.flatMap(\.outliers) }

    /// - Parameter sheets: sheets the engine accepted (every criterion answered with an allowed
    ///   answer, the same alternatives for all); criteria nobody scored are left out.
    public static func measure(_ set: CriteriaSet, sheets: [ScoreSheet], threshold: Double = 1) -> CouncilConsistency {
        let names = sheets.map(\.member)
        var spreads: [CriterionSpread] = []
        var stepSums = [Double](repeating: 0, count: sheets.count)
        var stepCounts = [Int](repeating: 0, count: sheets.count)
        var outlierCounts = [Int](repeating: 0, count: sheets.count)
        for (_, _, criterion) in set.criteria {
            let given = sheets.map { $0.points[criterion.id] }
            guard given.allSatisfy({ $0 != nil }), let first = given.first, first != nil else { continue }
            let values = given.map { $0! }
            let allowed = criterion.allowedPoints
            let positions = values.map { allowed.firstIndex(of: $0) ?? 0 }
            var outliers: [Outlier] = []
            if sheets.count >= 2 {
                for i in sheets.indices {
                    var others = positions
                    others.remove(at: i)
                    let (low, high) = medians(others)
                    let nearest = Swift.min(Swift.max(positions[i], low), high)
                    let steps = positions[i] - nearest
                    stepSums[i] += Double(steps)
                    stepCounts[i] += 1
                    if sheets.count >= 3 && Double(abs(steps)) > threshold {
                        outliers.append(Outlier(criterion: criterion.id, member: names[i], points: values[i],
                                                othersMedian: allowed[nearest], steps: steps))
                        outlierCounts[i] += 1
                    }
                }
            }
            spreads.append(CriterionSpread(criterion: criterion.id, title: criterion.title,
                                           points: Dictionary(zip(names, values), uniquingKeysWith: { first, _ in first }),
                                           min: values.min() ?? 0, max: values.max() ?? 0,
                                           standardDeviation: deviation(values.map(Double.init)), outliers: outliers))
        }
        let totals = sheets.map { $0.points.values.reduce(0, +) }
        let perMember = sheets.indices.map { i -> MemberSummary in
            var others = totals.map(Double.init)
            others.remove(at: i)
            return MemberSummary(member: names[i], total: totals[i],
                                 offsetFromOthers: others.isEmpty ? 0 : Double(totals[i]) - median(others),
                                 meanSteps: stepCounts[i] == 0 ? 0 : stepSums[i] / Double(stepCounts[i]),
                                 outliers: outlierCounts[i])
        }
        return CouncilConsistency(members: sheets.count, threshold: threshold, criteria: spreads, perMember: perMember,
                                  totalMin: totals.min() ?? 0, totalMax: totals.max() ?? 0,
                                  totalStandardDeviation: deviation(totals.map(Double.init)))
    }

    /// The two middle values (the same one for an odd count).
    static func medians(_ values: [Int]) -> (Int, Int) {
        let sorted = values.sorted()
        return (sorted[(sorted.count - 1) / 2], sorted[sorted.count / 2])
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    static func deviation(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
    }
}
