import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Targets, exports and charts: the points reporting owns (indicators, target packs), the
/// built-in indicators, the packs declared in the configuration, the routes under
/// `/api/v1/reports` for them and the `ocop report targets|workbook` commands.
enum ReportingOutputs {
    static func register(with registrar: Registrar, configuredPacks: [TargetPackConfig]) throws {
        let configured = Dictionary(configuredPacks.map { ($0.pack.id, $0.keyPath) }, uniquingKeysWith: { first, _ in first })
        let indicators = try registrar.own(ReportingPoints.indicators, describe: { "\($0.id) (\($0.unit.rawValue)): \($0.titleEn)" },
                                          validate: { new, earlier in try TargetsCatalogue.validate(indicator: new, earlier: earlier) })
        let packs = try registrar.own(ReportingPoints.targetPacks, validate: { new, earlier in
            try TargetsCatalogue.validate(pack: new, earlier: earlier, indicators: indicators, configured: configured)
        })
        for indicator in BuiltInIndicators.all { try registrar.contribute(ReportingPoints.indicators, indicator) }
        for entry in configuredPacks { try registrar.contribute(ReportingPoints.targetPacks, entry.pack) }
        let catalogue = TargetsCatalogue(indicators: indicators, packs: packs, configured: configured)
        try registrar.keep(catalogue)
        for endpoint in ReportingOutputRoutes(catalogue: catalogue).endpoints { try registrar.add(endpoint) }
        try registrar.describe(openAPI: ReportingOutputsOpenAPI.document)
    }
}

/// The routes of targets, exports and charts. Report figures are aggregates of the programme's
/// records: national admins read every province (and the whole country), province officers,
/// council members and commune officers their own province; producers have no report access.
struct ReportingOutputRoutes: Sendable {
    let catalogue: TargetsCatalogue
    static let prefix = "/api/v1/reports"
    static let readers: Access = .roles([.nationalAdmin, .provinceOfficer, .councilMember, .communeOfficer])

