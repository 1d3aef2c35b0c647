import OCOPDomain
import Testing
@testable import OCOPRating

@Suite struct RatingEngineTests {
    /// Bands are decided on the exact average: each band includes its lower edge, nothing is
    /// rounded first. Every average of 1–8 members' whole totals agrees with the domain's bands.
    @Test func bandEdgesExhaustively() {
        for count in 1...8 {
            for sum in 0...(100 * count) {
                #expect(RatingEngine.band(sum: sum, count: count) == StarRating.band(forScore: Double(sum) / Double(count)),
                        "\(sum)/\(count)")
            }
        }
        // 49.99 / 50 / 69.99 / 70 / 89.99 / 90 (as 100 members' sums) and their Double twins.
        let cases: [(Int, StarRating)] = [(4999, .two), (5000, .three), (6999, .three), (7000, .four), (8999, .four), (9000, .five)]
        for (sum, stars) in cases {
            #expect(RatingEngine.band(sum: sum, count: 100) == stars, "\(sum)/100")
            #expect(StarRating.band(forScore: Double(sum) / 100) == stars, "\(Double(sum) / 100)")
        }
        #expect(RatingEngine.band(sum: 2999, count: 100) == .one)
        #expect(RatingEngine.band(sum: 3000, count: 100) == .two)
    }

    @Test func theScoreIsTheAverageOfMembersTotalsAtFullPrecision() throws {
        let set = Build.small()
        // 50 and 49: 49.5 stays 2★; 50 and 50: 3★.
        let fifty: [String: Int] = ["a1": 4, "a2": 1, "a3": 5, "b1": 10, "b2": 0, "c1": 15, "x": 15] // 50
        var fortyNine = fifty
        fortyNine["a2"] = 0
        let low = try RatingEngine.rate(set, sheets: [Build.sheet("m1", fifty), Build.sheet("m2", fortyNine)])
        #expect(low.score == 49.5 && low.band == .two && low.outcome == .notRecognised(.two))
        #expect(low.members.map(\.total) == [50, 49] && low.members[0].parts == ["A": 10, "B": 10, "C": 30])
        let edge = try RatingEngine.rate(set, sheets: [Build.sheet("m1", fifty), Build.sheet("m2", fifty)])
        #expect(edge.score == 50 && edge.stars == .three && edge.outcome == .recognised(.three))
    }

    /// 92 points held at 4★: the one 5★ minimum missed, by one option.
    @Test func ninetyTwoPointsHeldAtFourStarsByAMinimum() throws {
        // Two members, 91 and 93: a1 at option 4 (6 points) and option 5 (8), c1 one option down.
        var first = Build.bestSmall
        first["a1"] = 6
        first["c1"] = 15
        var other = first
        other["a1"] = 8
        let sheet = Build.sheet("m1", first), second = Build.sheet("m2", other)
        let result = try RatingEngine.rate(Build.small(), sheets: [sheet, second])
        #expect(result.members.map(\.total) == [91, 93])
        #expect(result.score == 92 && result.band == .five && result.stars == .four)
        #expect(result.outcome == .recognised(.four))
        let held = try #require(result.shortfalls.first)
        #expect(result.shortfalls.count == 1)
        #expect(held.level == .five && held.criterion == "a1" && held.line == 10)
        #expect(held.requiredOption == 5 && held.requiredPoints == 8 && held.reached == 7 && held.missing == 1)
        #expect(result.explanation.contains { $0.contains("held below 5★: 5★ needs criterion a1") && $0.contains("reached 7.00, 1.00 short") },
                "\(result.explanation)")
    }

    @Test func minimumsCanDropSeveralLevels() throws {
        // 80 points (4★ band) without a2 at all (marked 4★ on the criterion) and a1 below its 3★ option.
        var points = Build.bestSmall
        points["a2"] = 0    // −10
        points["a1"] = 2    // −8 → 82; 3★ needs option 3 (4 points)
        points["b2"] = 0    // −10 → 72
        let result = try RatingEngine.rate(Build.small(), sheets: [Build.sheet("m1", points)])
        #expect(result.band == .four && result.stars == .two)
        #expect(result.shortfalls.map { "\($0.level) \($0.criterion)" } == ["4★ a1", "4★ a2", "3★ a1"])
        #expect(result.outcome == .notRecognised(.two) && result.heldStars == nil)
    }

    @Test func potentialFiveStarsBeforeTheProvinceFiveBeforeTheCentralCouncil() throws {
        let best = Build.sheet("m1", Build.bestSmall)
        let province = try RatingEngine.rate(Build.small(), sheets: [best], council: .province)
        #expect(province.stars == .five && province.outcome == .potentialFiveStar && province.heldStars == .four)
        let central = try RatingEngine.rate(Build.small(), sheets: [best], council: .central)
        #expect(central.outcome == .recognised(.five) && central.heldStars == .five)
    }

    @Test func aGateEndsTheEvaluation() throws {
        let result = try RatingEngine.rate(Build.small(), sheets: [Build.sheet("m1", Build.bestSmall)], gates: ["contaminants"])
        #expect(result.outcome == .ended(gates: ["contaminants"]) && result.heldStars == nil)
        #expect(result.explanation.contains { $0.hasPrefix("ended by gate contaminants (stop, criterion c1, line 60)") })
        #expect(throws: RatingError("set 148/t has no gate food-safety; its gates: contaminants")) {
            try RatingEngine.rate(Build.small(), sheets: [Build.sheet("m1", Build.bestSmall)], gates: ["food-safety"])
        }
    }

    @Test func badSheetsGetPreciseErrors() {
        let set = Build.small()
        func refused(_ change: (inout [String: Int]) -> Void) -> String {
            var points = Build.bestSmall
            change(&points)
            do {
                _ = try RatingEngine.rate(set, sheets: [Build.sheet("m1", points)])
                return "accepted"
            } catch { return "\(error)" }
        }
        #expect(refused { $0["a1"] = 3 } == "member m1: criterion a1 “criterion a1” (line 10): 3 points is not an option; its options give 0, 2, 4, 6, 8, 10")
        #expect(refused { $0["a1"] = 11 } == "member m1: criterion a1 “criterion a1” (line 10): 11 points is out of range 0–10")
        #expect(refused { $0["a1"] = -1 } == "member m1: criterion a1 “criterion a1” (line 10): -1 points is out of range 0–10")
        // a2 has no zero-point option, so 0 means "none of them"; a negative is still out of range.
        #expect(refused { $0["a2"] = 0 } == "accepted")
        #expect(refused { $0["a2"] = 2 } == "member m1: criterion a2 “criterion a2” (line 20): 2 points is not an option; its options give 0, 1, 5, 10")
        #expect(refused { $0["b2"] = nil } == "member m1: criterion b2 “criterion b2” (line 50) has no answer")
        #expect(refused { $0["zz"] = 1 } == "member m1: set 148/t has no criterion zz")
        #expect(refused { $0["y"] = 5 } == "member m1: group 4 “group 4” (line 69) takes exactly one of x, y; x, y were scored")
        #expect(refused { $0["x"] = nil } == "member m1: group 4 “group 4” (line 69) takes exactly one of x, y; none was scored")
        var other = Build.bestSmall
        other["x"] = nil
        other["y"] = 15
        #expect(throws: RatingError("group 4: member m1 scored alternative x, member m2 scored y; the council scores one")) {
            try RatingEngine.rate(set, sheets: [Build.sheet("m1", Build.bestSmall), Build.sheet("m2", other)])
        }
        #expect(throws: RatingError("no score sheets: a rating needs at least one member's sheet")) { try RatingEngine.rate(set, sheets: []) }
    }

    @Test func aSetThatDoesNotValidateIsNotScored() throws {
        var set = Build.small()
        set.parts[1].points = 30
        #expect(throws: RatingError.self) { try RatingEngine.rate(set, sheets: [Build.sheet("m1", Build.bestSmall)]) }
    }

    /// On a real sheet: the best answers give 100 and potential 5★ at a province council.
    @Test(arguments: ["1", "18", "21", "26"]) func realSheetsScoreTheirBest(code: String) throws {
        let set = try #require(try CriteriaCatalogue.bundled().first { $0.code == code })
        let result = try RatingEngine.rate(set, sheets: [set.bestSheet()])
        #expect(result.totalSum == 100 && result.outcome == .potentialFiveStar)
    }
}
