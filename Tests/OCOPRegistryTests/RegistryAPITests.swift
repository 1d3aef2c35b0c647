import Foundation
import OCOPAccounts
import OCOPPluginKit
import OCOPStorage
import OCOPTestSupport
import SQLKit
import Testing

/// `/api/v1/subjects` and `/api/v1/products` over real HTTP with real accounts: validation,
/// normalisation, history, search and stars. Every check runs on SQLite and on PostgreSQL.
enum RegistryAPIChecks {
    /// The signed-in accounts the checks act as.
    struct Cast: Sendable {
        var admin: [String: String]
        var officer: [String: String]
        var officer79: [String: String]
        var communeOfficer: [String: String]
    }

    static func cast(_ p: Platform) async throws -> Cast {
        try await p.user("admin", .nationalAdmin)
        try await p.user("officer.hn", .provinceOfficer, province: "01")
        try await p.user("officer.hcm", .provinceOfficer, province: "79")
        try await p.user("commune.battrang", .communeOfficer, commune: "00577")
        return Cast(admin: try await p.signIn("admin"), officer: try await p.signIn("officer.hn"),
                    officer79: try await p.signIn("officer.hcm"), communeOfficer: try await p.signIn("commune.battrang"))
    }

    /// Runs every check, in order, against one server and one database.
    static func all(_ p: Platform) async throws {
        let cast = try await cast(p)
        try await subjectsAreNormalisedAndValidated(p, cast)
        try await patchKeepsHistory(p, cast)
        try await productsTakeGroupAndSectorFromTheSet(p, cast)
        try await communeOfficersWriteOnlyInTheirCommune(p, cast)
        try await searchFiltersAndPages(p, cast)
        try await starsComeOnlyFromTheLedger(p, cast)
        try await producerAccountsDoNotRevealOtherProvinces(p, cast)
    }

    static func subject(_ overrides: [String: Any], removing: [String] = []) -> [String: Any] {
        var body: [String: Any] = ["registration_number": "0109876557", "name": "Cơ sở Mây tre đan Phú Vinh",
                                   "legal_form": "ho_kinh_doanh", "commune_code": "00577"]
        for (key, value) in overrides { body[key] = value }
        for key in removing { body[key] = nil }
        return body
    }

    // MARK: subjects

    static func subjectsAreNormalisedAndValidated(_ p: Platform, _ cast: Cast) async throws {
        let nfc = "Hợp tác xã Gốm sứ Bát Tràng"
        let nfd = nfc.decomposedStringWithCanonicalMapping
        #expect(Array(nfd.unicodeScalars) != Array(nfc.unicodeScalars), "the input really is decomposed")
        let created = try await p.send("POST", "/api/v1/subjects", [
            "registration_number": "0101234565", "name": nfd, "legal_form": "Hợp tác xã".decomposedStringWithCanonicalMapping,
            // Bát Tràng (00583) was divided in 2025: the address names the successor it is in now.
            "legacy_commune_code": "00583", "address": "Thôn Giang Cao, xã Bát Tràng, huyện Gia Lâm",
            "representative": "Nguyễn Thị Hoa".decomposedStringWithCanonicalMapping,
            "representative_is_woman": true, "employees": 25, "local_labour_percent": 80, "founded_year": 2005,
            "value_chain": "Liên kết 40 hộ làm gốm", "sales_channels": ["Siêu thị", "livestream"],
        ], as: cast.officer)
        #expect(created.status == 201, "\(created.summary)")
        let body = created.object
        #expect((body["name"] as? String).map { Array($0.unicodeScalars) } == Array(nfc.unicodeScalars))
        #expect((body["representative"] as? String).map { Array($0.unicodeScalars) } == Array("Nguyễn Thị Hoa".unicodeScalars))
        // Legacy Xã Bát Tràng (00583, Gia Lâm district) is today's Xã Bát Tràng (00577); the old code is kept.
        #expect(body["commune_code"] as? String == "00577")
        #expect(body["legacy_commune_code"] as? String == "00583")
        #expect(body["province_code"] as? String == "01")
        #expect(body["legal_form"] as? String == "hop_tac_xa")
        #expect(body["sales_channels"] as? [String] == ["supermarket", "livestream"])
        #expect(body["version"] as? Int == 1)
        #expect(body["employees"] as? Int == 25, "the officer of the area sees the full record")
        let id = try #require(created.id)
        let row = try #require(try await p.database.sql.select().columns("name", "name_folded", "representative")
            .from("registry_subjects").where("id", .equal, id).first())
        #expect(Array(try row.decode(column: "name", as: String.self).utf8) == Array(nfc.utf8), "stored as NFC")
        #expect(Array(try row.decode(column: "representative", as: String.self).utf8) == Array("Nguyễn Thị Hoa".utf8))
        #expect(try row.decode(column: "name_folded", as: String.self) == "hop tac xa gom su bat trang")

