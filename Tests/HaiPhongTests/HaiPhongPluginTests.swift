import Foundation
import HaiPhong
import OCOPDomain
import OCOPEvents
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// Hải Phòng with the core modules and `ocop.events`, on a real host.
func withHaiPhong(_ engine: DatabaseEngine, _ body: @escaping @Sendable (TestHost) async throws -> Void) async throws {
    try await TestHost.run(engine, plugins: TestHost.core + [PluginFactory(EventsPlugin.self), PluginFactory(HaiPhongPlugin.self)], config: """
        plugins:
        \(TestHost.coreConfig)
          ocop.events: {}
          vn.hai-phong: {}
        """, body)
}

extension LiveServer.Client.Reply {
    var object: [String: Any] { (try? json()) ?? [:] }
    var fieldErrors: [String] {
        (object["errors"] as? [[String: Any]] ?? []).map { "\($0["path"] as? String ?? ""): \($0["message"] as? String ?? "")" }
    }
}

enum ChoPhienChecks {
    static func session(_ number: Int, _ extra: String = "") -> String {
        #"{"session":"Phiên \#(number)","orders":\#(120 * number),"revenue_total":\#(15_000_000 * number),"revenue_ocop":\#(14_000_000 * number),"fields":{"session_number":\#(number),"platform":"tiktok","hosts":"Nguyễn Thu Hà, KOL Minh Anh","peak_viewers":\#(800 * number),"views":\#(25_000 * number),"products_featured":12\#(extra)}}"#
    }

    static func marketWithSessions(_ host: TestHost) async throws {
        let officer = try await host.signIn(.provinceOfficer, province: HaiPhongPlugin.provinceCode)
        let kinds = try await host.client.get("/api/v1/events/kinds")
        let kind = (kinds.object["kinds"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "vn.hai-phong.cho-phien" }
        #expect(kind?["plugin"] as? String == "vn.hai-phong" && kind?["online"] as? Bool == true, "\(kinds.text)")
        #expect((kind?["result_fields"] as? [[String: Any]] ?? []).map { $0["name"] as? String ?? "" }
                == ["session_number", "platform", "hosts", "peak_viewers", "views", "products_featured"])

        func create(_ fields: String, venue: String = #"{"platform":"TikTok Shop, Facebook"}"#) async throws -> LiveServer.Client.Reply {
            try await host.client.post("/api/v1/events", json: """
                {"kind":"vn.hai-phong.cho-phien","title":"Chợ phiên OCOP Hải Phòng lần thứ 5","organiser":"Sở Công Thương Hải Phòng",
                 "province_code":"31","starts_on":"\(ProgrammeCalendar.today())","ends_on":"\(ProgrammeCalendar.adding(days: 2, to: ProgrammeCalendar.today())!)",
                 "venue":\(venue),"booth_capacity":20,"eligibility":["only-certified","organising-province"],"fields":\(fields)}
                """, headers: officer)
        }
        // Typed event fields: the edition is required and a whole number; the channel a URL.
        let missing = try await create(#"{"theme":"Đặc sản biển"}"#)
        #expect(missing.status == 422 && missing.fieldErrors == ["/fields/edition: is required for kind 'vn.hai-phong.cho-phien' (Phiên chợ thứ (số thứ tự của chợ phiên))"],
                "\(missing.text)")
        let wrong = try await create(#"{"edition":"năm","channel_url":"tiktok"}"#)
        #expect(wrong.fieldErrors == ["/fields/edition: expected a whole number ≥ 0, found \"năm\"",
                                      "/fields/channel_url: expected an http(s) URL, found \"tiktok\""], "\(wrong.text)")
        let placed = try await create(#"{"edition":5}"#, venue: #"{"commune_code":"10507"}"#)
        #expect(placed.status == 422 && placed.fieldErrors.first?.hasPrefix("/venue") == true, "an online market has a platform: \(placed.text)")
        let created = try await create(#"{"edition":5,"theme":"Đặc sản biển Hải Phòng","channel_url":"https://www.tiktok.com/@ocophaiphong"}"#)
        #expect(created.status == 201, "\(created.text)")
        let id = created.object["id"] as? Int ?? -1
        #expect((created.object["fields"] as? [String: Any])?["edition"] as? Int == 5)
        #expect((created.object["venue"] as? [String: Any])?["platform"] as? String == "TikTok Shop, Facebook")
        #expect(try await host.client.post("/api/v1/events/\(id)/transitions", json: #"{"to":"open"}"#, headers: officer).status == 200)

        // Per-session metrics: a missing required metric, a wrong platform and a fractional đồng are refused, nothing stored.
        let bad = try await host.client.post("/api/v1/events/\(id)/results", json: """
            {"rows":[\(session(1).replacingOccurrences(of: #","views":25000"#, with: "")),
                     \(session(2).replacingOccurrences(of: #""platform":"tiktok""#, with: #""platform":"myspace""#)),
                     {"session":"Phiên 3","revenue_total":100.5,"fields":{"session_number":3,"platform":"shopee","hosts":"A","peak_viewers":1,"views":2,"products_featured":1}},
                     {"orders":3,"fields":{"session_number":4,"platform":"zalo","hosts":"B","peak_viewers":1,"views":2,"products_featured":1}}]}
            """, headers: officer)
        #expect(bad.status == 422, "\(bad.text)")
        #expect(bad.fieldErrors == [
            "/rows/0/fields/views: is required for kind 'vn.hai-phong.cho-phien' (Lượt xem)",
            "/rows/1/fields/platform: expected one of tiktok, facebook, shopee, youtube, zalo, other, found \"myspace\"",
            "/rows/2/revenue_total: expected a whole number of đồng ≥ 0 (VND has no fractions), found 100.5",
            "/rows/3/session: is required: kind 'vn.hai-phong.cho-phien' reports results per session",
        ], "\(bad.fieldErrors)")
        let empty = try await host.client.get("/api/v1/events/\(id)/results")
        #expect((empty.object["rows"] as? [Any])?.isEmpty == true)

