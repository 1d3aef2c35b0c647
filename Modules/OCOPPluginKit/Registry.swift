/// The closed, immutable result of loading plugins: what the host serves and runs.
public struct Registry: Sendable {
    public struct PluginMigration: Sendable {
        public let plugin: PluginID
        public let migration: Migration

        public init(plugin: PluginID, migration: Migration) {
            self.plugin = plugin
            self.migration = migration
        }
    }
    public struct PluginEndpoint: Sendable {
        public let plugin: PluginID
        public let endpoint: Endpoint
    }
    public struct PluginServiceEntry: Sendable {
        public let plugin: PluginID
        public let service: any PluginService
    }

    public struct APIDescription: Sendable {
        public let plugin: PluginID
        public let yaml: String
    }

    /// Loaded plugins in start order (dependencies first, ties by ID).
    public let plugins: [PluginManifest]
    public let migrations: [PluginMigration]
    public let endpoints: [PluginEndpoint]
    public let services: [PluginServiceEntry]
    public let directory: ServiceDirectory
    public let events: EventBus
    public let apiDescriptions: [APIDescription]

    /// Resolves, configures and registers the enabled plugins.
    ///
    /// - Parameters:
    ///   - available: every compiled-in plugin.
    ///   - enabled: plugin IDs the configuration enables, each with its config section and the
    ///     key path of that section (for messages).
    /// - Throws: `PluginErrors` listing every unknown, duplicate, missing and cyclic plugin and
    ///   every config error at once.
    public static func load(
        available: [PluginFactory],
        enabled: [(id: PluginID, path: String, config: any PluginConfigSource)],
        registrar: Registrar = Registrar()
    ) throws(PluginErrors) -> Registry {
        var errors: [PluginError] = []
        var order: [PluginID] = []
        do {
            order = try PluginResolver.resolve(available: available.map(\.manifest), enabled: enabled.map { ($0.id, $0.path) })
        } catch {
            errors = error.errors
            // Still decode every known plugin's config, so one run reports every problem.
            order = enabled.map(\.id)
        }
        let factories = Dictionary(available.map { ($0.manifest.id, $0) }, uniquingKeysWith: { first, _ in first })
        let sources = Dictionary(enabled.map { ($0.id, $0.config) }, uniquingKeysWith: { first, _ in first })

        var plugins: [(PluginManifest, any Plugin)] = []
        for id in order {
            guard let factory = factories[id], let source = sources[id] else { continue }
            do {
                plugins.append((factory.manifest, try factory.makePlugin(configuredBy: source)))
            } catch let error as PluginError {
                errors.append(error)
            } catch {
                errors.append(PluginError(.invalidConfig, message: "\(error)"))
            }
        }
        guard errors.isEmpty else { throw PluginErrors(errors) }

        for (manifest, plugin) in plugins {
            registrar.begin(manifest.id)
            do {
                try plugin.register(with: registrar)
            } catch let error as PluginError {
                errors.append(error)
            } catch {
                errors.append(PluginError(.invalidConfig, pluginID: manifest.id, message: "registration failed: \(error)"))
            }
        }
        guard errors.isEmpty else { throw PluginErrors(errors) }

        let contributions = registrar.close()
        return Registry(
            plugins: plugins.map(\.0),
            migrations: contributions.migrations,
            endpoints: contributions.endpoints,
            services: contributions.services,
            directory: contributions.directory,
            events: contributions.events,
            apiDescriptions: contributions.apiDescriptions
        )
    }
}
