import Foundation
import OCOPCSV
import OCOPPluginKit
import OCOPReporting
import OCOPTestSupport
import Testing

/// Exports, the province workbook and charts over HTTP, each checked against the module's own
/// `Statistics` tables for the same scope.
enum OutputChecks {
    static func exportsWorkbookAndCharts(_ host: TestHost) async throws {
        _ = try await StatisticsFixture.make(host, provinces: ["01", "79"])
        let officer = try await host.signIn(.provinceOfficer, province: "01")
        let asOf = "2025-10-01"
        let scope = StatisticsScope(provinceCode: "01", asOf: asOf)
        let db = host.database.sql
        let client = host.client

        // CSV of a statistic: the same rows as the table, Vietnamese headers, a named file.
        let byStars = try await Statistics().table("by-stars", scope: scope, on: db)
        let csv = try await client.get("/api/v1/reports/exports/by-stars.csv?province=01&as_of=\(asOf)", headers: officer)
        #expect(csv.status == 200, "\(csv.text)")
        #expect(csv.headers["content-disposition"] == "attachment; filename=\"bao-cao-ocop-by-stars-01-\(asOf).csv\"")
        var reader = CSVReader(data: csv.body)
        #expect(try reader.next()?.fields == byStars.columns.map(\.title))
        #expect(try reader.readAll().map(\.fields) == byStars.rows.map { $0.map(TableExport.text) })
        let json = try await client.get("/api/v1/reports/exports/by-stars.json?province=01&as_of=\(asOf)", headers: officer)
        #expect(json.headers["content-type"] == "application/json; charset=utf-8")
        #expect((try json.json())["id"] as? String == "by-stars")
        let xlsx = try await client.get("/api/v1/reports/exports/by-stars.xlsx?province=01&as_of=\(asOf)", headers: officer)
        #expect(xlsx.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(xlsx.body.prefix(2) == Data("PK".utf8), "a zip")
        let bad = try await client.get("/api/v1/reports/exports/by-stars.pdf", headers: officer)
        #expect(bad.status == 400 && bad.text.contains("/file"), "\(bad.text)")
        let unknown = try await client.get("/api/v1/reports/exports/no-such.csv", headers: officer)
        #expect(unknown.status == 404)
        let foreign = try await client.get("/api/v1/reports/exports/by-stars.csv?province=79", headers: officer)
        #expect(foreign.status == 403)

        // The province workbook: contents, a sheet per statistic, the targets; cells match the tables.
        let workbook = try await client.get("/api/v1/reports/workbook.xlsx?as_of=\(asOf)", headers: officer)
        #expect(workbook.status == 200, "\(workbook.text)")
        #expect(workbook.headers["content-disposition"] == "attachment; filename=\"bao-cao-ocop-tinh-01-\(asOf).xlsx\"")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wb-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try workbook.body.write(to: URL(fileURLWithPath: path))
        let catalogue = Statistics.catalogue
        let names = String(decoding: try XLSXReader.part(path, "xl/workbook.xml"), as: UTF8.self)
        for entry in catalogue { #expect(names.contains("name=\"\(entry.id)\""), "\(entry.id)") }
        #expect(names.contains("name=\"chi-tieu\""))
        let bySector = try await Statistics().table("by-sector", scope: scope, on: db)
        let sheetIndex = try #require(catalogue.firstIndex { $0.id == "by-sector" }) + 2
        let cells = try XLSXReader.cells(try XLSXReader.part(path, "xl/worksheets/sheet\(sheetIndex).xml"))
        #expect(cells["A1"]?.value == bySector.title)
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for (r, row) in bySector.rows.enumerated() {
            for (c, cell) in row.enumerated() {
                let ref = "\(letters[c])\(6 + r)"
                switch cell {
                case .integer(let n): #expect(cells[ref]?.value == String(n) && cells[ref]?.type == nil, "\(ref)")
                case .text(let s) where !s.isEmpty: #expect(cells[ref]?.value == s, "\(ref)")
                default: break
                }
            }
        }

        // Charts: the bars are the table's figures.
        let svg = try await client.get("/api/v1/reports/charts/stars-by-sector.svg?as_of=\(asOf)", headers: officer)
        #expect(svg.status == 200)
        #expect(svg.headers["content-type"] == "image/svg+xml; charset=utf-8")
        let figures = try SVGFigures.parse(svg.text)
        let nameIndex = try #require(bySector.columns.firstIndex { $0.name == "name" })
        let threeIndex = try #require(bySector.columns.firstIndex { $0.name == "stars_3" })
        let fourIndex = try #require(bySector.columns.firstIndex { $0.name == "stars_4" })
        for row in bySector.rows where row[nameIndex] != .text("Tổng cộng") {
            let name = TableExport.text(row[nameIndex])
            #expect(.integer(figures.bars[name]?["stars_3"] ?? -1) == row[threeIndex], "\(name)")
            #expect(.integer(figures.bars[name]?["stars_4"] ?? -1) == row[fourIndex], "\(name)")
        }
        #expect(figures.bars.values.reduce(0) { $0 + $1.values.reduce(0, +) } > 0, "the fixture has certified products")
        let years = try await client.get("/api/v1/reports/charts/products-by-year.svg?as_of=\(asOf)", headers: officer)
        let yearTable = try await Statistics().table("by-recognition-year", scope: scope, on: db)
        let yearFigures = try SVGFigures.parse(years.text)
        #expect(yearFigures.bars.count == yearTable.rows.count - 1)
        let coverage = try await client.get("/api/v1/reports/charts/coverage-by-commune.html?sort=total&order=desc", headers: officer)
        #expect(coverage.status == 200)
        #expect(coverage.headers["content-type"] == "text/html; charset=utf-8")
        #expect(coverage.text.contains("aria-sort=\"descending\""))
        #expect(coverage.text.contains("href=\"?province=01&amp;sort=total&amp;order=asc\""))
        let badSort = try await client.get("/api/v1/reports/charts/coverage-by-commune.html?sort=nope", headers: officer)
        #expect(badSort.status == 400 && badSort.text.contains("/sort"))
        #expect(try await client.get("/api/v1/reports/charts/nope.svg", headers: officer).status == 404)
        let stray = try await client.get("/api/v1/reports/charts/stars-by-sector.svg?colour=red", headers: officer)
        #expect(stray.status == 400 && stray.text.contains("/colour"), "\(stray.text)")
        let twice = try await client.get("/api/v1/reports/exports/targets.csv?as_of=2025-01-01&as_of=2025-02-01", headers: officer)
        #expect(twice.status == 400 && twice.text.contains("given more than once"), "\(twice.text)")
        #expect(try await client.get("/api/v1/reports/charts/stars-by-sector.svg").status == 401)
    }
}

@Suite struct OutputsSQLiteTests {
    @Test func exportsWorkbookAndCharts() async throws { try await StatisticsFixture.reportingHost(.sqlite, OutputChecks.exportsWorkbookAndCharts) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct OutputsPostgreSQLTests {
    @Test func exportsWorkbookAndCharts() async throws { try await StatisticsFixture.reportingHost(.postgresql, OutputChecks.exportsWorkbookAndCharts) }
}
