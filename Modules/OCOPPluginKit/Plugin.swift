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

    /// Contribute migrations, endpoints, services, event handlers and shared services.
    func register(with registrar: Registrar) throws
}

/// Plugins without settings use this: an empty mapping (or nothing) in the config.
public struct NoConfig: Decodable, Sendable, Equatable {
    public init() {}
}

/// Decodes a plugin's configuration section. The host implements it over the YAML tree so
/// that decoding errors carry file, line, column and key path.
public protocol PluginConfigSource {
    func decode<T: Decodable>(_ type: T.Type) throws -> T
}

/// A compiled-in plugin type, erased so the host can keep one list of them.
public struct PluginFactory: Sendable {
    public let manifest: PluginManifest
    private let make: @Sendable (any PluginConfigSource) throws -> any Plugin

    public init<P: Plugin>(_ type: P.Type) {
        manifest = P.manifest
        make = { source in try P(config: source.decode(P.Config.self)) }
    }

    public func makePlugin(configuredBy source: any PluginConfigSource) throws -> any Plugin {
        try make(source)
    }
}
