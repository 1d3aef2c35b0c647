import Foundation
import OCOPAccounts
import OCOPPluginKit
import OCOPStorage
import OCOPTestSupport
import SQLKit
import Testing

/// Walks every registered endpoint of the accounts, registry and rating plugins × every caller ×
/// own and foreign records (`RoleMatrix.policy`), over real HTTP with real accounts on a real host,
/// proving that statuses match the policy, that no response carries what the caller may not see,
/// and that refused writes change nothing.
enum RoleMatrix {
    struct SeedSubject: Sendable {
        let target: Target
        let id: Int64
        let province: String
        let commune: String
        let registration: String
        let name: String
        let published: Bool
        /// A unique token in the name.
        let token: String
        /// The value chain text: private.
        var secret: String { "vc-secret-" + token.lowercased() }
    }

    struct SeedProduct: Sendable {
        let target: Target?
        let id: Int64
        let subject: Int64
        let province: String
        let commune: String
        let name: String
        let active: Bool
        let token: String
    }

    /// The seeded world and the signed-in callers.
    struct World: Sendable {
        let p: Platform
        let headers: [Caller: [String: String]]
        let usernames: [Caller: String]
        let subjects: [SeedSubject]
        let products: [SeedProduct]
        let users: [Target: Int64]
        /// A photo of each product target (when the photo endpoints exist).
        let photos: [Target: Int64]
        /// Accounts of province 79: their names never reach anyone but a national admin.
        var foreignUsernames: [String]
        /// The rating world (`RoleMatrix.seedRating`).
        var rating: RatingSeed?

        func subject(_ target: Target) -> SeedSubject { subjects.first { $0.target == target }! }
        func product(_ target: Target) -> SeedProduct { products.first { $0.target == target }! }

        /// The policy's own statement of who sees a record fully (independent of the module's `Scope`).
        func seesFully(_ caller: Caller, province: String?, commune: String?, subject: Int64?) -> Bool {
            switch caller {
            case .anonymous: return false
            case .admin: return true
            case .officer, .council: return province == "01"
            case .commune: return commune == "00577"
            case .producer: return subject != nil && subject == self.subject(.s1).id
            }
        }

        func seesFully(_ caller: Caller, _ s: SeedSubject) -> Bool {
            seesFully(caller, province: s.province, commune: s.commune, subject: s.id)
        }

        func seesFully(_ caller: Caller, _ p: SeedProduct) -> Bool {
            seesFully(caller, province: p.province, commune: p.commune, subject: p.subject)
        }
    }

    static let endpointsUnderTest: Set<PluginID> = ["ocop.accounts", "ocop.registry", "ocop.rating"]

    // MARK: seed