        let entered = try await host.client.post("/api/v1/events/\(id)/results", json: #"{"rows":[\#(session(1)),\#(session(2))]}"#, headers: officer)
        #expect(entered.status == 200, "\(entered.text)")
        #expect(entered.object["orders"] as? Int == 360 && entered.object["revenue_total"] as? Int == 45_000_000, "\(entered.text)")
        let rows = entered.object["rows"] as? [[String: Any]] ?? []
        #expect(rows.map { ($0["fields"] as? [String: Any])?["peak_viewers"] as? Int } == [800, 1600])
        #expect(rows.map { $0["session"] as? String } == ["Phiên 1", "Phiên 2"])
        // The same session again replaces its row.
        let corrected = try await host.client.post("/api/v1/events/\(id)/results", json: #"{"rows":[\#(session(2).replacingOccurrences(of: "\"orders\":240", with: "\"orders\":250"))]}"#,
                                                   headers: officer)
        #expect(corrected.object["orders"] as? Int == 370 && (corrected.object["rows"] as? [Any])?.count == 2, "\(corrected.text)")

        // CSV with the kind's columns (by name or by their Vietnamese label).
        let csv = "session,orders,revenue_total,revenue_ocop,Phiên số,platform,hosts,peak_viewers,views,products_featured\nPhiên 3,10,2000000,2000000,3,youtube,Cán bộ Sở,150,4000,8\n"
        let imported = try await host.client.send("POST", "/api/v1/events/\(id)/results/import", body: Data(csv.utf8),
                                                  headers: officer.merging(["Content-Type": "text/csv"]) { $1 })
        #expect(imported.status == 200 && imported.object["stored"] as? Int == 1, "\(imported.text)")
        let missingColumn = "session,orders,session_number,platform,hosts,peak_viewers,products_featured\nPhiên 4,1,4,tiktok,A,5,1\n"
        let refused = try await host.client.send("POST", "/api/v1/events/\(id)/results/import", body: Data(missingColumn.utf8),
                                                 headers: officer.merging(["Content-Type": "text/csv"]) { $1 })
        #expect(refused.status == 422 && refused.fieldErrors == ["/line/2/views: line 2: is required for kind 'vn.hai-phong.cho-phien' (Lượt xem)"],
                "\(refused.text)")
        let summary = try await host.client.get("/api/v1/events/\(id)/results")
        #expect((summary.object["rows"] as? [Any])?.count == 3 && summary.object["orders"] as? Int == 380, "\(summary.text)")
    }
}

@Suite(.serialized) struct ChoPhienSQLiteTests {
    @Test func manifestNamesTheCity() throws {
        #expect(HaiPhongPlugin.manifest.id == "vn.hai-phong")
        // The kind's province is Hải Phòng's 2025 code in the admin units (which took in Hải Dương).
        let units = try AdminUnits.shared
        #expect(ProvinceCode(HaiPhongPlugin.provinceCode).flatMap(units.province)?.name == "Thành phố Hải Phòng")
        #expect(units.currentProvince(forLegacy: ProvinceCode("30")!)?.code.rawValue == HaiPhongPlugin.provinceCode)
    }
    @Test func market() async throws { try await withHaiPhong(.sqlite, ChoPhienChecks.marketWithSessions) }
}

@Suite(.serialized, .enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct ChoPhienPostgreSQLTests {
    @Test func market() async throws { try await withHaiPhong(.postgresql, ChoPhienChecks.marketWithSessions) }
}
