import Foundation
import OCOPDomain
@testable import OCOPRating

/// Small hand-made sets, so each rule is tested on numbers one can check by eye.
enum Build {
    typealias C = CriteriaSet.Criterion
    typealias O = CriteriaSet.Option

    static func option(_ points: Int, stars: Int? = nil, line: Int) -> O {
        O(title: "option worth \(points)", points: points, stars: stars, line: line, note: nil)
    }

    /// A criterion whose options give `points` (rising), `marks[i]` on option i.
    static func criterion(_ id: String, _ points: [Int], marks: [Int: Int] = [:], stars: Int? = nil, line: Int) -> C {
        C(id: id, title: "criterion \(id)", note: nil, points: points.max(), stars: stars, line: line,
          options: points.enumerated().map { option($0.element, stars: marks[$0.offset], line: line + $0.offset + 1) })
    }

    static func group(_ id: String, _ criteria: [C], pick: CriteriaSet.Group.Pick = .all, line: Int) -> CriteriaSet.Group {
        let g = CriteriaSet.Group(id: id, title: "group \(id)", note: nil, points: 0, line: line, pick: pick, criteria: criteria)
        var fixed = g
        fixed.points = g.maxPoints
        return fixed
    }

    static func part(_ id: String, _ groups: [CriteriaSet.Group], line: Int) -> CriteriaSet.Part {
        CriteriaSet.Part(id: id, title: "part \(id)", points: groups.map(\.maxPoints).reduce(0, +), line: line, groups: groups)
    }

    static func set(act: LegalAct = .decision148, code: String = "t", _ parts: [CriteriaSet.Part], gates: [CriteriaSet.Gate] = []) -> CriteriaSet {
        CriteriaSet(format: 1, act: act, code: code, productSet: nil, name: "test set \(code)", source: "test/\(code).json",
                    parts: parts, gates: gates)
    }

    /// A 148-shaped set (A 40 / B 25 / C 35) with a few marks:
    /// - a1 [0 2 4 6 8 10], option 3 (4 pts) marked 3★, option 5 (8 pts) marked 5★
    /// - a2 [1 5 10], lowest-first 1: "none" allowed; the criterion itself marked 4★
    /// - a3 [0 5 10 20] unmarked
    /// - b1 [0 5 10 15] option 3 marked 4★; b2 [0 10] unmarked
    /// - c1 [0 5 10 15 20] unmarked; c2 alternative branches x [0 15] / y [0 5 15], y's option 2 marked 4★
    static func small(act: LegalAct = .decision148) -> CriteriaSet {
        set(act: act, [
            part("A", [group("1", [criterion("a1", [0, 2, 4, 6, 8, 10], marks: [2: 3, 4: 5], line: 10),
                                   criterion("a2", [1, 5, 10], stars: 4, line: 20),
                                   criterion("a3", [0, 5, 10, 20], line: 30)], line: 9)], line: 8),
            part("B", [group("2", [criterion("b1", [0, 5, 10, 15], marks: [2: 4], line: 40),
                                   criterion("b2", [0, 10], line: 50)], line: 39)], line: 38),
            part("C", [group("3", [criterion("c1", [0, 5, 10, 15, 20], line: 60)], line: 59),
                       group("4", [criterion("x", [0, 15], line: 70), criterion("y", [0, 5, 15], marks: [1: 4], line: 80)],
                             pick: .one, line: 69)], line: 58),
        ], gates: [CriteriaSet.Gate(id: "contaminants", effect: .stop, text: "stop if contaminated", criterion: "c1", line: 60)])
    }

    static func sheet(_ member: String = "m1", _ points: [String: Int]) -> ScoreSheet { ScoreSheet(member: member, points: points) }

    /// The best answer everywhere (taking branch `x`) minus nothing: 100 points.
    static var bestSmall: [String: Int] { ["a1": 10, "a2": 10, "a3": 20, "b1": 15, "b2": 10, "c1": 20, "x": 15] }
}

extension CriteriaSet {
    /// The set's best sheet (first alternative of each choice).
    func bestSheet(member: String = "m1") -> ScoreSheet {
        var points: [String: Int] = [:]
        for part in parts {
            for group in part.groups {
                for criterion in group.pick == .one ? [group.criteria[0]] : group.criteria { points[criterion.id] = criterion.maxPoints }
            }
        }
        return ScoreSheet(member: member, points: points)
    }
}
