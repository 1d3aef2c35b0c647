import OCOPDomain
import Testing
@testable import OCOPRating

@Suite struct UpgradeAdvisorTests {
    @Test func theHeldBackProductNeedsOnlyItsMinimum() throws {
        var points = Build.bestSmall
        points["a1"] = 6
        points["c1"] = 15      // 91: 5★ band, held at 4★ by a1
        let advice = try #require(try UpgradeAdvisor.advise(Build.small(), sheet: Build.sheet("m1", points)))
        #expect(advice.current == .four && advice.target == .five && advice.gained == 2 && advice.newTotal == 93)
        #expect(advice.steps.map(\.description) == ["a1 “criterion a1” (line 10): 6 → 8 points (option 5): 5★ requires option 5 (8 points) or better"])
    }

    @Test func pointsTowardTheEdgeAreTheFewestPossible() throws {
        // 64 points, 3★, every 4★ minimum already met: 6 points to the 70 edge, in one change (a1 4 → 10).
        let points: [String: Int] = ["a1": 4, "a2": 5, "a3": 10, "b1": 10, "b2": 10, "c1": 10, "x": 15] // 64
        let advice = try #require(try UpgradeAdvisor.advise(Build.small(), sheet: Build.sheet("m1", points)))
        #expect(advice.current == .three && advice.target == .four)
        #expect(advice.gained == 6 && advice.steps.map(\.criterion) == ["a1"], "\(advice.steps)")
        #expect(try RatingEngine.rate(Build.small(), sheets: [apply(advice, to: Build.sheet("m1", points))]).stars >= .four)
    }

    @Test func fiveStarsNeedNoAdviceAndAGateCannotBeAdvisedAway() throws {
        #expect(try UpgradeAdvisor.advise(Build.small(), sheet: Build.sheet("m1", Build.bestSmall)) == nil)
        #expect(throws: RatingError("gate contaminants ended the evaluation; no option change lifts it")) {
            try UpgradeAdvisor.advise(Build.small(), sheet: Build.sheet("m1", Build.bestSmall), gates: ["contaminants"])
        }
        var bad = Build.bestSmall
        bad["b1"] = 7
        #expect(throws: RatingError("member m1: criterion b1 “criterion b1” (line 40): 7 points is not an option; its options give 0, 5, 10, 15")) {
            try UpgradeAdvisor.advise(Build.small(), sheet: Build.sheet("m1", bad))
        }
    }

    /// Exact, not greedy: on every sheet of the small set, the advised gain equals the least gain
    /// found by trying every combination of options at or above the current ones.
    @Test func theAdviceIsTheExactMinimumOnEverySheet() throws {
        let set = Build.small()
        var random = SplitMix(seed: 7)
        var checked = 0
        for _ in 0..<150 {
            let sheet = RandomSheet.make(for: set, using: &random)
            guard let advice = try UpgradeAdvisor.advise(set, sheet: sheet) else { continue }
            let brute = try #require(try bruteForceLeastGain(set, sheet: sheet, target: advice.target))
            #expect(advice.gained == brute.gain, "\(sheet.points): advisor \(advice.gained), brute force \(brute.gain)")
            #expect(advice.steps.count <= brute.changes || advice.gained < brute.gain)
            let upgraded = apply(advice, to: sheet)
            #expect(try RatingEngine.rate(set, sheets: [upgraded]).stars >= advice.target)
            checked += 1
        }
        #expect(checked > 100)
    }

    /// On the real sheets: the advice always reaches its target.
    @Test func realSheetsReachTheTarget() throws {
        var random = SplitMix(seed: 3)
        let sets = try CriteriaCatalogue.bundled().filter { $0.problems().isEmpty }
        for n in 0..<200 {
            let set = sets[n % sets.count]
            let sheet = RandomSheet.make(for: set, using: &random)
            guard let advice = try UpgradeAdvisor.advise(set, sheet: sheet) else { continue }
            let after = try RatingEngine.rate(set, sheets: [apply(advice, to: sheet)])
            #expect(after.stars >= advice.target, "\(set.id) \(sheet.points)")
            #expect(after.totalSum == advice.newTotal)
        }
    }

    func apply(_ advice: UpgradeAdvice, to sheet: ScoreSheet) -> ScoreSheet {
        var out = sheet
        for step in advice.steps { out.points[step.criterion] = step.toPoints }
        return out
    }

    /// Every combination (the small set has at most 6 × 3 × 4 × 4 × 2 × 5 × 3 of them).
    func bruteForceLeastGain(_ set: CriteriaSet, sheet: ScoreSheet, target: StarRating) throws -> (gain: Int, changes: Int)? {
        let ids = sheet.points.keys.sorted()
        let choices: [[Int]] = ids.map { id in set.criterion(id)!.allowedPoints.filter { $0 >= sheet.points[id]! } }
        var best: (gain: Int, changes: Int)?
        var index = [Int](repeating: 0, count: ids.count)
        let base = sheet.points.values.reduce(0, +)
        while true {
            var candidate = sheet
            for (i, id) in ids.enumerated() { candidate.points[id] = choices[i][index[i]] }
            if try RatingEngine.rate(set, sheets: [candidate]).stars >= target {
                let gain = candidate.points.values.reduce(0, +) - base
                let changes = ids.filter { candidate.points[$0] != sheet.points[$0] }.count
                if best == nil || gain < best!.gain || (gain == best!.gain && changes < best!.changes) { best = (gain, changes) }
            }
            var i = 0
            while i < ids.count {
                index[i] += 1
                if index[i] < choices[i].count { break }
                index[i] = 0
                i += 1
            }
            if i == ids.count { return best }
        }
    }
}
