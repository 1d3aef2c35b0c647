import Foundation
import Logging
import OCOPAccounts
import OCOPPluginKit
@testable import OCOPRegistry
import OCOPServer
import OCOPStorage
import OCOPTestSupport
import SQLKit
import Testing

/// Issue 17 ("Hardening"): hostile and careless input over the real API, on both engines.
enum HardeningChecks {
    struct Cast: Sendable {
        var admin: [String: String]
        var officer: [String: String]
    }

    static func cast(_ p: Platform) async throws -> Cast {
        try await p.user("admin", .nationalAdmin)
        try await p.user("officer.hn", .provinceOfficer, province: "01")
        return Cast(admin: try await p.signIn("admin"), officer: try await p.signIn("officer.hn"))
    }

    static func subject(_ registration: String, _ name: String, commune: String = "00577") -> [String: Any] {
        ["registration_number": registration, "name": name, "legal_form": "ho_kinh_doanh", "commune_code": commune]
    }

    static func textRules(_ p: Platform) async throws {
        let cast = try await cast(p)
        let owner = try await p.send("POST", "/api/v1/subjects", subject("0107000027", "Hộ làm chiếu cói La Khê"), as: cast.officer)
        #expect(owner.status == 201, "\(owner.summary)")
        let ownerID = try #require(owner.id)
        let first = try await p.send("POST", "/api/v1/products", ["subject_id": ownerID, "name": "Chiếu cói La Khê", "product_set": 21],
                                     as: cast.officer)
        #expect(first.status == 201, "\(first.summary)")

        // Finding 2: a NUL used to truncate the stored name next to an existing product of that name.
        let nul = try await p.send("POST", "/api/v1/products", ["subject_id": ownerID, "name": "Chiếu cói La Khê\u{0000} bản 2", "product_set": 21],
                                   as: cast.officer)
        #expect(nul.status == 422, "\(nul.summary)")
        #expect(nul.errorPaths == ["/name"], "\(nul.summary)")
        #expect(nul.text.contains("U+0000"))
        for control in ["\u{0007}", "\u{001B}[31m", "\u{0085}", "\n", "\u{007F}"] {
            let reply = try await p.send("POST", "/api/v1/subjects", subject("0107000002", "Hộ\(control) Mây tre"), as: cast.officer)
            #expect(reply.status == 422, "\(control.unicodeScalars.map(\.value)): \(reply.summary)")
            #expect(reply.errorPaths == ["/name"])
        }
        let badAddress = try await p.send("POST", "/api/v1/subjects", subject("0107000002", "Hộ Mây tre").merging(["address": "Thôn\u{0}1"]) { $1 },
                                          as: cast.officer)
        #expect(badAddress.errorPaths == ["/address"], "\(badAddress.summary)")
        // Descriptions may have line breaks, never other controls.
        let lines = try await p.send("POST", "/api/v1/products", [
            "subject_id": ownerID, "name": "Chiếu cói in hoa", "product_set": 21, "description": "Dòng 1\r\nDòng 2\tcột"], as: cast.officer)
        #expect(lines.status == 201, "\(lines.summary)")
        #expect(lines.object["description"] as? String == "Dòng 1\r\nDòng 2\tcột")
        let nulDescription = try await p.send("POST", "/api/v1/products", [
            "subject_id": ownerID, "name": "Chiếu cói đôi", "product_set": 21, "description": "a\u{0}b"], as: cast.officer)
        #expect(nulDescription.errorPaths == ["/description"], "\(nulDescription.summary)")

        // Finding 12: invisible characters do not make a different name.
        for invisible in ["\u{200B}", "\u{FEFF}", "\u{00AD}", "\u{2060}"] {
            let twin = try await p.send("POST", "/api/v1/products", [
                "subject_id": ownerID, "name": "Chiếu cói La\(invisible) Khê", "product_set": 21], as: cast.officer)
            #expect(twin.status == 409, "\(invisible.unicodeScalars.map(\.value)): \(twin.summary)")
        }
        let rtl = try await p.send("POST", "/api/v1/products", [
            "subject_id": ownerID, "name": "Chiếu \u{202E}cói", "product_set": 21], as: cast.officer)
        #expect(rtl.status == 422, "\(rtl.summary)")
        let stripped = try await p.send("POST", "/api/v1/subjects", subject("0107000034", "\u{FEFF}Hộ Đan\u{200B}lát"), as: cast.officer)
        #expect(stripped.status == 201, "\(stripped.summary)")
        #expect(stripped.object["name"] as? String == "Hộ Đanlát")

        // A NUL in a spreadsheet is reported by line and column; nothing is written.
        let before = try await p.count("registry_subjects")
        let csv = "Mã số thuế,Tên chủ thể,Loại hình,Mã xã\n0107000059,Hộ Gốm\u{0} Kim Lan,Hộ kinh doanh,00577\n"
        let imported = try await ImportChecks.post(p, "subjects", csv, as: cast.officer)
        #expect(imported.status == 422, "\(imported.summary)")
        #expect(imported.errorPaths.contains("/line/2/name"), "\(imported.summary)")
        #expect(try await p.count("registry_subjects") == before)
        // The only "Chiếu cói La Khê" is the first one, and it can still be changed.
        #expect(try await p.count("registry_products", "name = 'Chiếu cói La Khê'") == 1)
        let patch = try await p.send("PATCH", "/api/v1/products/\(try #require(first.id))", ["packaging": "Cuộn 2 m"], as: cast.officer)
        #expect(patch.status == 200, "\(patch.summary)")
    }

