import Foundation
import OCOPDomain
import OCOPPluginKit
@testable import OCOPRegistry
import OCOPStorage
import OCOPTestSupport
import SQLKit
import Testing

/// The indexed search (`Search`, `SearchIndex`) answers exactly what the plain `LIKE` scan
/// answered before the index: the same rows, in the same Vietnamese order, with the same total,
/// on generated names with diacritics, LIKE metacharacters and quotes, for short and NFD queries.
enum SearchIndexChecks {
    /// Syllables with and without diacritics, and pieces that are special to LIKE or FTS5.
    static let syllables = [
        "chè", "che", "Chế", "bát", "Tràng", "trang", "mật", "ong", "Ong", "gốm", "sứ", "Hà", "Nội", "ha", "noi", "đặc", "sản",
        "nước", "mắm", "cá", "khô", "kho", "bánh", "đa", "ngon", "100%", "50%", "a_b", "x!y", "!!", "%_", "\"Quê\"", "tra\"",
        "Đồng", "dong", "Ẩm", "ăn", "ấm", "ÂN", "y", "ý", "ỹ", "ư", "ơ", "o", "Ô", "phở", "gà", "Gạo", "ST25", "số", "1",
    ]

    static let queries = [
        "che", "chè", "CHÈ", "chế", "bat trang", "Bát Tràng", "BÁT TRÀNG", "mat ong", "ong", "gom su", "ha noi", "Hà Nội",
        "a", "ch", "đ", "d", "ô", "ơ", "y", "ỹ", "1", "%", "_", "!", "!!", "%_", "50%", "100%", "a_b", "x!y", "0%", "a%b",
        "\"", "\"que\"", "tra\"", "que\"", "ng", "ngon", "nuoc mam", "mam ca", "zzzz", "khô", "kho", "st25", "so 1",
        "  che  ", "gạo st25", "o o", "ăn", "an", "ấm", "am",
        // NFD: base letters and combining marks, as some keyboards and browsers send them.
        "ma\u{0302}\u{0323}t ong", "che\u{0300}", "Ba\u{0301}t Tra\u{0300}ng", "go\u{0302}\u{0301}m",
    ]

    /// Generates `count` product names (deterministic) and stores subjects and products with raw
    /// INSERTs, as any writer does (so SQLite's triggers and PostgreSQL's GIN index see them).
    static func seed(_ db: any SQLDatabase, subjects: Int, products: Int) async throws {
        var random = SeedRandom(seed: 20261130)
        func name(_ words: Int) -> String {
            var parts: [String] = []
            for _ in 0..<words { parts.append(syllables[Int(random.next() % UInt64(syllables.count))]) }
            let text = parts.joined(separator: " ")
            // Every ninth name is stored decomposed (NFD), as an import of such a file would.
            return random.next() % 9 == 0 ? text.decomposedStringWithCanonicalMapping : text
        }
        let now = "2026-11-30T00:00:00Z"
        for start in stride(from: 1, through: subjects, by: 200) {
            var insert = db.insert(into: RegistrySchema.subjects).columns(
                "id", "province_code", "commune_code", "legal_form", "registration_number", "name", "name_folded", "name_collation",
                "sales_channels", "version", "created_at", "updated_at")
            for id in start..<min(start + 200, subjects + 1) {
                let subjectName = (id % 3 == 0 ? "Hợp tác xã " : "Công ty ") + name(2)
                insert = insert.values(SQLBind(Int64(id)), SQLBind("01"), SQLBind("00004"), SQLBind("doanh_nghiep"),
                                       SQLBind(String(format: "01%08d", id)), SQLBind(subjectName), SQLBind(VietnameseText.fold(subjectName)),
                                       SQLBind(VietnameseText.collationKey(subjectName)), SQLBind(""), SQLBind(1), SQLBind(now), SQLBind(now))
            }
            try await insert.run()
        }
        for start in stride(from: 1, through: products, by: 200) {
            var insert = db.insert(into: RegistrySchema.products).columns(
                "id", "subject_id", "province_code", "commune_code", "name", "name_folded", "name_collation", "name_key",
                "product_set", "product_group", "sector", "status", "version", "created_at", "updated_at")
            for id in start..<min(start + 200, products + 1) {
                let productName = name(2 + Int(random.next() % 3))
                // Duplicated names on purpose: the order must break ties by id.
                let set = 1 + Int(random.next() % 8)
                let status = random.next() % 10 == 0 ? "discontinued" : "active"
                insert = insert.values(SQLBind(Int64(id)), SQLBind(Int64(1 + Int(random.next() % UInt64(subjects)))), SQLBind("01"),
                                       SQLBind("00004"), SQLBind(productName), SQLBind(VietnameseText.fold(productName)),
                                       SQLBind(VietnameseText.collationKey(productName)), SQLBind("\(id)"), SQLBind(set),
                                       SQLBind(set <= 2 ? "1.1" : set <= 4 ? "1.2" : "1.3"), SQLBind(1), SQLBind(status), SQLBind(1),
                                       SQLBind(now), SQLBind(now))
            }
            try await insert.run()
        }
        if db.dialect.name == "postgresql" {
            // Explicit ids were inserted: move the sequences past them, and give the planner statistics.
            for table in [RegistrySchema.subjects, RegistrySchema.products] {
                try await db.raw("SELECT setval(pg_get_serial_sequence('\(unsafeRaw: table)', 'id'), (SELECT MAX(id) FROM \(unsafeRaw: table)))").run()
            }
            try await db.raw("ANALYZE").run()
        }
    }

