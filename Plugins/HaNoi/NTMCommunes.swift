import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Communes recognised as advanced new-countryside (xã nông thôn mới nâng cao) or model
/// new-countryside (kiểu mẫu, which is advanced too): an attribute of a commune the city
/// keeps, marked by its officers, which the 2025 plan's "an OCOP product in every advanced-NTM
/// commune" is measured against.
struct NTMCommune: Codable, Sendable, Equatable {
    enum Level: String, Codable, Sendable, CaseIterable { case advanced, model }

    var communeCode: String
    var communeName: String
    var level: Level
    /// The day of the recognition decision (`YYYY-MM-DD`).
    var recognisedOn: String
    var decision: String?

    enum CodingKeys: String, CodingKey {
        case level, decision
        case communeCode = "commune_code"
        case communeName = "commune_name"
        case recognisedOn = "recognised_on"
    }
}

struct NTMCommuneStore: Sendable {
    static let table = "ha_noi_ntm_communes"

    static let migration = Migration("0003_ntm_communes") { db, _ in
        try await db.create(table: table)
            .column("commune_code", type: .text, .primaryKey(autoIncrement: false))
            .column("level", type: .text, .notNull)
            .column("recognised_on", type: .text, .notNull)
            .column("decision", type: .text)
            .column("updated_at", type: .text, .notNull)
            .column("updated_by", type: .text)
            .run()
    }

    struct Mark: Decodable, Sendable {
        var level: NTMCommune.Level
        var recognisedOn: String
        var decision: String?
        enum CodingKeys: String, CodingKey {
            case level, decision
            case recognisedOn = "recognised_on"
        }
    }

    /// A current Hà Nội commune, or the refusal naming `path`.
    static func commune(_ code: String, path: String) throws -> Commune {
        guard let parsed = CommuneCode(rawValue: code), let commune = try AdminUnits.shared.commune(parsed),
              commune.provinceCode.rawValue == HaNoiPlugin.provinceCode else {
            throw DomainError.invalid([InvalidField(path: path, message: "'\(code)' is not a current (2025) commune code of Hà Nội")])
        }
        return commune
    }

