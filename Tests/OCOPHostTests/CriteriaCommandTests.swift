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
}