    /// Today's semantics, written out: the plain `LIKE` over the folded name, published rows only
    /// (an anonymous caller), Vietnamese order then id.
    static func expectedProducts(_ q: String, descending: Bool = false, limit: Int, offset: Int,
                                 on db: any SQLDatabase) async throws -> (ids: [Int64], total: Int) {
        guard let clean = Text.clean(q) else { return ([], 0) }
        let pattern = "%" + Search.escapeLike(VietnameseText.fold(clean)) + "%"
        let direction = descending ? "DESC" : "ASC"
        let from = SQLQueryString("""
            FROM registry_products p JOIN registry_subjects s ON s.id = p.subject_id \
            WHERE p.name_folded LIKE \(bind: pattern) ESCAPE '!' AND p.status = 'active'
            """)
        let ids = try await db.raw("SELECT p.id \(from) ORDER BY p.name_collation \(unsafeRaw: direction), p.id \(unsafeRaw: direction) LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))")
            .all().map { try $0.decode(column: "id", as: Int64.self) }
        let total = try await db.raw("SELECT COUNT(*) AS n \(from)").first()?.decode(column: "n", as: Int.self) ?? -1
        return (ids, total)
    }

    static func expectedSubjects(_ q: String, limit: Int, on db: any SQLDatabase) async throws -> (ids: [Int64], total: Int) {
        guard let clean = Text.clean(q) else { return ([], 0) }
        let pattern = "%" + Search.escapeLike(VietnameseText.fold(clean)) + "%"
        let from = SQLQueryString("""
            FROM registry_subjects s WHERE (s.name_folded LIKE \(bind: pattern) ESCAPE '!' OR s.registration_number = \(bind: clean.uppercased())) \
            AND EXISTS (SELECT 1 FROM registry_products pp WHERE pp.subject_id = s.id AND pp.status = 'active')
            """)
        let ids = try await db.raw("SELECT s.id \(from) ORDER BY s.name_collation, s.id LIMIT \(unsafeRaw: String(limit))")
            .all().map { try $0.decode(column: "id", as: Int64.self) }
        let total = try await db.raw("SELECT COUNT(*) AS n \(from)").first()?.decode(column: "n", as: Int.self) ?? -1
        return (ids, total)
    }

