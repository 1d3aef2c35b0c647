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

    /// The scope a request asks for, held to the caller's province: the same parameter rules and
    /// area check as every report route (`ReportQuery`); a statistic is taken today unless
    /// `as_of` says otherwise.
    static func scope(_ request: EndpointRequest) throws -> StatisticsScope {
        let query = try ReportQuery(request)
        return StatisticsScope(provinceCode: query.province, asOf: query.explicitAsOf ?? ProgrammeCalendar.today(),
                               year: request.query("year") == nil ? nil : query.year)
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