        // One registration number per province…
        let duplicate = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": " 0101234565 ", "commune_code": "00565", "name": "Công ty Gốm khác"]), as: cast.officer)
        #expect(duplicate.status == 409, "\(duplicate.summary)")
        #expect(duplicate.errorPaths == ["/registration_number"])
        // …and one legal person nationally: another province gets a precise answer, not a duplicate…
        let elsewhere = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": "0101234565", "commune_code": "25747", "name": "Công ty Gốm Thủ Dầu Một"]), as: cast.officer79)
        #expect(elsewhere.status == 409, "\(elsewhere.summary)")
        #expect(elsewhere.errorPaths == ["/registration_number"])
        let detail = elsewhere.object["detail"] as? String ?? ""
        #expect(detail.contains("already registered in Thành phố Hà Nội (01)"), "\(detail)")
        #expect(detail.contains("branch's 13-digit code (0101234565-001"), "\(detail)")
        // …where a production site registers under its branch code, in either written form.
        let branch = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": "0101234565001", "commune_code": "25747", "name": "Chi nhánh Công ty Gốm tại Bình Dương"]), as: cast.officer79)
        #expect(branch.status == 201, "\(branch.summary)")
        #expect(branch.object["registration_number"] as? String == "0101234565-001")
        #expect(try await p.count("registry_subjects", "registration_number = '0101234565'") == 1)
        let wrongCheck = try await p.send("POST", "/api/v1/subjects", subject(["registration_number": "0101234566"]), as: cast.officer)
        #expect(wrongCheck.status == 422)
        #expect((wrongCheck.object["detail"] as? String)?.contains("check digit is 6, but 010123456 needs 5") == true, "\(wrongCheck.summary)")
        // A household business's representative's 12-digit personal number is its tax code (from 2025-07-01)…
        let household = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": "001085012345", "legal_form": "ho_kinh_doanh", "name": "Hộ kinh doanh Nguyễn Văn Gốm"]), as: cast.officer)
        #expect(household.status == 201, "\(household.summary)")
        // …not a company's.
        let company = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": "001085012346", "legal_form": "doanh_nghiep"]), as: cast.officer)
        #expect(company.status == 422, "\(company.summary)")
        #expect((company.object["detail"] as? String)?.contains("household businesses only") == true, "\(company.summary)")

        // Each invalid field is named; nothing is stored.
        let before = try await p.count("registry_subjects")
        let invalid: [(String, [String: Any], [String], [String])] = [
            ("unknown commune", ["commune_code": "99999"], [], ["/commune_code"]),
            ("unknown legacy commune", ["legacy_commune_code": "99999"], ["commune_code"], ["/legacy_commune_code"]),
            ("no commune at all", [:], ["commune_code"], ["/commune_code"]),
            ("wrong legal form", ["legal_form": "Tập đoàn"], [], ["/legal_form"]),
            ("short tax code", ["registration_number": "12345"], [], ["/registration_number"]),
            ("11-digit tax code", ["registration_number": "99912345678"], [], ["/registration_number"]),
            ("branch without a valid parent", ["registration_number": "0101234566-001"], [], ["/registration_number"]),
            ("branch number 000", ["registration_number": "0101234565-000"], [], ["/registration_number"]),
            ("letters", ["registration_number": "01A8001234"], [], ["/registration_number"]),
            ("founded too early", ["founded_year": 1800], [], ["/founded_year"]),
            ("founded in the future", ["founded_year": 2999], [], ["/founded_year"]),
            ("negative employees", ["employees": -1], [], ["/employees"]),
            ("too many employees", ["employees": 1_000_001], [], ["/employees"]),
            ("share over 100", ["local_labour_percent": 101], [], ["/local_labour_percent"]),
            ("negative share", ["local_labour_percent": -5], [], ["/local_labour_percent"]),
            ("employees as text", ["employees": "nhiều"], [], ["/employees"]),
            ("very long name", ["name": String(repeating: "Gốm ", count: 80)], [], ["/name"]),
            ("very long address", ["address": String(repeating: "a", count: 2001)], [], ["/address"]),
            ("bad email", ["email": "khong-co-a-cong"], [], ["/email"]),
            ("unknown sales channel", ["sales_channels": ["bồ câu đưa thư"]], [], ["/sales_channels"]),
            ("several at once", ["employees": -1, "founded_year": 1800], ["name", "legal_form"],
             ["/name", "/legal_form", "/founded_year", "/employees"]),
        ]
        for (label, overrides, removed, paths) in invalid {
            let reply = try await p.send("POST", "/api/v1/subjects", subject(overrides, removing: removed), as: cast.officer)
            #expect(reply.status == 422, "\(label): \(reply.summary)")
            #expect(Set(reply.errorPaths) == Set(paths), "\(label): \(reply.summary)")
        }
        #expect(try await p.count("registry_subjects") == before)

        // Length is counted in characters, not bytes: 300 three-byte letters are fine.
        let longest = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": "0103000308", "name": String(repeating: "Ợ", count: 300)]), as: cast.officer)
        #expect(longest.status == 201, "\(longest.summary)")

