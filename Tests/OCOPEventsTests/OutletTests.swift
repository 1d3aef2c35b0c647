import Foundation
import OCOPPluginKit
@testable import OCOPRegistry
import OCOPTestSupport
import SQLKit
import Testing

/// Points of sale and design centres: only certified products on the shelf, and the ledger's
/// events (revocation, withdrawal, downgrade, expiry) take them off.
enum OutletChecks {
    static let body = #"{"kind":"point_of_sale","name":"Điểm bán OCOP Bát Tràng","location_type":"craft_village","operator":"HTX Gốm sứ Bát Tràng","commune_code":"00577","legacy_district_code":"018","address":"Chợ gốm","opened_on":"2025-03-01"}"#

    static func shelvesFollowTheLedger(_ host: TestHost) async throws {
        let w = try await World.make(host)
        // Bad outlets: precise errors, nothing stored.
        for (from, to, path, message) in [
            (#""commune_code":"00577""#, #""commune_code":"12345""#, "/commune_code", "'12345' is not a current (2025) commune code"),
            (#""location_type":"craft_village""#, #""location_type":"spaceport""#, "/location_type", "found 'spaceport'"),
            (#""legacy_district_code":"018""#, #""legacy_district_code":"293""#, "/legacy_district_code", "was not in the commune's province"),
            (#""opened_on":"2025-03-01""#, #""opened_on":"2025-03-01","closed_on":"2024-01-01""#, "/closed_on", "closes (2024-01-01) before it opens"),
        ] {
            let reply = try await host.client.post("/api/v1/outlets", json: body.replacingOccurrences(of: from, with: to), headers: w.officer01)
            #expect(reply.status == 422 && reply.fieldErrors.contains { $0.hasPrefix(path + ":") && $0.contains(message) }, "\(to): \(reply.text)")
        }
        #expect(try await host.client.post("/api/v1/outlets", json: body, headers: w.officer31).status == 403)
        #expect(try await w.count("events_outlets") == 0)
        let outlet = try await host.client.post("/api/v1/outlets", json: body, headers: w.officer01)
        #expect(outlet.status == 201 && outlet.object["province_code"] as? String == "01", "\(outlet.text)")

        let s = try await w.subject("01", "HTX Gốm sứ", products: ["Bình hút lộc", "Ấm tử sa", "Đĩa men rạn", "Chén ngọc", "Lọ hoa"])
        let (vase, pot, plate, cup, never) = (s.products[0], s.products[1], s.products[2], s.products[3], s.products[4])
        try await w.certify(vase, stars: 4)
        try await w.certify(pot, stars: 3, decidedOn: "2022-12-20", validUntil: day(5))
        try await w.certify(plate, stars: 5)
        try await w.certify(cup, stars: 4)
        try await w.certify(cup, stars: 4, decision: "revoked")
        func add(_ product: Int64) async throws -> Reply {
            try await host.client.post("/api/v1/outlets/\(outlet.id)/products", json: #"{"product_id":\#(product)}"#, headers: w.officer01)
        }
        let uncertified = try await add(never)
        #expect(uncertified.status == 422 && uncertified.fieldErrors == [
            "/product_id: product \(never) has no valid OCOP certificate (uncertified, revoked, withdrawn or expired): an OCOP outlet lists certified products only"],
            "\(uncertified.text)")
        #expect(try await add(cup).status == 422, "revoked")
        #expect(try await w.count("events_shelf") == 0)
        for product in [vase, pot, plate] { #expect(try await add(product).status == 201) }
        #expect(try await add(vase).status == 409)
        func shelf() async throws -> [String] {
            let detail = try await host.client.get("/api/v1/outlets/\(outlet.id)")
            return (detail.object["products"] as? [[String: Any]] ?? []).map { "\($0["product_name"] as? String ?? "") \($0["stars"] as? Int ?? 0)★" }
        }
        #expect(try await shelf() == ["Đĩa men rạn 5★", "Bình hút lộc 4★", "Ấm tử sa 3★"])

        // Revoked, downgraded below 3★, expired: off the shelf through the ledger's events.
        try await w.certify(vase, stars: 4, decision: "revoked")
        try await w.certify(plate, stars: 2, decision: "downgraded")
        try await host.eventsDelivered()
        #expect(try await shelf() == ["Ấm tử sa 3★"])
        let expired = try await CertificateLifecycle().pass(today: day(6), context: host.context)
        #expect(expired.expired == 1)
        try await host.eventsDelivered()
        #expect(try await shelf() == [])
        let reasons = try await host.database.sql.select().columns("product_id", "removed_reason").from("events_shelf").orderBy("product_id").all()
            .map { "\(try $0.decode(column: "product_id", as: Int64.self)): \(try $0.decode(column: "removed_reason", as: String?.self) ?? "")" }
        #expect(reasons.count == 3 && reasons.contains { $0.hasPrefix("\(pot): certificate expired after \(day(5))") }, "\(reasons)")

        // Delivered again from the start: nothing changes (handlers re-read the standing).
        try await host.database.sql.update(OutboxSchema.cursors).set("position", to: SQLBind(Int64(0))).run()
        host.running.dispatcher.nudge()
        try await host.eventsDelivered()
        #expect(try await shelf() == [])
        #expect(try await w.count("events_shelf") == 3)

        // The facts view.
        let facts = try await host.database.sql.raw("SELECT * FROM \(unsafeRaw: PromotionViews.outlets)").all()
        #expect(Set(facts.first?.allColumns ?? []) == ["outlet_id", "kind", "province_code", "commune_code", "legacy_district_code", "opened_on", "closed_on"])
        #expect(try facts.first?.decode(column: "legacy_district_code", as: String?.self) == "018")
        #expect(try facts.first?.decode(column: "closed_on", as: String?.self) == nil)
        let list = try await host.client.get("/api/v1/outlets?province=01&q=bat%20trang")
        #expect(list.object["total"] as? Int == 1, "\(list.text)")
        // Vietnamese order: D before Đ (folding would put "Đông" before "Dương").
        for name in ["Điểm bán Đông Anh", "Điểm bán Dương Nội"] {
            let reply = try await host.client.post("/api/v1/outlets", json: body.replacingOccurrences(of: "Điểm bán OCOP Bát Tràng", with: name), headers: w.officer01)
            #expect(reply.status == 201, "\(reply.text)")
        }
        let ordered = try await host.client.get("/api/v1/outlets?province=01").items.map { $0["name"] as? String ?? "" }
        #expect(ordered == ["Điểm bán Dương Nội", "Điểm bán Đông Anh", "Điểm bán OCOP Bát Tràng"], "\(ordered)")
    }
}

@Suite(.serialized) struct OutletSQLiteTests {
    @Test func shelves() async throws { try await withEvents(.sqlite, OutletChecks.shelvesFollowTheLedger) }
}

@Suite(.serialized, .enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct OutletPostgreSQLTests {
    @Test func shelves() async throws { try await withEvents(.postgresql, OutletChecks.shelvesFollowTheLedger) }
}
