import Foundation
import Hummingbird
import Logging
import NIOCore
import OCOPPluginKit
import Prometheus
import ServiceLifecycle

/// Builds the platform's HTTP application: `/health`, `/metrics`, and every endpoint the
/// loaded plugins contributed, behind one access check and one error format.
public enum HTTPServer {
    /// What `/health` reports beyond the database check.
    public struct Identity: Sendable {
        public var version: String
        public var plugins: [PluginManifest]
        public init(version: String, plugins: [PluginManifest]) {
            self.version = version
            self.plugins = plugins
        }
    }

    public static func router(
        registry: Registry,
        context: PluginContext,
        settings: ServerSettings,
        identity: Identity,
        metrics: PrometheusCollectorRegistry?,
        openAPI: String? = nil
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        // Metrics outermost, so they count the status the client gets (a thrown 404 `Problem`
        // is a 404 once ProblemMiddleware has rendered it, not an unknown error = 500).
        router.middlewares.add(MetricsMiddleware())
        router.middlewares.add(ProblemMiddleware())
        var routes: [(path: String, method: String)] = [("/health", "GET")]
        if metrics != nil { routes.append(("/metrics", "GET")) }
        if openAPI != nil { routes.append(("/openapi.yaml", "GET")) }
        for entry in registry.endpoints {
            routes.append((EndpointAdapter.routerPath(entry.endpoint.path), entry.endpoint.method.rawValue))
        }
        router.middlewares.add(MethodMiddleware(routes: routes))

        let started = Date()
        router.get("/health") { _, _ -> Response in
            let healthy: Bool
            do {
                try await context.database.sql.raw("SELECT 1").run()
                healthy = true
            } catch {
                context.logger.error("health check: database unreachable", metadata: ["error": "\(error)"])
                healthy = false
            }
            let body = Health(
                status: healthy ? "ok" : "degraded",
                version: identity.version,
                uptimeSeconds: Int(Date().timeIntervalSince(started)),
                database: .init(engine: context.database.engine.rawValue, ok: healthy),
                plugins: identity.plugins.map { .init(id: $0.id.rawValue, version: $0.version) }
            )
            return try Response(EndpointResponse.json(body, status: healthy ? 200 : 503))
        }
        if let metrics {
            router.get("/metrics") { _, _ -> Response in
                Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                         body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
            }
        }
        if let openAPI {
            let body = ByteBuffer(string: openAPI)
            router.get("/openapi.yaml") { _, _ -> Response in
                Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: body))
            }
        }
        let authenticator = context.services.resolve((any Authenticator).self)
        // Endpoints (pages among them) can call every other endpoint in process, as a principal.
        let api = InProcessDispatcher(endpoints: registry.endpoints.map(\.endpoint), maxBodyBytes: settings.maxBodyBytes)
        var context = context
        context.api = api
        api.bind(context)
        for entry in registry.endpoints {
            let adapter = EndpointAdapter(endpoint: entry.endpoint, context: context,
                                          authenticator: authenticator, maxBodyBytes: settings.maxBodyBytes,
                                          bodyTimeout: .seconds(settings.bodyTimeoutSeconds))
            guard let method = HTTPRequest.Method(entry.endpoint.method.rawValue) else { continue }
            router.on(RouterPath(adapter.routerPath), method: method) { request, requestContext in
                try await adapter.respond(to: request, context: requestContext)
            }
        }
        return router
    }

    /// Builds the application; run it with `runService()` for signal handling.
    public static func application(
        router: Router<BasicRequestContext>,
        settings: ServerSettings,
        logger: Logger,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [
                                                    ParseErrorHandler(),
                                                    WriteStallHandler(timeout: .seconds(Int64(settings.idleTimeoutSeconds))),
                                                ],
                                                idleTimeout: .seconds(Int64(settings.idleTimeoutSeconds)))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "ocop"),
            onServerRunning: onServerRunning,
            logger: logger
        )
    }

    /// Runs `application` until SIGTERM or SIGINT; requests in progress then get
    /// `shutdownGraceSeconds` to finish before they are cancelled and the call returns.
    public static func serve(_ application: some ApplicationProtocol & Service, settings: ServerSettings, logger: Logger) async throws {
        var configuration = ServiceGroupConfiguration(services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(settings.shutdownGraceSeconds)
        try await ServiceGroup(configuration: configuration).run()
    }
}

struct Health: Codable {
    struct DatabaseHealth: Codable {
        var engine: String
        var ok: Bool
    }
    struct PluginInfo: Codable {
        var id: String
        var version: String
    }
    var status: String
    var version: String
    var uptimeSeconds: Int
    var database: DatabaseHealth
    var plugins: [PluginInfo]

    enum CodingKeys: String, CodingKey {
        case status, version, database, plugins
        case uptimeSeconds = "uptime_seconds"
    }
}

extension Response {
    init(_ response: EndpointResponse) {
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let name = HTTPFields.Element.Name(name) { fields.append(HTTPFields.Element(name: name, value: value)) }
        }
        if let stream = response.stream {
            self.init(status: .init(code: response.status), headers: fields, body: ResponseBody { writer in
                while let piece = try await stream.next() {
                    try await writer.write(ByteBuffer(bytes: piece))
                }
                try await writer.finish(nil)
            })
            return
        }
        self.init(status: .init(code: response.status), headers: fields,
                  body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}
