import Foundation
import Testing

/// `ocop criteria …` through the real executable and the default configuration.
@Suite struct CriteriaCommandTests {
    @Test func listShowsEverySetAndTheFaultsWithTheirLines() throws {
        let directory = try Host.workspace()
        let list = try Host.run(["criteria", "list", "--act", "148"], in: directory)
        #expect(list.status == 0, "\(list.stderr)")
        let rows = list.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first?.hasPrefix("SET") == true)
        #expect(rows.filter { $0.hasPrefix("148/") }.count == 26, "\(list.stdout)")
        let fresh = try #require(rows.first { $0.hasPrefix("148/1 ") })
        #expect(fresh.contains("Rau, củ, quả, hạt tươi") && fresh.contains("A 40 / B 25 / C 35") && fresh.contains("100") && fresh.hasSuffix("ok"))
        let tea = try #require(rows.first { $0.hasPrefix("148/11 ") })
        #expect(tea.contains("A 40 / B 25 / C 32") && tea.contains(".csv:104: set 148/11: part C: its criteria total 32 points"), "\(tea)")
        #expect(list.stdout.contains("4 set(s) do not validate"))
        let none = try Host.run(["criteria", "list", "--act", "1048"], in: directory)
        #expect(none.status == 0 && none.stdout == "no criteria sets for 1048/QĐ-TTg\n", "\(none.stdout)\(none.stderr)")
    }

    @Test func showPrintsTheTreeWithStarMarksAndGates() throws {
        let directory = try Host.workspace()
        let show = try Host.run(["criteria", "show", "148/1"], in: directory)
        #expect(show.status == 0, "\(show.stderr)")
        for text in ["148/1 Rau, củ, quả, hạt tươi — 148/QĐ-TTg, 100 points", "A  SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG  40",
                     "    1b  Gia tăng giá trị  3", "        3) 3 [≥5★]  Ứng dụng công nghệ tiên tiến",
                     "    3e  Sở hữu trí tuệ  2 [≥4★]  (none: 0)", "gate contaminants (stop) at 6a, line 105"] {
            #expect(show.stdout.contains(text), "\(text)\n\(show.stdout)")
        }
        let unknown = try Host.run(["criteria", "show", "27"], in: directory)
        #expect(unknown.status == 1 && unknown.stderr.hasPrefix("ocop criteria show: no set 148/27; known: 1, 2, 3"), "\(unknown.stderr)")
    }

    @Test func theAdvisorBenchmarkPrintsPercentiles() throws {
        let directory = try Host.workspace()
        let bench = try Host.run(["criteria", "advise-bench", "--products", "100"], in: directory)
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("advisor: 100 products over 22 sets") && bench.stdout.contains("p99 "), "\(bench.stdout)")
    }

    /// The example sheets of docs/examples, scored and advised as an operator would.
    @Test func scoreAndAdviseTheExampleSheetsOfSet21() throws {
        let directory = try Host.workspace()
        let examples = Host.packageRoot.appendingPathComponent("docs/examples")
        let score = try Host.run(["criteria", "score", "21", examples.appendingPathComponent("sheet-148-21-council.csv").path], in: directory)
        #expect(score.status == 0, "\(score.stderr)")
        for text in ["score 73.67 = 221 / 3", "stars 3★ (held below 4★ by the minimums below)", "4★ needs 3e “Sở hữu trí tuệ”",
                     "council consistency (3 members", "chi (-2)"] {
            #expect(score.stdout.contains(text), "\(text)\n\(score.stdout)")
        }
        let json = try Host.run(["criteria", "score", "148/21", examples.appendingPathComponent("sheet-148-21-council.csv").path,
                                 "--council", "central", "--format", "json"], in: directory)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["stars"] as? Int == 3 && object?["council"] as? String == "central", "\(json.stdout)\(json.stderr)")

        let advise = try Host.run(["criteria", "advise", "21", examples.appendingPathComponent("sheet-148-21-self.csv").path], in: directory)
        #expect(advise.status == 0 && advise.stdout.contains("to reach 4★: 1 change, +1 point"), "\(advise.stdout)\(advise.stderr)")
    }

    @Test func aFaultySheetIsRefusedWithEveryLocatedError() throws {
        let directory = try Host.workspace()
        try Host.write("member,criterion,points\nan,1a,2\nan,9z,1\n", to: "bad.csv", in: directory)
        let score = try Host.run(["criteria", "score", "21", "bad.csv"], in: directory)
        #expect(score.status == 1 && score.stdout.isEmpty)
        // (The host logs its migrations to stderr too.)
        let lines = score.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("bad.csv:") }
        // No row of `an` was accepted, so no "missing criteria" line repeats the whole set.
        #expect(lines.count == 2, "\(score.stderr)")
        #expect(lines.first?.hasPrefix("bad.csv: line 2, column 3: member an: criterion 1a “") == true, "\(score.stderr)")
        #expect(lines.first?.hasSuffix("2 points is not an option; its options give 0, 1, 3, 5") == true, "\(score.stderr)")
        #expect(lines.last?.hasPrefix("bad.csv: line 3, column 2: unknown criterion 9z; set 148/21 has 1a, 1b") == true, "\(score.stderr)")
        let council = try Host.run(["criteria", "score", "21", "bad.csv", "--council", "village"], in: directory)
        #expect(council.status != 0 && council.stderr.contains("--council village: expected one of commune, district, province, central"), "\(council.stderr)")
    }
}