    static func seed(_ p: Platform) async throws -> World {
        try await p.user("admin", .nationalAdmin)
        let admin = try await p.signIn("admin")

        var subjects: [SeedSubject] = []
        func subject(_ target: Target, _ token: String, _ registration: String, _ name: String, _ commune: String,
                     published: Bool) async throws {
            let reply = try await p.send("POST", "/api/v1/subjects", [
                "registration_number": registration, "name": "\(name) \(token)", "legal_form": "hop_tac_xa", "commune_code": commune,
                "representative": "Đại diện \(token)", "representative_is_woman": true, "representative_is_ethnic_minority": true,
                "employees": 37, "local_labour_percent": 64, "value_chain": "vc-secret-" + token.lowercased(), "founded_year": 2010,
            ], as: admin)
            #expect(reply.status == 201, "seed \(token): \(reply.summary)")
            subjects.append(SeedSubject(target: target, id: try #require(reply.id), province: reply.object["province_code"] as? String ?? "",
                                        commune: commune, registration: registration, name: "\(name) \(token)", published: published,
                                        token: token))
        }
        try await subject(.s1, "SEED-S1", "0100000003", "Hợp tác xã Gốm", "00577", published: true)
        try await subject(.s2, "SEED-S2", "0100000010", "Cơ sở Nem", "00565", published: false)
        try await subject(.s79, "SEED-S79A", "7900000005", "Hợp tác xã Cà phê", "25747", published: true)
        try await subject(.s79hidden, "SEED-S79H", "7900000012", "Cơ sở Mắm", "25750", published: false)

        var products: [SeedProduct] = []
        func product(_ target: Target?, _ owner: Target, _ token: String, _ name: String, active: Bool) async throws {
            let s = subjects.first { $0.target == owner }!
            let reply = try await p.send("POST", "/api/v1/products", [
                "subject_id": s.id, "name": "\(name) \(token)", "product_set": 21, "status": active ? "active" : "draft",
                "description": "Mô tả \(token)",
            ], as: admin)
            #expect(reply.status == 201, "seed \(token): \(reply.summary)")
            products.append(SeedProduct(target: target, id: try #require(reply.id), subject: s.id, province: s.province, commune: s.commune,
                                        name: "\(name) \(token)", active: active, token: token))
        }
        try await product(.p1, .s1, "SEED-P1A", "Bình gốm", active: true)
        try await product(.p1draft, .s1, "SEED-P1D", "Ấm chén", active: false)
        try await product(.p2draft, .s2, "SEED-P2D", "Nem chua", active: false)
        try await product(.p79, .s79, "SEED-P79A", "Cà phê", active: true)
        try await product(.p79draft, .s79, "SEED-P79D", "Cà phê chồn", active: false)
        try await product(nil, .s79hidden, "SEED-P79H", "Mắm tôm", active: false)

        let s1 = subjects.first { $0.target == .s1 }!
        let s79 = subjects.first { $0.target == .s79 }!
        try await p.user("officer.hn", .provinceOfficer, province: "01")
        try await p.user("commune.hn", .communeOfficer, commune: "00577")
        let council = try await p.user("council.hn", .councilMember, province: "01")
        try await p.user("producer.hn", .producer, subject: s1.id)
        try await p.user("signin.hn", .councilMember, province: "01")
        let officer79 = try await p.user("officer.hcm", .provinceOfficer, province: "79")
        try await p.user("producer.hcm", .producer, subject: s79.id)
        try await p.user("council.hcm", .councilMember, province: "79")
        // Their sign-ins put 79 entries into the audit trail.
        _ = try await p.signIn("officer.hcm")
        _ = try await p.signIn("producer.hcm")

        let usernames: [Caller: String] = [.admin: "admin", .officer: "officer.hn", .commune: "commune.hn", .council: "council.hn",
                                           .producer: "producer.hn"]
        var headers: [Caller: [String: String]] = [.anonymous: [:], .admin: admin]
        for (caller, username) in usernames where caller != .admin { headers[caller] = try await p.signIn(username) }

        var photos: [Target: Int64] = [:]
        let registered = Set(p.registry.endpoints.map { key($0.endpoint) })
        if registered.contains(normalise("POST /api/v1/products/{id}/photos")) {
            for product in products {
                guard let target = product.target else { continue }
                let reply = try await p.client.send("POST", "/api/v1/products/\(product.id)/photos", body: png(seed: product.id),
                                                    headers: admin.merging(["Content-Type": "image/png"]) { $1 })
                #expect(reply.status == 201, "seed photo: \(reply.summary)")
                photos[target] = reply.id
            }
        }

        return World(p: p, headers: headers, usernames: usernames, subjects: subjects, products: products,
                     users: [.user01: council.id, .user79: officer79.id], photos: photos,
                     foreignUsernames: ["officer.hcm", "producer.hcm", "council.hcm"])
    }