    /// Finding 4: a very long `q` was an anonymous 500 ("LIKE or GLOB pattern too complex").
    static func longSearches(_ p: Platform) async throws {
        let cast = try await cast(p)
        let long = String(repeating: "bat trang ", count: 5_000)  // 50,000 characters, a 70 KB URL
        for path in ["/api/v1/products", "/api/v1/subjects", "/api/v1/exports/products", "/api/v1/exports/subjects", "/api/v1/users"] {
            let reply = try await p.get("\(path)?q=\(Platform.q(long))", as: cast.admin)
            #expect(reply.status == 422, "\(path): \(reply.summary)")
            #expect(reply.errorPaths == ["/q"], "\(path)")
            let anonymous = try await p.get("\(path)?q=\(Platform.q(long))")
            #expect((400..<500).contains(anonymous.status), "\(path): \(anonymous.summary)")
        }
        #expect(try await p.get("/api/v1/products?q=\(Platform.q(String(repeating: "a", count: 200)))").status == 200)
        // Finding 12: a province filter on /users is checked like everywhere else.
        let province = try await p.get("/api/v1/users?province=abc", as: cast.admin)
        #expect(province.status == 422, "\(province.summary)")
        #expect(province.errorPaths == ["/province"])
    }

    /// Finding 9: a producer could move its subject and products to another commune.
    static func producersStayInTheirCommune(_ p: Platform) async throws {
        let cast = try await cast(p)
        let owner = try await p.send("POST", "/api/v1/subjects", subject("0107000066", "Hộ làm gốm Giang Cao"), as: cast.officer)
        let ownerID = try #require(owner.id)
        let product = try await p.send("POST", "/api/v1/products", ["subject_id": ownerID, "name": "Bát gốm Giang Cao", "product_set": 21],
                                       as: cast.officer)
        let productID = try #require(product.id)
        try await p.user("producer.giangcao", .producer, subject: ownerID)
        let producer = try await p.signIn("producer.giangcao")

        let moveSubject = try await p.send("PATCH", "/api/v1/subjects/\(ownerID)", ["commune_code": "00565"], as: producer)
        #expect(moveSubject.status == 403, "\(moveSubject.summary)")
        let moveProduct = try await p.send("PATCH", "/api/v1/products/\(productID)", ["commune_code": "00565"], as: producer)
        #expect(moveProduct.status == 403, "\(moveProduct.summary)")
        let elsewhere = try await p.send("POST", "/api/v1/products", [
            "subject_id": ownerID, "name": "Đĩa gốm", "product_set": 21, "commune_code": "00565"], as: producer)
        #expect(elsewhere.status == 403, "\(elsewhere.summary)")
        #expect(try await p.get("/api/v1/subjects/\(ownerID)", as: producer).object["commune_code"] as? String == "00577")
        #expect(try await p.get("/api/v1/products/\(productID)", as: producer).object["commune_code"] as? String == "00577")
        // Their own changes in place still work.
        let rename = try await p.send("PATCH", "/api/v1/products/\(productID)", ["description": "Men rạn cổ"], as: producer)
        #expect(rename.status == 200, "\(rename.summary)")
        let sameCommune = try await p.send("PATCH", "/api/v1/subjects/\(ownerID)", ["commune_code": "00577", "address": "Xóm 2"], as: producer)
        #expect(sameCommune.status == 200, "\(sameCommune.summary)")
    }

