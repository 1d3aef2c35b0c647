import Foundation
import Logging
import OCOPPluginKit
import OCOPRegistry
import OCOPStorage
import OCOPTestSupport
import Testing

/// Spreadsheet imports and exports over the real API, on both engines.
enum ImportChecks {
    static let bom = "\u{FEFF}"

    /// A province office's spreadsheet: Vietnamese headers in another order, a BOM, CRLF,
    /// an NFD name, a legacy commune, quoted commas and a yes/no column in Vietnamese.
    static let subjects = bom + [
        "Tên chủ thể,Mã số thuế,Loại hình,Mã xã,Mã xã cũ,Địa chỉ,Đại diện là nữ,Kênh bán hàng,Số lao động",
        "Hợp tác xã Gốm Bát Tràng,0101234565,Hợp tác xã,00577,,\"Thôn 1, Xã Bát Tràng\",có,Siêu thị;livestream,25",
        "\("Hộ kinh doanh Lụa Vạn Phúc".decomposedStringWithCanonicalMapping),0101234572,Hộ kinh doanh,,09544,,không,,3",
        "Công ty TNHH Mây tre Phú Vinh,0101234597,doanh_nghiep,10030,,,,xuat_khau,40",
    ].joined(separator: "\r\n") + "\r\n"

    static let products = [
        "subject_registration_number,name,product_set,stars,certified_on,certificate_number",
        "0101234565,Bình gốm men lam,21,4,2025-03-15,123/QĐ-UBND",
        "0101234565,Ấm chén Bát Tràng,\"Thủ công mỹ nghệ gia dụng, trang trí\",,,",
        "0101234572,Khăn lụa Vạn Phúc,22,3,15/01/2021,45/QĐ-UBND",
    ].joined(separator: "\n")

    static func post(_ p: Platform, _ kind: String, _ csv: String, query: String = "", as headers: [String: String] = [:]) async throws -> Reply {
        try await p.client.send("POST", "/api/v1/imports/\(kind)?\(query)", body: Data(csv.utf8),
                                headers: headers.merging(["Content-Type": "text/csv"]) { $1 })
    }

