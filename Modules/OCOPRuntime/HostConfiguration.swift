import Foundation
import OCOPConfig
import OCOPPluginKit

/// The effective configuration: config files layered in order, then `OCOP_*` variables.
///
/// The `plugins` mapping is split off: each entry enables one plugin (its value, a mapping or
/// nothing, is decoded later by that plugin's own `Config` type with the same located errors),
/// or disables it with `false` — so a later layer can switch off what an earlier one enabled.
public struct HostConfiguration: Sendable {
    public struct PluginSection: Sendable {
        public let id: PluginID
        public let path: String
        public let node: YAMLNode?
        /// Where the key that enabled (or disabled) it stands, `file:line:col`.
        public let location: String
    }

    public let files: [String]
    public let merged: YAMLNode?
    public let settings: HostSettings
    /// Problems in the host's own settings; reported together with plugin problems.
    public let settingsErrors: [ConfigError]
    public let plugins: [PluginSection]
    public let disabled: [PluginSection]

    /// Loads the files and decodes the host settings. Throws `ConfigErrors` when a file cannot
    /// be read or parsed; problems in the settings themselves land in `settingsErrors`.
    public static func load(files: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigErrors) -> HostConfiguration {
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
        var disabled: [PluginSection] = []
        if case .mapping(var root)? = merged, let index = root.index(of: "plugins") {
            let pluginsNode = root.entries[index].value
            root.entries.remove(at: index)
            hostPart = .mapping(root)
            switch pluginsNode {
            case .mapping(let mapping):
                for entry in mapping.entries {
                    let section = PluginSection(id: PluginID(entry.key.value), path: "plugins.\(entry.key.value)", node: entry.value,
                                                location: entry.key.location.description)
                    switch entry.value.scalar?.boolValue {
                    case false?: disabled.append(section)
                    case true?: plugins.append(PluginSection(id: section.id, path: section.path, node: nil, location: section.location))
                    case nil: plugins.append(section)
                    }
                }
            case let node where node.isNull:
                break
            default:
                errors.append(ConfigError(location: pluginsNode.location, path: "plugins",
                                          message: "expected a mapping of plugin IDs to their settings (or false to disable one), found \(Self.describe(pluginsNode))"))
            }
        }

        var settings = HostSettings()
        do {
            settings = try YAMLDecoder().decode(HostSettings.self, from: hostPart ?? .mapping(YAMLMapping(location: .init(file: files.first ?? "config", line: 1, column: 1))))
        } catch {
            errors.append(contentsOf: error.errors)
        }
        return HostConfiguration(files: files, merged: merged, settings: settings, settingsErrors: errors, plugins: plugins, disabled: disabled)
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

    /// Resolves, configures and registers the enabled plugins among `available`.
    public func loadRegistry(available: [PluginFactory], reservedCommands: Set<String> = []) throws(PluginErrors) -> Registry {
        try Registry.load(
            available: available,
            enabled: plugins.map {
                Registry.Enabled(id: $0.id, path: $0.path, location: $0.location,
                                 config: Source(node: $0.node, path: ["plugins", $0.id.rawValue]))
            },
            disabled: disabled.map { PluginResolver.Disabled(id: $0.id, location: $0.location) },
            reservedCommands: reservedCommands
        )
    }
}