    static func sameResultsAsPlainLike(_ engine: DatabaseEngine) async throws {
        try await Platform.with(engine) { platform in
            let db = platform.database.sql
            try await seed(db, subjects: 400, products: 3000)
            var nonEmpty = 0
            for q in queries {
                let expected = try await expectedProducts(q, limit: 500, offset: 0, on: db)
                let reply = try await platform.get("/api/v1/products?limit=500&q=" + Platform.q(q))
                #expect(reply.status == 200, "q=\(q): \(reply.summary)")
                #expect(reply.ids == expected.ids, "q=\(q): ids differ (\(reply.ids.count) vs \(expected.ids.count) expected)")
                #expect(reply.total == expected.total, "q=\(q): total \(reply.total ?? -1), expected \(expected.total)")
                if expected.total > 0 { nonEmpty += 1 }

                let later = try await expectedProducts(q, descending: true, limit: 7, offset: 5, on: db)
                let paged = try await platform.get("/api/v1/products?sort=-name&limit=7&offset=5&q=" + Platform.q(q))
                #expect(paged.ids == later.ids, "q=\(q), sort=-name, offset 5: ids differ")
                #expect(paged.total == later.total, "q=\(q), sort=-name: total differs")

                let subjects = try await expectedSubjects(q, limit: 100, on: db)
                let subjectReply = try await platform.get("/api/v1/subjects?limit=100&q=" + Platform.q(q))
                #expect(subjectReply.ids == subjects.ids, "subjects q=\(q): ids differ")
                #expect(subjectReply.total == subjects.total, "subjects q=\(q): total \(subjectReply.total ?? -1), expected \(subjects.total)")
            }
            // The comparison means something only if most queries find rows, some of them many.
            #expect(nonEmpty >= queries.count * 3 / 4, "only \(nonEmpty) of \(queries.count) queries matched anything")
            let che = try await expectedProducts("che", limit: 1, offset: 0, on: db)
            #expect(che.total > 300, "the common term matched \(che.total)")
            // A registration number still finds its subject, whatever its name.
            let byNumber = try await platform.get("/api/v1/subjects?q=0100000006")
            #expect(byNumber.ids == [6], "\(byNumber.summary)")
        }
    }

