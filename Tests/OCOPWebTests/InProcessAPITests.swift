import Foundation
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// Forwards `?path=` in process with the caller's principal and answers what came back, so a
/// test can compare it with the same request over HTTP.
struct InProcessProbePlugin: Plugin {
    static let manifest = PluginManifest(id: "test.in-process", version: "0.1.0", summary: "in-process API probe (tests)")
    init(config: NoConfig) {}

    func register(with registrar: Registrar) throws {
        try registrar.add(Endpoint(.get, "/test/in-process", access: .anyone, summary: "probe") { request in
            let api = try #require(request.context.api)
            let reply = await api.call(APICall(.get, request.query("path") ?? "/", principal: request.principal))
            return EndpointResponse(status: reply.status, headers: reply.headers, body: reply.body)
        })
    }
}

/// The in-process API answers exactly what HTTP answers: same access check, same scoping, same problems.
enum InProcessChecks {
    static func sameAnswersAsHTTP(_ host: TestHost) async throws {
        let seed = try await Seed(host)
        let subject = try await seed.subject("01")
        let draft = try await seed.product(subject, "Bánh cốm", status: "draft")
        let callers: [(String, [String: String])] = [
            ("anonymous", [:]),
            ("producer", try await host.signIn(.producer, subject: subject)),
            ("officer 31", try await host.signIn(.provinceOfficer, province: "31")),
            ("officer 01", try await host.signIn(.provinceOfficer, province: "01")),
        ]
        let paths = ["/api/v1/users", "/api/v1/products/\(draft)", "/api/v1/products?q=banh%20com", "/api/v1/me", "/api/v1/nowhere",
                     "/api/v1/products/abc", "/api/v1/reports/statistics/by-stars"]
        var compared = 0
        for (name, headers) in callers {
            for path in paths {
                let http = try await host.client.get(path, headers: headers)
                let encoded = path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? path
                let local = try await host.client.get("/test/in-process?path=\(encoded)", headers: headers)
                #expect(local.status == http.status, "\(name) GET \(path): in process \(local.status), HTTP \(http.status)")
                if http.status >= 400 {
                    var a = try local.json(), b = try http.json()
                    a["instance"] = nil
                    b["instance"] = nil
                    #expect(NSDictionary(dictionary: a) == NSDictionary(dictionary: b), "\(name) GET \(path): \(local.text) vs \(http.text)")
                }
                compared += 1
            }
        }
        #expect(compared == callers.count * paths.count)
        // The cases the comparison must have covered.
        #expect(try await host.client.get("/test/in-process?path=%2Fapi%2Fv1%2Fusers").status == 401)
        #expect(try await host.client.get("/test/in-process?path=%2Fapi%2Fv1%2Fusers", headers: callers[1].1).status == 403)
        #expect(try await host.client.get("/test/in-process?path=%2Fapi%2Fv1%2Fproducts%2F\(draft)", headers: callers[2].1).status == 404)
        #expect(try await host.client.get("/test/in-process?path=%2Fapi%2Fv1%2Fproducts%2F\(draft)", headers: callers[3].1).status == 200)
    }
}

private func withProbe(_ engine: DatabaseEngine, _ body: @escaping @Sendable (TestHost) async throws -> Void) async throws {
    try await TestHost.run(engine, plugins: TestHost.withWeb + [PluginFactory(InProcessProbePlugin.self)], config: """
        plugins:
        \(TestHost.coreConfig)\(TestHost.promotionConfig)\(TestHost.webConfig())
          test.in-process: {}
        """, body)
}

@Suite struct InProcessAPITests {
    @Test func sqlite() async throws { try await withProbe(.sqlite, InProcessChecks.sameAnswersAsHTTP) }
    @Test(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
    func postgresql() async throws { try await withProbe(.postgresql, InProcessChecks.sameAnswersAsHTTP) }
}
