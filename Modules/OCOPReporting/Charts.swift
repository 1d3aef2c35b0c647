import Foundation
import OCOPDomain

/// Server-rendered charts: SVG bar charts and an HTML table, built from `StatTable`s.
///
/// Accessible without colour or script: the SVG has `role="img"` with `<title>` and `<desc>`
/// (the figures in words), every bar carries its figures as text, series are told apart by
/// pattern as well as colour and named in a legend; the coverage table sorts through plain
/// links. All text is escaped.
public enum Charts {
    /// A horizontal stacked bar chart: one bar per category, split into series.
    public struct Bars: Sendable, Equatable {
        public struct Series: Sendable, Equatable {
            public var id: String
            public var name: String
            public init(id: String, name: String) {
                self.id = id
                self.name = name
            }
        }

        public var title: String
        public var description: String
        public var categories: [String]
        public var series: [Series]
        /// `values[category][series]`.
        public var values: [[Int64]]

        public init(title: String, description: String, categories: [String], series: [Series], values: [[Int64]]) {
            self.title = title
            self.description = description
            self.categories = categories
            self.series = series
            self.values = values
        }

        /// Bars from a table: `category` names the label column, `series` the integer columns;
        /// the total row ("Tổng cộng") is left out.
        public init(table: StatTable, category: String, series: [String], title: String? = nil) {
            let index = table.columns.firstIndex { $0.name == category } ?? 0
            let seriesIndexes = series.compactMap { id in table.columns.firstIndex { $0.name == id } }
            let rows = table.rows.filter { row in !row.contains(.text(Charts.totalLabel)) }
            self.init(
                title: title ?? table.title,
                description: table.definition + " Số liệu tại ngày \(table.asOf).",
                categories: rows.map { index < $0.count ? TableExport.text($0[index]) : "" },
                series: seriesIndexes.map { Series(id: table.columns[$0].name, name: table.columns[$0].title) },
                values: rows.map { row in
                    seriesIndexes.map { i in
                        if i < row.count, case .integer(let n) = row[i] { return n }
                        return 0
                    }
                })
        }
    }