    var endpoints: [Endpoint] {
        [
            Endpoint(.get, "\(Self.prefix)/indicators", access: Self.readers, summary: "Indicators targets can name, with their definitions") { _ in
                try .json(catalogue.indicatorList.all.map { IndicatorInfo($0.value, plugin: $0.plugin.description) })
            },
            Endpoint(.get, "\(Self.prefix)/targets", access: Self.readers, summary: "Progress of every target pack of a province and year") { request in
                let query = try ReportQuery(request)
                let progress = try await targets(query, on: request)
                return try .json(TargetsReply(provinceCode: query.province, year: query.year, asOf: query.asOf, packs: progress))
            },
            Endpoint(.get, "\(Self.prefix)/targets/{pack}", access: Self.readers,
                     summary: "Progress of one target pack (JSON), or `{pack}.csv|.xlsx|.json` to download it") { request in
                let file = try request.parameter("pack")
                let split = TableExport.Format.split(file)
                let id = split?.name ?? file
                guard let entry = catalogue.pack(id) else {
                    throw DomainError.notFound("No target pack '\(id)'; GET \(Self.prefix)/targets lists the packs of a province and year.")
                }
                let query = try ReportQuery(request, known: ["as_of"], province: entry.pack.provinceCode, year: entry.pack.year)
                let progress = try await catalogue.progress(of: entry.pack, origin: entry.origin, asOf: query.explicitAsOf, on: request.context.database.sql)
                guard let format = split?.format else { return try .json(progress) }
                return try download(PackProgress.table([progress], asOf: progress.asOf), name: "chi-tieu-\(entry.pack.id)",
                                    province: entry.pack.provinceCode, asOf: progress.asOf, format: format)
            },
            Endpoint(.get, "\(Self.prefix)/exports/{file}", access: Self.readers,
                     summary: "A report table as CSV, XLSX or JSON: `targets.csv` or a statistic's `{id}.csv`") { request in
                let file = try request.parameter("file")
                guard let (name, format) = TableExport.Format.split(file) else {
                    throw ReportQuery.badParameter("/file", "expected NAME.csv, NAME.xlsx or NAME.json, found '\(file.prefix(60))'")
                }
                let query = try ReportQuery(request)
                let table: StatTable
                if name == "targets" {
                    table = PackProgress.table(try await targets(query, on: request), asOf: query.asOf)
                } else {
                    table = try await Statistics().table(name, scope: query.statisticsScope, on: request.context.database.sql)
                }
                return try download(table, name: name, province: query.province, asOf: query.asOf, format: format)
            },
            Endpoint(.get, "\(Self.prefix)/workbook.xlsx", access: Self.readers,
                     summary: "The standard province report: one XLSX workbook, a sheet per table and the targets' progress") { request in
                let query = try ReportQuery(request)
                let tables = try await workbookTables(catalogue: catalogue, query: query, on: request.context.database.sql)
                let data = try WorkbookWriter.data(tables, title: workbookTitle(query))
                return EndpointResponse(status: 200, headers: [
                    ("Content-Type", TableExport.Format.xlsx.contentType),
                    ("Content-Disposition", TableExport.disposition(TableExport.fileName("tinh", province: query.province, asOf: query.asOf, format: .xlsx))),
                ], body: data)
            },
            Endpoint(.get, "\(Self.prefix)/charts/{file}", access: Self.readers,
                     summary: "Charts: `stars-by-sector.svg`, `products-by-year.svg`, and `coverage-by-commune.html` (a table sorted by links)") { request in
                let file = try request.parameter("file")
                let query = try ReportQuery(request, known: file.hasSuffix(".html") ? ["province", "as_of", "sort", "order"] : ["province", "as_of"])
                let statistics = Statistics()
                let db = request.context.database.sql
                switch file {
                case "stars-by-sector.svg":
                    let table = try await statistics.table("by-sector", scope: query.statisticsScope, on: db)
                    return svg(Charts.Bars(table: table, category: "name", series: Self.starSeries,
                                           title: "Sản phẩm OCOP theo ngành và hạng sao — \(placeName(query.province))"))
                case "products-by-year.svg":
                    let table = try await statistics.table("by-recognition-year", scope: query.statisticsScope, on: db)
                    return svg(Charts.Bars(table: table, category: "year", series: Self.starSeries,
                                           title: "Sản phẩm OCOP được công nhận theo năm — \(placeName(query.province))"))
                case "coverage-by-commune.html":
                    let table = try await statistics.table("by-commune", scope: query.statisticsScope, on: db)
                    let sort = request.query("sort")
                    if let sort, !table.columns.contains(where: { $0.name == sort }) {
                        throw ReportQuery.badParameter("/sort", "expected one of \(table.columns.map(\.name).joined(separator: ", "))")
                    }
                    let order = request.query("order") ?? "asc"
                    guard order == "asc" || order == "desc" else {
                        throw ReportQuery.badParameter("/order", "expected asc or desc")
                    }
                    let html = Charts.html(table, sort: sort, descending: order == "desc") { column, descending in
                        var items = [("sort", column), ("order", descending ? "desc" : "asc")]
                        if let province = query.province { items.insert(("province", province), at: 0) }
                        if let asOf = query.explicitAsOf { items.append(("as_of", asOf)) }
                        return "?" + items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")" }.joined(separator: "&")
                    }
                    return EndpointResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: Data(html.utf8))
                default:
                    throw DomainError.notFound("No chart '\(file)'; charts: stars-by-sector.svg, products-by-year.svg, coverage-by-commune.html.")
                }
            },
        ]
    }

    static let starSeries = ["stars_3", "stars_4", "potential_5", "stars_5"]

    func targets(_ query: ReportQuery, on request: EndpointRequest) async throws -> [PackProgress] {
        var out: [PackProgress] = []
        for entry in catalogue.packs(province: query.province, year: query.year) {
            out.append(try await catalogue.progress(of: entry.pack, origin: entry.origin, asOf: query.explicitAsOf, on: request.context.database.sql))
        }
        return out
    }

    func download(_ table: StatTable, name: String, province: String?, asOf: String, format: TableExport.Format) throws -> EndpointResponse {
        let body: Data
        switch format {
        case .csv: body = TableExport.csv(table)
        case .json: body = try TableExport.json(table)
        case .xlsx: body = try WorkbookWriter.data([table], title: table.title)
        }
        return EndpointResponse(status: 200, headers: [
            ("Content-Type", format.contentType),
            ("Content-Disposition", TableExport.disposition(TableExport.fileName(name, province: province, asOf: asOf, format: format))),
        ], body: body)
    }

    func svg(_ chart: Charts.Bars) -> EndpointResponse {
        EndpointResponse(status: 200, headers: [("Content-Type", "image/svg+xml; charset=utf-8")], body: Data(Charts.svg(chart).utf8))
    }
}

/// The workbook's tables: every statistic of the province report, then the targets' progress of
/// the year (packs of the province; the year of the as-of day unless given).
func workbookTables(catalogue: TargetsCatalogue, query: ReportQuery, on db: any SQLDatabase) async throws -> [StatTable] {
    var tables = try await Statistics().provinceReport(scope: query.statisticsScope, on: db)
    var progress: [PackProgress] = []
    for entry in catalogue.packs(province: query.province, year: query.year) {
        progress.append(try await catalogue.progress(of: entry.pack, origin: entry.origin, asOf: query.asOf, on: db))
    }
    tables.append(PackProgress.table(progress, id: "chi-tieu", asOf: query.asOf))
    return tables
}

