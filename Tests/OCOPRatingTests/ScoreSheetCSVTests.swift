import Foundation
import OCOPDomain
import Testing
@testable import OCOPRating

/// Set 148/21 (household handicrafts) as a council fills it: the sheet of docs/examples.
enum Sheet21 {
    static func set() throws -> CriteriaSet {
        try #require(try CriteriaCatalogue.bundled().first { $0.code == "21" })
    }
    // Criteria in sheet order: 1a 1b 1c 1d 1dd 1e | 2a 2b | 3a 3b 3c 3d 3dd 3e | 4a 4b 4c | 5a 5b 5c | 6a 6b 6c 6d 6dd | 7 | 8 | 9
    static let an = [5, 2, 2, 2, 2, 1, 5, 3, 2, 1, 3, 2, 1, 0, 3, 3, 3, 4, 5, 1, 3, 3, 2, 2, 3, 2, 3, 3]   // 71
    static let binh = [5, 3, 2, 2, 4, 1, 5, 3, 3, 1, 3, 2, 1, 1, 5, 3, 4, 4, 5, 1, 5, 3, 3, 2, 5, 4, 3, 3] // 86
    static let chi = [1, 2, 2, 2, 2, 1, 3, 3, 2, 1, 3, 2, 1, 0, 3, 3, 3, 3, 5, 1, 3, 3, 2, 2, 3, 2, 3, 3]  // 64

    static func csv(_ members: [(String, [Int])], set: CriteriaSet) -> Data {
        let ids = set.criteria.map(\.criterion.id)
        var text = "member,criterion,points\n"
        for (name, points) in members { for (id, p) in zip(ids, points) { text += "\(name),\(id),\(p)\n" } }
        return Data(text.utf8)
    }

    static func council() throws -> (CriteriaSet, SheetFile) {
        let set = try set()
        return (set, try ScoreSheetCSV.parse(csv([("an", an), ("binh", binh), ("chi", chi)], set: set), source: "council.csv", set: set))
    }
}