    /// Marks (or re-marks) a commune; checks every field first, stores nothing when one is wrong.
    @discardableResult
    func mark(_ code: String, _ mark: Mark, by user: String?, on db: any SQLDatabase) async throws -> NTMCommune {
        var problems: [InvalidField] = []
        var commune: Commune?
        do { commune = try Self.commune(code, path: "/commune_code") } catch let error as DomainError { problems += error.fields }
        if mark.recognisedOn.count != 10 || ProgrammeCalendar.parse(mark.recognisedOn) == nil {
            problems.append(InvalidField(path: "/recognised_on", message: "expected a calendar date YYYY-MM-DD, found '\(mark.recognisedOn)'"))
        }
        let decision = mark.decision.map(VietnameseText.nfc)?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let decision, decision.count > 200 { problems.append(InvalidField(path: "/decision", message: "at most 200 characters")) }
        guard problems.isEmpty, let commune else { throw DomainError.invalid(problems) }
        let now = ISO8601DateFormatter().string(from: Date())
        let values: [any Encodable & Sendable] = [code, mark.level.rawValue, mark.recognisedOn, decision.flatMap { $0.isEmpty ? nil : $0 }, now, user]
        try await db.raw("""
            INSERT INTO \(ident: Self.table) (commune_code, level, recognised_on, decision, updated_at, updated_by) VALUES (\(binds: values))
            ON CONFLICT (commune_code) DO UPDATE SET level = excluded.level, recognised_on = excluded.recognised_on,
            decision = excluded.decision, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """).run()
        return NTMCommune(communeCode: code, communeName: commune.name, level: mark.level, recognisedOn: mark.recognisedOn,
                          decision: decision.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// True when a mark was removed.
    func unmark(_ code: String, on db: any SQLDatabase) async throws -> Bool {
        let found = try await db.raw("SELECT COUNT(*) AS n FROM \(ident: Self.table) WHERE commune_code = \(bind: code)").first()?
            .decode(column: "n", as: Int64.self) ?? 0
        try await db.raw("DELETE FROM \(ident: Self.table) WHERE commune_code = \(bind: code)").run()
        return found > 0
    }

    /// Every marked commune, in Vietnamese order of name.
    func list(on db: any SQLDatabase) async throws -> [NTMCommune] {
        let units = try AdminUnits.shared
        let rows = try await db.raw("SELECT commune_code, level, recognised_on, decision FROM \(ident: Self.table)").all()
        return try rows.map { row in
            let code = try row.decode(column: "commune_code", as: String.self)
            return NTMCommune(communeCode: code, communeName: CommuneCode(rawValue: code).flatMap(units.commune)?.name ?? code,
                              level: NTMCommune.Level(rawValue: try row.decode(column: "level", as: String.self)) ?? .advanced,
                              recognisedOn: try row.decode(column: "recognised_on", as: String.self),
                              decision: try row.decode(column: "decision", as: String?.self))
        }.sorted { VietnameseText.collationKey($0.communeName) < VietnameseText.collationKey($1.communeName) }
    }

    var endpoints: [Endpoint] {
        let store = self
        @Sendable func code(_ request: EndpointRequest) throws -> String {
            let raw = try request.parameter("code")
            do { _ = try Self.commune(raw, path: "/commune_code") } catch { throw Problem.notFound("No Hà Nội commune '\(raw)'.") }
            return raw
        }
        @Sendable func mayChange(_ request: EndpointRequest, _ code: String) throws {
            guard Scope(principal: request.principal).mayWrite(province: HaNoiPlugin.provinceCode, commune: code, subjectID: nil),
                  request.principal?.role != .communeOfficer else {
                throw Problem.forbidden("Only Hà Nội officers may mark the city's new-countryside communes.")
            }
        }
        return [
            Endpoint(.get, "/api/v1/ha-noi/ntm-communes", access: .anyone,
                     summary: "Hà Nội communes recognised as advanced or model new-countryside") { request in
                try .json(try await store.list(on: request.context.database.sql))
            },
            Endpoint(.put, "/api/v1/ha-noi/ntm-communes/{code}", access: .roles([.nationalAdmin, .provinceOfficer]),
                     summary: "Mark a commune as advanced or model new-countryside") { request in
                let code = try code(request)
                try mayChange(request, code)
                let input = try request.decode(Mark.self, allowedKeys: ["level", "recognised_on", "decision"])
                return try .json(try await store.mark(code, input, by: request.principal?.username, on: request.context.database.sql))
            },
            Endpoint(.delete, "/api/v1/ha-noi/ntm-communes/{code}", access: .roles([.nationalAdmin, .provinceOfficer]),
                     summary: "Remove a commune's new-countryside mark") { request in
                let code = try code(request)
                try mayChange(request, code)
                guard try await store.unmark(code, on: request.context.database.sql) else {
                    throw Problem.notFound("Commune \(code) is not marked.")
                }
                return .noContent()
            },
        ]
    }

    static let openAPI = #"""
paths:
  /api/v1/ha-noi/ntm-communes:
    get:
      operationId: listHaNoiNTMCommunes
      summary: Hà Nội communes recognised as advanced or model new-countryside (NTM nâng cao, kiểu mẫu)
      tags: [ha-noi]
      responses:
        '200':
          description: Every marked commune, in Vietnamese order of name
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/HaNoiNTMCommune'}}
  /api/v1/ha-noi/ntm-communes/{code}:
    parameters:
      - {name: code, in: path, required: true, schema: {type: string, pattern: '^[0-9]{5}$'}, description: 2025 commune code of Hà Nội}
    put:
      operationId: markHaNoiNTMCommune
      summary: Mark a commune as advanced or model new-countryside (Hà Nội officers, national admins)
      tags: [ha-noi]
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [level, recognised_on]
              properties:
                level: {type: string, enum: [advanced, model]}
                recognised_on: {type: string, format: date}
                decision: {type: string, maxLength: 200}
      responses:
        '200': {description: Marked, content: {application/json: {schema: {$ref: '#/components/schemas/HaNoiNTMCommune'}}}}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
    delete:
      operationId: unmarkHaNoiNTMCommune
      summary: Remove a commune's new-countryside mark
      tags: [ha-noi]
      security: [{bearer: []}]
      responses:
        '204': {description: Removed}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
components:
  schemas:
    HaNoiNTMCommune:
      type: object
      required: [commune_code, commune_name, level, recognised_on]
      properties:
        commune_code: {type: string}
        commune_name: {type: string}
        level: {type: string, enum: [advanced, model]}
        recognised_on: {type: string, format: date}
        decision: {type: string}
"""#
}