    /// Finding 10: the formula guard's `'` came back as data when an export was imported.
    static func exportImportRoundTrips(_ p: Platform) async throws {
        let cast = try await cast(p)
        let owner = try await p.send("POST", "/api/v1/subjects", subject("0107000073", "=Hộ Trà \"Sen\", Tây Hồ").merging([
            "address": "@Thôn 3", "value_chain": "-Liên kết 10 hộ\nvà 2 HTX", "phone": "+84 912 345 678"]) { $1 }, as: cast.officer)
        #expect(owner.status == 201, "\(owner.summary)")
        let ownerID = try #require(owner.id)
        let values = ["=1+2", "-Trà sen", "'=đã có dấu nháy", "''+hai dấu nháy", "'bình thường", "-5", "@home"]
        for (index, value) in values.enumerated() {
            let reply = try await p.send("POST", "/api/v1/products", [
                "subject_id": ownerID, "name": "Trà \(index) \(value)", "product_set": 4, "description": value, "packaging": value],
                as: cast.officer)
            #expect(reply.status == 201, "\(reply.summary)")
        }
        let subjectsBefore = try await p.get("/api/v1/subjects?province=01", as: cast.officer)
        let productsBefore = try await p.get("/api/v1/products?province=01&limit=500", as: cast.officer)

        for kind in ["subjects", "products"] {
            let export = try await p.get("/api/v1/exports/\(kind)?province=01", as: cast.officer)
            #expect(export.status == 200, "\(export.summary)")
            #expect(export.text.contains("'=1+2") || kind == "subjects", "the guard is still written")
            let again = try await p.client.send("POST", "/api/v1/imports/\(kind)", body: export.body,
                                                headers: cast.officer.merging(["Content-Type": "text/csv"]) { $1 })
            #expect(again.status == 200, "\(kind): \(again.summary)")
            #expect(again.object["created"] as? Int == 0, "\(kind): \(again.summary)")
            #expect(again.object["updated"] as? Int == 0, "\(kind): \(again.summary)")
        }
        let subjectsAfter = try await p.get("/api/v1/subjects?province=01", as: cast.officer)
        let productsAfter = try await p.get("/api/v1/products?province=01&limit=500", as: cast.officer)
        #expect(subjectsAfter.text == subjectsBefore.text)
        #expect(productsAfter.text == productsBefore.text)
        let descriptions = Set(productsAfter.items.compactMap { $0["description"] as? String })
        #expect(descriptions == Set(values))
    }

