import Foundation
import Logging
import OCOPConfig
import OCOPPluginKit
import OCOPStorage

/// Everything `serve` validates before touching the network, in the order it does it: config
/// files, host settings, plugin resolution, each plugin's config and `init`, registration,
/// validation of contributions and requirements, and the composed OpenAPI document.
public struct Boot: Sendable {
    public let configuration: HostConfiguration
    public let registry: Registry
    public let openAPI: String

    public var settings: HostSettings { configuration.settings }
    public var location: StorageLocation { settings.storage.location }

    /// Every problem found, one located line each.
    public struct Failure: Error, CustomStringConvertible {
        public var lines: [String]
        public init(lines: [String]) { self.lines = lines }
        public var description: String { lines.joined(separator: "\n") }
    }

    public static func prepare(
        files: [String], available: [PluginFactory], reservedCommands: Set<String> = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(Failure) -> Boot {
        let configuration: HostConfiguration
        do {
            configuration = try HostConfiguration.load(files: files, environment: environment)
        } catch {
            throw Failure(lines: error.errors.map(\.description))
        }
        var lines = configuration.settingsErrors.map(\.description)
        var registry: Registry?
        do {
            registry = try configuration.loadRegistry(available: available, reservedCommands: reservedCommands)
        } catch {
            lines += error.errors.map(\.description)
        }
        guard lines.isEmpty, let registry else { throw Failure(lines: lines) }
        let openAPI: String
        do { openAPI = try APIDocument.compose(registry) } catch { throw Failure(lines: error.errors.map(\.description)) }
        return Boot(configuration: configuration, registry: registry, openAPI: openAPI)
    }

    public func bootstrapLogging() {
        let level = settings.log.level.swiftLog
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    public func openDatabase(logger: Logger) async throws(StorageError) -> Database {
        try await Database.open(location, connectionsPerLoop: settings.storage.poolSize, logger: logger)
    }
}
