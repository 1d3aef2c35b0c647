import Foundation
import Hummingbird
import Logging
import Metrics
import OCOPPluginKit
import OCOPServer
import OCOPStorage
import OCOPTestSupport
import Prometheus
import Testing

/// One Prometheus registry for the whole test process (the metrics system bootstraps once).
enum TestMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // As `ocop serve` does: dots become underscores.
        factory.nameAndLabelSanitizer = { name, labels in
            (String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" }),
             labels.map { (String($0.0.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" }), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    static func text() -> String { String(decoding: registry.emitToBuffer(), as: UTF8.self) }

    /// The request counter for one route and status (0 when absent).
    static func requests(route: String, status: Int, in text: String) -> Double {
        var total = 0.0
        for line in text.split(separator: "\n") where line.hasPrefix("hb_requests")
            && line.contains("http_route=\"\(route)\"") && line.contains("http_response_status_code=\"\(status)\"") {
            total += Double(line.split(separator: " ").last ?? "0") ?? 0
        }
        return total
    }

    /// Waits until the counter moved (it is bumped once the body is written, a moment after the client has it).
    static func awaitCount(route: String, status: Int, atLeast: Double) async throws -> Double {
        var value = requests(route: route, status: status, in: text())
        for _ in 0..<100 where value < atLeast {
            try await Task.sleep(for: .milliseconds(20))
            value = requests(route: route, status: status, in: text())
        }
        return value
    }
}

/// Routes only the metrics test calls, so tests running beside it do not move its counters.
struct MeteredPlugin: Plugin {
    static let manifest = PluginManifest(id: "test.metered", version: "1.0.0", summary: "metered")
    init(config: NoConfig) {}
    func register(with registrar: Registrar) throws {
        try registrar.add(Endpoint(.get, "/api/v1/metered/{id}", access: .anyone, summary: "a thrown 404") { request in
            throw Problem.notFound("No thing \(try request.parameter("id")).")
        })
        try registrar.add(Endpoint(.get, "/api/v1/metered-officers", access: .roles([.provinceOfficer]), summary: "403") { _ in
            .noContent()
        })
        try registrar.add(Endpoint(.get, "/api/v1/metered-crash", access: .anyone, summary: "500") { _ in
            struct Unexpected: Error {}
            throw Unexpected()
        })
    }
}

func withMeteredServer(_ body: @escaping @Sendable (LiveServer.Client) async throws -> Void) async throws {
    let registry = try Registry.load(available: [PluginFactory(MeteredPlugin.self), PluginFactory(HeaderAuthPlugin.self)],
                                     enabled: [("test.metered", "plugins.test.metered", EmptyConfig()), ("test.header-auth", "p", EmptyConfig())])
    let metrics = TestMetrics.registry
    try await TestDatabase.with(.sqlite) { database in
        let context = PluginContext(database: database, services: registry.directory, events: registry.events, logger: Logger(label: "t"))
        let router = HTTPServer.router(registry: registry, context: context, settings: ServerSettings(maxBodyBytes: 4096),
                                       identity: .init(version: "1.2.3", plugins: registry.plugins), metrics: metrics)
        try await LiveServer.run(router, body)
    }
}

func withTimedServer(idle: Int, body bodyTimeout: Int, _ body: @escaping @Sendable (LiveServer.Client, Int) async throws -> Void) async throws {
    let registry = try Registry.load(available: [PluginFactory(EchoPlugin.self), PluginFactory(HeaderAuthPlugin.self)],
                                     enabled: [("test.echo", "plugins.test.echo", EmptyConfig()), ("test.header-auth", "p", EmptyConfig())])
    try await TestDatabase.with(.sqlite) { database in
        let context = PluginContext(database: database, services: registry.directory, events: registry.events, logger: Logger(label: "t"))
        let settings = ServerSettings(host: "127.0.0.1", port: 0, maxBodyBytes: 4096, idleTimeoutSeconds: idle, bodyTimeoutSeconds: bodyTimeout)
        let router = HTTPServer.router(registry: registry, context: context, settings: settings,
                                       identity: .init(version: "1", plugins: registry.plugins), metrics: nil)
        try await LiveServer.run(router, settings: settings) { client in try await body(client, client.baseURL.port ?? 0) }
    }
}

@Suite(.serialized) struct HardeningServerTests {
    /// Finding 5: stalled clients are closed after the idle timeout, slow bodies get 408.
    @Test func stalledConnectionsAreClosed() async throws {
        try await withTimedServer(idle: 3, body: 2) { client, port in
            let started = Date()
            let partialHeaders = try RawConnection(port: port)
            try partialHeaders.send("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            let silent = try RawConnection(port: port)
            let first = partialHeaders.readUntilClosed(timeout: 10)
            #expect(first.closed, "a half-sent header is dropped")
            #expect(silent.readUntilClosed(timeout: 10).closed, "a connection that never speaks is dropped")
            #expect(Date().timeIntervalSince(started) < 9)

            // A body that stops half-way: 408 once the body timeout passes, even while bytes trickle in.
            let trickle = try RawConnection(port: port)
            try trickle.send("POST /api/v1/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\":")
            for _ in 0..<6 {
                try await Task.sleep(for: .milliseconds(500))
                try? trickle.send(" ")
            }
            let reply = trickle.readUntilClosed(timeout: 10)
            let text = String(decoding: reply.data, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 408"), "\(text)")
            #expect(text.contains("application/problem+json"), "\(text)")
            // The server still serves.
            #expect(try await client.get("/health").status == 200)
        }
    }

    /// Finding 6: a 4xx was counted as a 500 because metrics ran inside the problem renderer.
    @Test func metricsCountTheStatusTheClientGot() async throws {
        try await withMeteredServer { client in
            let missing = "/api/v1/metered/{id}", officers = "/api/v1/metered-officers", crash = "/api/v1/metered-crash"
            let before = TestMetrics.text()
            #expect(try await client.get("/api/v1/metered/7").status == 404)
            #expect(try await client.get(officers, headers: ["Authorization": "Test producer 01"]).status == 403)
            #expect(try await client.get(crash).status == 500)
            let crashes = try await TestMetrics.awaitCount(route: crash, status: 500, atLeast: TestMetrics.requests(route: crash, status: 500, in: before) + 1)
            #expect(crashes == TestMetrics.requests(route: crash, status: 500, in: before) + 1)
            let notFound = try await TestMetrics.awaitCount(route: missing, status: 404, atLeast: 1)
            let forbidden = try await TestMetrics.awaitCount(route: officers, status: 403, atLeast: 1)
            let after = TestMetrics.text()
            #expect(notFound == 1, "\(after)")
            #expect(forbidden == 1, "\(after)")
            #expect(TestMetrics.requests(route: missing, status: 500, in: after) == 0, "\(after)")
            #expect(TestMetrics.requests(route: officers, status: 500, in: after) == 0, "\(after)")
        }
    }

    /// Finding 12: an 80 KB URL was a 400 with an empty body; now a problem document.
    @Test func oversizedAndMalformedRequestsGetProblemDocuments() async throws {
        try await withTimedServer(idle: 5, body: 5) { client, port in
            let long = try RawConnection(port: port)
            try long.send("GET /api/v1/echo/x?q=\(String(repeating: "a", count: 90_000)) HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let reply = String(decoding: long.readUntilClosed(timeout: 10).data, as: UTF8.self)
            #expect(reply.hasPrefix("HTTP/1.1 431"), "\(reply.prefix(300))")
            #expect(reply.contains("application/problem+json"))
            #expect(reply.contains(#""status":431"#), "\(reply.prefix(600))")

            let garbage = try RawConnection(port: port)
            try garbage.send("GET /health HTTP/1.1\r\nHost: localhost\r\nBad Header Without Colon\r\n\r\n")
            let bad = String(decoding: garbage.readUntilClosed(timeout: 10).data, as: UTF8.self)
            #expect(bad.hasPrefix("HTTP/1.1 400"), "\(bad.prefix(300))")
            #expect(bad.contains(#""status":400"#), "\(bad.prefix(600))")
            #expect(try await client.get("/health").status == 200)
        }
    }

    /// Finding 4: a very long `q` is refused for every endpoint, plugins' own included.
    @Test func longSearchesAreRefusedEverywhere() async throws {
        try await withServer { client in
            let long = try await client.get("/api/v1/echo/word?q=\(String(repeating: "a", count: 201))")
            #expect(long.status == 422, "\(long.text)")
            #expect(long.headers["content-type"] == "application/problem+json")
            #expect(long.text.contains("/q"))
            #expect(try await client.get("/api/v1/echo/word?q=%1B%5B31m").status == 422)
            let fine = try await client.get("/api/v1/echo/word?q=\(String(repeating: "a", count: 200))")
            #expect(fine.status == 200)
        }
    }

    /// Finding 12: TRACE and wrong methods on existing paths are 405 with `Allow`, not 404.
    @Test func wrongMethodsAre405WithAllow() async throws {
        try await withServer { client in
            let trace = try await client.send("TRACE", "/api/v1/echo/word")
            #expect(trace.status == 405)
            #expect(trace.headers["content-type"] == "application/problem+json")
            let delete = try await client.send("DELETE", "/api/v1/echo/word")
            #expect(delete.status == 405)
            #expect(delete.headers["allow"] == "GET, HEAD", "\(delete.headers)")
            let put = try await client.send("PUT", "/health")
            #expect(put.status == 405)
            #expect(try await client.send("HEAD", "/health").status == 200)
            #expect(try await client.get("/api/v1/nothing").status == 404)
        }
    }
}
