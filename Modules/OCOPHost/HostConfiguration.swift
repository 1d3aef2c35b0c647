import Foundation
import OCOPConfig
import OCOPPluginKit

/// The effective configuration: config files layered in order, then `OCOP_*` variables.
///
/// The `plugins` mapping is split off: each entry enables one plugin, and its value is
/// decoded later by that plugin's own `Config` type with the same located errors.
struct HostConfiguration {
    struct PluginSection {
        let id: PluginID
        let path: String
        let node: YAMLNode?
    }

    let files: [String]
    let merged: YAMLNode?
    let settings: HostSettings
    /// Problems in the host's own settings; reported together with plugin problems.
    let settingsErrors: [ConfigError]
    let plugins: [PluginSection]

    /// Loads the files and decodes the host settings. Throws `ConfigErrors` when a file cannot
    /// be read or parsed; problems in the settings themselves land in `settingsErrors`.
    static func load(files: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigErrors) -> HostConfiguration {
        var layers: [YAMLNode] = []
        var errors: [ConfigError] = []
        for file in files {
            do {
                if let node = try YAML.load(file: file) { layers.append(node) }
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw ConfigErrors(errors) }

        var merged = ConfigLayers.merge(layers)
        do {
            merged = try EnvironmentOverrides(environment: environment, aliases: HostSettings.environmentAliases).apply(to: merged)
        } catch {
            throw ConfigErrors([error])
        }

        var hostPart = merged
        var plugins: [PluginSection] = []
        if case .mapping(var root)? = merged, let index = root.index(of: "plugins") {
            let pluginsNode = root.entries[index].value
            root.entries.remove(at: index)
            hostPart = .mapping(root)
            switch pluginsNode {
            case .mapping(let mapping):
                for entry in mapping.entries {
                    plugins.append(PluginSection(id: PluginID(entry.key.value), path: "plugins.\(entry.key.value)", node: entry.value))
                }
            case let node where node.isNull:
                break
            default:
                errors.append(ConfigError(location: pluginsNode.location, path: "plugins",
                                          message: "expected a mapping of plugin IDs to their settings, found \(Self.describe(pluginsNode))"))
            }
        }

        var settings = HostSettings()
        do {
            settings = try YAMLDecoder().decode(HostSettings.self, from: hostPart ?? .mapping(YAMLMapping(location: .init(file: files.first ?? "config", line: 1, column: 1))))
        } catch {
            errors.append(contentsOf: error.errors)
        }
        return HostConfiguration(files: files, merged: merged, settings: settings, settingsErrors: errors, plugins: plugins)
    }

    private static func describe(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let scalar): return "scalar '\(scalar.value)'"
        case .mapping: return "mapping"
        case .sequence: return "sequence"
        }
    }

    /// Decodes each plugin's section with the YAML decoder so errors keep file:line:col.
    struct Source: PluginConfigSource {
        let node: YAMLNode?
        let path: [String]
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try YAMLDecoder().decode(T.self, from: node, path: path)
        }
    }

    /// Resolves, configures and registers the enabled plugins among the compiled-in ones.
    func loadRegistry(available: [PluginFactory] = CompiledPlugins.all) throws(PluginErrors) -> Registry {
        try Registry.load(
            available: available,
            enabled: plugins.map { ($0.id, $0.path, Source(node: $0.node, path: ["plugins", $0.id.rawValue]) as any PluginConfigSource) }
        )
    }
}
