import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import OCOPPluginKit
import OCOPRuntime
import OCOPServer
import Prometheus

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the config, resolve plugins, migrate, start services and serve HTTP until SIGINT/SIGTERM.")
    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let boot = try HostBoot.prepare(options)
        boot.bootstrapLogging()
        let metrics = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: metrics)
        factory.nameAndLabelSanitizer = { name, labels in
            (Self.sanitize(name), labels.map { (Self.sanitize($0.0), $0.1) })
        }
        MetricsSystem.bootstrap(factory)

        let logger = Logger(label: "ocop")
        let host: RunningHost
        do { host = try await RunningHost.start(boot, logger: logger) } catch { throw Failure.exit(error.lines) }
        let context = host.context

        let server = boot.settings.server
        let settings = ServerSettings(host: server.host, port: server.port, maxBodyBytes: server.maxBodyBytes,
                                      idleTimeoutSeconds: server.idleTimeoutSeconds, bodyTimeoutSeconds: server.bodyTimeoutSeconds,
                                      shutdownGraceSeconds: server.shutdownGraceSeconds)
        let router = HTTPServer.router(registry: boot.registry, context: context, settings: settings,
                                       identity: .init(version: Ocop.version, plugins: boot.registry.plugins), metrics: metrics,
                                       openAPI: boot.openAPI)
        let app = HTTPServer.application(router: router, settings: settings, logger: logger) { channel in
            logger.notice("ocop is serving", metadata: [
                "address": "http://\(settings.host):\(channel.localAddress?.port ?? settings.port)",
                "engine": "\(host.database.engine.rawValue)",
                "plugins": "\(boot.registry.plugins.map(\.id.rawValue))",
            ])
            await context.events.publish(HostStarted(), context: context)
        }

        var failure: ExitCode?
        let trimmer = Task { await HeapTrimmer.run() }
        do {
            try await HTTPServer.serve(app, settings: settings, logger: logger)
        } catch {
            failure = Failure.exit(["server: cannot serve on \(settings.host):\(settings.port): \(Self.explain(error))"])
        }
        trimmer.cancel()
        await context.events.publish(HostStopping(), context: context)
        await host.stop()
        logger.notice("ocop stopped")
        if let failure { throw failure }
    }

    static func sanitize(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    static func explain(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("Address already in use") { return "the port is already in use (server.port / OCOP_PORT)" }
        if text.contains("Cannot assign requested address") { return "this machine has no such address (server.host / OCOP_HOST)" }
        if text.contains("Permission denied") { return "permission denied (ports below 1024 need privileges)" }
        return text
    }
}
