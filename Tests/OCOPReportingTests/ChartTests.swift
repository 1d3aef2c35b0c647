import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import OCOPReporting
import Testing

/// What a chart shows, read back from its SVG with Foundation's XMLParser (which also proves it
/// is well-formed XML).
struct SVGFigures {
    var title = ""
    var desc = ""
    /// category → series → value
    var bars: [String: [String: Int64]] = [:]
    var totals: [String: Int64] = [:]
    var texts: [String] = []

    static func parse(_ svg: String) throws -> SVGFigures {
        final class Delegate: NSObject, XMLParserDelegate {
            var figures = SVGFigures()
            var category: String?
            var stack: [String] = []
            var text = ""
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                stack.append(name)
                text = ""
                if name == "g", let c = attributes["data-category"] {
                    category = c
                    figures.totals[c] = Int64(attributes["data-total"] ?? "")
                }
                if name == "rect", let c = category, let s = attributes["data-series"] {
                    figures.bars[c, default: [:]][s] = Int64(attributes["data-value"] ?? "")
                }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                stack.removeLast()
                if name == "title", stack == ["svg"] { figures.title = text }
                if name == "desc", stack == ["svg"] { figures.desc = text }
                if name == "text" { figures.texts.append(text) }
                if name == "g" { category = nil }
            }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let delegate = Delegate()
        parser.delegate = delegate
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return delegate.figures
    }
}

func sectorTable() -> StatTable {
    StatTable(
        id: "by-sector", title: "Sản phẩm OCOP theo ngành <QĐ 148> & \"sao\"", definition: "Định nghĩa.", asOf: "2025-06-30", queriedAt: "q",
        columns: [.init("sector", title: "Mã ngành", kind: .text), .init("name", title: "Ngành", kind: .text),
                  .init("stars_3", title: "3 sao", kind: .integer), .init("stars_4", title: "4 sao", kind: .integer),
                  .init("potential_5", title: "Tiềm năng 5 sao", kind: .integer), .init("stars_5", title: "5 sao", kind: .integer),
                  .init("total", title: "Tổng", kind: .integer)],
        rows: [
            [.text("1"), .text("Thực phẩm"), .integer(120), .integer(40), .integer(2), .integer(1), .integer(163)],
            [.text("2"), .text("Đồ uống & <rượu>"), .integer(10), .integer(0), .integer(0), .integer(0), .integer(10)],
            [.text("5"), .text("Thủ công mỹ nghệ"), .integer(0), .integer(7), .integer(0), .integer(0), .integer(7)],
            [.text(""), .text("Tổng cộng"), .integer(130), .integer(47), .integer(2), .integer(1), .integer(180)],
        ])
}

@Suite struct ChartTests {
    @Test func starsBySectorIsWellFormedAndMatchesTheTable() throws {
        let chart = Charts.Bars(table: sectorTable(), category: "name", series: ["stars_3", "stars_4", "potential_5", "stars_5"])
        let svg = Charts.svg(chart)
        let figures = try SVGFigures.parse(svg)
        #expect(figures.title == "Sản phẩm OCOP theo ngành <QĐ 148> & \"sao\"", "escaped text reads back as written")
        #expect(figures.bars.count == 3, "the total row is not a bar")
        #expect(figures.bars["Thực phẩm"] == ["stars_3": 120, "stars_4": 40, "potential_5": 2, "stars_5": 1])
        #expect(figures.bars["Đồ uống & <rượu>"]?["stars_3"] == 10)
        #expect(figures.totals == ["Thực phẩm": 163, "Đồ uống & <rượu>": 10, "Thủ công mỹ nghệ": 7])
        // Accessible: role and labels, figures in words, legend names, totals as text.
        #expect(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"chart-title chart-desc\""))
        #expect(figures.desc.contains("Thực phẩm: 3 sao 120, 4 sao 40, Tiềm năng 5 sao 2, 5 sao 1"))
        for name in ["3 sao", "4 sao", "Tiềm năng 5 sao", "5 sao", "163", "120"] { #expect(figures.texts.contains(name), "\(name)") }
        #expect(!svg.contains("<rượu>"), "no raw markup from data")
    }

    @Test func anEmptyChartIsStillWellFormed() throws {
        let empty = StatTable(id: "by-recognition-year", title: "Theo năm", definition: "", asOf: "2025-06-30", queriedAt: "q",
                              columns: [.init("year", title: "Năm", kind: .text), .init("stars_3", title: "3 sao", kind: .integer)], rows: [])
        let figures = try SVGFigures.parse(Charts.svg(Charts.Bars(table: empty, category: "year", series: ["stars_3"])))
        #expect(figures.bars.isEmpty)
        #expect(figures.title == "Theo năm")
    }

    @Test func coverageTableSortsThroughLinks() throws {
        let table = StatTable(
            id: "by-commune", title: "Theo xã", definition: "d", asOf: "2025-06-30", queriedAt: "q",
            columns: [.init("commune", title: "Xã, phường", kind: .text), .init("total", title: "Tổng", kind: .integer)],
            rows: [[.text("Đông Anh"), .integer(5)], [.text("Ba Vì"), .integer(12)], [.text("Ân Thi"), .integer(1)], [.text("Tổng cộng"), .integer(18)]])
        func order(_ html: String) -> [String] {
            ["Đông Anh", "Ba Vì", "Ân Thi", "Tổng cộng"].sorted { html.range(of: ">\($0)<")!.lowerBound < html.range(of: ">\($1)<")!.lowerBound }
        }
        let link: (String, Bool) -> String = { column, descending in "?sort=\(column)&order=\(descending ? "desc" : "asc")" }
        let byTotal = Charts.html(table, sort: "total", descending: true, link: link)
        #expect(order(byTotal) == ["Ba Vì", "Đông Anh", "Ân Thi", "Tổng cộng"], "numbers by value; the total stays last")
        #expect(byTotal.contains("aria-sort=\"descending\""))
        #expect(byTotal.contains("href=\"?sort=total&amp;order=asc\""), "the sorted column's link sorts the other way")
        #expect(byTotal.contains("href=\"?sort=commune&amp;order=asc\""))
        let byName = Charts.html(table, sort: "commune", descending: false, link: link)
        #expect(order(byName) == ["Ân Thi", "Ba Vì", "Đông Anh", "Tổng cộng"], "Vietnamese dictionary order")
        // Well-formed enough for an XML parser once the doctype is set aside.
        let body = byName.replacingOccurrences(of: "<!DOCTYPE html>", with: "").replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "<meta charset=\"utf-8\"/>")
        #expect(XMLParser(data: Data(body.utf8)).parse())
    }
}
