import Foundation
import Logging
import OCOPConfig
import OCOPPluginKit
import OCOPStorage

/// Everything `serve`, `migrate` and `config check` validate before touching the network:
/// config files, host settings, plugin resolution and plugin configs, the storage URL.
struct Boot {
    let configuration: HostConfiguration
    let registry: Registry
    let location: StorageLocation

    var settings: HostSettings { configuration.settings }

    /// Every problem found, one located line each.
    struct Failure: Error, CustomStringConvertible {
        var lines: [String]
        var description: String { lines.joined(separator: "\n") }
    }

    static func prepare(files: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws(Failure) -> Boot {
        let configuration: HostConfiguration
        do {
            configuration = try HostConfiguration.load(files: files, environment: environment)
        } catch {
            throw Failure(lines: error.errors.map(\.description))
        }
        var lines = configuration.settingsErrors.map(\.description)
        var registry: Registry?
        do {
            registry = try configuration.loadRegistry()
        } catch {
            lines += error.errors.map(\.description)
        }
        // Checked even when other settings failed, from the raw value, so every problem shows at once.
        var location: StorageLocation?
        let urlNode = configuration.merged?.node(at: ["storage", "url"])
        let url = urlNode?.scalar?.value ?? configuration.settings.storage.url
        do {
            location = try StorageLocation(url: url)
        } catch {
            lines.append("\(urlNode?.location.description ?? files.first ?? "config"): \(error.message)")
        }
        guard lines.isEmpty, let registry, let location else { throw Failure(lines: lines) }
        return Boot(configuration: configuration, registry: registry, location: location)
    }

    func bootstrapLogging() {
        let level = settings.log.level.swiftLog
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    func openDatabase(logger: Logger) async throws(StorageError) -> Database {
        try await Database.open(location, connectionsPerLoop: settings.storage.poolSize, logger: logger)
    }
}