    /// The index follows every write in the writer's own transaction: an insert, a rename and a
    /// delete are seen by a search in the same transaction, and by the API once committed.
    static func followsWrites(_ engine: DatabaseEngine) async throws {
        try await Platform.with(engine) { platform in
            let db = platform.database.sql
            try await seed(db, subjects: 20, products: 200)
            let name = "Rượu Quýt Xanh"
            let id: Int64 = try await platform.database.transaction { tx in
                let row = try await tx.insert(into: RegistrySchema.products).columns(
                    "subject_id", "province_code", "commune_code", "name", "name_folded", "name_collation", "name_key",
                    "product_set", "product_group", "sector", "status", "version", "created_at", "updated_at")
                    .values(SQLBind(Int64(1)), SQLBind("01"), SQLBind("00004"), SQLBind(name), SQLBind(VietnameseText.fold(name)),
                            SQLBind(VietnameseText.collationKey(name)), SQLBind("ruou quyt xanh"), SQLBind(3), SQLBind("1.2"), SQLBind(1),
                            SQLBind("active"), SQLBind(1), SQLBind("now"), SQLBind("now"))
                    .returning("id").first()
                let id = try #require(try row?.decode(column: "id", as: Int64.self))
                #expect(try await found("quyt xanh", on: tx) == [id], "an insert is found in its own transaction")
                return id
            }
            #expect(try await platform.get("/api/v1/products?q=" + Platform.q("quýt xanh")).ids == [id])

            let renamed = "Rượu Mơ Yên Tử"
            try await platform.database.transaction { tx in
                try await tx.update(RegistrySchema.products).set("name", to: SQLBind(renamed))
                    .set("name_folded", to: SQLBind(VietnameseText.fold(renamed))).set("name_collation", to: SQLBind(VietnameseText.collationKey(renamed)))
                    .where("id", .equal, id).run()
                #expect(try await found("quyt xanh", on: tx).isEmpty, "the old name is gone in the renaming transaction")
                #expect(try await found("mo yen tu", on: tx) == [id])
            }
            #expect(try await platform.get("/api/v1/products?q=quyt%20xanh").total == 0)
            #expect(try await platform.get("/api/v1/products?q=" + Platform.q("mơ yên tử")).ids == [id])

            // An update that leaves the name alone keeps the product findable (SQLite's trigger skips it).
            try await db.update(RegistrySchema.products).set("version", to: SQLBind(2)).where("id", .equal, id).run()
            #expect(try await found("yen tu", on: db) == [id])

            try await platform.database.transaction { tx in
                try await tx.delete(from: RegistrySchema.products).where("id", .equal, id).run()
                #expect(try await found("yen tu", on: tx).isEmpty, "a delete is seen in its own transaction")
            }
            #expect(try await platform.get("/api/v1/products?q=yen%20tu").total == 0)

            // A transaction that rolls back leaves the index as it was.
            await #expect(throws: RolledBack.self) {
                try await platform.database.transaction { tx in
                    try await tx.update(RegistrySchema.products).set("name_folded", to: SQLBind("ten tam thoi")).where("id", .equal, Int64(1)).run()
                    #expect(try await found("tam thoi", on: tx) == [1])
                    throw RolledBack()
                }
            }
            #expect(try await found("tam thoi", on: db).isEmpty)
        }
    }

    /// Ids of the products the indexed condition finds for `q`, read on `db` (a transaction's, too).
    static func found(_ q: String, on db: any SQLDatabase) async throws -> [Int64] {
        try await db.select().column(SQLColumn("id", table: "p")).from(SQLAlias(SQLIdentifier(RegistrySchema.products), as: SQLIdentifier("p")))
            .where(Search.products(matching: q, on: db)).orderBy(SQLColumn("id", table: "p")).all()
            .map { try $0.decode(column: "id", as: Int64.self) }
    }

    /// The migration builds the index for rows stored before it.
    static func builtForExistingRows(_ engine: DatabaseEngine) async throws {
        let photos = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-photos-\(UUID().uuidString)")
        let registry = try Platform.load(photos: photos)
        try await TestDatabase.with(engine) { database in
            try await Migrator(database: database).migrate(registry.migrations.filter { $0.migration.id != SearchIndex.migration.id })
            try await seed(database.sql, subjects: 10, products: 300)
            try await Migrator(database: database).migrate(registry.migrations)
            let db = database.sql
            let expected = try await expectedProducts("bat trang", limit: 500, offset: 0, on: db)
            #expect(expected.total > 0)
            let indexed = try await db.select().column(SQLColumn("id", table: "p")).from(SQLAlias(SQLIdentifier(RegistrySchema.products), as: SQLIdentifier("p")))
                .join(SQLAlias(SQLIdentifier(RegistrySchema.subjects), as: SQLIdentifier("s")), method: SQLJoinMethod.inner,
                      on: SQLQueryString("s.id = p.subject_id"))
                .where(Search.products(matching: "bat trang", on: db)).where(SQLRaw("p.status = 'active'"))
                .orderBy(SQLColumn("name_collation", table: "p")).orderBy(SQLColumn("id", table: "p")).all()
                .map { try $0.decode(column: "id", as: Int64.self) }
            #expect(indexed == expected.ids)
            if engine == .sqlite {
                // FTS5's own consistency check of the index against its content table.
                try await db.raw("INSERT INTO registry_products_search(registry_products_search) VALUES ('integrity-check')").run()
            } else {
                let index = try await db.raw("SELECT COUNT(*) AS n FROM pg_indexes WHERE indexname = 'registry_products_name_trgm'").first()
                #expect(try index?.decode(column: "n", as: Int.self) == 1, "pg_trgm is available on the test server")
            }
        }
    }

    struct RolledBack: Error {}
}

/// A small deterministic generator (SeedRandom64), so failures reproduce.
struct SeedRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct SearchIndexSQLiteTests {
    @Test func sameResultsAsPlainLike() async throws { try await SearchIndexChecks.sameResultsAsPlainLike(.sqlite) }
    @Test func followsWrites() async throws { try await SearchIndexChecks.followsWrites(.sqlite) }
    @Test func builtForExistingRows() async throws { try await SearchIndexChecks.builtForExistingRows(.sqlite) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct SearchIndexPostgreSQLTests {
    @Test func sameResultsAsPlainLike() async throws { try await SearchIndexChecks.sameResultsAsPlainLike(.postgresql) }
    @Test func followsWrites() async throws { try await SearchIndexChecks.followsWrites(.postgresql) }
    @Test func builtForExistingRows() async throws { try await SearchIndexChecks.builtForExistingRows(.postgresql) }
}