func workbookTitle(_ query: ReportQuery) -> String {
    "Báo cáo OCOP — \(placeName(query.province)) — số liệu tại ngày \(query.asOf)"
}

func placeName(_ province: String?) -> String {
    guard let province else { return "Toàn quốc" }
    return ProvinceCode(rawValue: province).flatMap { try? AdminUnits.shared.province($0)?.name } ?? province
}

/// `province`, `year` and `as_of` of a report request, checked against the caller's area.
struct ReportQuery: Sendable {
    var province: String?
    var year: Int
    var asOf: String
    /// The as-of day the caller gave (nil: the default for the year).
    var explicitAsOf: String?

    var statisticsScope: StatisticsScope { StatisticsScope(provinceCode: province, asOf: asOf, year: year) }

    init(province: String?, year: Int?, asOf: String?) {
        self.province = province
        self.explicitAsOf = asOf
        let year = year ?? asOf.flatMap { Int($0.prefix(4)) } ?? ProgrammeCalendar.currentYear()
        self.year = year
        self.asOf = asOf ?? TargetsCatalogue.defaultAsOf(year: year)
    }

    /// Reads and checks the query; `province`/`year` override the query's (a pack fixes both).
    init(_ request: EndpointRequest, known: Set<String> = ["province", "year", "as_of"], province fixed: String? = nil,
         year fixedYear: Int? = nil) throws {
        if let unknown = request.query.keys.sorted().first(where: { !known.contains($0) }) {
            throw Self.badParameter("/\(unknown)", "is not a parameter of this report; expected \(known.sorted().joined(separator: ", "))")
        }
        for name in known.sorted() where (request.query[name]?.count ?? 0) > 1 { throw Self.badParameter("/\(name)", "given more than once") }
        var errors: [Problem.FieldError] = []
        let principal = request.principal
        var province = fixed ?? request.query("province")
        if let code = province, let problem = Self.provinceProblem(code) {
            errors.append(.init(path: "/province", message: problem))
        }
        var year = fixedYear
        if fixedYear == nil, let text = request.query("year") {
            if let value = Int(text), (2018...2100).contains(value) { year = value } else {
                errors.append(.init(path: "/year", message: "expected a year from 2018 to 2100, found '\(text.prefix(20))'"))
            }
        }
        let asOf = request.query("as_of")
        if let asOf, ProgrammeCalendar.parse(asOf) == nil || asOf.count != 10 {
            errors.append(.init(path: "/as_of", message: "expected a calendar date YYYY-MM-DD, found '\(asOf.prefix(20))'"))
        }
        guard errors.isEmpty else {
            throw Problem(status: 400, title: "Bad Request", detail: errors.map { "\($0.path): \($0.message)" }.joined(separator: "; "), errors: errors)
        }
        // The caller's area: everyone but a national admin reads their own province only.
        if let principal, principal.role != .nationalAdmin {
            let own = principal.provinceCode ?? principal.communeCode.flatMap { CommuneCode(rawValue: $0) }
                .flatMap { try? AdminUnits.shared.commune($0)?.provinceCode.rawValue }
            guard let own else { throw DomainError.forbidden("This account is not scoped to a province.") }
            if let province, province != own {
                throw DomainError.forbidden("Reports of province \(province) are outside this account's area (province \(own)).")
            }
            province = own
        }
        self.init(province: province, year: year, asOf: asOf)
    }

    /// A malformed query parameter: 400 with its path, as the statistics routes answer.
    static func badParameter(_ path: String, _ message: String) -> Problem {
        Problem(status: 400, title: "Bad Request", detail: "\(path): \(message)", errors: [.init(path: path, message: message)])
    }

    static func provinceProblem(_ code: String) -> String? {
        guard let parsed = ProvinceCode(rawValue: code), (try? AdminUnits.shared.province(parsed)) != nil else {
            return "'\(code)' is not a current (2025) province code"
        }
        return nil
    }
}

struct TargetsReply: Encodable {
    var provinceCode: String?
    var year: Int
    var asOf: String
    var packs: [PackProgress]
    enum CodingKeys: String, CodingKey {
        case year, packs
        case provinceCode = "province_code"
        case asOf = "as_of"
    }
}

struct IndicatorInfo: Encodable {
    var id: String
    var titleVi: String
    var titleEn: String
    var definition: String
    var unit: String
    var plugin: String
    init(_ indicator: ReportIndicator, plugin: String) {
        id = indicator.id
        titleVi = indicator.titleVi
        titleEn = indicator.titleEn
        definition = indicator.definition
        unit = indicator.unit.rawValue
        self.plugin = plugin
    }
    enum CodingKeys: String, CodingKey {
        case id, definition, unit, plugin
        case titleVi = "title_vi"
        case titleEn = "title_en"
    }
}
