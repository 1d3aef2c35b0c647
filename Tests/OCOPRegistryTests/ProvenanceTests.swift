import Foundation
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// Past decisions as a province's sheet carries them: several per product, a year alone,
/// potential 5★, revoked; their provenance; owners by name; product sets by name (QĐ 1048 too);
/// the user's own headers; import runs listed and undone.
enum ProvenanceChecks {
    static let year = Calendar(identifier: .gregorian).component(.year, from: Date())

    static func csv(_ host: TestHost, _ path: String, _ text: String, as headers: [String: String]) async throws -> LiveServer.Client.Reply {
        try await host.client.send("POST", path, body: Data(text.utf8), headers: headers.merging(["Content-Type": "text/csv"]) { $1 })
    }

    /// CSV lines (CR LF, which Swift counts as one character).
    static func lines(_ text: String) -> [String] { text.components(separatedBy: "\r\n") }

    static func pastDecisions(_ engine: DatabaseEngine) async throws {
        try await TestHost.run(engine, plugins: TestHost.core, config: "plugins:\n\(TestHost.coreConfig)") { host in
            let officer = try await host.signIn(.provinceOfficer, province: "01")
            let (a, b, c, d) = (TestTaxCodes.make("010888000"), TestTaxCodes.make("010888010"), TestTaxCodes.make("010888020"),
                                TestTaxCodes.make("010888030"))
            let subjects = try await csv(host, "/api/v1/imports/subjects", """
                STT,Mã số thuế/ĐKKD,Tên chủ thể,Loại hình,Mã xã
                1,\(a),Hợp tác xã Gốm sứ Bát Tràng,hop_tac_xa,00577
                2,\(b),Hộ kinh doanh Nem Phùng,ho_kinh_doanh,00577
                3,\(c),Hợp tác xã Nông sản,hop_tac_xa,00577
                4,\(d),Hợp tác xã Nông sản,hop_tac_xa,00565

                """, as: officer)
            #expect(subjects.status == 200, "\(subjects.text)")

            let y1 = year - 1
            let sheet = """
                STT,Tên chủ thể,Tên SP,Bộ sản phẩm,Hạng sao,Số QĐ,Ngày QĐ,Số chứng nhận,Tình trạng,Lý do,Ghi chú
                1,HTX Gốm sứ Bát Tràng,Bình gốm men rạn,"Thủ công mỹ nghệ, trang trí",4 sao,1234/QĐ-UBND,15/03/2021,GCN-01,,,đợt 1
                2,HTX Gốm sứ Bát Tràng,Bình gốm men rạn,"Thủ công mỹ nghệ, trang trí",4,88/QĐ-UBND,20/06/\(y1),GCN-77,Đánh giá lại,,
                3,HTX Gốm sứ Bát Tràng,Ấm chén men lam,21,5 sao tiềm năng,99/QĐ-UBND,\(y1),,,,
                4,Hộ kinh doanh Nem Phùng,Nem chua,"Chế biến từ thịt, trứng, sữa",3,12/QĐ-UBND,2020,,,,
                5,Hộ kinh doanh Nem Phùng,Giò lụa,"Chế biến từ thịt, trứng, sữa",4,45/QĐ-UBND,10/10/2023,,,,
                6,Hộ kinh doanh Nem Phùng,Giò lụa,"Chế biến từ thịt, trứng, sữa",4,7/QĐ-UBND,01/02/2025,,Thu hồi,Vi phạm an toàn thực phẩm,
                7,Hợp tác xã Nông sản,Rau cải,"Rau, củ, quả, hạt tươi",,,,,,,
                8,Hộ kinh doanh Nem Phùng,Thịt trâu gác bếp,Thực phẩm tươi sống,,,,,,,

                """
            // Unknown headers are named, with the way out.
            let unknown = try await csv(host, "/api/v1/imports/products?dry_run=true", sheet, as: officer)
            #expect(unknown.status == 422 && unknown.text.contains("unknown column 'Tên SP'") && unknown.text.contains("--columns"), "\(unknown.text)")
            let columns = #"{"Tên SP":"name","Ghi chú":null}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let wrongMapping = #"{"Tên SP":"nam"}"#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let badMap = try await csv(host, "/api/v1/imports/products?columns=\(wrongMapping)", sheet, as: officer)
            #expect(badMap.status == 422 && badMap.text.contains("no products column 'nam'"), "\(badMap.text)")

            let dry = try await csv(host, "/api/v1/imports/products?dry_run=true&columns=\(columns)", sheet, as: officer)
            #expect(dry.status == 200, "\(dry.text)")
            let imported = try await csv(host, "/api/v1/imports/products?skip_invalid=true&file_name=ocop-2019-2025.csv&columns=\(columns)", sheet, as: officer)
            #expect(imported.status == 200, "\(imported.text)")
            let report = try imported.json()
            for key in ["created", "certifications"] { #expect((try dry.json())[key] as? Int == report[key] as? Int, "dry run = run: \(key)") }
            #expect(report["created"] as? Int == 4)
            #expect(report["certifications"] as? Int == 6)
            let invalid = report["invalid"] as? [[String: Any]] ?? []
            #expect(invalid.count == 1 && invalid.first?["line"] as? Int == 8, "\(invalid)")
            #expect((invalid.first?["message"] as? String)?.contains("2 subjects of province 01 are named 'Hợp tác xã Nông sản'") == true, "\(invalid)")
            let queued = report["queued"] as? [[String: Any]] ?? []
            #expect(queued.count == 1 && queued.first?["field"] as? String == "product_set", "\(queued)")
            let run = try #require(report["import_run"] as? Int)

            // Where each product stands, and each decision's provenance.
            let export = try await host.client.get("/api/v1/exports/products?format=json&history=true&province=01", headers: officer)
            let products = try #require(try JSONSerialization.jsonObject(with: export.body) as? [[String: Any]])
            func product(_ name: String) -> [String: Any] { products.first { $0["name"] as? String == name } ?? [:] }
            func decisions(_ name: String) -> [[String: Any]] { product(name)["certifications"] as? [[String: Any]] ?? [] }

            let vase = decisions("Bình gốm men rạn")
            #expect(vase.count == 2)
            #expect(vase.first?["legal_act"] as? String == "1048" && vase.first?["issuing_level"] as? String == "province")
            #expect(vase.first?["decision_number"] as? String == "1234/QĐ-UBND" && vase.first?["certificate_number"] as? String == "GCN-01")
            #expect(vase.first?["standing"] as? String == "expired", "2021 + 36 months is past")
            #expect(vase.last?["decision_number"] as? String == "88/QĐ-UBND" && vase.last?["standing"] as? String == "valid")
            #expect(vase.last?["import_run"] as? Int == run && vase.last?["recorded_by"] as? String != nil)
            #expect(product("Bình gốm men rạn")["stars"] as? Int == 4)
            #expect(product("Bình gốm men rạn")["product_set"] as? Int == 21, "QĐ 1048's name mapped to QĐ 148's set")

            let teapot = decisions("Ấm chén men lam").last ?? [:]
            #expect(teapot["decision"] as? String == "potential_5" && teapot["stars"] as? Int == 4 && teapot["standing"] as? String == "potential_5")
            #expect(teapot["date_precision"] as? String == "year" && teapot["decided_on"] as? String == "\(y1)-01-01")
            #expect(teapot["valid_until"] as? String == "\(y1 + 3)-01-01", "a year alone counts from 1 January")
            #expect(product("Ấm chén men lam")["stars"] as? Int == 4)

            let nem = decisions("Nem chua").last ?? [:]
            #expect(nem["standing"] as? String == "expired" && nem["legal_act"] as? String == "1048")
            #expect(product("Nem chua")["stars"] == nil, "an expired certificate is not current stars")
            #expect(product("Nem chua")["product_set"] as? Int == 8)

            let gio = decisions("Giò lụa")
            #expect(gio.count == 2 && gio.last?["decision"] as? String == "revoked" && gio.last?["ground"] as? String == "Vi phạm an toàn thực phẩm")
            #expect(gio.last?["standing"] as? String == "revoked")
            #expect(product("Giò lụa")["stars"] == nil, "revoked")

            // CSV: one row per product with its standing; with history, one per decision.
            let current = try await host.client.get("/api/v1/exports/products?province=01", headers: officer).text
            let withHistory = try await host.client.get("/api/v1/exports/products?province=01&history=true", headers: officer).text
            #expect(lines(current).filter { $0.contains("Giò lụa") }.count == 1)
            #expect(lines(current).first { $0.contains("Giò lụa") }?.hasSuffix("revoked") == true, "\(current)")
            #expect(lines(withHistory).filter { $0.contains("Giò lụa") }.count == 2, "\(withHistory)")
            #expect(lines(current).first { $0.contains("Nem chua") }?.contains(",2020,") == true, "a year alone is written back as the year")

            // The history export imports back as it is: nothing new.
            let again = try await csv(host, "/api/v1/imports/products", withHistory, as: officer)
            #expect(again.status == 200, "\(again.text)")
            #expect(try again.json()["created"] as? Int == 0 && (try again.json()["certifications"] as? Int) == 0, "\(again.text)")

            // The queued row waits for a product set; its decision-less product is registered when chosen.
            let items = (try await host.client.get("/api/v1/review-queue", headers: officer).json()["items"] as? [[String: Any]]) ?? []
            let item = try #require(items.first { $0["field"] as? String == "product_set" })
            #expect((item["candidates"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["1", "2"], "\(item)")
            let resolved = try await host.client.post("/api/v1/review-queue/\(item["id"] as? Int ?? 0)/resolve", json: #"{"product_set":2}"#, headers: officer)
            #expect(resolved.status == 200, "\(resolved.text)")

            // Runs: listed; undone only while nothing depends on them.
            let runs = try await host.client.get("/api/v1/imports", headers: officer).json()["items"] as? [[String: Any]] ?? []
            let first = try #require(runs.first { $0["id"] as? Int == run })
            #expect(first["file_name"] as? String == "ocop-2019-2025.csv" && (first["file_sha256"] as? String)?.count == 64)
            #expect(first["created"] as? Int == 4 && first["certifications"] as? Int == 6 && first["rejected"] as? Int == 1)
            let vaseID = try #require(product("Bình gốm men rạn")["id"] as? Int)
            #expect(try await host.client.send("PATCH", "/api/v1/products/\(vaseID)", body: Data(#"{"description":"Men rạn cổ"}"#.utf8),
                                               headers: officer.merging(["Content-Type": "application/json"]) { $1 }).status == 200)
            let refused = try await host.client.post("/api/v1/imports/\(run)/undo", json: "", headers: officer)
            #expect(refused.status == 409 && refused.text.contains("edited since"), "\(refused.text)")

            let small = try await csv(host, "/api/v1/imports/products", """
                Mã số thuế,Tên sản phẩm,Bộ sản phẩm,Hạng sao,Ngày QĐ
                \(a),Đĩa gốm vẽ tay,21,3,05/05/\(y1)
                \(b),Nem chua,8,4,01/09/\(y1)

                """, as: officer)
            #expect(small.status == 200, "\(small.text)")
            let smallRun = try #require(try small.json()["import_run"] as? Int)
            #expect(product("Nem chua")["stars"] == nil)
            var nemNow = try await host.client.get("/api/v1/products/\(product("Nem chua")["id"] as? Int ?? 0)", headers: officer).json()
            #expect(nemNow["stars"] as? Int == 4, "the new decision counts")
            let undone = try await host.client.post("/api/v1/imports/\(smallRun)/undo", json: "", headers: officer)
            #expect(undone.status == 200, "\(undone.text)")
            #expect(try undone.json()["records_removed"] as? Int == 1 && (try undone.json()["decisions_removed"] as? Int) == 2)
            nemNow = try await host.client.get("/api/v1/products/\(product("Nem chua")["id"] as? Int ?? 0)", headers: officer).json()
            #expect(nemNow["stars"] == nil, "its stars are recomputed without the undone decision")
            #expect(try await host.client.get("/api/v1/products?q=\("Đĩa gốm".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", headers: officer)
                .json()["total"] as? Int == 0)
            #expect(try await host.client.post("/api/v1/imports/\(smallRun)/undo", json: "", headers: officer).status == 409, "once")
            #expect(try await host.client.post("/api/v1/imports/\(smallRun)/undo", json: "",
                                               headers: try await host.signIn(.provinceOfficer, province: "79")).status == 404)
        }
    }
}

@Suite struct ProvenanceSQLiteTests {
    @Test func pastDecisions() async throws { try await ProvenanceChecks.pastDecisions(.sqlite) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct ProvenancePostgreSQLTests {
    @Test func pastDecisions() async throws { try await ProvenanceChecks.pastDecisions(.postgresql) }
}
