import Foundation
import Hummingbird
import Logging
import OCOPPluginKit
import OCOPServer
import OCOPStorage
import OCOPTestSupport
import Testing

struct EchoPlugin: Plugin {
    static let manifest = PluginManifest(id: "test.echo", version: "9.9.9", summary: "echo")
    init(config: NoConfig) {}

    struct Message: Codable { var text: String; var count: Int }

    func register(with registrar: Registrar) throws {
        try registrar.add(Endpoint(.post, "/api/v1/echo", access: .anyone, summary: "echo") { request in
            let message = try request.decode(Message.self)
            return try .json(message, status: 201)
        })
        try registrar.add(Endpoint(.get, "/api/v1/echo/{word}", access: .anyone, summary: "echo a word") { request in
            try .json(["word": try request.parameter("word"), "q": request.query("q") ?? ""])
        })
        try registrar.add(Endpoint(.get, "/api/v1/crash", access: .anyone, summary: "fails") { _ in
            struct Unexpected: Error {}
            throw Unexpected()
        })
        try registrar.add(Endpoint(.get, "/api/v1/officers-only", access: .roles([.provinceOfficer]), summary: "officers") { request in
            try .json(["province": request.principal?.provinceCode ?? ""])
        })
    }
}


func withServer(_ body: @escaping @Sendable (LiveServer.Client) async throws -> Void) async throws {
    let registry = try Registry.load(available: [PluginFactory(EchoPlugin.self), PluginFactory(HeaderAuthPlugin.self)],
                                     enabled: [("test.echo", "plugins.test.echo", EmptyConfig()), ("test.header-auth", "p", EmptyConfig())])
    try await TestDatabase.with(.sqlite) { database in
        let context = PluginContext(database: database, services: registry.directory, events: registry.events, logger: Logger(label: "t"))
        let router = HTTPServer.router(registry: registry, context: context, settings: ServerSettings(maxBodyBytes: 4096),
                                       identity: .init(version: "1.2.3", plugins: registry.plugins), metrics: nil)
        try await LiveServer.run(router, body)
    }
}

@Suite struct ServerTests {
    @Test func healthReportsEngineAndPlugins() async throws {
        try await withServer { client in
            let reply = try await client.get("/health")
            #expect(reply.status == 200)
            let json = try reply.json()
            #expect(json["status"] as? String == "ok")
            #expect(json["version"] as? String == "1.2.3")
            #expect((json["database"] as? [String: Any])?["engine"] as? String == "sqlite")
            let plugins = json["plugins"] as? [[String: Any]]
            #expect(plugins?.first?["id"] as? String == "test.echo")
            #expect(plugins?.first?["version"] as? String == "9.9.9")
            #expect(plugins?.count == 2)
            #expect(reply.headers["x-request-id"]?.isEmpty == false)
        }
    }

    @Test func routesParametersQueryAndBody() async throws {
        try await withServer { client in
            let word = try await client.get("/api/v1/echo/B%C3%A1t%20Tr%C3%A0ng?q=g%E1%BB%91m")
            #expect(word.status == 200)
            #expect(try word.json()["word"] as? String == "Bát Tràng")
            #expect(try word.json()["q"] as? String == "gốm")
            let echo = try await client.post("/api/v1/echo", json: #"{"text":"xin chào","count":2}"#)
            #expect(echo.status == 201)
            #expect(try echo.json()["text"] as? String == "xin chào")
        }
    }

    @Test func badInputGetsProblemDocumentsWithFieldPaths() async throws {
        try await withServer { client in
            let malformed = try await client.post("/api/v1/echo", json: "{not json")
            #expect(malformed.status == 400)
            #expect(malformed.headers["content-type"] == "application/problem+json")
            #expect(try malformed.json()["title"] as? String == "Invalid JSON")

            let wrongType = try await client.post("/api/v1/echo", json: #"{"text":"a","count":"two"}"#)
            #expect(wrongType.status == 422)
            let errors = try wrongType.json()["errors"] as? [[String: Any]]
            #expect(errors?.first?["path"] as? String == "/count")
            #expect(errors?.first?["message"] as? String == "expected integer")

            let missing = try await client.post("/api/v1/echo", json: #"{"text":"a"}"#)
            #expect(((try missing.json()["errors"] as? [[String: Any]])?.first?["path"] as? String) == "/count")

            let tooLarge = try await client.post("/api/v1/echo", json: #"{"text":""# + String(repeating: "x", count: 5000) + #"","count":1}"#)
            #expect(tooLarge.status == 413)
            #expect(try tooLarge.json()["title"] as? String == "Content Too Large")
        }
    }

    @Test func unknownRoutesAndFailuresNeverCrash() async throws {
        try await withServer { client in
            let notFound = try await client.get("/api/v1/nothing-here")
            #expect(notFound.status == 404)
            #expect(notFound.headers["content-type"] == "application/problem+json")
            let crash = try await client.get("/api/v1/crash")
            #expect(crash.status == 500)
            let detail = try crash.json()["detail"] as? String
            #expect(detail?.contains(crash.headers["x-request-id"] ?? "missing") == true)
            // Still serving after the failure.
            #expect(try await client.get("/health").status == 200)
        }
    }

    @Test func accessIsEnforcedBeforeHandlers() async throws {
        try await withServer { client in
            #expect(try await client.get("/api/v1/officers-only").status == 401)
            #expect(try await client.get("/api/v1/officers-only", headers: ["Authorization": "Test producer 01"]).status == 403)
            #expect(try await client.get("/api/v1/officers-only", headers: ["Authorization": "garbage"]).status == 401)
            let ok = try await client.get("/api/v1/officers-only", headers: ["Authorization": "Test province_officer 01"])
            #expect(ok.status == 200)
            #expect(try ok.json()["province"] as? String == "01")
        }
    }
}
