import Foundation
import OCOPAccounts
import OCOPPluginKit
import OCOPStorage
import OCOPTestSupport
import Testing

/// `/api/v1/users` and `/api/v1/audit` as each role sees them.
enum UserEndpointChecks {
    struct Cast {
        var admin: String
        var hanoi: String
        var hcm: String
        var producer: String
        var hcmCommuneOfficer: User
        var hanoiCouncil: User
    }

    /// An admin (signed in), province officers of Hà Nội and Hồ Chí Minh City created over
    /// HTTP, and accounts of both provinces.
    static func cast(_ s: Served) async throws -> Cast {
        try await s.accounts.user("admin", .nationalAdmin)
        let admin = try await s.signIn("admin")
        for (username, province) in [("officer.hn", "01"), ("officer.hcm", "79")] {
            let reply = try await s.client.post("/api/v1/users", json: """
                {"username":"\(username)","password":"\(Accounts.password)","role":"province_officer","province_code":"\(province)"}
                """, headers: Served.bearer(admin))
            #expect(reply.status == 201, "\(reply.text)")
        }
        let commune = try await s.accounts.user("commune.hcm", .communeOfficer, commune: "25747")
        let council = try await s.accounts.user("hoi.dong", .councilMember, province: "01", name: "Nguyễn Văn An")
        try await s.accounts.user("producer.hn", .producer, province: "01", subject: 12)
        return Cast(admin: admin, hanoi: try await s.signIn("officer.hn"), hcm: try await s.signIn("officer.hcm"),
                    producer: try await s.signIn("producer.hn"), hcmCommuneOfficer: commune, hanoiCouncil: council)
    }

    static func officersSeeOnlyTheirProvince(_ s: Served) async throws {
        let cast = try await cast(s)
        let all = try await s.client.get("/api/v1/users", headers: Served.bearer(cast.admin))
        #expect(try all.json()["total"] as? Int == 6)

        let hanoi = try await s.client.get("/api/v1/users", headers: Served.bearer(cast.hanoi))
        #expect(hanoi.status == 200)
        #expect(Set(hanoi.items.compactMap { $0["username"] as? String }) == ["officer.hn", "hoi.dong", "producer.hn"])
        #expect(hanoi.items.allSatisfy { $0["province_code"] as? String == "01" })
        #expect(!hanoi.text.contains("password"))
        let asking = try await s.client.get("/api/v1/users?province=79", headers: Served.bearer(cast.hanoi))
        #expect(try asking.json()["total"] as? Int == 0)

        let search = try await s.client.get("/api/v1/users?q=nguyen%20van", headers: Served.bearer(cast.hanoi))
        #expect(search.items.map { $0["username"] as? String } == ["hoi.dong"])
        let byRole = try await s.client.get("/api/v1/users?role=producer", headers: Served.bearer(cast.admin))
        #expect(byRole.items.map { $0["username"] as? String } == ["producer.hn"])
        let paged = try await s.client.get("/api/v1/users?limit=2&offset=1", headers: Served.bearer(cast.admin))
        #expect(paged.items.count == 2)
        #expect(try paged.json()["total"] as? Int == 6)
        #expect(try await s.client.get("/api/v1/users?role=king", headers: Served.bearer(cast.admin)).status == 422)

        let foreign = try await s.client.get("/api/v1/users/\(cast.hcmCommuneOfficer.id)", headers: Served.bearer(cast.hanoi))
        #expect(foreign.status == 404)
        let missing = try await s.client.get("/api/v1/users/999999", headers: Served.bearer(cast.hanoi))
        #expect(try foreign.json()["detail"] as? String != nil)
        #expect(missing.status == 404)
        let own = try await s.client.get("/api/v1/users/\(cast.hanoiCouncil.id)", headers: Served.bearer(cast.hanoi))
        #expect(own.status == 200)
        #expect(try own.json()["display_name"] as? String == "Nguyễn Văn An")
        let adminView = try await s.client.get("/api/v1/users/\(cast.hcmCommuneOfficer.id)", headers: Served.bearer(cast.admin))
        #expect(try adminView.json()["commune_code"] as? String == "25747")

        #expect(try await s.client.get("/api/v1/users", headers: Served.bearer(cast.producer)).status == 403)
        #expect(try await s.client.get("/api/v1/users").status == 401)
    }