    /// A body that is a PNG by its signature, unique per `seed`.
    static func png(seed: Int64) -> Data {
        Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data("IHDR-test-\(seed)".utf8)
            + Data([0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    }

    // MARK: requests

    struct Call {
        var method: String
        var path: String
        var body: Data?
        var headers: [String: String]
        /// Accounts the response may show besides the caller's own (the one signing in).
        var alsoSelf: Set<String> = []
    }

    static func registration(_ province: String, _ n: Int) -> String { TestTaxCodes.make(province + String(format: "%07d", 5_000_000 + n * 3)) }

    /// The concrete request for one cell of the table; `n` makes created names unique.
    static func call(_ rule: Rule, _ caller: Caller, _ w: World, n: Int) async throws -> Call {
        if let call = try await ratingCall(rule, caller, w, n: n) { return call }
        var headers = w.headers[caller] ?? [:]
        func json(_ object: [String: Any]) -> Data { Platform.encode(object) }
        func area(_ target: Target) -> (province: String, commune: String, subject: SeedSubject) {
            switch target {
            case .sibling: return ("01", "00565", w.subject(.s2))
            case .foreign, .foreignJSON: return ("79", "25747", w.subject(.s79))
            case .probe: return ("79", "25747", w.subject(.s79hidden))
            default: return ("01", "00577", w.subject(.s1))
            }
        }
        let place = area(rule.target)
        func subjectID() -> Int64 { w.subject(rule.target).id }
        func productID() -> Int64 { w.product(rule.target).id }

        switch rule.endpoint {
        case "GET /api/v1/subjects", "GET /api/v1/products":
            return Call(method: "GET", path: "\(rule.endpoint.dropFirst(4))?province=\(place.province)&limit=500", headers: headers)
        case "GET /api/v1/exports/subjects", "GET /api/v1/exports/products":
            let format = rule.target == .foreignJSON ? "&format=json" : ""
            return Call(method: "GET", path: "\(rule.endpoint.dropFirst(4))?province=\(place.province)\(format)", headers: headers)
        case "POST /api/v1/subjects":
            let number = rule.target == .probe ? place.subject.registration : registration(place.province, n)
            return Call(method: "POST", path: "/api/v1/subjects", body: json([
                "registration_number": number, "name": "Chủ thể mới \(n)", "legal_form": "ho_kinh_doanh",
                "commune_code": place.commune]), headers: headers)
        case "GET /api/v1/subjects/{id}", "GET /api/v1/subjects/{id}/history":
            return Call(method: "GET", path: rule.endpoint.dropFirst(4).replacingOccurrences(of: "{id}", with: String(subjectID())), headers: headers)
        case "GET /api/v1/review-queue":
            return Call(method: "GET", path: "/api/v1/review-queue?province=\(place.province)", headers: headers)
        case "POST /api/v1/review-queue/{id}/resolve":
            // A fresh queued row of the target's province: a subject in a divided pre-2025 commune.
            let province = rule.target == .s79 ? "79" : "01"
            let (legacy, candidates, choice) = province == "01"
                ? ("00007", #"[{"code":"00008","name":"Phường Ngọc Hà"},{"code":"00025","name":"Phường Giảng Võ"}]"#, "00008")
                : ("25741", #"[{"code":"25750","name":"Phường Phú Lợi"},{"code":"25747","name":"Phường Thủ Dầu Một"}]"#, "25747")
            let record = String(decoding: json(["registration_number": registration(province, 7000 + n), "name": "Chủ thể chờ \(n)",
                                                "legal_form": "ho_kinh_doanh", "legacy_commune_code": legacy]), as: UTF8.self)
            let row = try await w.p.database.sql.raw("""
                INSERT INTO registry_review_queue (province_code, sheet, line, reason, candidates, record, state, created_at)
                VALUES (\(bind: province), 'subjects', 2, 'divided', \(bind: candidates), \(bind: record), 'open', '2026-01-01T00:00:00Z') RETURNING id
                """).first()
            let id = try row?.decode(column: "id", as: Int64.self) ?? 0
            return Call(method: "POST", path: "/api/v1/review-queue/\(id)/resolve", body: json(["commune_code": choice]), headers: headers)
        case "GET /api/v1/subjects/{id}/change-requests":
            return Call(method: "GET", path: "/api/v1/subjects/\(subjectID())/change-requests", headers: headers)
        case "POST /api/v1/subjects/{id}/change-requests/{request_id}/approve", "POST /api/v1/subjects/{id}/change-requests/{request_id}/reject":
            // A fresh pending request for each attempt, as a producer of that subject would file it.
            let row = try await w.p.database.sql.raw("""
                INSERT INTO registry_change_requests (subject_id, changes, state, requested_by, requested_at)
                VALUES (\(bind: subjectID()), '{"representative_is_woman":true}', 'pending', 'producer', '2026-01-01T00:00:00Z') RETURNING id
                """).first()
            let id = try row?.decode(column: "id", as: Int64.self) ?? 0
            let verb = rule.endpoint.hasSuffix("approve") ? "approve" : "reject"
            return Call(method: "POST", path: "/api/v1/subjects/\(subjectID())/change-requests/\(id)/\(verb)",
                        body: verb == "reject" ? json(["reason": "Chưa có giấy tờ chứng minh"]) : nil, headers: headers)
        case "PATCH /api/v1/subjects/{id}":
            return Call(method: "PATCH", path: "/api/v1/subjects/\(subjectID())", body: json(["address": "Số \(n) đường Gốm"]), headers: headers)
        case "POST /api/v1/products":
            let name = rule.target == .probe ? w.products.first { $0.subject == place.subject.id }!.name : "Sản phẩm mới \(n)"
            return Call(method: "POST", path: "/api/v1/products", body: json([
                "subject_id": place.subject.id, "name": name, "product_set": 21, "status": "draft"]), headers: headers)
        case "GET /api/v1/products/{id}":
            return Call(method: "GET", path: "/api/v1/products/\(productID())", headers: headers)
        case "GET /api/v1/products/{id}/history":
            return Call(method: "GET", path: "/api/v1/products/\(productID())/history", headers: headers)
        case "PATCH /api/v1/products/{id}":
            return Call(method: "PATCH", path: "/api/v1/products/\(productID())", body: json(["description": "Mô tả \(n)"]), headers: headers)
        case "GET /api/v1/taxonomy", "GET /api/v1/auth/tokens", "GET /api/v1/me":
            return Call(method: "GET", path: String(rule.endpoint.dropFirst(4)), headers: headers)
        case "POST /api/v1/products/{id}/photos":
            headers["Content-Type"] = "image/png"
            return Call(method: "POST", path: "/api/v1/products/\(productID())/photos", body: png(seed: Int64(1_000_000 + n)), headers: headers)
        case "GET /api/v1/products/{id}/photos":
            return Call(method: "GET", path: "/api/v1/products/\(productID())/photos", headers: headers)
        case "GET /api/v1/products/{id}/photos/{photo_id}":
            return Call(method: "GET", path: "/api/v1/products/\(productID())/photos/\(w.photos[rule.target] ?? 0)", headers: headers)
        case "DELETE /api/v1/products/{id}/photos/{photo_id}":
            // A fresh photo for each attempt, uploaded by a national admin.
            let upload = try await w.p.client.send("POST", "/api/v1/products/\(productID())/photos", body: png(seed: Int64(2_000_000 + n)),
                                                   headers: w.headers[.admin]!.merging(["Content-Type": "image/png"]) { $1 })
            #expect(upload.status == 201, "photo to delete: \(upload.summary)")
            return Call(method: "DELETE", path: "/api/v1/products/\(productID())/photos/\(upload.id ?? 0)", headers: headers)
        case "GET /api/v1/imports":
            return Call(method: "GET", path: "/api/v1/imports?province=\(place.province)", headers: headers)
        case "POST /api/v1/imports/{id}/undo":
            // A fresh run of the target's province for each attempt (it created nothing, so undoing it removes nothing).
            let province = rule.target == .s79 ? "79" : "01"
            let row = try await w.p.database.sql.raw("""
                INSERT INTO registry_import_runs (kind, province_code, file_name, file_sha256, actor, started_at, rows, created, updated,
                                                  unchanged, certifications, queued, rejected, state)
                VALUES ('subjects', \(bind: province), 'matrix.csv', 'abc', 'admin', '2026-01-01T00:00:00Z', 0, 0, 0, 0, 0, 0, 0, 'done') RETURNING id
                """).first()
            let id = try row?.decode(column: "id", as: Int64.self) ?? 0
            return Call(method: "POST", path: "/api/v1/imports/\(id)/undo", headers: headers)
        case "POST /api/v1/imports/subjects":
            headers["Content-Type"] = "text/csv; charset=utf-8"
            let csv = "registration_number,name,legal_form,commune_code\r\n\(registration(place.province, n)),Cơ sở nhập \(n),ho_kinh_doanh,\(place.commune)\r\n"
            return Call(method: "POST", path: "/api/v1/imports/subjects?province=\(place.province)", body: Data(csv.utf8), headers: headers)
        case "POST /api/v1/imports/products":
            headers["Content-Type"] = "text/csv; charset=utf-8"
            let csv = "subject_registration_number,name,product_set,status\r\n\(place.subject.registration),Sản phẩm nhập \(n),21,draft\r\n"
            return Call(method: "POST", path: "/api/v1/imports/products?province=\(place.province)", body: Data(csv.utf8), headers: headers)
        case "POST /api/v1/auth/tokens":
            let credentials = rule.target == .goodPassword
                ? ["username": "signin.hn", "password": Platform.password] : ["username": "officer.hcm", "password": "wrong password!"]
            return Call(method: "POST", path: "/api/v1/auth/tokens", body: json(credentials), headers: headers, alsoSelf: ["signin.hn"])
        case "PUT /api/v1/me/password":
            return Call(method: "PUT", path: "/api/v1/me/password",
                        body: json(["current_password": "not the password!", "new_password": "another long password"]), headers: headers)
        case "DELETE /api/v1/auth/tokens/current":
            // A token of its own, so the caller's main token keeps working.
            if let username = w.usernames[caller] {
                headers = Platform.bearer(try await w.p.accounts.issueToken(username: username, name: "matrix \(n)").token)
            }
            return Call(method: "DELETE", path: "/api/v1/auth/tokens/current", headers: headers)
        case "GET /api/v1/users":
            return Call(method: "GET", path: "/api/v1/users?province=\(place.province)&limit=500", headers: headers)
        case "POST /api/v1/users":
            let body: [String: Any] = rule.target == .probe
                ? ["username": "probe.\(n)", "password": Platform.password, "role": "producer", "subject_id": place.subject.id,
                   "province_code": "01", "commune_code": "00577"]
                : ["username": "new.\(n)", "password": Platform.password, "role": "council_member", "province_code": place.province]
            return Call(method: "POST", path: "/api/v1/users", body: json(body), headers: headers)
        case "GET /api/v1/users/{id}":
            return Call(method: "GET", path: "/api/v1/users/\(w.users[rule.target] ?? 0)", headers: headers)
        case "PATCH /api/v1/users/{id}":
            return Call(method: "PATCH", path: "/api/v1/users/\(w.users[rule.target] ?? 0)", body: json(["active": true]), headers: headers)
        case "GET /api/v1/audit":
            let filter = rule.target == .foreign ? "?entity=subject&entity_id=\(w.subject(.s79).id)&limit=500" : "?limit=500"
            return Call(method: "GET", path: "/api/v1/audit\(filter)", headers: headers)
        default:
            Issue.record("the matrix has a row for \(rule.endpoint) but does not know how to call it")
            return Call(method: rule.method, path: "/", headers: headers)
        }
    }

    // MARK: checks

    /// Everything that may change, as text: any difference after a refused request is a failed write.
    /// One query (it runs twice per write cell).
    static func fingerprint(_ p: Platform) async throws -> [String] {
        let postgres = p.database.engine == .postgresql
        /// Every row of `table` as `a:b:c`, in `order`, joined by commas.
        func rows(_ table: String, _ columns: [String], order: String) -> String {
            let row = columns.map { "COALESCE(CAST(\($0) AS TEXT), '-')" }.joined(separator: " || ':' || ")
            return postgres ? "(SELECT string_agg(\(row), ',' ORDER BY \(order)) FROM \(table))"
                            : "(SELECT group_concat(x, ',') FROM (SELECT \(row) AS x FROM \(table) ORDER BY \(order)))"
        }
        let lists: [(String, String)] = [
            ("registry_subjects", rows("registry_subjects", ["id", "version", "updated_at"], order: "id")),
            ("registry_products", rows("registry_products", ["id", "version", "updated_at", "status", "current_stars"], order: "id")),
        ] + ratingFingerprintLists(rows)
        let counts: [(String, String)] = [
            ("sh", "registry_subject_history"), ("ph", "registry_product_history"), ("c", "registry_certifications"),
            ("f", "registry_product_photos"), ("u", "accounts_users"), ("t", "accounts_tokens"), ("a", "audit_log"),
            ("lt", "accounts_tokens WHERE revoked_at IS NULL"),
        ] + ratingFingerprintCounts
        let select = (lists.enumerated().map { "\($0.element.1) AS l\($0.offset)" }
            + counts.map { "(SELECT COUNT(*) FROM \($0.1)) AS \($0.0)" }).joined(separator: ", ")
        let row = try #require(try await p.database.sql.raw("SELECT \(unsafeRaw: select)").first())
        var out: [String] = []
        for (index, list) in lists.enumerated() { out.append("\(list.0): \(try row.decode(column: "l\(index)", as: String?.self) ?? "")") }
        for (column, table) in counts { out.append("\(table): \(try row.decode(column: column, as: Int.self))") }
        return out
    }

    /// Subjects that have an active product (the published ones), now.
    static func published(_ p: Platform) async throws -> Set<Int64> {
        Set(try await p.database.sql.select().distinct().column("subject_id").from("registry_products").where("status", .equal, "active").all()
            .map { try $0.decode(column: "subject_id", as: Int64.self) })
    }

    /// No response may carry what the caller may not see.
    static func checkLeaks(_ reply: Reply, _ rule: Rule, _ caller: Caller, _ call: Call, _ w: World,
                           published: Set<Int64>) {
        let cell = "\(rule.endpoint) [\(rule.target)] as \(caller)"
        let text = reply.text
        for s in w.subjects where !w.seesFully(caller, s) {
            #expect(!text.contains(s.secret), "\(cell): private facts of \(s.token) leaked: \(reply.summary)")
            if !s.published { #expect(!text.contains(s.token), "\(cell): unpublished subject \(s.token) leaked: \(reply.summary)") }
        }
        for product in w.products where !product.active && !w.seesFully(caller, product) {
            #expect(!text.contains(product.token), "\(cell): draft product \(product.token) leaked: \(reply.summary)")
        }
        if caller != .admin {
            for username in w.foreignUsernames {
                #expect(!text.contains(username), "\(cell): account \(username) of province 79 leaked: \(reply.summary)")
            }
            // Where the hidden 79 subject is (its commune is named in no request).
            #expect(!containsCode(text, w.subject(.s79hidden).commune), "\(cell): the hidden subject's commune leaked: \(reply.summary)")
        }

        guard let value = reply.value else { return }
        let me = w.usernames[caller]
        func walk(_ value: Any) {
            if let array = value as? [Any] {
                array.forEach(walk)
                return
            }
            guard let object = value as? [String: Any] else { return }
            let province = object["province_code"] as? String
            let commune = object["commune_code"] as? String
            if object["registration_number"] != nil, object["legal_form"] != nil, let id = (object["id"] as? Int).map(Int64.init) {
                // A subject.
                if !w.seesFully(caller, province: province, commune: commune, subject: id) {
                    #expect(published.contains(id), "\(cell): unpublished subject \(id) shown: \(reply.summary)")
                    for field in privateSubjectFields where object[field] != nil {
                        #expect(Bool(false), "\(cell): subject \(id) of \(province ?? "?") shows '\(field)': \(reply.summary)")
                    }
                }
            } else if object["product_set"] != nil, let subject = (object["subject_id"] as? Int).map(Int64.init) {
                // A product.
                if !w.seesFully(caller, province: province, commune: commune, subject: subject) {
                    #expect(object["status"] as? String == "active", "\(cell): a non-active product shown: \(reply.summary)")
                    for field in privateProductFields where object[field] != nil {
                        #expect(Bool(false), "\(cell): product of \(province ?? "?") shows '\(field)': \(reply.summary)")
                    }
                }
            } else if let username = object["username"] as? String, object["role"] != nil {
                // An account.
                let visible = caller == .admin || username == me || call.alsoSelf.contains(username)
                    || (caller == .officer && province == "01")
                #expect(visible, "\(cell): account '\(username)' of \(province ?? "no province") shown: \(reply.summary)")
            } else if object["action"] != nil, object["entity_id"] != nil {
                // An audit entry.
                let visible = caller == .admin || (caller == .officer && province == "01")
                #expect(visible, "\(cell): audit entry of \(province ?? "no province") shown: \(reply.summary)")
            }
            checkRatingObject(object, caller, call, w, cell: cell, reply)
            object.values.forEach(walk)
        }
        walk(value)
    }

    /// `code` as a whole token (not inside a longer run of letters and digits such as a hash).
    static func containsCode(_ text: String, _ code: String) -> Bool {
        let bytes = Array(text.utf8), needle = Array(code.utf8)
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start..<(start + needle.count)].elementsEqual(needle) {
            let before = start == 0 ? nil : bytes[start - 1]
            let after = start + needle.count < bytes.count ? bytes[start + needle.count] : nil
            if !(before.map(isAlphanumeric) ?? false) && !(after.map(isAlphanumeric) ?? false) { return true }
        }
        return false
    }

    /// Lists and exports show exactly the seeded records the caller may see: all of its own
    /// area, the published ones of other areas.
    static func checkListing(_ reply: Reply, _ rule: Rule, _ caller: Caller, _ w: World) {
        let cell = "\(rule.endpoint) [\(rule.target)] as \(caller)"
        let province = [.foreign, .foreignJSON].contains(rule.target) ? "79" : "01"
        if rule.endpoint.hasSuffix("/subjects") {
            for s in w.subjects where s.province == province {
                let shown = s.published || w.seesFully(caller, s)
                #expect(reply.text.contains(s.token) == shown, "\(cell): \(s.token) should \(shown ? "" : "not ")be listed")
            }
        } else {
            for product in w.products where product.province == province {
                let shown = product.active || w.seesFully(caller, product)
                #expect(reply.text.contains(product.token) == shown, "\(cell): \(product.token) should \(shown ? "" : "not ")be listed")
            }
        }
    }

    static func checkView(_ reply: Reply, _ expect: Expect, cell: String) {
        switch expect.view {
        case .any: break
        case .full:
            #expect(reply.object["version"] != nil, "\(cell): expected the full record: \(reply.summary)")
        case .published:
            #expect(reply.object["id"] != nil && reply.object["version"] == nil, "\(cell): expected the published view: \(reply.summary)")
            for field in privateSubjectFields where reply.object[field] != nil {
                #expect(Bool(false), "\(cell): the published view shows '\(field)'")
            }
        }
    }

    // MARK: the walk

    /// Registered endpoints of the plugins under test that the policy has no row for.
    static func uncovered(_ registry: Registry) -> [String] {
        let covered = Set(policy.map(\.key))
        return registry.endpoints.filter { endpointsUnderTest.contains($0.plugin) }
            .map { "\($0.endpoint.method.rawValue) \($0.endpoint.path)" }
            .filter { !covered.contains(normalise($0)) }
    }

    /// The table itself must not grant what the programme forbids, whatever the code does.
    static func checkPolicyTable() {
        var seen = Set<String>()
        for rule in policy {
            #expect(seen.insert("\(rule.key) \(rule.target)").inserted, "duplicate row \(rule.endpoint) [\(rule.target)]")
            #expect(Set(rule.expect.keys) == Set(Caller.allCases))
            let write = rule.method != "GET"
            if write, rule.endpoint != "POST /api/v1/auth/tokens" {
                #expect(rule.expect[.anonymous]?.statuses == [401], "anonymous writes: \(rule.endpoint)")
            }
            if write, rule.target.isForeign {
                for caller in Caller.allCases where caller != .admin {
                    #expect(rule.expect[caller]?.allowsSuccess == false, "\(caller) may write into province 79: \(rule.endpoint)")
                }
            }
            if write, rule.endpoint != "POST /api/v1/auth/tokens", rule.endpoint != "DELETE /api/v1/auth/tokens/current",
               !seatWork.contains(rule.endpoint) {
                #expect(rule.expect[.council]?.allowsSuccess == false, "council members only read (and do their seat's work): \(rule.endpoint)")
            }
            if rule.endpoint.contains(" /api/v1/rating/") {
                // docs/rating.md, "Who sees what": the public reads decided stars, decisions and criteria sets only;
                // producers never read the chain, the sheets or the consistency.
                if rule.expect[.anonymous]?.allowsSuccess == true {
                    #expect(publicRating.contains(rule.endpoint), "anonymous reads \(rule.endpoint)")
                }
                if ["history", "sheets", "consistency", "sheet"].contains(where: { rule.endpoint.hasSuffix("/{id}/\($0)") }) {
                    #expect(rule.expect[.producer]?.allowsSuccess == false, "a producer reads \(rule.endpoint)")
                }
            }
        }
    }

    /// What a council member writes: their own sheet, their own conflicts of interest.
    static let seatWork: Set<String> = ["PUT /api/v1/rating/dossiers/{id}/sheet", "POST /api/v1/rating/dossiers/{id}/sheet/submit",
                                        "POST /api/v1/rating/rounds/{id}/conflicts"]
    /// What anyone may read of rating.
    static let publicRating: Set<String> = ["GET /api/v1/rating/criteria-sets", "GET /api/v1/rating/criteria-sets/{act}/{code}",
                                            "GET /api/v1/rating/results", "GET /api/v1/rating/decisions/{id}"]

    static func run(_ p: Platform, _ host: TestHost) async throws {
        let missing = uncovered(p.registry)
        #expect(missing.isEmpty, "endpoints without a row in RoleMatrix.policy: \(missing)")
        let registered = Set(p.registry.endpoints.filter { endpointsUnderTest.contains($0.plugin) }.map { key($0.endpoint) })
        #expect(registered.count >= 17 + 35, "the accounts, registry and rating plugins are loaded")

        var w = try await seed(p)
        let (rating, accounts79) = try await seedRating(p, host, w)
        w.rating = rating
        w.foreignUsernames += accounts79
        let world = w
        var n = 0
        var cells = 0
        for rule in policy where registered.contains(rule.key) {
            if rule.method == "GET", !rule.endpoint.contains("/exports/") {
                // Reads change nothing: a row's callers go at once (exports are bounded by the server's limit).
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for caller in Caller.allCases {
                        n += 1
                        let number = n
                        group.addTask { try await walk(rule, caller, world, n: number) }
                    }
                    try await group.waitForAll()
                }
            } else {
                for caller in Caller.allCases {
                    n += 1
                    try await walk(rule, caller, world, n: n)
                }
            }
            cells += Caller.allCases.count
        }
        #expect(cells >= 6 * 40, "the walk covered \(cells) cells")
        // The callers' own tokens survived the walk (only throwaway tokens were revoked).
        for caller in Caller.allCases where caller != .anonymous {
            #expect(try await p.get("/api/v1/me", as: w.headers[caller]!).status == 200, "\(caller) is still signed in")
        }
    }

    /// One cell: the request, its status against the policy, what the reply shows, and (for a
    /// refused write) that nothing changed.
    static func walk(_ rule: Rule, _ caller: Caller, _ w: World, n: Int) async throws {
        let p = w.p
        let expect = rule.expect[caller]!
        let cell = "\(rule.endpoint) [\(rule.target)] as \(caller)"
        let request = try await call(rule, caller, w, n: n)
        let before = request.method == "GET" ? nil : try await fingerprint(p)
        let reply = try await p.client.send(request.method, request.path, body: request.body, headers: request.headers)
        #expect(expect.statuses.contains(reply.status), "\(cell): expected \(expect), got \(reply.summary)")
        checkView(reply, expect, cell: cell)
        // Only subjects need the published set (it is re-read per cell: a write may publish one).
        let published = reply.text.contains("\"registration_number\"") ? try await published(p) : []
        checkLeaks(reply, rule, caller, request, w, published: published)
        if reply.status == 200, rule.method == "GET",
           ["/api/v1/subjects", "/api/v1/products", "/api/v1/exports/subjects", "/api/v1/exports/products"].contains(request.path.split(separator: "?").first.map(String.init) ?? "") {
            checkListing(reply, rule, caller, w)
        }
        checkRatingReply(reply, rule, caller, w)
        if let before, !(200..<300).contains(reply.status) {
            #expect(try await fingerprint(p) == before, "\(cell): a refused request (\(reply.status)) changed the database")
        }
        if rule.endpoint == "DELETE /api/v1/auth/tokens/current", reply.status == 204 {
            #expect(try await p.get("/api/v1/me", as: request.headers).status == 401, "\(cell): the token still works")
        }
    }
}

@Suite struct RoleMatrixTests {
    @Test func everyRegisteredEndpointHasARow() throws {
        let registry = try Platform.loadCore(photos: FileManager.default.temporaryDirectory.appendingPathComponent("unused"))
        let uncovered = RoleMatrix.uncovered(registry)
        #expect(uncovered.isEmpty, "endpoints without a row in RoleMatrix.policy: \(uncovered)")
        let rows = Set(RoleMatrix.policy.map(\.key))
        for expected in ["GET /api/v1/subjects/{}", "PATCH /api/v1/products/{}", "GET /api/v1/audit", "POST /api/v1/users",
                         "PUT /api/v1/rating/dossiers/{}/sheet", "GET /api/v1/rating/rounds/{}/results"] {
            #expect(rows.contains(expected))
        }
    }

    @Test func thePolicyTableIsConsistent() { RoleMatrix.checkPolicyTable() }

    @Test func leakMarkersMatchWholeCodesOnly() {
        #expect(RoleMatrix.containsCode("differs from the subject's commune '25750'", "25750"))
        #expect(RoleMatrix.containsCode("25750", "25750"))
        #expect(RoleMatrix.containsCode(#"{"commune_code":"25750"}"#, "25750"))
        #expect(!RoleMatrix.containsCode("sha256 9f25750ab3", "25750"))
        #expect(!RoleMatrix.containsCode("0102575014", "25750"))
    }

    @Test func roleMatrixSQLite() async throws { try await Platform.withCore(.sqlite, RoleMatrix.run) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct RoleMatrixPostgreSQLTests {
    @Test func roleMatrix() async throws { try await Platform.withCore(.postgresql, RoleMatrix.run) }
}