        // SQL is data.
        let sqlName = "Cơ sở Hòa'); DROP TABLE registry_subjects; --"
        let sqlAddress = "1' OR '1'='1"
        let sqlish = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": "0107777776", "name": sqlName, "address": sqlAddress]), as: cast.officer)
        #expect(sqlish.status == 201, "\(sqlish.summary)")
        let stored = try await p.get("/api/v1/subjects/\(sqlish.id ?? -1)", as: cast.officer)
        #expect(stored.object["name"] as? String == sqlName)
        #expect(stored.object["address"] as? String == sqlAddress)
        let found = try await p.get("/api/v1/subjects?q=\(Platform.q("'); drop table"))", as: cast.officer)
        #expect(found.names == [sqlName])
        // LIKE wildcards (and the escape character) are matched literally: only the name with a
        // real underscore ("registry_subjects") has one.
        for (wildcard, expected) in [("%", []), ("_", [sqlName]), ("!", []), ("%%", []), ("y_s", [sqlName]), ("a_b", [])] {
            let reply = try await p.get("/api/v1/subjects?q=\(Platform.q(wildcard))", as: cast.admin)
            #expect(reply.status == 200)
            #expect(reply.names == expected, "q=\(wildcard): \(reply.summary)")
        }
        #expect(try await p.count("registry_subjects") == before + 2)
    }

    // MARK: history

