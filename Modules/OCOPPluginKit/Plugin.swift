/// A unit of functionality the host can load: a core module (registry, rating, events,
/// reporting) or a province's own module.
///
/// The host decodes the plugin's section of the configuration into `Config` (unknown keys
/// are errors), creates the plugin, lets it `register` its contributions, then starts the
/// host. Everything a plugin offers goes through the `Registrar`; plugins never reach into
/// each other's internals.
public protocol Plugin: Sendable {
    associatedtype Config: Decodable & Sendable

    static var manifest: PluginManifest { get }

    init(config: Config) throws

    /// Contribute to extension points (migrations, endpoints, services, commands, event
    /// subscriptions, other plugins' points), own points of its own, provide and use services.
    func register(with registrar: Registrar) throws
}

/// Plugins without settings use this: an empty mapping (or nothing) in the config.
public struct NoConfig: Decodable, Sendable, Equatable {
    public init() {}
}

/// Decodes a plugin's configuration section. The host implements it over the YAML tree so
/// that decoding errors carry file, line, column and key path.
public protocol PluginConfigSource: Sendable {
    func decode<T: Decodable>(_ type: T.Type) throws -> T
}

/// A compiled-in plugin type, erased so the host can keep one list of them.
public struct PluginFactory: Sendable {
    public let manifest: PluginManifest
    private let decode: @Sendable (any PluginConfigSource) throws -> any Sendable
    private let make: @Sendable (any Sendable) throws -> any Plugin

    public init<P: Plugin>(_ type: P.Type) {
        manifest = P.manifest
        decode = { source in try source.decode(P.Config.self) }
        make = { config in
            guard let config = config as? P.Config else { throw PluginError(.invalidConfig, pluginID: P.manifest.id, message: "configuration of the wrong type") }
            return try P(config: config)
        }
    }

    /// Decodes the plugin's settings (errors pass through, already located) and creates the
    /// plugin (errors are wrapped to name it).
    public func makePlugin(configuredBy source: any PluginConfigSource) throws -> any Plugin {
        let config = try decode(source)
        do {
            return try make(config)
        } catch let error as PluginError {
            throw error
        } catch {
            throw PluginError(.pluginFailed, pluginID: manifest.id, path: "plugins.\(manifest.id)",
                              message: "plugin '\(manifest.id)' failed to initialise: \(error)")
        }
    }
}