    static func all(_ p: Platform) async throws {
        try await p.user("officer.hn", .provinceOfficer, province: "01")
        try await p.user("officer.hcm", .provinceOfficer, province: "79")
        try await p.user("admin", .nationalAdmin)
        let officer = try await p.signIn("officer.hn")
        let admin = try await p.signIn("admin")

        // A dry run reports and writes nothing.
        let dry = try await post(p, "subjects", subjects, query: "dry_run=true", as: officer)
        #expect(dry.status == 200, "\(dry.summary)")
        #expect(dry.object["created"] as? Int == 3)
        #expect(dry.object["written"] as? Bool == false)
        #expect(try await p.count("registry_subjects") == 0)

        let first = try await post(p, "subjects", subjects, as: officer)
        #expect(first.status == 200, "\(first.summary)")
        #expect(first.object["created"] as? Int == 3)
        #expect(try await p.count("registry_subjects") == 3)
        let silk = try await p.get("/api/v1/subjects?q=lua%20van%20phuc", as: officer)
        #expect(silk.names == ["Hộ kinh doanh Lụa Vạn Phúc"])
        #expect(silk.items.first?["legacy_commune_code"] as? String == "09544")
        #expect(silk.items.first?["commune_code"] as? String == "09556")
        let pottery = try await p.get("/api/v1/subjects?q=0101234565", as: officer)
        #expect(pottery.items.first?["representative_is_woman"] as? Bool == true)
        #expect(pottery.items.first?["sales_channels"] as? [String] == ["supermarket", "livestream"])
        #expect(pottery.items.first?["address"] as? String == "Thôn 1, Xã Bát Tràng")

        // Re-running changes nothing; a changed row is updated and its old version kept.
        let again = try await post(p, "subjects", subjects, as: officer)
        #expect(again.object["unchanged"] as? Int == 3)
        #expect(again.object["created"] as? Int == 0)
        let changed = subjects.replacingOccurrences(of: ",40", with: ",45")
        let update = try await post(p, "subjects", changed, as: officer)
        #expect(update.object["updated"] as? Int == 1)
        #expect(try await p.count("registry_subject_history") == 1)

        // Products, with certificates from before the platform; stars come from the ledger.
        let imported = try await post(p, "products", products, as: officer)
        #expect(imported.status == 200, "\(imported.summary)")
        #expect(imported.object["created"] as? Int == 3)
        #expect(imported.object["certifications"] as? Int == 2)
        let fourStars = try await p.get("/api/v1/products?stars=4", as: officer)
        #expect(fourStars.names == ["Bình gốm men lam"])
        // The 2021 certificate expired after 36 months: recorded, but no current stars.
        let silkScarf = try await p.get("/api/v1/products?q=khan%20lua", as: officer)
        #expect(silkScarf.items.first?["stars"] == nil)
        #expect(try await p.count("registry_certifications") == 2)
        let reimport = try await post(p, "products", products, as: officer)
        #expect(reimport.object["unchanged"] as? Int == 3)
        #expect(reimport.object["certifications"] as? Int == 0)
        #expect(try await p.count("registry_certifications") == 2)

        // One bad row: nothing written, every problem listed with its line and column.
        let bad = products + "\n0101234565,Chén,99,,,\n0999999990,Ghost product,1,,,\n0101234565,Đĩa,21,7,2024-01-01,\n"
        let refused = try await post(p, "products", bad, as: officer)
        #expect(refused.status == 422, "\(refused.summary)")
        #expect(refused.errorPaths == ["/line/5/product_set", "/line/6/subject_registration_number", "/line/7/stars"])
        #expect(try await p.count("registry_products") == 3)
        // With skip_invalid the good rows go in.
        let skipped = try await post(p, "products", bad.replacingOccurrences(of: "Bình gốm men lam,21", with: "Bình gốm men lam mới,21"),
                                     query: "skip_invalid=true", as: officer)
        #expect(skipped.status == 200, "\(skipped.summary)")
        #expect(skipped.object["created"] as? Int == 1)
        #expect((skipped.object["invalid"] as? [[String: Any]])?.count == 3)
        #expect(try await p.count("registry_products") == 4)

        // Malformed files get one precise error and write nothing.
        let semicolons = try await post(p, "subjects", "registration_number;name;legal_form;commune_code\n1;2;3;4\n", as: officer)
        #expect(semicolons.status == 422)
        #expect((semicolons.object["detail"] as? String)?.contains("separated by ';'") == true, "\(semicolons.summary)")
        let missing = try await post(p, "subjects", "name,legal_form\nA,hop_tac_xa\n", as: officer)
        #expect(missing.status == 422)
        #expect((missing.object["detail"] as? String)?.contains("registration_number") == true, "\(missing.summary)")
        let quote = try await post(p, "subjects", "registration_number,name,legal_form,commune_code\n0101234607,\"Unclosed,hop_tac_xa,00577\n", as: officer)
        #expect(quote.status == 422)
        #expect((quote.object["detail"] as? String)?.contains("line 2") == true, "\(quote.summary)")
        var latin1 = Data("registration_number,name,legal_form,commune_code\n0101234607,".utf8)
        latin1.append(contentsOf: [0x48, 0xE0, 0x20, 0x4E, 0xF4, 0x69])  // "Hà Nội" in Latin-1, not UTF-8
        latin1.append(Data(",hop_tac_xa,00577\n".utf8))
        let encoding = try await p.client.send("POST", "/api/v1/imports/subjects", body: latin1, headers: officer)
        #expect(encoding.status == 422)
        #expect((encoding.object["detail"] as? String)?.contains("UTF-8") == true, "\(encoding.summary)")
        #expect(try await p.count("registry_subjects") == 3)

        // Rows of another province are refused; officers cannot import elsewhere.
        let foreign = try await post(p, "subjects", "registration_number,name,legal_form,commune_code\n0301234562,HTX Sài Gòn,hop_tac_xa,25747\n", as: officer)
        #expect(foreign.errorPaths == ["/line/2/commune_code"])
        let elsewhere = try await post(p, "subjects", subjects, query: "province=79", as: officer)
        #expect(elsewhere.status == 403)
        let adminWithoutProvince = try await post(p, "subjects", subjects, as: admin)
        #expect(adminWithoutProvince.errorPaths == ["/province"])
        #expect(try await post(p, "subjects", subjects).status == 401)

        // Exports: the import format with a BOM (re-importable), or JSON.
        let csv = try await p.get("/api/v1/exports/products?province=01", as: officer)
        #expect(csv.status == 200)
        #expect(csv.headers["content-type"]?.hasPrefix("text/csv") == true)
        #expect(csv.text.hasPrefix(bom + "subject_registration_number,subject_name,name,product_set"))
        let roundTrip = try await post(p, "products", String(csv.text.dropFirst()), as: officer)
        #expect(roundTrip.object["unchanged"] as? Int == 4, "\(roundTrip.summary)")
        let json = try await p.get("/api/v1/exports/subjects?format=json&legal_form=hop_tac_xa", as: officer)
        #expect(json.list.compactMap { $0["name"] as? String } == ["Hợp tác xã Gốm Bát Tràng"])
        #expect(try await p.get("/api/v1/exports/subjects?format=xml").status == 422)

        // Certificates expire while the server runs: the registry's service clears the stars.
        try await p.database.sql.raw("UPDATE registry_certifications SET valid_until = '2020-01-01'").run()
        #expect(try await p.get("/api/v1/products?stars=4", as: officer).total == 2)
        let context = PluginContext(database: p.database, services: p.registry.directory, events: p.registry.events,
                                    logger: Logger(label: "test"))
        let runner = ServiceRunner(registry: p.registry, context: context)
        try await runner.startAll()
        #expect(await runner.running == ["ocop.registry/read-cache", "ocop.registry/certificate-lifecycle"])
        var remaining = -1
        for _ in 0..<100 {  // the first pass runs in the background
            remaining = try await p.get("/api/v1/products?stars=4", as: officer).total ?? -1
            if remaining == 0 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        await runner.stopAll()
        #expect(remaining == 0)
    }

    /// A body over the configured limit is refused before it is read.
    static func oversized(_ p: Platform) async throws {
        try await p.user("officer.hn", .provinceOfficer, province: "01")
        let officer = try await p.signIn("officer.hn")
        let huge = "registration_number,name,legal_form,commune_code\n" + String(repeating: "0101234565,x,hop_tac_xa,00577\n", count: 400)
        let reply = try await post(p, "subjects", huge, as: officer)
        #expect(reply.status == 413, "\(reply.summary)")
        #expect(try await p.count("registry_subjects") == 0)
    }
}

@Suite struct ImportSQLiteTests {
    @Test func importsAndExports() async throws { try await Platform.with(.sqlite, ImportChecks.all) }
    @Test func oversizedUploads() async throws {
        try await Platform.with(.sqlite, registryConfig: #"{"max_import_bytes":4096}"#, ImportChecks.oversized)
    }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct ImportPostgreSQLTests {
    @Test func importsAndExports() async throws { try await Platform.with(.postgresql, ImportChecks.all) }
}