    static func patchKeepsHistory(_ p: Platform, _ cast: Cast) async throws {
        let created = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": "0105555552", "name": "Hộ kinh doanh Nón lá Chuông", "employees": 4,
            "representative_is_woman": true]), as: cast.officer)
        #expect(created.status == 201, "\(created.summary)")
        let id = try #require(created.id)

        let patched = try await p.send("PATCH", "/api/v1/subjects/\(id)", ["name": "Hộ kinh doanh Nón lá làng Chuông", "employees": 6],
                                       as: cast.officer)
        #expect(patched.status == 200, "\(patched.summary)")
        #expect(patched.object["version"] as? Int == 2)
        #expect(patched.object["name"] as? String == "Hộ kinh doanh Nón lá làng Chuông")
        #expect(patched.object["employees"] as? Int == 6)
        #expect(patched.object["representative_is_woman"] as? Bool == true, "absent fields are kept")

        let history = try await p.get("/api/v1/subjects/\(id)/history", as: cast.officer)
        #expect(history.status == 200, "\(history.summary)")
        #expect(history.list.count == 1)
        let first = try #require(history.list.first)
        #expect(first["version"] as? Int == 1)
        #expect(first["changed_by"] as? String == "officer.hn")
        let snapshot = first["snapshot"] as? [String: Any]
        #expect(snapshot?["name"] as? String == "Hộ kinh doanh Nón lá Chuông")
        #expect(snapshot?["employees"] as? Int == 4)

        // A refused change leaves no version behind.
        let refused = try await p.send("PATCH", "/api/v1/subjects/\(id)", ["employees": -3], as: cast.officer)
        #expect(refused.status == 422)
        #expect(refused.errorPaths == ["/employees"])
        let moved = try await p.send("PATCH", "/api/v1/subjects/\(id)", ["commune_code": "25747"], as: cast.officer)
        #expect(moved.status == 422, "a subject stays in its province: \(moved.summary)")
        #expect(moved.errorPaths == ["/commune_code"])
        #expect(try await p.get("/api/v1/subjects/\(id)", as: cast.officer).object["version"] as? Int == 2)

        // Keys that are not fields (province, stars) are refused, as the document's additionalProperties: false says.
        let refusedKey = try await p.send("PATCH", "/api/v1/subjects/\(id)", ["province_code": "79", "representative_is_woman": false],
                                          as: cast.officer)
        #expect(refusedKey.status == 422, "\(refusedKey.summary)")
        #expect(refusedKey.errorPaths == ["/province_code"])
        let ignored = try await p.send("PATCH", "/api/v1/subjects/\(id)", ["representative_is_woman": false], as: cast.officer)
        #expect(ignored.status == 200, "\(ignored.summary)")
        #expect(ignored.object["province_code"] as? String == "01")
        #expect(ignored.object["representative_is_woman"] as? Bool == false)
        let twice = try await p.get("/api/v1/subjects/\(id)/history", as: cast.officer)
        #expect(twice.list.compactMap { $0["version"] as? Int } == [2, 1], "newest first")
        #expect((twice.list.first?["snapshot"] as? [String: Any])?["name"] as? String == "Hộ kinh doanh Nón lá làng Chuông")

        // History is for the record's own area.
        #expect(try await p.get("/api/v1/subjects/\(id)/history").status == 401)
        #expect(try await p.get("/api/v1/subjects/\(id)/history", as: cast.officer79).status == 404)

        let audit = try await p.get("/api/v1/audit?entity=subject&entity_id=\(id)", as: cast.officer)
        #expect(audit.items.compactMap { $0["action"] as? String } == ["subject.update", "subject.update", "subject.create"])

        // Products keep theirs too, behind the same area rule.
        let product = try await p.send("POST", "/api/v1/products", ["subject_id": Int(id), "name": "Nón lá bài thơ", "product_set": 21],
                                       as: cast.officer)
        let productID = try #require(product.id)
        #expect(try await p.get("/api/v1/products/\(productID)/history", as: cast.officer).list.isEmpty)
        let renamed = try await p.send("PATCH", "/api/v1/products/\(productID)", ["name": "Nón lá Chuông bài thơ"], as: cast.officer)
        #expect(renamed.status == 200, "\(renamed.summary)")
        let productHistory = try await p.get("/api/v1/products/\(productID)/history", as: cast.officer)
        #expect(productHistory.list.compactMap { $0["version"] as? Int } == [1])
        #expect((productHistory.list.first?["snapshot"] as? [String: Any])?["name"] as? String == "Nón lá bài thơ")
        #expect(try await p.get("/api/v1/products/\(productID)/history", as: cast.officer79).status == 404)
        #expect(try await p.get("/api/v1/products/999999/history", as: cast.officer).status == 404)
    }

    // MARK: products

    static func productsTakeGroupAndSectorFromTheSet(_ p: Platform, _ cast: Cast) async throws {
        let owner = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": "0102345677", "name": "Công ty Gốm Bát Tràng Xanh", "legal_form": "doanh_nghiep"]), as: cast.officer)
        let other = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": "0102345684", "name": "Hộ Gốm Vạn Phúc", "commune_code": "09556"]), as: cast.officer)
        let ownerID = try #require(owner.id)
        let otherID = try #require(other.id)

        let vase = try await p.send("POST", "/api/v1/products", [
            "subject_id": ownerID, "name": "Bình gốm men lam Bát Tràng", "product_set": 21], as: cast.officer)
        #expect(vase.status == 201, "\(vase.summary)")
        #expect(vase.object["product_set"] as? Int == 21)
        #expect(vase.object["product_group"] as? String == "4.1")
        #expect(vase.object["sector"] as? Int == 4)
        #expect(vase.object["commune_code"] as? String == "00577", "origin defaults to the subject's commune")
        #expect(vase.object["status"] as? String == "active")
        #expect(vase.object["subject_name"] as? String == "Công ty Gốm Bát Tràng Xanh")
        #expect(vase.object["stars"] == nil)

        // The set decides group and sector (sending them is refused); it may be given by name.
        let derived = try await p.send("POST", "/api/v1/products", [
            "subject_id": ownerID, "name": "Chè búp Bát Tràng", "product_set": "Chè tươi, chè chế biến",
            "product_group": "4.1", "sector": 4], as: cast.officer)
        #expect(derived.status == 422, "\(derived.summary)")
        #expect(derived.errorPaths == ["/product_group", "/sector"])
        let tea = try await p.send("POST", "/api/v1/products", [
            "subject_id": ownerID, "name": "Chè búp Bát Tràng", "product_set": "Chè tươi, chè chế biến"], as: cast.officer)
        #expect(tea.status == 201, "\(tea.summary)")
        #expect(tea.object["product_set"] as? Int == 11)
        #expect(tea.object["product_group"] as? String == "1.5")
        #expect(tea.object["sector"] as? Int == 1)

        let before = try await p.count("registry_products")
        let wrong: [(String, [String: Any], [String])] = [
            ("set 27", ["product_set": 27], ["/product_set"]),
            ("set 0", ["product_set": 0], ["/product_set"]),
            ("unknown set name", ["product_set": "Xe máy"], ["/product_set"]),
            ("no set", ["product_set": NSNull()], ["/product_set"]),
            ("origin in another province", ["product_set": 21, "commune_code": "25747"], ["/commune_code"]),
            ("no subject", ["product_set": 21, "subject_id": NSNull()], ["/subject_id"]),
            ("unknown status", ["product_set": 21, "status": "hidden"], ["/status"]),
            ("very long name", ["product_set": 21, "name": String(repeating: "x", count: 301)], ["/name"]),
        ]
        for (label, overrides, paths) in wrong {
            var body: [String: Any] = ["subject_id": ownerID, "name": "Sản phẩm \(label)"]
            for (key, value) in overrides { body[key] = value is NSNull ? nil : value }
            let reply = try await p.send("POST", "/api/v1/products", body, as: cast.officer)
            #expect(reply.status == 422, "\(label): \(reply.summary)")
            #expect(reply.errorPaths == paths, "\(label): \(reply.summary)")
        }
        #expect(try await p.count("registry_products") == before)

        // Names are unique per subject, ignoring case (and NFC/NFD); another subject may reuse one.
        for name in ["Bình gốm men lam Bát Tràng", "BÌNH GỐM MEN LAM BÁT TRÀNG", "bình gốm men lam bát tràng".decomposedStringWithCanonicalMapping] {
            let duplicate = try await p.send("POST", "/api/v1/products", ["subject_id": ownerID, "name": name, "product_set": 21],
                                             as: cast.officer)
            #expect(duplicate.status == 409, "\(name): \(duplicate.summary)")
            #expect(duplicate.errorPaths == ["/name"])
        }
        // Bát Tràng (00583) was divided in 2025: a product, which has no address, names its current commune.
        let unplaced = try await p.send("POST", "/api/v1/products", [
            "subject_id": otherID, "name": "Bình gốm men lam Bát Tràng", "product_set": 21, "legacy_commune_code": "00583"],
                                        as: cast.officer)
        #expect(unplaced.status == 422 && unplaced.errorPaths == ["/legacy_commune_code"], "\(unplaced.summary)")
        let reused = try await p.send("POST", "/api/v1/products", [
            "subject_id": otherID, "name": "Bình gốm men lam Bát Tràng", "product_set": 21, "commune_code": "00577",
            "legacy_commune_code": "00583"], as: cast.officer)
        #expect(reused.status == 201, "\(reused.summary)")
        #expect(reused.object["commune_code"] as? String == "00577")
        #expect(reused.object["legacy_commune_code"] as? String == "00583")
        #expect(try await p.count("registry_products") == before + 1)

        // Changing the set moves group and sector with it.
        let changed = try await p.send("PATCH", "/api/v1/products/\(tea.id ?? -1)", ["product_set": 13], as: cast.officer)
        #expect(changed.status == 200, "\(changed.summary)")
        #expect(changed.object["product_group"] as? String == "1.6")
        #expect(changed.object["sector"] as? Int == 1)
        #expect(changed.object["version"] as? Int == 2)
        let wrongSet = try await p.send("PATCH", "/api/v1/products/\(tea.id ?? -1)", ["product_set": 99], as: cast.officer)
        #expect(wrongSet.status == 422)
        #expect(wrongSet.errorPaths == ["/product_set"])
        let renamed = try await p.send("PATCH", "/api/v1/products/\(tea.id ?? -1)", ["name": "bình GỐM men lam Bát Tràng"],
                                       as: cast.officer)
        #expect(renamed.status == 409, "renaming onto a sibling's name: \(renamed.summary)")
        let moved = try await p.send("PATCH", "/api/v1/products/\(tea.id ?? -1)", ["subject_id": otherID], as: cast.officer)
        #expect(moved.status == 422)
        #expect(moved.errorPaths == ["/subject_id"])
    }

    /// A commune officer registers and edits products of their commune only: a product whose
    /// origin is another commune would leave their area (they could not even read it back).
    static func communeOfficersWriteOnlyInTheirCommune(_ p: Platform, _ cast: Cast) async throws {
        let owner = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": "0104444440", "name": "Hộ làm gốm Minh Châu"]), as: cast.communeOfficer)
        #expect(owner.status == 201, "\(owner.summary)")
        let ownerID = try #require(owner.id)
        let elsewhere = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": "0104444458", "commune_code": "00565"]), as: cast.communeOfficer)
        #expect(elsewhere.status == 403, "\(elsewhere.summary)")

        let before = try await p.count("registry_products")
        let outside = try await p.send("POST", "/api/v1/products", [
            "subject_id": ownerID, "name": "Ấm trà Gia Lâm", "product_set": 21, "commune_code": "00565", "status": "draft"],
                                       as: cast.communeOfficer)
        #expect(outside.status == 403, "\(outside.summary)")
        #expect(try await p.count("registry_products") == before)

        let inside = try await p.send("POST", "/api/v1/products", [
            "subject_id": ownerID, "name": "Ấm trà men rạn", "product_set": 21, "status": "draft"], as: cast.communeOfficer)
        #expect(inside.status == 201, "\(inside.summary)")
        let id = try #require(inside.id)
        let move = try await p.send("PATCH", "/api/v1/products/\(id)", ["commune_code": "00565"], as: cast.communeOfficer)
        #expect(move.status == 403, "\(move.summary)")
        let after = try await p.get("/api/v1/products/\(id)", as: cast.communeOfficer)
        #expect(after.object["commune_code"] as? String == "00577")
        #expect(after.object["version"] as? Int == 1)
        // The province officer may move it within the province.
        let officerMove = try await p.send("PATCH", "/api/v1/products/\(id)", ["commune_code": "00565"], as: cast.officer)
        #expect(officerMove.status == 200, "\(officerMove.summary)")
        #expect(try await p.get("/api/v1/products/\(id)", as: cast.communeOfficer).status == 404, "a draft outside their commune")
    }

    // MARK: search

    /// Đà Nẵng (48) holds the search data, so the other checks' records never interfere.
    static func searchFiltersAndPages(_ p: Platform, _ cast: Cast) async throws {
        let dong = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": "4800000006", "name": "Hợp tác xã Đồng Xanh", "legal_form": "hop_tac_xa", "commune_code": "20194"]),
                                    as: cast.admin)
        let dua = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": "4800000013", "name": "Công ty Dừa Vàng", "legal_form": "doanh_nghiep", "commune_code": "20197"]),
                                   as: cast.admin)
        let dongID = try #require(dong.id)
        let duaID = try #require(dua.id)
        let products: [(Int64, String, Int, String)] = [
            (dongID, "Bánh", 6, "active"), (dongID, "Cà phê", 13, "active"), (dongID, "Chè", 11, "active"),
            (dongID, "Đậu", 7, "active"), (dongID, "Gốm sứ Bát Tràng", 21, "active"),
            (duaID, "Bạc", 21, "active"), (duaID, "Dưa", 7, "active"), (duaID, "Chè", 11, "active"),
            (duaID, "Ấm Bát Tràng", 21, "draft"),
        ]
        var ids: [String: Int64] = [:]
        for (subject, name, set, status) in products {
            let reply = try await p.send("POST", "/api/v1/products", ["subject_id": subject, "name": name, "product_set": set,
                                                                      "status": status], as: cast.admin)
            #expect(reply.status == 201, "\(name): \(reply.summary)")
            ids[name + String(subject)] = reply.id
        }

        // Vietnamese alphabetical order: ạ after á only once the letters tie, Cà before Ch, D before Đ.
        let all = try await p.get("/api/v1/products?province=48&limit=500")
        #expect(all.names == ["Bạc", "Bánh", "Cà phê", "Chè", "Chè", "Dưa", "Đậu", "Gốm sứ Bát Tràng"], "\(all.summary)")
        #expect(all.total == 8, "drafts are not published")
        let teaIDs = all.items.filter { $0["name"] as? String == "Chè" }.compactMap { $0["id"] as? Int }
        #expect(teaIDs == teaIDs.sorted(), "ties are broken by id")
        let descending = try await p.get("/api/v1/products?province=48&limit=500&sort=-name")
        #expect(descending.ids == all.ids.reversed())
        let everything = try await p.get("/api/v1/products?province=48&limit=500", as: cast.admin)
        #expect(everything.names.first == "Ấm Bát Tràng", "â sorts after a and before b; admins see drafts")

        // Pages are stable and do not overlap.
        for limit in 1...4 {
            var paged: [Int64] = []
            var offset = 0
            while offset < 20 {
                let page = try await p.get("/api/v1/products?province=48&limit=\(limit)&offset=\(offset)")
                #expect(page.status == 200)
                #expect(page.total == 8)
                #expect(page.object["limit"] as? Int == limit)
                #expect(page.object["offset"] as? Int == offset)
                if page.items.isEmpty { break }
                #expect(page.items.count <= limit)
                paged += page.ids
                offset += limit
            }
            #expect(paged == all.ids, "limit \(limit)")
            #expect(Set(paged).count == paged.count)
        }
        let subjects = try await p.get("/api/v1/subjects?province=48")
        #expect(subjects.names == ["Công ty Dừa Vàng", "Hợp tác xã Đồng Xanh"])

        // Folded search: no diacritics, any case, NFC or NFD.
        for query in ["bat trang", "BAT TRANG", "Bát Tràng", "Bát Tràng".decomposedStringWithCanonicalMapping, "bÁt  tRàNg"] {
            let reply = try await p.get("/api/v1/products?province=48&q=\(Platform.q(query))")
            #expect(reply.names == ["Gốm sứ Bát Tràng"], "q=\(query): \(reply.summary)")
        }
        let withDraft = try await p.get("/api/v1/products?province=48&q=bat%20trang", as: cast.admin)
        #expect(withDraft.names == ["Ấm Bát Tràng", "Gốm sứ Bát Tràng"])
        #expect(try await p.get("/api/v1/subjects?q=DUA%20VANG").names == ["Công ty Dừa Vàng"])
        #expect(try await p.get("/api/v1/subjects?q=4800000006").names == ["Hợp tác xã Đồng Xanh"], "by registration number")

        let filters: [(String, [String])] = [
            ("commune=20197", ["Bạc", "Chè", "Dưa"]),
            ("sector=4", ["Bạc", "Gốm sứ Bát Tràng"]),
            ("product_group=1.5", ["Chè", "Chè"]),
            ("product_group=1.3", ["Bánh", "Dưa", "Đậu"]),
            ("product_set=13", ["Cà phê"]),
            ("legal_form=doanh_nghiep", ["Bạc", "Chè", "Dưa"]),
            ("legal_form=\(Platform.q("Hợp tác xã"))", ["Bánh", "Cà phê", "Chè", "Đậu", "Gốm sứ Bát Tràng"]),
            ("status=active&subject_id=\(duaID)", ["Bạc", "Chè", "Dưa"]),
            ("status=draft", []),
            ("sector=1&commune=20194", ["Bánh", "Cà phê", "Chè", "Đậu"]),
        ]
        for (query, expected) in filters {
            let reply = try await p.get("/api/v1/products?province=48&\(query)")
            #expect(reply.status == 200)
            #expect(reply.names == expected, "\(query): \(reply.summary)")
            #expect(reply.total == expected.count)
        }
        #expect(try await p.get("/api/v1/products?province=48&status=draft", as: cast.admin).names == ["Ấm Bát Tràng"])
        #expect(try await p.get("/api/v1/products?province=01&q=gom%20su%20bat%20trang").total == 0, "province filter")
        #expect(try await p.get("/api/v1/subjects?province=48&commune=20194").names == ["Hợp tác xã Đồng Xanh"])
        #expect(try await p.get("/api/v1/subjects?province=48&legal_form=doanh_nghiep").names == ["Công ty Dừa Vàng"])

        let bad: [(String, String)] = [
            ("/api/v1/products?province=99", "/province"), ("/api/v1/products?province=02", "/province"),
            ("/api/v1/products?commune=123", "/commune"), ("/api/v1/products?commune=99999", "/commune"),
            ("/api/v1/products?sector=7", "/sector"), ("/api/v1/products?sector=food", "/sector"),
            ("/api/v1/products?product_group=7.1", "/product_group"), ("/api/v1/products?product_set=27", "/product_set"),
            ("/api/v1/products?product_set=x", "/product_set"), ("/api/v1/products?legal_form=tap_doan", "/legal_form"),
            ("/api/v1/products?stars=6", "/stars"), ("/api/v1/products?stars=4,x", "/stars"), ("/api/v1/products?stars=0", "/stars"),
            ("/api/v1/products?status=deleted", "/status"), ("/api/v1/products?subject_id=abc", "/subject_id"),
            ("/api/v1/products?limit=0", "/limit"), ("/api/v1/products?limit=501", "/limit"), ("/api/v1/products?limit=ten", "/limit"),
            ("/api/v1/products?offset=-1", "/offset"), ("/api/v1/products?sort=stars", "/sort"),
            ("/api/v1/subjects?sales_channel=\(Platform.q("bồ câu"))", "/sales_channel"), ("/api/v1/subjects?legal_form=xyz", "/legal_form"),
            ("/api/v1/subjects?province=99", "/province"), ("/api/v1/subjects?commune=abc", "/commune"),
            ("/api/v1/subjects?limit=-2", "/limit"), ("/api/v1/subjects?sort=-id", "/sort"),
        ]
        for (path, parameter) in bad {
            let reply = try await p.get(path)
            #expect(reply.status == 422, "\(path): \(reply.summary)")
            #expect(reply.errorPaths == [parameter], "\(path): \(reply.summary)")
        }
    }

    // MARK: stars

    static func starsComeOnlyFromTheLedger(_ p: Platform, _ cast: Cast) async throws {
        let recorder = try #require(p.registry.directory.resolve((any CertificationRecorder).self))
        let coffee = try #require(try await p.get("/api/v1/products?province=48&product_set=13").items.first)
        let coffeeID = try #require((coffee["id"] as? Int).map(Int64.init))
        #expect(coffee["stars"] == nil)

        // No API sets stars: the key is not a field, so it is refused (422), and nothing is written.
        let sneaky = try await p.send("PATCH", "/api/v1/products/\(coffeeID)", ["stars": 5, "current_stars": 5, "description": "Robusta rang mộc"],
                                      as: cast.admin)
        #expect(sneaky.status == 422, "\(sneaky.summary)")
        #expect(sneaky.errorPaths == ["/current_stars", "/stars"])
        #expect(try await p.get("/api/v1/products/\(coffeeID)").object["description"] as? String != "Robusta rang mộc")
        #expect(try await p.get("/api/v1/products?province=48&stars=5").total == 0)
        let refusedBirth = try await p.send("POST", "/api/v1/products", ["subject_id": coffee["subject_id"] as? Int ?? -1, "name": "Ca cao",
                                                                         "product_set": 13, "stars": 5], as: cast.admin)
        #expect(refusedBirth.status == 422, "\(refusedBirth.summary)")
        let born = try await p.send("POST", "/api/v1/products", ["subject_id": coffee["subject_id"] as? Int ?? -1, "name": "Ca cao",
                                                                 "product_set": 13], as: cast.admin)
        #expect(born.status == 201, "\(born.summary)")
        #expect(born.object["stars"] == nil)
        let column = try await p.database.sql.select().column("current_stars").from("registry_products")
            .where("id", .equal, born.id ?? -1).first()
        #expect(try column?.decode(column: "current_stars", as: Int?.self) == nil)

        try await recorder.record(CertificationRecord(
            productID: coffeeID, stars: 4, certificateNumber: "1234/QĐ-UBND", decidedOn: Day.offset(years: -1),
            validUntil: Day.offset(years: 2), source: "test.rating"), outbox: Outbox(), on: p.database.sql)
        let certified = try await p.get("/api/v1/products/\(coffeeID)")
        #expect(certified.object["stars"] as? Int == 4, "\(certified.summary)")
        let certificate = certified.object["certificate"] as? [String: Any]
        #expect(certificate?["stars"] as? Int == 4)
        #expect(certificate?["certificate_number"] as? String == "1234/QĐ-UBND")
        #expect(certificate?["valid_until"] as? String == Day.offset(years: 2))
        #expect(certificate?["source"] as? String == "test.rating")
        #expect(try await p.get("/api/v1/products?province=48&stars=4").names == ["Cà phê"])
        #expect(try await p.get("/api/v1/products?province=48&stars=3,4").names == ["Cà phê"])
        #expect(try await p.get("/api/v1/products?province=48&stars=3,5").total == 0)

        let again = try await p.send("PATCH", "/api/v1/products/\(coffeeID)", ["stars": 1], as: cast.admin)
        #expect(again.status == 422, "\(again.summary)")
        #expect(try await p.get("/api/v1/products/\(coffeeID)").object["stars"] as? Int == 4, "stars survive a PATCH that names them")

        // An expired certificate is history: it is shown, but gives no stars.
        let melon = try #require(try await p.get("/api/v1/products?province=48&q=dua").ids.first)
        try await recorder.record(CertificationRecord(
            productID: melon, stars: 3, certificateNumber: "77/QĐ-UBND", decidedOn: Day.offset(days: -1, years: -3),
            validUntil: Day.offset(days: -1), source: "import"), outbox: Outbox(), on: p.database.sql)
        let expired = try await p.get("/api/v1/products/\(melon)")
        #expect(expired.status == 200)
        #expect(expired.object["stars"] == nil, "\(expired.summary)")
        #expect((expired.object["certificate"] as? [String: Any])?["stars"] as? Int == 3)
        #expect(try await p.get("/api/v1/products?province=48&stars=3").total == 0)

        // A later decision replaces the earlier one.
        try await recorder.record(CertificationRecord(
            productID: coffeeID, stars: 5, certificateNumber: "99/QĐ-BNN", decidedOn: Day.offset(),
            validUntil: Day.offset(years: 3), source: "test.rating"), outbox: Outbox(), on: p.database.sql)
        #expect(try await p.get("/api/v1/products/\(coffeeID)").object["stars"] as? Int == 5)
        #expect(try await p.get("/api/v1/products?province=48&stars=4").total == 0)
        #expect(try await p.get("/api/v1/products?province=48&stars=5").names == ["Cà phê"])
    }
}

