import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// `/api/v1/reports/statistics…`, `/api/v1/reports/bundles` and `/api/v1/reports/nation`.
///
/// Statistics are for officers and admins: a national admin reads any province or the whole host;
/// province officers, council members and commune officers read their own province (the figures are
/// counts, so a commune officer sees the province's). Producers and anonymous callers are refused:
/// nothing is published to the public from here yet. The roll-up is for national admins only.
struct ReportingRoutes {
    let statistics: Statistics
    let rollup: RollupService

    static let readers: Access = .roles([.nationalAdmin, .provinceOfficer, .councilMember, .communeOfficer])
    static let national: Access = .roles([.nationalAdmin])

    struct Catalogue: Codable, Sendable {
        var items: [Statistics.Entry]
    }

    static func badRequest(_ path: String, _ message: String) -> Problem {
        Problem(status: 400, title: "Bad Request", detail: "\(path): \(message)", errors: [.init(path: path, message: message)])
    }

    /// The scope a request asks for, held to the caller's province.
    static func scope(_ request: EndpointRequest) throws -> StatisticsScope {
        let known: Set<String> = ["province", "as_of", "year"]
        if let unknown = request.query.keys.sorted().first(where: { !known.contains($0) }) {
            throw badRequest("/\(unknown)", "is not a parameter of this report; expected province, as_of, year")
        }
        for name in known where (request.query[name]?.count ?? 0) > 1 { throw badRequest("/\(name)", "given more than once") }
        var province = request.query("province")
        if let code = province, RollupConfig.province(code) == nil {
            throw badRequest("/province", "expected a 2025 province code such as 01, found '\(code)'")
        }
        let asOf = request.query("as_of") ?? ProgrammeCalendar.today()
        guard ProgrammeCalendar.parse(asOf) != nil else { throw badRequest("/as_of", "expected a calendar date YYYY-MM-DD, found '\(asOf)'") }
        var year: Int?
        if let raw = request.query("year") {
            guard let value = Int(raw), (2018...2100).contains(value) else {
                throw badRequest("/year", "expected a year from 2018 (the programme's start) to 2100, found '\(raw)'")
            }
            year = value
        }
        guard let principal = request.principal else { throw Problem(status: 401, title: "Unauthorized", detail: "Sign in to read statistics.") }
        if principal.role != .nationalAdmin {
            guard let own = principal.provinceCode else { throw Problem.forbidden("This account is not scoped to a province.") }
            if let asked = province, asked != own { throw Problem.forbidden("Statistics of province \(asked) are not yours to read; your province is \(own).") }
            province = own
        }
        return StatisticsScope(provinceCode: province, asOf: asOf, year: year)
    }

    var endpoints: [Endpoint] {
        let statistics = self.statistics
        let rollup = self.rollup
        return [
            Endpoint(.get, "/api/v1/reports/statistics", access: Self.readers, summary: "The catalogue of statistics") { _ in
                try .json(Catalogue(items: Statistics.catalogue))
            },
            Endpoint(.get, "/api/v1/reports/statistics/{id}", access: Self.readers, summary: "One statistics table") { request in
                let id = try request.parameter("id")
                guard Statistics.catalogue.contains(where: { $0.id == id }) else {
                    throw Problem.notFound("No statistic '\(id)'; GET /api/v1/reports/statistics lists them.")
                }
                let scope = try Self.scope(request)
                do {
                    return try .json(try await statistics.table(id, scope: scope, on: request.context.database.sql))
                } catch let error as DomainError { throw Problem(error) }
            },
            Endpoint(.post, "/api/v1/reports/bundles", access: Self.national, summary: "Import a province's signed summary bundle",
                     maxBodyBytes: 4 * 1024 * 1024) { request in
                do {
                    let result = try await rollup.importBundle(request.body, by: request.principal?.username, store: request.context.database)
                    return try .json(result, status: result.outcome == .imported ? 201 : 200)
                } catch let error as DomainError { throw Problem(error) }
            },
            Endpoint(.get, "/api/v1/reports/nation", access: Self.national, summary: "The nation: imported provinces and their sum") { request in
                try .json(try await rollup.nation(on: request.context.database.sql))
            },
        ]
    }
}

extension ReportingRoutes {
    /// Statistics and the roll-up: their table, service, routes, OpenAPI fragment and command.
    static func register(with registrar: Registrar, rollup config: RollupConfig) throws {
        let rollup = RollupService(config: config)
        try registrar.add(RollupService.migration)
        try registrar.keep(rollup)
        for endpoint in ReportingRoutes(statistics: Statistics(), rollup: rollup).endpoints { try registrar.add(endpoint) }
        try registrar.describe(openAPI: ReportingOpenAPI.statistics)
        try registrar.add(command: PluginCommand(ReportCommand.self))
    }
}