    static let totalLabel = "Tổng cộng"
    /// Colour-blind-safe palette (Okabe–Ito), one per series in turn.
    static let colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]

    /// The chart as an SVG document.
    public static func svg(_ chart: Bars) -> String {
        let labelWidth = 230.0
        let plotWidth = 520.0
        let barHeight = 26.0
        let gap = 10.0
        let top = 70.0
        let width = labelWidth + plotWidth + 90
        let height = top + Double(chart.categories.count) * (barHeight + gap) + 30
        let maxTotal = max(1, chart.values.map { $0.reduce(0, +) }.max() ?? 1)
        let scale = plotWidth / Double(maxTotal)

        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title chart-desc" \
            viewBox="0 0 \(n(width)) \(n(height))" width="\(n(width))" height="\(n(height))" font-family="sans-serif" font-size="12">
            <title id="chart-title">\(escape(chart.title))</title>
            <desc id="chart-desc">\(escape(chart.description + " " + summary(chart)))</desc>
            <defs>
            """
        for (s, _) in chart.series.enumerated() {
            let colour = colours[s % colours.count]
            // Pattern as well as colour: plain, hatched, dotted, cross-hatched…
            out += "<pattern id=\"series-\(s)\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\">"
                + "<rect width=\"8\" height=\"8\" fill=\"\(colour)\"/>"
            switch s % 4 {
            case 1: out += "<path d=\"M0,8 L8,0\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"
            case 2: out += "<circle cx=\"4\" cy=\"4\" r=\"1.5\" fill=\"#ffffff\"/>"
            case 3: out += "<path d=\"M0,0 L8,8 M0,8 L8,0\" stroke=\"#ffffff\" stroke-width=\"1\"/>"
            default: break
            }
            out += "</pattern>"
        }
        out += "</defs>\n"
        out += "<text x=\"10\" y=\"22\" font-size=\"16\" font-weight=\"bold\">\(escape(chart.title))</text>\n"
        // Legend.
        out += "<g class=\"legend\">"
        var x = 10.0
        for (s, series) in chart.series.enumerated() {
            out += "<rect x=\"\(n(x))\" y=\"36\" width=\"14\" height=\"14\" fill=\"url(#series-\(s))\" stroke=\"#333333\"/>"
                + "<text x=\"\(n(x + 18))\" y=\"47\">\(escape(series.name))</text>"
            x += 28 + Double(series.name.count) * 7
        }
        out += "</g>\n"
        for (c, category) in chart.categories.enumerated() {
            let y = top + Double(c) * (barHeight + gap)
            let values = c < chart.values.count ? chart.values[c] : []
            let total = values.reduce(0, +)
            out += "<g class=\"bar\" data-category=\"\(escape(category))\" data-total=\"\(total)\">"
            out += "<text x=\"\(n(labelWidth - 6))\" y=\"\(n(y + barHeight / 2 + 4))\" text-anchor=\"end\">\(escape(truncate(category, 34)))</text>"
            var offset = labelWidth
            for (s, series) in chart.series.enumerated() {
                let value = s < values.count ? values[s] : 0
                let w = Double(value) * scale
                out += "<rect class=\"segment\" data-series=\"\(escape(series.id))\" data-value=\"\(value)\" x=\"\(n(offset))\" y=\"\(n(y))\" "
                    + "width=\"\(n(w))\" height=\"\(n(barHeight))\" fill=\"url(#series-\(s))\" stroke=\"#ffffff\">"
                    + "<title>\(escape(category)) — \(escape(series.name)): \(value)</title></rect>"
                if value > 0, w >= Double(String(value).count) * 7 + 4 {
                    out += "<text x=\"\(n(offset + w / 2))\" y=\"\(n(y + barHeight / 2 + 4))\" text-anchor=\"middle\" fill=\"#000000\" "
                        + "paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"3\">\(value)</text>"
                }
                offset += w
            }
            out += "<text class=\"total\" x=\"\(n(offset + 6))\" y=\"\(n(y + barHeight / 2 + 4))\">\(total)</text>"
            out += "</g>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// The figures in words, for `<desc>`: "Category: series a, series b; …".
    static func summary(_ chart: Bars) -> String {
        chart.categories.enumerated().map { c, category in
            let values = c < chart.values.count ? chart.values[c] : []
            return category + ": " + chart.series.enumerated().map { s, series in
                "\(series.name) \(s < values.count ? values[s] : 0)"
            }.joined(separator: ", ")
        }.joined(separator: "; ") + "."
    }

    // MARK: sortable HTML table

    /// A full HTML page holding `table`, sorted by `sort` (a column name; default the table's
    /// order), each header a link that sorts by it (again: the other way). `link` builds the
    /// URL for a sort column and direction.
    public static func html(_ table: StatTable, sort: String?, descending: Bool,
                            link: (_ column: String, _ descending: Bool) -> String) -> String {
        var rows = table.rows.filter { !$0.contains(.text(totalLabel)) }
        let totals = table.rows.filter { $0.contains(.text(totalLabel)) }
        let sortIndex = sort.flatMap { name in table.columns.firstIndex { $0.name == name } }
        if let i = sortIndex {
            rows = rows.enumerated().sorted { a, b in
                let order = compare(a.element[safe: i], b.element[safe: i])
                if order == 0 { return a.offset < b.offset }
                return descending ? order > 0 : order < 0
            }.map(\.element)
        }
        var out = """
            <!DOCTYPE html>
            <html lang="vi">
            <head><meta charset="utf-8"><title>\(escape(table.title))</title>
            <style>table{border-collapse:collapse}th,td{border:1px solid #999;padding:4px 8px}td.n{text-align:right}th a{color:inherit}</style></head>
            <body>
            <table>
            <caption>\(escape(table.title)). Số liệu tại ngày \(escape(table.asOf)). \(escape(table.definition))</caption>
            <thead><tr>
            """
        for (index, column) in table.columns.enumerated() {
            let sorted = index == sortIndex
            let next = sorted ? !descending : false
            let state = sorted ? (descending ? "descending" : "ascending") : "none"
            let arrow = sorted ? (descending ? " ▼" : " ▲") : ""
            out += "<th scope=\"col\" aria-sort=\"\(state)\"><a href=\"\(escape(link(column.name, next)))\">\(escape(column.title))\(arrow)"
                + "<span class=\"visually-hidden\" style=\"position:absolute;left:-9999px\"> (sắp xếp \(next ? "giảm dần" : "tăng dần"))</span></a></th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows + totals {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                let numeric: Bool
                switch cell {
                case .integer, .percent: numeric = true
                default: numeric = false
                }
                let text = TableExport.text(cell) + (index < table.columns.count && table.columns[index].kind == .percent && cell != .null ? " %" : "")
                out += numeric ? "<td class=\"n\">\(escape(text))</td>" : "<td>\(escape(text))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n</body>\n</html>\n"
        return out
    }

    /// Numbers by value, text in Vietnamese dictionary order, empty cells last.
    static func compare(_ a: StatTable.Cell?, _ b: StatTable.Cell?) -> Int {
        func number(_ cell: StatTable.Cell?) -> Double? {
            switch cell {
            case .integer(let i)?: Double(i)
            case .percent(let d)?: d
            default: nil
            }
        }
        if let x = number(a), let y = number(b) { return x < y ? -1 : (x > y ? 1 : 0) }
        let x = a.map(TableExport.text) ?? ""
        let y = b.map(TableExport.text) ?? ""
        if x.isEmpty != y.isEmpty { return x.isEmpty ? 1 : -1 }
        let kx = VietnameseText.collationKey(x)
        let ky = VietnameseText.collationKey(y)
        return kx < ky ? -1 : (kx > ky ? 1 : 0)
    }

    /// Text for XML and HTML content and attributes.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Control characters are not allowed in XML 1.0.
            case _ where ch.value < 0x20 && ch != "\n" && ch != "\t": out += " "
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func truncate(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    static func n(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

fileprivate extension Array {
    subscript(safe index: Int) -> Element? { index >= 0 && index < count ? self[index] : nil }
}