extension RegistryAPIChecks {
    /// A producer account names its subject; the registry says where the subject is. A province
    /// officer naming another province's subject learns nothing: not where it is, not even that
    /// it exists (the reply is the one an unknown ID gets).
    static func producerAccountsDoNotRevealOtherProvinces(_ p: Platform, _ cast: Cast) async throws {
        let own = try await p.send("POST", "/api/v1/subjects", subject(["registration_number": "0106666664"]), as: cast.officer)
        let foreign = try await p.send("POST", "/api/v1/subjects", subject([
            "registration_number": "7906666666", "commune_code": "25750"]), as: cast.officer79)
        let ownID = try #require(own.id)
        let foreignID = try #require(foreign.id)
        func producer(_ username: String, _ subject: Int64, _ extra: [String: Any] = [:], as headers: [String: String]) async throws -> Reply {
            var body: [String: Any] = ["username": username, "password": Platform.password, "role": "producer", "subject_id": subject]
            for (key, value) in extra { body[key] = value }
            return try await p.send("POST", "/api/v1/users", body, as: headers)
        }

        let mine = try await producer("producer.own", ownID, as: cast.officer)
        #expect(mine.status == 201, "\(mine.summary)")
        #expect(mine.object["province_code"] as? String == "01")
        #expect(mine.object["commune_code"] as? String == "00577", "the area comes from the registry")

        let users = try await p.count("accounts_users")
        let unknown = try await producer("producer.x", 999_999, as: cast.officer)
        for extra in [[:], ["province_code": "01", "commune_code": "00577"]] as [[String: Any]] {
            let probe = try await producer("producer.x", foreignID, extra, as: cast.officer)
            #expect(probe.status == 422, "\(probe.summary)")
            #expect(probe.errorPaths == ["/subject_id"])
            #expect(!probe.text.contains("79") && !probe.text.contains("25750"), "\(probe.summary)")
            #expect(probe.text.replacingOccurrences(of: String(foreignID), with: "N")
                    == unknown.text.replacingOccurrences(of: "999999", with: "N"), "indistinguishable from an unknown subject")
        }
        #expect(try await p.count("accounts_users") == users)