    static func png(_ seed: Int) -> Data {
        Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data("IHDR-hardening-\(seed)".utf8)
            + Data([0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    }

    static func upload(_ p: Platform, _ product: Int64, _ body: Data, type: String = "image/png", as headers: [String: String]) async throws -> Reply {
        try await p.client.send("POST", "/api/v1/products/\(product)/photos", body: body,
                                headers: headers.merging(["Content-Type": type]) { $1 })
    }

    /// Finding 8: cache headers, sniffing, and the per-product limit under concurrent uploads.
    static func photos(_ p: Platform) async throws {
        let cast = try await cast(p)
        let owner = try await p.send("POST", "/api/v1/subjects", subject("0107000080", "Hộ làm nón Chuông"), as: cast.officer)
        let ownerID = try #require(owner.id)
        let draft = try #require(try await p.send("POST", "/api/v1/products", [
            "subject_id": ownerID, "name": "Nón lá Chuông", "product_set": 21, "status": "draft"], as: cast.officer).id)
        let active = try #require(try await p.send("POST", "/api/v1/products", [
            "subject_id": ownerID, "name": "Nón bài thơ", "product_set": 21], as: cast.officer).id)

        let hidden = try await upload(p, draft, png(1), as: cast.officer)
        #expect(hidden.status == 201, "\(hidden.summary)")
        let hiddenPhoto = try await p.get("/api/v1/products/\(draft)/photos/\(try #require(hidden.id))", as: cast.officer)
        #expect(hiddenPhoto.status == 200)
        #expect(hiddenPhoto.headers["cache-control"] == "private, no-store", "\(hiddenPhoto.headers)")
        #expect(hiddenPhoto.headers["vary"]?.contains("Authorization") == true)
        #expect(hiddenPhoto.headers["x-content-type-options"] == "nosniff")
        let shown = try await upload(p, active, png(2), as: cast.officer)
        let shownPhoto = try await p.get("/api/v1/products/\(active)/photos/\(try #require(shown.id))")
        #expect(shownPhoto.headers["cache-control"] == "public, max-age=86400")
        #expect(shownPhoto.headers["x-content-type-options"] == "nosniff")

        // JPEG's first bytes followed by HTML is not a JPEG.
        let html = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data("<html><script>alert(1)</script></html>".utf8)
        let disguised = try await upload(p, active, html, type: "image/jpeg", as: cast.officer)
        #expect(disguised.status == 415, "\(disguised.summary)")
        let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + Data("JFIF-body".utf8) + Data([0xFF, 0xD9])
        #expect(try await upload(p, active, jpeg, type: "image/jpeg", as: cast.officer).status == 201)

        // 40 different photos at once against a limit of 12 (two are stored already).
        let racing = try #require(try await p.send("POST", "/api/v1/products", [
            "subject_id": ownerID, "name": "Nón quai thao", "product_set": 21], as: cast.officer).id)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<40 { group.addTask { try await upload(p, racing, png(100 + n), as: cast.officer).status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 201 }.count == 12, "\(statuses)")
        #expect(statuses.allSatisfy { $0 == 201 || $0 == 409 }, "\(statuses)")
        #expect(try await p.count("registry_product_photos", "product_id = \(racing)") == 12)

        // The same image ten times at once is stored once; deleting it leaves nothing behind.
        let twice = try #require(try await p.send("POST", "/api/v1/products", [
            "subject_id": ownerID, "name": "Nón ba tầm", "product_set": 21], as: cast.officer).id)
        let ids = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for _ in 0..<10 { group.addTask { try await upload(p, twice, png(999), as: cast.officer).id } }
            return try await group.reduce(into: Set<Int64?>()) { $0.insert($1) }
        }
        #expect(ids.count == 1, "\(ids)")
        #expect(try await p.count("registry_product_photos", "product_id = \(twice)") == 1)
        let photoID = try #require(ids.first ?? nil)
        #expect(try await p.send("DELETE", "/api/v1/products/\(twice)/photos/\(photoID)", as: cast.officer).status == 204)
        #expect(try await p.count("registry_product_photos", "product_id = \(twice)") == 0)
    }

    /// Finding 11: sign-in throttling and deactivation over the API.
    static func accounts(_ p: Platform) async throws {
        let cast = try await cast(p)
        func signIn(_ username: String, _ password: String) async throws -> Reply {
            try await p.client.post("/api/v1/auth/tokens", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        }
        var statuses: [Int] = []
        for _ in 0..<30 { statuses.append(try await signIn("officer.hn", "wrong password!").status) }
        #expect(statuses.prefix(10).allSatisfy { $0 == 401 }, "\(statuses)")
        // Locks double from 2 s: on a slow machine an attempt may land just after one ends.
        #expect(statuses.dropFirst(10).filter { $0 == 429 }.count >= 17, "\(statuses)")
        #expect(statuses.allSatisfy { $0 == 401 || $0 == 429 }, "\(statuses)")
        _ = try await signIn("officer.hn", "wrong password!")
        let locked = try await signIn("officer.hn", Platform.password)
        #expect(locked.status == 429, "the right password does not get through a lock: \(locked.summary)")
        #expect(Int(locked.headers["retry-after"] ?? "") ?? 0 >= 1, "\(locked.headers)")
        #expect(locked.headers["content-type"] == "application/problem+json")
        // Unknown usernames are throttled the same way, so a 429 tells nothing about existence.
        var unknown: [Int] = []
        for _ in 0..<12 { unknown.append(try await signIn("nobody.here", "wrong password!").status) }
        #expect(unknown.suffix(2) == [429, 429], "\(unknown)")
        // Other accounts are not affected, and existing tokens keep working.
        #expect(try await signIn("admin", Platform.password).status == 201)
        #expect(try await p.get("/api/v1/me", as: cast.officer).status == 200)

        // Deactivation takes effect on the next request.
        let council = try await p.user("council.hn", .councilMember, province: "01")
        let token = try await p.signIn("council.hn")
        #expect(try await p.get("/api/v1/me", as: token).status == 200)
        let unknownField = try await p.send("PATCH", "/api/v1/users/\(council.id)", ["active": false, "role": "national_admin"], as: cast.officer)
        #expect(unknownField.status == 422, "\(unknownField.summary)")
        #expect(unknownField.errorPaths == ["/role"])
        let off = try await p.send("PATCH", "/api/v1/users/\(council.id)", ["active": false], as: cast.officer)
        #expect(off.status == 200, "\(off.summary)")
        #expect(off.object["active"] as? Bool == false)
        #expect(try await p.get("/api/v1/me", as: token).status == 401)
        #expect(try await signIn("council.hn", Platform.password).status == 401)
        let on = try await p.send("PATCH", "/api/v1/users/\(council.id)", ["active": true], as: cast.admin)
        #expect(on.object["active"] as? Bool == true)
        #expect(try await p.get("/api/v1/me", as: token).status == 200)
        // Officers change only the roles they manage, in their province, and nobody changes themself.
        let peer = try await p.user("officer2.hn", .provinceOfficer, province: "01")
        #expect(try await p.send("PATCH", "/api/v1/users/\(peer.id)", ["active": false], as: cast.officer).status == 403)
        let foreign = try await p.user("council.hcm", .councilMember, province: "79")
        #expect(try await p.send("PATCH", "/api/v1/users/\(foreign.id)", ["active": false], as: cast.officer).status == 404)
        let me = try #require(try await p.get("/api/v1/me", as: cast.admin).id)
        #expect(try await p.send("PATCH", "/api/v1/users/\(me)", ["active": false], as: cast.admin).status == 409)

        // Usernames are one namespace: an officer who keeps hitting taken names is slowed down,
        // so other provinces' accounts cannot be listed by trying names.
        var probes: [Int] = []
        for name in ["council.hcm", "admin", "officer2.hn", "council.hn", "officer.hn", "council.hcm", "admin"] {
            probes.append(try await p.send("POST", "/api/v1/users", ["username": name, "password": Platform.password,
                                                                     "role": "council_member", "province_code": "01"], as: cast.officer).status)
        }
        #expect(probes == [409, 409, 409, 409, 409, 429, 429], "\(probes)")
        #expect(try await p.send("POST", "/api/v1/users", ["username": "admin", "password": Platform.password,
                                                           "role": "council_member", "province_code": "01"], as: cast.admin).status == 409,
                "national admins see every account anyway")
    }

    /// Finding 12: what the API document promises about request bodies.
    static func conformance(_ p: Platform) async throws {
        let cast = try await cast(p)
        let owner = try await p.send("POST", "/api/v1/subjects", subject("0107000041", "Hộ làm hương Quảng Phú Cầu"), as: cast.officer)
        let ownerID = try #require(owner.id)
        let stars = try await p.send("POST", "/api/v1/products", ["subject_id": ownerID, "name": "Hương trầm", "product_set": 21, "stars": 5],
                                     as: cast.officer)
        #expect(stars.status == 422, "\(stars.summary)")
        #expect(stars.errorPaths == ["/stars"])
        let huge = try await p.client.send("POST", "/api/v1/subjects", body: Data(#"{"registration_number":"0107000098","name":"Hộ Hương","legal_form":"ho_kinh_doanh","commune_code":"00577","employees":123456789012345678901234}"#.utf8), headers: cast.officer)
        #expect(huge.status == 422, "\(huge.summary)")
        #expect(huge.errorPaths == ["/employees"])
        let created = try await p.send("POST", "/api/v1/products", ["subject_id": ownerID, "name": "Hương quế", "product_set": 21, "description": "Thơm"],
                                       as: cast.officer)
        let productID = try #require(created.id)
        // A PATCH that changes nothing leaves version and history alone.
        let same = try await p.send("PATCH", "/api/v1/products/\(productID)", ["name": "Hương quế", "description": "Thơm"], as: cast.officer)
        #expect(same.status == 200, "\(same.summary)")
        #expect(same.object["version"] as? Int == 1, "\(same.summary)")
        let sameSubject = try await p.send("PATCH", "/api/v1/subjects/\(ownerID)", ["name": "Hộ làm hương Quảng Phú Cầu"], as: cast.officer)
        #expect(sameSubject.object["version"] as? Int == 1, "\(sameSubject.summary)")
        #expect(try await p.get("/api/v1/subjects/\(ownerID)/history", as: cast.officer).list.count <= 1)
        let changed = try await p.send("PATCH", "/api/v1/products/\(productID)", ["description": "Thơm lâu"], as: cast.officer)
        #expect(changed.object["version"] as? Int == 2)
        #expect(try await p.get("/api/v1/products?province=00").status == 422)
    }

    /// Finding 1: exports stream page by page and only `max_concurrent_exports` run at once.
    static func boundedStreamingExports(_ p: Platform) async throws {
        let cast = try await cast(p)
        let owner = try await p.send("POST", "/api/v1/subjects", subject("0107000108", "Hợp tác xã Nông sản Sóc Sơn"), as: cast.officer)
        #expect(owner.status == 201)
        let count = 9_000
        var csv = "subject_registration_number,name,product_set,description\n"
        for n in 0..<count { csv += "0107000108,Sản phẩm số \(n),\(n % 26 + 1),\(String(repeating: "mô tả dài ", count: 60))\n" }
        let imported = try await ImportChecks.post(p, "products", csv, as: cast.officer)
        #expect(imported.status == 200, "\(imported.summary)")

        // Every row arrives once across the pages, in order, as valid JSON and CSV.
        let json = try await p.get("/api/v1/exports/products?format=json")
        #expect(json.status == 200)
        let items = (try JSONSerialization.jsonObject(with: json.body) as? [[String: Any]]) ?? []
        #expect(items.count == count)
        #expect(Set(items.compactMap { $0["id"] as? Int }).count == count)
        let names = items.compactMap { $0["name"] as? String }
        #expect(names.first == "Sản phẩm số 0")
        // Pages follow one another by the last row's place in the order (not OFFSET): the
        // export is the list's order exactly, and reversed with sort=-name.
        var listed: [Int] = []
        for offset in stride(from: 0, to: count, by: 500) {
            listed += try await p.get("/api/v1/products?limit=500&offset=\(offset)").items.compactMap { $0["id"] as? Int }
        }
        #expect(items.compactMap { $0["id"] as? Int } == listed)
        let reversed = try await p.get("/api/v1/exports/products?format=json&sort=-name")
        let reversedIDs = ((try JSONSerialization.jsonObject(with: reversed.body) as? [[String: Any]]) ?? []).compactMap { $0["id"] as? Int }
        #expect(reversedIDs == listed.reversed())
        let csvExport = try await p.get("/api/v1/exports/products", as: cast.officer)
        #expect(csvExport.text.split(separator: "\r\n").count == count + 1)
        let empty = try await p.get("/api/v1/exports/products?format=json&q=no-such-product")
        #expect(empty.text == "[]")

        // A client that stops reading holds the only export slot: the next export is 503 with Retry-After.
        let port = try #require(p.client.baseURL.port)
        var stalled: RawConnection? = try RawConnection(port: port)
        try stalled?.send("GET /api/v1/exports/products?format=json HTTP/1.1\r\nHost: localhost\r\n\r\n")
        // Once the server has taken the stalled request (the pause lets it come first; on a
        // loaded machine it may take longer), the slot stays taken: its export cannot finish
        // while nobody reads.
        try await Task.sleep(for: .milliseconds(800))
        var busy = try await p.get("/api/v1/exports/subjects")
        for _ in 0..<50 where busy.status != 503 {
            try await Task.sleep(for: .milliseconds(100))
            busy = try await p.get("/api/v1/exports/subjects")
        }
        #expect(busy.status == 503, "\(busy.summary); the stalled request got: \(busy.status == 503 ? "" : String(decoding: (stalled?.readUntilClosed(timeout: 1).data ?? Data()).prefix(200), as: UTF8.self))")
        #expect(Int(busy.headers["retry-after"] ?? "") ?? 0 >= 1)
        #expect(busy.headers["content-type"] == "application/problem+json")
        // A client that never reads is cut after the idle timeout (2 s here), freeing the slot
        // while its socket is still open; one that goes frees it at once.
        var freed = 0
        for _ in 0..<100 {
            freed = try await p.get("/api/v1/exports/subjects").status
            if freed == 200 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(freed == 200, "the stalled reader still holds the slot")
        #expect(stalled?.readUntilClosed(timeout: 20).closed == true, "the stalled reader's connection is closed")
        stalled = nil
        var again = 0
        for _ in 0..<100 {
            again = try await p.get("/api/v1/exports/subjects").status
            if again == 200 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(again == 200)
        #expect(stalled == nil)
    }

    /// Finding 3: two imports of the same file at once (API and command line) — the loser gets 409, not 500.
    static func racingImports(_ p: Platform) async throws {
        var csv = "registration_number,name,legal_form,commune_code\n"
        for n in 0..<300 { csv += "\(TestTaxCodes.make("0107" + String(format: "%05d", n * 3))),Hộ kinh doanh số \(n),ho_kinh_doanh,00577\n" }
        let bytes = Array(csv.utf8)
        let context = PluginContext(database: p.database, services: p.registry.directory, events: p.registry.events, logger: Logger(label: "test"))
        let environment = try #require(p.registry.directory.resolve(RegistryEnvironment.self))
        let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    do {
                        let report = try await Importer(context: context, environment: environment, actor: nil)
                            .importSubjects(.bytes(bytes), options: ImportOptions(province: "01"))
                        return "ok \(report.created)"
                    } catch let problem as Problem {
                        return "problem \(problem.status)"
                    } catch let error as DomainError {
                        return "problem \(Problem(error).status)"
                    } catch {
                        return "error \(String(reflecting: error))"
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes.allSatisfy { $0.hasPrefix("ok") || $0 == "problem 409" }, "\(outcomes)")
        #expect(outcomes.filter { $0 == "ok 300" }.count == 1, "\(outcomes)")
        #expect(try await p.count("registry_subjects") == 300)
    }
}

@Suite struct HardeningSQLiteTests {
    @Test func racingImports() async throws { try await Platform.with(.sqlite, HardeningChecks.racingImports) }
    @Test func boundedStreamingExports() async throws {
        try await Platform.with(.sqlite, registryConfig: #"{"max_concurrent_exports":1}"#,
                                settings: ServerSettings(port: 0, idleTimeoutSeconds: 2), HardeningChecks.boundedStreamingExports)
    }
    @Test func accounts() async throws { try await Platform.with(.sqlite, HardeningChecks.accounts) }
    @Test func conformance() async throws { try await Platform.with(.sqlite, HardeningChecks.conformance) }
    @Test func photos() async throws { try await Platform.with(.sqlite, HardeningChecks.photos) }
    @Test func exportImportRoundTrips() async throws { try await Platform.with(.sqlite, HardeningChecks.exportImportRoundTrips) }
    @Test func textRules() async throws { try await Platform.with(.sqlite, HardeningChecks.textRules) }
    @Test func longSearches() async throws { try await Platform.with(.sqlite, HardeningChecks.longSearches) }
    @Test func producersStayInTheirCommune() async throws { try await Platform.with(.sqlite, HardeningChecks.producersStayInTheirCommune) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct HardeningPostgreSQLTests {
    @Test func racingImports() async throws { try await Platform.with(.postgresql, HardeningChecks.racingImports) }
    @Test func boundedStreamingExports() async throws {
        try await Platform.with(.postgresql, registryConfig: #"{"max_concurrent_exports":1}"#,
                                settings: ServerSettings(port: 0, idleTimeoutSeconds: 2), HardeningChecks.boundedStreamingExports)
    }
    @Test func accounts() async throws { try await Platform.with(.postgresql, HardeningChecks.accounts) }
    @Test func conformance() async throws { try await Platform.with(.postgresql, HardeningChecks.conformance) }
    @Test func photos() async throws { try await Platform.with(.postgresql, HardeningChecks.photos) }
    @Test func exportImportRoundTrips() async throws { try await Platform.with(.postgresql, HardeningChecks.exportImportRoundTrips) }
    @Test func textRules() async throws { try await Platform.with(.postgresql, HardeningChecks.textRules) }
    @Test func longSearches() async throws { try await Platform.with(.postgresql, HardeningChecks.longSearches) }
    @Test func producersStayInTheirCommune() async throws { try await Platform.with(.postgresql, HardeningChecks.producersStayInTheirCommune) }
}
