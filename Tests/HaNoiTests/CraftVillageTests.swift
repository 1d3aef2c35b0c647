import Foundation
import HaNoi
import Logging
import OCOPPluginKit
import OCOPServer
import OCOPStorage
import OCOPTestSupport
import Testing

struct HaNoiConfig: PluginConfigSource {
    var json: String
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: Data(json.utf8)) }
}

func withHaNoi(_ engine: DatabaseEngine, config: String = #"{"tourism_communes":["00577"]}"#,
               _ body: @escaping @Sendable (LiveServer.Client, Database) async throws -> Void) async throws {
    let registry = try Registry.load(
        available: [PluginFactory(HaNoiPlugin.self), PluginFactory(HeaderAuthPlugin.self)],
        enabled: [("vn.ha-noi", "plugins.vn.ha-noi", HaNoiConfig(json: config)), ("test.header-auth", "p", EmptyConfig())])
    try await TestDatabase.with(engine) { database in
        try await Migrator(database: database).migrate(registry.migrations)
        let context = PluginContext(database: database, services: registry.directory, events: registry.events, logger: Logger(label: "t"))
        await registry.events.publish(HostStarted(), context: context)
        let router = HTTPServer.router(registry: registry, context: context, settings: ServerSettings(),
                                       identity: .init(version: "t", plugins: registry.plugins), metrics: nil)
        try await LiveServer.run(router) { client in try await body(client, database) }
    }
}

enum CraftVillageChecks {
    static let officer = HeaderAuthPlugin.header(.provinceOfficer, province: "01")

    static func createListGet(_ client: LiveServer.Client, _ database: Database) async throws {
        let created = try await client.post("/api/v1/ha-noi/craft-villages", json: """
            {"name":"Làng gốm Bát Tràng","commune_code":"00577","craft":"Gốm sứ","recognised":true,"year_recognised":2005}
            """, headers: officer)
        #expect(created.status == 201, "\(created.text)")
        let id = try created.json()["id"] as? Int
        #expect(try created.json()["tourism_linked"] as? Bool == true)
        #expect(try created.json()["commune_name"] as? String == "Xã Bát Tràng")

        // NFD input is stored NFC and found without diacritics.
        let nfd = "Làng lụa Vạn Phúc".decomposedStringWithCanonicalMapping
        let silk = try await client.post("/api/v1/ha-noi/craft-villages", json: """
            {"name":"\(nfd)","commune_code":"09556","craft":"Dệt lụa","recognised":true}
            """, headers: officer)
        #expect(silk.status == 201)
        #expect(try silk.json()["name"] as? String == "Làng lụa Vạn Phúc")
        #expect(try silk.json()["tourism_linked"] as? Bool == false)

        let search = try await client.get("/api/v1/ha-noi/craft-villages?q=van%20phuc")
        let items = try search.json()["items"] as? [[String: Any]]
        #expect(items?.map { $0["name"] as? String } == ["Làng lụa Vạn Phúc"])
        #expect(try search.json()["total"] as? Int == 1)

        let all = try await client.get("/api/v1/ha-noi/craft-villages?limit=1")
        #expect(try all.json()["total"] as? Int == 2)
        #expect((try all.json()["items"] as? [[String: Any]])?.count == 1)

        let one = try await client.get("/api/v1/ha-noi/craft-villages/\(id ?? -1)")
        #expect(one.status == 200)
        #expect(try one.json()["year_recognised"] as? Int == 2005)
        #expect(try await client.get("/api/v1/ha-noi/craft-villages/999999").status == 404)
        #expect(try await client.get("/api/v1/ha-noi/craft-villages/abc").status == 404)
    }

    static func rejectsBadInputAndForeignRoles(_ client: LiveServer.Client, _ database: Database) async throws {
        let body = #"{"name":"Làng X","commune_code":"00577","craft":"Gốm","recognised":false}"#
        #expect(try await client.post("/api/v1/ha-noi/craft-villages", json: body).status == 401)
        #expect(try await client.post("/api/v1/ha-noi/craft-villages", json: body,
                                      headers: HeaderAuthPlugin.header(.provinceOfficer, province: "79")).status == 403)
        #expect(try await client.post("/api/v1/ha-noi/craft-villages", json: body,
                                      headers: HeaderAuthPlugin.header(.producer, province: "01")).status == 403)

        let wrongCommune = try await client.post("/api/v1/ha-noi/craft-villages", json: """
            {"name":"Làng Y","commune_code":"25747","craft":"Gốm","recognised":false}
            """, headers: officer)
        #expect(wrongCommune.status == 422)
        #expect((try wrongCommune.json()["errors"] as? [[String: Any]])?.first?["path"] as? String == "/commune_code")

        let sqlish = try await client.post("/api/v1/ha-noi/craft-villages", json: """
            {"name":"x'); DROP TABLE ha_noi_craft_villages; --","commune_code":"00577","craft":"Gốm","recognised":false}
            """, headers: officer)
        #expect(sqlish.status == 201)
        let long = try await client.post("/api/v1/ha-noi/craft-villages", json: """
            {"name":"\(String(repeating: "a", count: 201))","commune_code":"00577","craft":"Gốm","recognised":false}
            """, headers: officer)
        #expect(long.status == 422)
        let duplicate = try await client.post("/api/v1/ha-noi/craft-villages", json: """
            {"name":"X'); DROP TABLE HA_NOI_CRAFT_VILLAGES; --","commune_code":"00577","craft":"Gốm","recognised":false}
            """, headers: officer)
        #expect(duplicate.status == 409)
        let list = try await client.get("/api/v1/ha-noi/craft-villages")
        #expect(try list.json()["total"] as? Int == 1)
        let badFlag = try await client.get("/api/v1/ha-noi/craft-villages?recognised=maybe")
        #expect(badFlag.status == 422)
    }
}

@Suite struct HaNoiSQLiteTests {
    @Test func createListGet() async throws { try await withHaNoi(.sqlite, CraftVillageChecks.createListGet) }
    @Test func rejects() async throws { try await withHaNoi(.sqlite, CraftVillageChecks.rejectsBadInputAndForeignRoles) }

    @Test func demoVillagesAreMappedToCurrentCommunes() async throws {
        try await withHaNoi(.sqlite, config: #"{"demo_villages":true}"#) { client, _ in
            let list = try await client.get("/api/v1/ha-noi/craft-villages?q=bat%20trang")
            let item = (try list.json()["items"] as? [[String: Any]])?.first
            // Legacy Xã Bát Tràng (00583, Gia Lâm) is today's Xã Bát Tràng (00577).
            #expect(item?["commune_code"] as? String == "00577")
            #expect(try (await client.get("/api/v1/ha-noi/craft-villages")).json()["total"] as? Int == 5)
        }
    }

    @Test func configRejectsCommunesOutsideHaNoi() {
        #expect(throws: (any Error).self) {
            _ = try Registry.load(available: [PluginFactory(HaNoiPlugin.self)],
                                  enabled: [("vn.ha-noi", "p", HaNoiConfig(json: #"{"tourism_communes":["25747"]}"#))])
        }
    }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct HaNoiPostgreSQLTests {
    @Test func createListGet() async throws { try await withHaNoi(.postgresql, CraftVillageChecks.createListGet) }
    @Test func rejects() async throws { try await withHaNoi(.postgresql, CraftVillageChecks.rejectsBadInputAndForeignRoles) }
}