@Suite struct ScoreSheetCSVTests {
    func errors(_ text: String, set: CriteriaSet) -> [String] {
        do {
            _ = try ScoreSheetCSV.parse(Data(text.utf8), source: "s.csv", set: set)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func aCouncilSheetOfSet21ScoresAndIsHeldBackOnTwoMinimums() throws {
        let (set, file) = try Sheet21.council()
        #expect(file.sheets.map(\.member) == ["an", "binh", "chi"] && file.hasMemberColumn)
        #expect(file.lines["binh"]?["1a"] == 30) // header, 28 rows of an, then binh
        let result = try RatingEngine.rate(set, sheets: file.sheets)
        #expect(result.members.map(\.total) == [71, 86, 64] && result.totalSum == 221)
        #expect(result.band == .four && result.stars == .three && result.outcome == .recognised(.three))
        // 3e “Sở hữu trí tuệ” is marked 4★ itself (at least its first option); 2a's option 4 is marked 4★.
        #expect(result.shortfalls.map { "\($0.level) \($0.criterion) \($0.requiredPoints) \(RatingResult.format($0.reached))" }
                == ["4★ 2a 5 4.33", "4★ 3e 1 0.33"])
    }

    @Test func aSheetWithoutMemberColumnIsOneSelfAssessment() throws {
        let set = try Sheet21.set()
        let text = "STT,Tiêu chí,Điểm,Ghi chú\n" + zip(set.criteria.map(\.criterion.id), Sheet21.an).enumerated()
            .map { "\($0.offset + 1),\($0.element.0.uppercased()),\($0.element.1),\"free text, with a comma\"" }.joined(separator: "\n")
        let file = try ScoreSheetCSV.parse(Data(("\u{FEFF}" + text).utf8), source: "self.csv", set: set)
        #expect(file.sheets.count == 1 && file.sheets[0].member == ScoreSheetCSV.singleMember && !file.hasMemberColumn)
        #expect(file.sheets[0].points.values.reduce(0, +) == 71 && file.sheets[0].points["1dd"] == 2)
    }

    @Test func everyRowFaultIsReportedWithLineAndColumn() throws {
        let set = Build.small()
        let text = """
            member,criterion,points
            m1,a1,4
            m1,a2,3
            m1,zz,1
            m1,a1,6
            m1,a3,
            m1,b1,five
            ,b2,10
            m2,a1,4.0
            """
        // Sorted by line; the whole-sheet checks are located at each member's last accepted answer.
        #expect(errors(text, set: set) == [
            "line 2: member m1 has no answer for 6 criteria: a2, a3, b1, b2, c1, one of x/y",
            "line 3, column 3: member m1: criterion a2 “criterion a2”: 3 points is not an option; its options give 0, 1, 5, 10",
            "line 4, column 2: unknown criterion zz; set 148/t has a1, a2, a3, b1, b2, c1, x, y",
            "line 5, column 2: member m1: criterion a1 is scored twice (also at line 2)",
            "line 6, column 3: member m1: criterion a3 “criterion a3”: expected points, one of 0, 5, 10, 20; found “”",
            "line 7, column 3: member m1: criterion b1 “criterion b1”: expected points, one of 0, 5, 10, 15; found “five”",
            "line 8, column 1: expected a member name (the file has a member column)",
            "line 9: member m2 has no answer for 6 criteria: a2, a3, b1, b2, c1, one of x/y",
        ], "\(errors(text, set: set))")
    }

    @Test func wholeSheetFaults() throws {
        let set = Build.small()
        func rows(_ member: String, _ points: [String: Int]) -> String {
            points.sorted { $0.key < $1.key }.map { "\(member),\($0.key),\($0.value)" }.joined(separator: "\n")
        }
        var both = Build.bestSmall
        both["y"] = 5
        var other = Build.bestSmall
        other["x"] = nil
        other["y"] = 15
        // m1 takes both alternatives; m2 takes x; m3 takes y, which differs from m2's.
        let text = "member,criterion,points\n" + rows("m1", both) + "\n" + rows("m2", Build.bestSmall) + "\n" + rows("m3", other) + "\n"
        #expect(errors(text, set: set) == [
            "line 9: member m1: group 4 “group 4” takes one of its alternatives; scored x (line 8), y (line 9)",
            "line 23: member m3 scored alternative y of group 4; member m2 scored x (line 16); the council scores one",
        ], "\(errors(text, set: set))")
        #expect(errors("criterion,points\n", set: set) == ["line 1: no answers after the header row"])
        #expect(errors("criterion;points\na1;4\n", set: set).first?.contains("separated by ';'") == true)
        #expect(errors("criterion,score\na1,4\n", set: set).first?.hasPrefix("line 1, column 2: unknown column 'score'") == true,
                "\(errors("criterion,score\na1,4\n", set: set))")
        #expect(errors("member,criterion\nm,a1\n", set: set) == ["line 1: missing required column points (điểm)"])
    }

    @Test func theTemplateListsEveryCriterionAndParsesOnceFilled() throws {
        let set = Build.small()
        let template = ScoreSheetCSV.template(for: set)
        #expect(template.hasPrefix("criterion,points,title,note\na1,,criterion a1,points: 0/2/4/6/8/10\n"), "\(template)")
        #expect(template.contains("x,,criterion x,points: 0/15; alternative of group 4: keep one\n"))
        // Filled with the best answers, the `y` row deleted: a valid sheet.
        var filled = template.split(separator: "\n").filter { !$0.hasPrefix("y,") }.map(String.init)
        for (i, row) in filled.enumerated().dropFirst() {
            let id = String(row.prefix { $0 != "," })
            filled[i] = row.replacingOccurrences(of: "\(id),,", with: "\(id),\(Build.bestSmall[id]!),")
        }
        let file = try ScoreSheetCSV.parse(Data(filled.joined(separator: "\n").utf8), source: "t.csv", set: set)
        #expect(file.sheets[0].points == Build.bestSmall)
    }
}
