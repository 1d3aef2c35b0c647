import Foundation

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
    public struct PluginCommandEntry: Sendable {
        public let plugin: PluginID
        public let command: PluginCommand
    }

    /// An enabled plugin with its configuration section.
    public struct Enabled: Sendable {
        public var id: PluginID
        public var path: String
        public var location: String?
        public var config: any PluginConfigSource
        public init(id: PluginID, path: String, location: String? = nil, config: any PluginConfigSource) {
            self.id = id
            self.path = path
            self.location = location
            self.config = config
        }
    }

    /// Loaded plugins in start order (what they need first, ties by ID).
    public let plugins: [PluginManifest]
    public let migrations: [PluginMigration]
    public let endpoints: [PluginEndpoint]
    public let services: [PluginServiceEntry]
    public let directory: ServiceDirectory
    /// In-process lifecycle events (`HostStarted`, `HostStopping`).
    public let events: EventBus
    public let apiDescriptions: [APIDescription]
    public let commands: [PluginCommandEntry]
    /// Durable domain-event handlers, in plugin order.
    public let subscriptions: [EventSubscription]
    /// Every extension point with its owner and contributions.
    public let extensionPoints: [ExtensionPointInfo]
    /// Services each plugin uses through `Registrar.use`, with their providers.
    public let serviceUse: [PluginID: [ServiceName]]

    /// Resolves, configures and registers the enabled plugins (tests' short form).
    public static func load(
        available: [PluginFactory],
        enabled: [(id: PluginID, path: String, config: any PluginConfigSource)],
        registrar: Registrar = Registrar()
    ) throws(PluginErrors) -> Registry {
        try load(available: available, enabled: enabled.map { Enabled(id: $0.id, path: $0.path, config: $0.config) },
                 registrar: registrar)
    }

    /// Resolves, configures and registers the enabled plugins, then validates what they
    /// contributed and needed.
    ///
    /// - Parameters:
    ///   - available: every compiled-in plugin.
    ///   - enabled: plugins the configuration enables, each with its section and location.
    ///   - disabled: plugins a configuration layer switched off (for precise messages).
    ///   - reservedCommands: names of the host's own subcommands, which plugins may not take.
    ///   The host's own migration (the outbox) comes first, attributed to `ocop.host`.
    /// - Throws: `PluginErrors` listing every problem of every phase reached, at once.
    public static func load(
        available: [PluginFactory],
        enabled: [Enabled],
        disabled: [PluginResolver.Disabled] = [],
        reservedCommands: Set<String> = [],
        registrar: Registrar = Registrar()
    ) throws(PluginErrors) -> Registry {
        var errors: [PluginError] = []
        var order: [PluginID] = []
        let places = Dictionary(enabled.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        do {
            order = try PluginResolver.resolve(available: available.map(\.manifest),
                                               enabled: enabled.map { .init(id: $0.id, path: $0.path, location: $0.location) },
                                               disabled: disabled)
        } catch {
            errors = error.errors
            // Still decode every known plugin's config, so one run reports every problem.
            order = enabled.map(\.id)
        }
        let factories = Dictionary(available.map { ($0.manifest.id, $0) }, uniquingKeysWith: { first, _ in first })

        var plugins: [(PluginManifest, any Plugin)] = []
        for id in order {
            guard let factory = factories[id], let place = places[id] else { continue }
            do {
                plugins.append((factory.manifest, try factory.makePlugin(configuredBy: place.config)))
            } catch let error as PluginError {
                var error = error
                error.location = error.location ?? place.location
                errors.append(error)
            } catch {
                errors.append(PluginError(.invalidConfig, message: "\(error)"))
            }
        }
        guard errors.isEmpty else { throw PluginErrors(errors) }

        let enabledIDs = Set(plugins.map(\.0.id))
        registrar.begin(PluginManifest(id: .host, version: "0.0.0", summary: "the host"), enabled: enabledIDs)
        let owned: HostLists
        do {
            owned = try HostLists(registrar: registrar, reservedCommands: reservedCommands)
            // The host's own tables: the outbox every plugin publishes to.
            try registrar.add(OutboxSchema.migration)
        } catch {
            throw PluginErrors([PluginError(.invalidManifest, message: "host extension points: \(error)")])
        }

        for (manifest, plugin) in plugins {
            registrar.begin(manifest, enabled: enabledIDs)
            do {
                try plugin.register(with: registrar)
            } catch let error as PluginError {
                var error = error
                error.pluginID = error.pluginID ?? manifest.id
                error.location = error.location ?? places[manifest.id]?.location
                errors.append(error)
            } catch {
                errors.append(PluginError(.pluginFailed, pluginID: manifest.id, path: places[manifest.id]?.path,
                                          location: places[manifest.id]?.location, message: "registration failed: \(error)"))
            }
        }

        let (closed, closeErrors) = registrar.close()
        for var error in closeErrors {
            if let id = error.pluginID, let place = places[id] {
                error.location = error.location ?? place.location
                error.path = error.path ?? place.path
            }
            errors.append(error)
        }
        // What a manifest promises, registration must keep.
        for (manifest, _) in plugins {
            for name in manifest.provides where !closed.directory.entries.values.contains(where: { $0.provider == manifest.id && $0.name == name }) {
                errors.append(PluginError(.undeclaredService, pluginID: manifest.id, path: places[manifest.id]?.path,
                                          location: places[manifest.id]?.location,
                                          message: "declares that it provides service \(name) but did not provide it while registering"))
            }
        }
        guard errors.isEmpty else { throw PluginErrors(errors) }

        return Registry(
            plugins: plugins.map(\.0),
            migrations: owned.migrations.all.map { PluginMigration(plugin: $0.plugin, migration: $0.value) },
            endpoints: owned.endpoints.all.map { PluginEndpoint(plugin: $0.plugin, endpoint: $0.value) },
            services: owned.services.all.map { PluginServiceEntry(plugin: $0.plugin, service: $0.value) },
            directory: closed.directory,
            events: closed.lifecycle,
            apiDescriptions: owned.openAPI.all.map { APIDescription(plugin: $0.plugin, yaml: $0.value) },
            commands: owned.commands.all.map { PluginCommandEntry(plugin: $0.plugin, command: $0.value) },
            subscriptions: owned.subscriptions.values,
            extensionPoints: closed.points,
            serviceUse: closed.used
        )
    }

    /// Contributions of one plugin, point by point (for `ocop plugins show`).
    public func contributions(of plugin: PluginID) -> [(point: ExtensionPointInfo, items: [ExtensionPointInfo.Item])] {
        extensionPoints.compactMap { point in
            let items = point.contributions.filter { $0.plugin == plugin }
            return items.isEmpty ? nil : (point, items)
        }
    }
}

