import Foundation
import OCOPDomain
import OCOPPluginKit
@testable import OCOPRegistry
import OCOPStorage
import OCOPTestSupport
import SQLKit
import Testing

/// The in-memory search model (`SearchModel`) on a real host: it answers exactly what the SQL
/// search answers (same rows, order and totals, for the public and for an officer of the area),
/// and stays exact as the API writes: a product created, renamed, withdrawn; a subject renamed or
/// published by its first active product — each seen by the very next search on the host.
enum SearchModelChecks {
    static let productQueries = ["che", "bat trang", "Bát Tràng", "mat ong", "ong", "ha noi", "a", "ch", "đ", "%", "_", "!!", "50%",
                                 "\"", "ngon", "st25", "ma\u{0302}\u{0323}t ong", "zzzz", "  che  "]
    static let filters = ["", "&product_set=3", "&product_group=1.2", "&status=discontinued", "&stars=4,5", "&sector=1", "&province=79",
                          "&commune=00004", "&legal_form=doanh_nghiep", "&subject_id=7", "&sort=-name&offset=5"]

    static func sameAsSQL(_ engine: DatabaseEngine) async throws {
        try await TestHost.run(engine, plugins: TestHost.core, config: "plugins:\n\(TestHost.coreConfig)") { host in
            let db = host.database.sql
            try await SearchIndexChecks.seed(db, subjects: 300, products: 2500)
            try await db.raw("UPDATE registry_products SET current_stars = 4 WHERE id % 7 = 0").run()
            try await db.raw("UPDATE registry_products SET current_stars = 5 WHERE id % 11 = 0").run()
            let officer = try await host.signIn(.provinceOfficer, province: "01")
            let officerScope = Scope(principal: Principal(userID: 1, username: "o", role: .provinceOfficer, provinceCode: "01"))
            let producerScope = Scope(principal: Principal(userID: 2, username: "p", role: .producer, subjectID: 7))
            let producer = try await host.signIn(.producer, subject: 7)

            var compared = 0, nonEmpty = 0
            for q in productQueries {
                for extra in filters {
                    let path = "/api/v1/products?limit=\(extra.contains("offset") ? 7 : 50)&q=" + Platform.q(q) + extra
                    var filter = try ProductFilterParsing.parse(path)
                    filter.query = q
                    for (headers, scope) in [([String: String](), Scope(principal: nil)), (officer, officerScope), (producer, producerScope)] {
                        let expected = try await ProductStore().search(filter, scope: scope, on: db)
                        let reply = try await host.client.get(path, headers: headers).json()
                        let ids = (reply["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? Int).map(Int64.init) }
                        #expect(ids == expected.items.map(\.id), "\(path) as \(scope.area): ids differ")
                        #expect(reply["total"] as? Int == expected.total, "\(path) as \(scope.area): total \(reply["total"] ?? "-") vs \(expected.total)")
                        compared += 1
                        if expected.total > 0 { nonEmpty += 1 }
                    }
                }
            }
            #expect(nonEmpty > compared / 2, "only \(nonEmpty) of \(compared) comparisons found anything")

            for q in ["cong ty", "hop tac xa", "che", "0100000006", "ha noi", "zzz"] {
                for extra in ["", "&legal_form=doanh_nghiep", "&commune=00004", "&province=79", "&sort=-name&offset=3"] {
                    let path = "/api/v1/subjects?limit=\(extra.contains("offset") ? 5 : 40)&q=" + Platform.q(q) + extra
                    for (headers, scope) in [([String: String](), Scope(principal: nil)), (officer, officerScope)] {
                        var filter = SubjectStore.Filter()
                        filter.query = q
                        filter.limit = extra.contains("offset") ? 5 : 40
                        filter.offset = extra.contains("offset=3") ? 3 : 0
                        filter.descending = extra.contains("sort=-name")
                        if extra.contains("legal_form") { filter.legalForm = "doanh_nghiep" }
                        if extra.contains("commune") { filter.commune = "00004" }
                        if extra.contains("province") { filter.province = "79" }
                        let expected = try await SubjectStore().search(filter, scope: scope, on: db)
                        let reply = try await host.client.get(path, headers: headers).json()
                        let ids = (reply["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? Int).map(Int64.init) }
                        #expect(ids == expected.items.map(\.id), "\(path) as \(scope.area): ids differ")
                        #expect(reply["total"] as? Int == expected.total, "\(path) as \(scope.area): total differs")
                    }
                }
            }

            // The answers above came from memory: a row stored behind the registry's back (raw SQL,
            // no event, which no module may do) is unseen by the model, seen by SQL.
            let name = "Chè Móc Câu Tân Cương"
            try await db.raw("""
                INSERT INTO registry_products (subject_id, province_code, commune_code, name, name_folded, name_collation, name_key, product_set, product_group, sector, status, version, created_at, updated_at) \
                VALUES (1, '01', '00004', \(bind: name), \(bind: VietnameseText.fold(name)), \(bind: VietnameseText.collationKey(name)), 'che moc cau tan cuong', 3, '1.2', 1, 'active', 1, 'now', 'now')
                """).run()
            #expect(try await host.client.get("/api/v1/products?q=moc%20cau").json()["total"] as? Int == 0, "the model answered")
            var filter = ProductStore.Filter()
            filter.query = "moc cau"
            #expect(try await ProductStore().search(filter, scope: Scope(principal: nil), on: db).total == 1)
        }
    }

    static func followsWrites(_ engine: DatabaseEngine) async throws {
        try await TestHost.run(engine, plugins: TestHost.core, config: "plugins:\n\(TestHost.coreConfig)") { host in
            let db = host.database.sql
            try await SearchIndexChecks.seed(db, subjects: 50, products: 400)
            let officer = try await host.signIn(.provinceOfficer, province: "01")
            let json = officer.merging(["Content-Type": "application/json"]) { $1 }
            func ids(_ path: String, _ headers: [String: String] = [:]) async throws -> [Int] {
                (try await host.client.get(path, headers: headers).json()["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            }
            func sqlIDs(_ q: String, scope: Scope = Scope(principal: nil)) async throws -> [Int] {
                var filter = ProductStore.Filter()
                filter.query = q
                filter.limit = 200
                return try await ProductStore().search(filter, scope: scope, on: db).items.map { Int($0.id) }
            }
            // Built by this first search.
            #expect(try await ids("/api/v1/products?limit=200&q=che") == (try await sqlIDs("che")))

            let subject = try await host.client.send("POST", "/api/v1/subjects", body: Data("""
                {"registration_number":"0109876557","name":"Hợp tác xã Chè Tân Cương","legal_form":"hop_tac_xa","commune_code":"00577"}
                """.utf8), headers: json)
            #expect(subject.status == 201, "\(subject.text)")
            let subjectID = try #require(try subject.json()["id"] as? Int)
            // Not yet published (no active product): officers find it, the public does not.
            #expect(try await ids("/api/v1/subjects?q=tan%20cuong", officer) == [subjectID])
            #expect(try await ids("/api/v1/subjects?q=tan%20cuong").isEmpty)

            let created = try await host.client.send("POST", "/api/v1/products", body: Data("""
                {"subject_id":\(subjectID),"name":"Chè búp Tân Cương","product_set":3,"status":"draft"}
                """.utf8), headers: json)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(try created.json()["id"] as? Int)
            #expect(try await ids("/api/v1/products?limit=200&q=che", officer).contains(id), "a new draft is found at once by its area")
            #expect(!(try await ids("/api/v1/products?limit=200&q=che")).contains(id), "not by the public")
            #expect(try await ids("/api/v1/products?limit=200&q=che", officer)
                    == (try await sqlIDs("che", scope: Scope(principal: Principal(userID: 1, username: "o", role: .provinceOfficer, provinceCode: "01")))),
                    "in its place in the order")

            // Published: the product and its subject are public at once.
            let published = try await host.client.send("PATCH", "/api/v1/products/\(id)", body: Data(#"{"status":"active"}"#.utf8), headers: json)
            #expect(published.status == 200, "\(published.text)")
            #expect(try await ids("/api/v1/products?limit=200&q=che") == (try await sqlIDs("che")))
            #expect(try await ids("/api/v1/products?limit=200&q=che").contains(id))
            #expect(try await ids("/api/v1/subjects?q=tan%20cuong") == [subjectID])

            // Renamed: gone under the old text, found under the new one, moved in the order.
            let renamed = try await host.client.send("PATCH", "/api/v1/products/\(id)", body: Data(#"{"name":"Ấm trà Bát Tràng men lam"}"#.utf8), headers: json)
            #expect(renamed.status == 200, "\(renamed.text)")
            #expect(!(try await ids("/api/v1/products?limit=200&q=che")).contains(id))
            #expect(try await ids("/api/v1/products?limit=200&q=bat%20trang") == (try await sqlIDs("bat trang")))
            #expect(try await ids("/api/v1/products?limit=200&q=bat%20trang").contains(id))
            #expect(try await ids("/api/v1/products?limit=200&q=a") == (try await sqlIDs("a")), "the whole order still agrees")

            // The subject renamed: its new name is searched, and its products' legal form filter holds.
            let subjectRenamed = try await host.client.send("PATCH", "/api/v1/subjects/\(subjectID)", body: Data(#"{"name":"HTX Gốm Men Lam"}"#.utf8), headers: json)
            #expect(subjectRenamed.status == 200, "\(subjectRenamed.text)")
            #expect(try await ids("/api/v1/subjects?q=tan%20cuong").isEmpty)
            #expect(try await ids("/api/v1/subjects?q=men%20lam") == [subjectID])
            #expect(try await ids("/api/v1/products?q=men%20lam&legal_form=hop_tac_xa") == [id])

            // Withdrawn again: the public loses both.
            let withdrawn = try await host.client.send("PATCH", "/api/v1/products/\(id)", body: Data(#"{"status":"discontinued"}"#.utf8), headers: json)
            #expect(withdrawn.status == 200, "\(withdrawn.text)")
            #expect(try await ids("/api/v1/products?q=men%20lam").isEmpty)
            #expect(try await ids("/api/v1/subjects?q=men%20lam").isEmpty)
            #expect(try await ids("/api/v1/products?q=men%20lam", officer) == [id])

            // Another subject's product with the very same name: one name in the model, two rows.
            let officerScope = Scope(principal: Principal(userID: 1, username: "o", role: .provinceOfficer, provinceCode: "01"))
            let other = try await host.client.send("POST", "/api/v1/subjects", body: Data("""
                {"registration_number":"0109876557-001","name":"Hợp tác xã Gốm Kim Lan","legal_form":"hop_tac_xa","commune_code":"00577"}
                """.utf8), headers: json)
            let otherID = try #require(try other.json()["id"] as? Int, "\(other.text)")
            let twin = try await host.client.send("POST", "/api/v1/products", body: Data("""
                {"subject_id":\(otherID),"name":"Ấm trà Bát Tràng men lam","product_set":3,"status":"active"}
                """.utf8), headers: json)
            let twinID = try #require(try twin.json()["id"] as? Int, "\(twin.text)")
            #expect(Set(try await ids("/api/v1/products?limit=200&q=men%20lam", officer)) == [id, twinID])
            #expect(try await ids("/api/v1/products?limit=200&q=men%20lam", officer) == (try await sqlIDs("men lam", scope: officerScope)))
            // Renamed in its marks only: the same folded name, another sort key, so it moves.
            let marks = try await host.client.send("PATCH", "/api/v1/products/\(id)", body: Data(#"{"name":"Âm trà Bát Tràng men lam"}"#.utf8), headers: json)
            #expect(marks.status == 200, "\(marks.text)")
            #expect(try await ids("/api/v1/products?limit=200&q=men%20lam", officer) == (try await sqlIDs("men lam", scope: officerScope)))
            // The twin renamed away: the other row keeps the shared name.
            let away = try await host.client.send("PATCH", "/api/v1/products/\(twinID)", body: Data(#"{"name":"Bình gốm Kim Lan"}"#.utf8), headers: json)
            #expect(away.status == 200, "\(away.text)")
            #expect(try await ids("/api/v1/products?q=men%20lam", officer) == [id])
            #expect(try await ids("/api/v1/products?q=kim%20lan") == [twinID])
            #expect(try await ids("/api/v1/products?limit=200&q=a", officer) == (try await sqlIDs("a", scope: officerScope)), "the whole order still agrees")
        }
    }

    /// With the model off (`search_memory_mb: 0`) the SQL search answers, and sees even a row
    /// stored without an event.
    static func off(_ engine: DatabaseEngine) async throws {
        let config = TestHost.coreConfig.replacingOccurrences(of: "ocop.registry: {}", with: "ocop.registry: {search_memory_mb: 0}")
        try await TestHost.run(engine, plugins: TestHost.core, config: "plugins:\n\(config)") { host in
            let db = host.database.sql
            try await SearchIndexChecks.seed(db, subjects: 10, products: 50)
            _ = try await host.client.get("/api/v1/products?q=che")
            let name = "Chè Móc Câu"
            try await db.raw("""
                INSERT INTO registry_products (subject_id, province_code, commune_code, name, name_folded, name_collation, name_key, product_set, product_group, sector, status, version, created_at, updated_at) \
                VALUES (1, '01', '00004', \(bind: name), \(bind: VietnameseText.fold(name)), \(bind: VietnameseText.collationKey(name)), 'che moc cau', 3, '1.2', 1, 'active', 1, 'now', 'now')
                """).run()
            #expect(try await host.client.get("/api/v1/products?q=moc%20cau").json()["total"] as? Int == 1)
        }
    }
}

/// The product filter of a request path, as the API reads it.
enum ProductFilterParsing {
    static func parse(_ path: String) throws -> ProductStore.Filter {
        var filter = ProductStore.Filter()
        let items = URLComponents(string: "http://x" + path)?.queryItems ?? []
        for item in items {
            let value = item.value ?? ""
            switch item.name {
            case "limit": filter.limit = Int(value) ?? filter.limit
            case "offset": filter.offset = Int(value) ?? 0
            case "sort": filter.descending = value == "-name"
            case "product_set": filter.productSet = Int(value)
            case "product_group": filter.group = value
            case "status": filter.status = value
            case "stars": filter.stars = value.split(separator: ",").compactMap { Int($0) }
            case "sector": filter.sector = Int(value)
            case "province": filter.province = value
            case "commune": filter.commune = value
            case "legal_form": filter.legalForm = value
            case "subject_id": filter.subjectID = Int64(value)
            default: break
            }
        }
        return filter
    }
}

/// The block-wise substring search agrees with a plain scan, including matches that straddle a
/// 32-byte block or sit in the tail, and needles of one and two bytes.
@Suite struct SearchModelScanTests {
    @Test func findAgreesWithAPlainScan() {
        var random = SeedRandom(seed: 7)
        let alphabet = Array("abcg om".utf8)
        for round in 0..<3000 {
            let length = Int(random.next() % 200)
            let text = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let needle = (0..<(1 + Int(random.next() % 4))).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            var expected: Int?
            if needle.count <= text.count {
                for start in 0...(text.count - needle.count) where Array(text[start..<start + needle.count]) == needle {
                    expected = start
                    break
                }
            }
            let found = text.withUnsafeBytes { t in
                needle.withUnsafeBytes { n in NameDictionary.find(n.count, n.baseAddress!, in: t.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, t.count) }
            }
            #expect(found == expected, "round \(round): \(String(decoding: needle, as: UTF8.self)) in \(String(decoding: text, as: UTF8.self))")
        }
    }

    /// Each distinct name is held once, however many rows use it; a name no row uses is counted
    /// as garbage until a row takes it again.
    @Test func dictionaryHoldsEachNameOnce() throws {
        var names = NameDictionary()
        let honey = try names.add("mat ong")
        let paper = try names.add("banh trang")
        #expect(try names.add("mat ong") == honey)
        #expect(honey != paper && names.count == 2)
        // Past the first table's size: the table grows and every name is still found.
        for round in 0..<5_000 { _ = try names.add("ruou \(round % 1_500)") }
        #expect(names.count == 1_502)
        #expect(try names.add("ruou 1499") == (try names.add("ruou 1499")))
        #expect(names.count == 1_502)
        var hits: [Int] = []
        names.forEachMatch(Array("ong".utf8)) { hits.append($0) }
        #expect(hits == [Int(honey)], "one hit per name, not per use")
        names.release(honey)
        #expect(names.garbage == 0, "one use left")
        names.release(honey)
        #expect(names.garbage == "mat ong".utf8.count + 1)
        #expect(try names.add("mat ong") == honey)
        #expect(names.garbage == 0)
    }
}

/// The model's budget is a plain setting: 0 turns it off, a value out of range is refused by name.
@Suite struct SearchModelConfigTests {
    @Test func budgetOutOfRangeIsRefused() throws {
        let config = try JSONDecoder().decode(RegistryPlugin.Config.self, from: Data(#"{"search_memory_mb": 0}"#.utf8))
        #expect(config.searchMemoryMB == 0)
        #expect(try JSONDecoder().decode(RegistryPlugin.Config.self, from: Data("{}".utf8)).searchMemoryMB == 96)
        for bad in [#"{"search_memory_mb": 5000}"#, #"{"search_memory_mb": -1}"#, #"{"read_cache_mb": 4097}"#] {
            do {
                _ = try JSONDecoder().decode(RegistryPlugin.Config.self, from: Data(bad.utf8))
                Issue.record("\(bad) was accepted")
            } catch let DecodingError.dataCorrupted(context) {
                #expect(context.debugDescription.contains("expected 0 (off) to 4096 MB"), "\(bad): \(context.debugDescription)")
                #expect(bad.contains(context.codingPath.last?.stringValue ?? "?"), "\(bad): the key is named")
            }
        }
    }
}

@Suite struct SearchModelSQLiteTests {
    @Test func sameAsSQL() async throws { try await SearchModelChecks.sameAsSQL(.sqlite) }
    @Test func followsWrites() async throws { try await SearchModelChecks.followsWrites(.sqlite) }
    @Test func off() async throws { try await SearchModelChecks.off(.sqlite) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct SearchModelPostgreSQLTests {
    @Test func sameAsSQL() async throws { try await SearchModelChecks.sameAsSQL(.postgresql) }
    @Test func followsWrites() async throws { try await SearchModelChecks.followsWrites(.postgresql) }
    @Test func off() async throws { try await SearchModelChecks.off(.postgresql) }
}