    static func officersCreateOnlyInTheirProvince(_ s: Served) async throws {
        let cast = try await cast(s)
        func create(_ json: String, as token: String) async throws -> LiveServer.Client.Reply {
            try await s.client.post("/api/v1/users", json: json, headers: Served.bearer(token))
        }
        let p = Accounts.password
        let peer = try await create(#"{"username":"officer.two","password":"\#(p)","role":"province_officer","province_code":"01"}"#, as: cast.hanoi)
        #expect(peer.status == 403)
        let foreignCouncil = try await create(#"{"username":"council.hcm","password":"\#(p)","role":"council_member","province_code":"79"}"#, as: cast.hanoi)
        #expect(foreignCouncil.status == 403)
        let foreignCommune = try await create(#"{"username":"commune.x","password":"\#(p)","role":"commune_officer","commune_code":"25747"}"#, as: cast.hanoi)
        #expect(foreignCommune.status == 403)
        let byProducer = try await create(#"{"username":"p.two","password":"\#(p)","role":"producer","subject_id":12,"province_code":"01"}"#, as: cast.producer)
        #expect(byProducer.status == 403)

        let commune = try await create(#"{"username":"commune.hn","password":"\#(p)","role":"commune_officer","commune_code":"00577"}"#, as: cast.hanoi)
        #expect(commune.status == 201, "\(commune.text)")
        #expect(try commune.json()["province_code"] as? String == "01")
        #expect(try commune.json()["active"] as? Bool == true)

        let invalid = try await create(#"{"username":"council.bad","password":"short","role":"council_member","province_code":"01"}"#, as: cast.hanoi)
        #expect(invalid.status == 422)
        #expect((try invalid.json()["errors"] as? [[String: Any]])?.compactMap { $0["path"] as? String } == ["/password"])
        let badRole = try await create(#"{"username":"x.y","password":"\#(p)","role":"mayor"}"#, as: cast.admin)
        #expect(badRole.status == 422)
        #expect((try badRole.json()["errors"] as? [[String: Any]])?.first?["path"] as? String == "/role")
        let taken = try await create(#"{"username":"Commune.HN","password":"\#(p)","role":"commune_officer","commune_code":"00577"}"#, as: cast.admin)
        #expect(taken.status == 409)
    }

    static func auditTrailIsScoped(_ s: Served) async throws {
        let cast = try await cast(s)
        let admin = Served.bearer(cast.admin)
        let created = try await s.client.get("/api/v1/audit?action=user.create", headers: admin)
        #expect(created.status == 200, "\(created.text)")
        #expect(try created.json()["total"] as? Int == 6)
        let viaHTTP = created.items.filter { ($0["summary"] as? String)?.contains("officer.hn") == true }
        #expect(viaHTTP.count == 1)
        #expect(viaHTTP.first?["actor_username"] as? String == "admin")
        #expect(viaHTTP.first?["actor_role"] as? String == "national_admin")
        #expect(viaHTTP.first?["province_code"] as? String == "01")

        let ids = created.items.compactMap { $0["id"] as? Int }
        #expect(ids == ids.sorted(by: >), "newest first")

        let issued = try await s.client.get("/api/v1/audit?action=token.issue", headers: admin)
        #expect(try issued.json()["total"] as? Int == 4)
        #expect(issued.items.contains { $0["actor_username"] as? String == "producer.hn" && $0["entity"] as? String == "token" })

        let one = try await s.client.get("/api/v1/audit?entity=user&entity_id=\(cast.hanoiCouncil.id)", headers: admin)
        #expect(one.items.map { $0["action"] as? String } == ["user.create"])

        let hanoi = try await s.client.get("/api/v1/audit", headers: Served.bearer(cast.hanoi))
        #expect(hanoi.status == 200)
        #expect(!hanoi.items.isEmpty)
        #expect(hanoi.items.allSatisfy { $0["province_code"] as? String == "01" })
        #expect(!hanoi.items.contains { ($0["summary"] as? String)?.contains("commune.hcm") == true })
        let hcm = try await s.client.get("/api/v1/audit?action=user.create", headers: Served.bearer(cast.hcm))
        #expect(Set(hcm.items.compactMap { $0["summary"] as? String }.map { $0.contains("hcm") }) == [true])

        let limited = try await s.client.get("/api/v1/audit?limit=1", headers: admin)
        #expect(limited.items.count == 1)
        #expect(try await s.client.get("/api/v1/audit?limit=0", headers: admin).status == 422)
        #expect(try await s.client.get("/api/v1/audit", headers: Served.bearer(cast.producer)).status == 403)
    }
}

@Suite struct UserEndpointSQLiteTests {
    @Test func officersSeeOnlyTheirProvince() async throws { try await Served.with(.sqlite, UserEndpointChecks.officersSeeOnlyTheirProvince) }
    @Test func officersCreateOnlyInTheirProvince() async throws { try await Served.with(.sqlite, UserEndpointChecks.officersCreateOnlyInTheirProvince) }
    @Test func auditTrailIsScoped() async throws { try await Served.with(.sqlite, UserEndpointChecks.auditTrailIsScoped) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct UserEndpointPostgreSQLTests {
    @Test func officersSeeOnlyTheirProvince() async throws { try await Served.with(.postgresql, UserEndpointChecks.officersSeeOnlyTheirProvince) }
    @Test func officersCreateOnlyInTheirProvince() async throws { try await Served.with(.postgresql, UserEndpointChecks.officersCreateOnlyInTheirProvince) }
    @Test func auditTrailIsScoped() async throws { try await Served.with(.postgresql, UserEndpointChecks.auditTrailIsScoped) }
}