/// The host's own extension points, owned while the host "registers" before any plugin.
private struct HostLists {
    let migrations: Contributions<Migration>
    let endpoints: Contributions<Endpoint>
    let services: Contributions<any PluginService>
    let openAPI: Contributions<String>
    let commands: Contributions<PluginCommand>
    let subscriptions: Contributions<EventSubscription>

    init(registrar: Registrar, reservedCommands: Set<String>) throws {
        migrations = try registrar.own(HostPoints.migrations, describe: { $0.id }) { new, earlier in
            if earlier.contains(where: { $0.plugin == new.plugin && $0.value.id == new.value.id }) {
                throw ContributionRejected("migration '\(new.value.id)' registered twice")
            }
        }
        endpoints = try registrar.own(HostPoints.endpoints, describe: { "\($0.method.rawValue) \($0.path)" }) { new, earlier in
            guard new.value.path.hasPrefix("/") else { throw ContributionRejected("path '\(new.value.path)' must start with /") }
            if let other = earlier.first(where: { $0.value.method == new.value.method && $0.value.path == new.value.path }) {
                throw ContributionRejected("\(new.value.method.rawValue) \(new.value.path) is already served by \(other.plugin)")
            }
        }
        services = try registrar.own(HostPoints.services, describe: { $0.name })
        openAPI = try registrar.own(HostPoints.openAPI, describe: { yaml in
            "\(yaml.split(separator: "\n").filter { $0.hasPrefix("  /") }.count) path(s)"
        }) { new, _ in
            if new.value.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines).isEmpty { throw ContributionRejected("an empty OpenAPI fragment") }
        }
        commands = try registrar.own(HostPoints.commands, describe: { $0.name }) { new, earlier in
            let name = new.value.name
            if reservedCommands.contains(name) { throw ContributionRejected("`ocop \(name)` is a built-in command") }
            if let other = earlier.first(where: { $0.value.name == name }) {
                throw ContributionRejected("`ocop \(name)` is already contributed by \(other.plugin)")
            }
        }
        subscriptions = try registrar.own(HostPoints.subscriptions, describe: { "\($0.subscriber) ← \($0.eventName)" }) { new, earlier in
            if earlier.contains(where: { $0.value.subscriber == new.value.subscriber }) {
                throw ContributionRejected("subscription '\(new.value.subscriber)' registered twice")
            }
        }
    }
}
