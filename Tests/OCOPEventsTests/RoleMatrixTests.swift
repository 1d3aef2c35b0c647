import Foundation
import OCOPPluginKit
import OCOPTestSupport
import SQLKit
import Testing

/// Every `ocop.events` endpoint × every kind of caller, over real HTTP with real accounts:
/// statuses match the policy below and a refused write changes nothing.
///
/// Policy: national admins and officers of the organising (or outlet's) province run events and
/// outlets and enter results; a producer registers and withdraws its own subject, as do the
/// officers over that subject's area; council members only read; anyone reads published events,
/// registrations' exhibitors, results, the calendar and shelves.
enum EventsRoleMatrix {
    enum Caller: String, CaseIterable { case anonymous, admin, officer, foreignOfficer, commune, council, producer }

    struct Cell {
        var method: String
        var path: String
        var body: String?
        var contentType = "application/json"
    }

    struct Rule {
        var endpoint: String
        /// Expected status per caller.
        var expect: [Caller: Int]
        /// Builds a fresh request for one caller (fixtures made by a national admin).
        var cell: @Sendable () async throws -> Cell
    }

    static func statuses(write ok: Int, writers: Set<Caller>) -> [Caller: Int] {
        var out: [Caller: Int] = [:]
        for caller in Caller.allCases {
            out[caller] = caller == .anonymous ? 401 : writers.contains(caller) ? ok : 403
        }
        return out
    }

    static func everyone(_ status: Int) -> [Caller: Int] { Dictionary(uniqueKeysWithValues: Caller.allCases.map { ($0, status) }) }

