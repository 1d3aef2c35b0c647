import Foundation
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// The reports pages on a real host, both engines: the statistics list and a table, the charts
/// and the CSV/XLSX downloads through the session, refused without one.
@Suite struct ReportPagesTests {
    static let engines: [DatabaseEngine] = TestDatabase.postgresAvailable ? [.sqlite, .postgresql] : [.sqlite]

    @Test(arguments: engines) func statisticsChartsAndDownloads(_ engine: DatabaseEngine) async throws {
        try await withWeb(engine) { host in
            let flow = try await RatingFlow(host: host, province: "01")
            _ = try await flow.decided(commune: "00577", tax: TestTaxCodes.make("010900404"), name: "Nón lá làng Chuông", stars: 3)
            let officer = Visitor(host, address: "192.0.2.70")
            #expect(try await officer.signIn(flow.officer.username).status == 303)
            let reports = try await officer.get("/reports?province=01")
            #expect(reports.status == 200)
            #expect(reports.text.contains("data-nav=\"reports\""))
            #expect(reports.text.contains("/reports/statistics/by-sector?province=01"))
            let table = try await officer.get("/reports/statistics/by-sector?province=01")
            #expect(table.status == 200)
            #expect(table.text.contains("<td>"))
            let csv = try await officer.get("/reports/files/by-sector.csv?province=01")
            #expect(csv.status == 200)
            #expect(csv.headers["content-type"]?.contains("csv") == true)
            let xlsx = try await officer.get("/reports/files/workbook.xlsx?province=01")
            #expect(xlsx.status == 200)
            #expect(xlsx.headers["content-type"]?.contains("spreadsheetml") == true)
            // The targets' progress as an HTML table: the same rows as its CSV download.
            #expect(reports.text.contains(#"href="/reports/targets?province=01""#))
            let targets = try await officer.get("/reports/targets?province=01")
            #expect(targets.status == 200)
            #expect(targets.text.contains("Tiến độ thực hiện chỉ tiêu OCOP"))
            let targetsCSV = try await officer.get("/reports/files/targets.csv?province=01")
            let csvRows = targetsCSV.text.split(whereSeparator: \.isNewline).count - 1
            let htmlRows = targets.text.components(separatedBy: "<tr><td>").count - 1
            #expect(htmlRows == csvRows, "HTML \(htmlRows) rows, CSV \(csvRows)")
            let chart = try await officer.get("/reports/charts/stars-by-sector.svg?province=01")
            #expect(chart.status == 200)
            #expect(chart.headers["content-type"]?.hasPrefix("image/svg+xml") == true)
            // Without a session: no file, and the page asks to sign in.
            let stranger = Visitor(host, address: "192.0.2.71")
            #expect(try await stranger.get("/reports/files/by-sector.csv?province=01").status == 404)
            #expect(try await stranger.get("/reports").status == 303)
            #expect(try await stranger.get("/reports/files/..%2Fsecret").status == 404)
        }
    }
}