        // A national admin may; the area is the subject's.
        let byAdmin = try await producer("producer.hcm", foreignID, as: cast.admin)
        #expect(byAdmin.status == 201, "\(byAdmin.summary)")
        #expect(byAdmin.object["province_code"] as? String == "79")
        #expect(byAdmin.object["commune_code"] as? String == "25750")
    }
}

extension RegistryAPIChecks {
    /// Sort keys are compared byte by byte; a database whose default collation is a language's
    /// must not reorder them (it would ignore their case, which carries the letter weights).
    static func vietnameseOrderWhateverTheDatabaseCollation(_ p: Platform) async throws {
        try await p.user("admin", .nationalAdmin)
        let admin = try await p.signIn("admin")
        let owner = try await p.send("POST", "/api/v1/subjects", subject(["commune_code": "20194"]), as: admin)
        let ownerID = try #require(owner.id)
        let names = ["Xôi", "Đậu", "Phở", "Dưa", "Chè", "Ốc", "Cà phê", "Bạc", "Nem", "Bánh", "bánh ít", "Ăn liền", "An Phú", "Ấm"]
        for name in names {
            let reply = try await p.send("POST", "/api/v1/products", ["subject_id": ownerID, "name": name, "product_set": 6], as: admin)
            #expect(reply.status == 201, "\(reply.summary)")
        }
        let expected = ["An Phú", "Ăn liền", "Ấm", "Bạc", "Bánh", "bánh ít", "Cà phê", "Chè", "Dưa", "Đậu", "Nem", "Ốc", "Phở", "Xôi"]
        #expect(try await p.get("/api/v1/products?province=48").names == expected)
        var paged: [String] = []
        for offset in stride(from: 0, to: names.count, by: 3) {
            paged += try await p.get("/api/v1/products?province=48&limit=3&offset=\(offset)").names
        }
        #expect(paged == expected)
        #expect(try await p.get("/api/v1/products?province=48&sort=-name").names == expected.reversed())
    }
}

@Suite struct RegistryAPISQLiteTests {
    @Test func registryAPI() async throws { try await Platform.with(.sqlite, RegistryAPIChecks.all) }

    @Test func vietnameseOrder() async throws { try await Platform.with(.sqlite, RegistryAPIChecks.vietnameseOrderWhateverTheDatabaseCollation) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct RegistryAPIPostgreSQLTests {
    @Test func registryAPI() async throws { try await Platform.with(.postgresql, RegistryAPIChecks.all) }

    @Test func vietnameseOrderUnderALanguageCollation() async throws {
        try await Platform.withLanguageCollation(RegistryAPIChecks.vietnameseOrderWhateverTheDatabaseCollation)
    }
}