    static func run(_ host: TestHost) async throws {
        let w = try await World.make(host)
        let s1 = try await w.subject("01", "HTX Gốm S1", products: ["Bình S1"])
        try await w.certify(s1.products[0], stars: 4)
        var headers: [Caller: [String: String]] = [.anonymous: [:], .admin: w.admin, .officer: w.officer01]
        headers[.foreignOfficer] = try await host.signIn(.provinceOfficer, province: "79")
        headers[.commune] = try await host.signIn(.communeOfficer, commune: "00577")
        headers[.council] = try await host.signIn(.councilMember, province: "01")
        headers[.producer] = try await host.signIn(.producer, subject: s1.subject)

        let open = try await w.event(starts: day(-1), ends: day(3), capacity: 50).id
        let outletBody = OutletChecks.body
        let outlet = try await host.client.post("/api/v1/outlets", json: outletBody, headers: w.admin).id
        let eventBody = #"{"kind":"fair","title":"Hội chợ","organiser":"Sở","province_code":"01","starts_on":"\#(day(5))","ends_on":"\#(day(6))","venue":{"address":"Hà Nội"},"booth_capacity":5}"#
        @Sendable func freshEvent() async throws -> Int64 { try await w.event(capacity: 5, eligibility: "[]").id }
        let registrants: Set<Caller> = [.admin, .officer, .commune, .producer]
        let organisers: Set<Caller> = [.admin, .officer]

        let rules: [Rule] = [
            Rule(endpoint: "GET /api/v1/events/kinds", expect: everyone(200)) { Cell(method: "GET", path: "/api/v1/events/kinds") },
            Rule(endpoint: "GET /api/v1/events", expect: everyone(200)) { Cell(method: "GET", path: "/api/v1/events?province=01") },
            Rule(endpoint: "POST /api/v1/events", expect: statuses(write: 201, writers: organisers)) {
                Cell(method: "POST", path: "/api/v1/events", body: eventBody)
            },
            Rule(endpoint: "GET /api/v1/events/calendar/{province}", expect: everyone(200)) { Cell(method: "GET", path: "/api/v1/events/calendar/01.ics") },
            Rule(endpoint: "GET /api/v1/events/{id}", expect: everyone(200)) { Cell(method: "GET", path: "/api/v1/events/\(open)") },
            Rule(endpoint: "PUT /api/v1/events/{id}", expect: statuses(write: 200, writers: organisers)) {
                Cell(method: "PUT", path: "/api/v1/events/\(try await freshEvent())", body: eventBody)
            },
            Rule(endpoint: "POST /api/v1/events/{id}/transitions", expect: statuses(write: 200, writers: organisers)) {
                Cell(method: "POST", path: "/api/v1/events/\(try await freshEvent())/transitions", body: #"{"to":"cancelled"}"#)
            },
            Rule(endpoint: "GET /api/v1/events/{id}/registrations", expect: everyone(200)) { Cell(method: "GET", path: "/api/v1/events/\(open)/registrations") },
            Rule(endpoint: "POST /api/v1/events/{id}/registrations", expect: statuses(write: 201, writers: registrants)) {
                Cell(method: "POST", path: "/api/v1/events/\(try await freshEvent())/registrations",
                     body: #"{"subject_id":\#(s1.subject),"product_ids":[\#(s1.products[0])]}"#)
            },
            Rule(endpoint: "POST /api/v1/events/{id}/registrations/{registration_id}/withdraw", expect: statuses(write: 200, writers: registrants)) {
                let event = try await freshEvent()
                let registration = try await w.register(event, subject: s1.subject, products: s1.products).id
                return Cell(method: "POST", path: "/api/v1/events/\(event)/registrations/\(registration)/withdraw")
            },
            Rule(endpoint: "GET /api/v1/events/{id}/results", expect: everyone(200)) { Cell(method: "GET", path: "/api/v1/events/\(open)/results") },
            Rule(endpoint: "POST /api/v1/events/{id}/results", expect: statuses(write: 200, writers: organisers)) {
                Cell(method: "POST", path: "/api/v1/events/\(open)/results", body: #"{"rows":[{"visitors":10}]}"#)
            },
            Rule(endpoint: "POST /api/v1/events/{id}/results/import", expect: statuses(write: 200, writers: organisers)) {
                Cell(method: "POST", path: "/api/v1/events/\(open)/results/import", body: "session,visitors\nngày 1,5\n", contentType: "text/csv")
            },
            Rule(endpoint: "GET /api/v1/outlets", expect: everyone(200)) { Cell(method: "GET", path: "/api/v1/outlets") },
            Rule(endpoint: "POST /api/v1/outlets", expect: statuses(write: 201, writers: organisers)) {
                Cell(method: "POST", path: "/api/v1/outlets", body: outletBody)
            },
            Rule(endpoint: "GET /api/v1/outlets/{id}", expect: everyone(200)) { Cell(method: "GET", path: "/api/v1/outlets/\(outlet)") },
            Rule(endpoint: "PUT /api/v1/outlets/{id}", expect: statuses(write: 200, writers: organisers)) {
                Cell(method: "PUT", path: "/api/v1/outlets/\(outlet)", body: outletBody)
            },
            Rule(endpoint: "POST /api/v1/outlets/{id}/products", expect: statuses(write: 201, writers: organisers)) {
                let fresh = try await host.client.post("/api/v1/outlets", json: outletBody, headers: w.admin).id
                return Cell(method: "POST", path: "/api/v1/outlets/\(fresh)/products", body: #"{"product_id":\#(s1.products[0])}"#)
            },
            Rule(endpoint: "DELETE /api/v1/outlets/{id}/products/{product_id}", expect: statuses(write: 204, writers: organisers)) {
                let fresh = try await host.client.post("/api/v1/outlets", json: outletBody, headers: w.admin).id
                _ = try await host.client.post("/api/v1/outlets/\(fresh)/products", json: #"{"product_id":\#(s1.products[0])}"#, headers: w.admin)
                return Cell(method: "DELETE", path: "/api/v1/outlets/\(fresh)/products/\(s1.products[0])")
            },
        ]

        // Every endpoint of the module has a row, and no row names an endpoint that does not exist.
        let registered = Set(host.registry.endpoints.filter { $0.plugin == "ocop.events" }.map { "\($0.endpoint.method.rawValue) \($0.endpoint.path)" })
        #expect(registered == Set(rules.map(\.endpoint)), "missing: \(registered.subtracting(rules.map(\.endpoint)).sorted()); extra: \(Set(rules.map(\.endpoint)).subtracting(registered).sorted())")

        let tables = ["events_events", "events_registrations", "events_registration_products", "events_results", "events_outlets", "events_shelf"]
        func fingerprint() async throws -> [String] {
            var out: [String] = []
            for table in tables {
                let rows = try await host.database.sql.raw("SELECT * FROM \(unsafeRaw: table) ORDER BY 1").all()
                func value(_ row: any SQLRow, _ column: String) -> String {
                    if let number = (try? row.decode(column: column, as: Int64?.self)) ?? nil { return String(number) }
                    return ((try? row.decode(column: column, as: String?.self)) ?? nil) ?? "null"
                }
                let text = rows.map { row in row.allColumns.filter { $0 != "updated_at" }.map { value(row, $0) }.joined(separator: ",") }
                out.append("\(table): \(rows.count) \(text.joined(separator: ";"))")
            }
            return out
        }
        for rule in rules {
            for caller in Caller.allCases {
                let cell = try await rule.cell()
                let before = try await fingerprint()
                var sent = headers[caller] ?? [:]
                if cell.body != nil { sent["Content-Type"] = cell.contentType }
                let reply = try await host.client.send(cell.method, cell.path, body: cell.body.map { Data($0.utf8) }, headers: sent)
                let expected = rule.expect[caller] ?? 0
                #expect(reply.status == expected, "\(rule.endpoint) as \(caller.rawValue): \(reply.status) \(reply.text.prefix(300))")
                if reply.status >= 400 {
                    #expect(try await fingerprint() == before, "\(rule.endpoint) as \(caller.rawValue) was refused but changed something")
                }
            }
        }
        // The foreign officer neither sees nor moves another province's draft.
        let draft = try await w.event(open: false).id
        #expect(try await host.client.get("/api/v1/events/\(draft)", headers: headers[.foreignOfficer]!).status == 404)
        #expect(try await host.client.get("/api/v1/events/\(draft)", headers: headers[.producer]!).status == 404)
    }
}

@Suite(.serialized) struct EventsRoleMatrixSQLiteTests {
    @Test func roleMatrix() async throws { try await withEvents(.sqlite, EventsRoleMatrix.run) }
}

@Suite(.serialized, .enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct EventsRoleMatrixPostgreSQLTests {
    @Test func roleMatrix() async throws { try await withEvents(.postgresql, EventsRoleMatrix.run) }
}
