import Foundation
import OCOPEvents
import OCOPPluginKit
import OCOPTestSupport
import SQLKit
import Testing

typealias Reply = LiveServer.Client.Reply

/// The core modules with `ocop.events` (and any extra plugins) on a real host.
func withEvents(_ engine: DatabaseEngine, extra: [PluginFactory] = [], config: String = "",
                _ body: @escaping @Sendable (TestHost) async throws -> Void) async throws {
    try await TestHost.run(engine, plugins: TestHost.core + [PluginFactory(EventsPlugin.self)] + extra, config: """
        plugins:
        \(TestHost.coreConfig)
          ocop.events: {}
        \(config)
        """, body)
}

extension Reply {
    var object: [String: Any] { (try? json()) ?? [:] }
    var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
    var id: Int64 { Int64(object["id"] as? Int ?? -1) }
    /// `path: message` of each field error.
    var fieldErrors: [String] {
        (object["errors"] as? [[String: Any]] ?? []).map { "\($0["path"] as? String ?? ""): \($0["message"] as? String ?? "")" }
    }
}

/// Dates relative to today (Vietnam's calendar).
func day(_ offset: Int) -> String { ProgrammeCalendar.adding(days: offset, to: ProgrammeCalendar.today()) ?? ProgrammeCalendar.today() }

/// A small world: Hà Nội (01) and Hải Phòng (31) officers, producers with products, certificates through the ledger.
struct World: Sendable {
    let host: TestHost
    let admin: [String: String]
    let officer01: [String: String]
    let officer31: [String: String]

    static let communes = ["01": "00577", "31": "10507"]

    static func make(_ host: TestHost) async throws -> World {
        World(host: host, admin: try await host.signIn(.nationalAdmin), officer01: try await host.signIn(.provinceOfficer, province: "01"),
              officer31: try await host.signIn(.provinceOfficer, province: "31"))
    }

    var client: LiveServer.Client { host.client }

    /// A subject in `province` with one product per name; returns their ids.
    func subject(_ province: String, _ name: String, products: [String]) async throws -> (subject: Int64, products: [Int64]) {
        let number = TestTaxCodes.make(province + String(format: "%07d", Int.random(in: 1...9_999_999)))
        let subject = try await client.post("/api/v1/subjects", json: """
            {"registration_number":"\(number)","name":"\(name)","legal_form":"hop_tac_xa","commune_code":"\(Self.communes[province] ?? "00577")"}
            """, headers: admin)
        #expect(subject.status == 201, "\(subject.text)")
        var ids: [Int64] = []
        for product in products {
            let reply = try await client.post("/api/v1/products", json: """
                {"subject_id":\(subject.id),"name":"\(product)","product_set":5}
                """, headers: admin)
            #expect(reply.status == 201, "\(reply.text)")
            ids.append(reply.id)
        }
        return (subject.id, ids)
    }

    /// Records a decision in the ledger (as rating does), in a transaction with its event.
    func certify(_ product: Int64, stars: Int, decidedOn: String = day(-30), decision: String = "recognised", validUntil: String? = nil) async throws {
        let recorder = try #require(host.registry.directory.resolve((any CertificationRecorder).self))
        try await host.database.transaction { db in
            try await recorder.record(CertificationRecord(
                productID: product, stars: stars, certificateNumber: "GCN-\(product)-\(decision)", decidedOn: decidedOn,
                validUntil: validUntil ?? ProgrammeCalendar.adding(months: 36, to: decidedOn) ?? decidedOn, source: "test", decision: decision),
                outbox: host.context.outbox, on: db)
        }
    }

    /// Creates an event and returns its reply; `open` moves it to open.
    func event(_ province: String = "01", kind: String = "fair", title: String = "Hội chợ OCOP", starts: String = day(10), ends: String = day(12),
               capacity: Int = 3, venue: String = #"{"commune_code":"00577","address":"Sân vận động Bát Tràng"}"#,
               eligibility: String = #"["only-certified"]"#, fields: String = "{}", participating: String = "[]", open: Bool = true,
               as headers: [String: String]? = nil) async throws -> Reply {
        let created = try await client.post("/api/v1/events", json: """
            {"kind":"\(kind)","title":"\(title)","organiser":"Sở Công Thương","province_code":"\(province)","starts_on":"\(starts)",
             "ends_on":"\(ends)","venue":\(venue),"booth_capacity":\(capacity),"eligibility":\(eligibility),"fields":\(fields),
             "participating_provinces":\(participating)}
            """, headers: headers ?? (province == "31" ? officer31 : officer01))
        guard open, created.status == 201 else { return created }
        let opened = try await move(created.id, to: "open")
        #expect(opened.status == 200, "\(opened.text)")
        return opened
    }

    func move(_ event: Int64, to state: String) async throws -> Reply {
        try await client.post("/api/v1/events/\(event)/transitions", json: #"{"to":"\#(state)"}"#, headers: admin)
    }

    func register(_ event: Int64, subject: Int64, products: [Int64], booth: Int? = nil, as headers: [String: String]? = nil) async throws -> Reply {
        try await client.post("/api/v1/events/\(event)/registrations", json: """
            {"subject_id":\(subject),"product_ids":[\(products.map(String.init).joined(separator: ","))]\(booth.map { #","booth":\#($0)"# } ?? "")}
            """, headers: headers ?? admin)
    }

    /// Counts rows of a table (to prove a refusal stored nothing).
    func count(_ table: String) async throws -> Int {
        try await host.database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table).first()?
            .decode(column: "n", as: Int.self) ?? -1
    }
}
