import ArgumentParser
import OCOPPluginKit
import OCOPRuntime

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "Inspect compiled-in plugins.", subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every compiled-in plugin and whether this config enables it.")
        @OptionGroup var options: ConfigOptions

        func run() throws {
            // The list must work even with a broken config: then "enabled" is unknown.
            let configuration = try? HostConfiguration.load(files: options.effectiveFiles)
            let enabled = configuration.map { Set($0.plugins.map(\.id)) }
            let rows = CompiledPlugins.all.map(\.manifest).sorted { $0.id < $1.id }.map { manifest -> [String] in
                let state = enabled.map { $0.contains(manifest.id) ? "yes" : "no" } ?? "?"
                let requires = manifest.requires.isEmpty ? "-" : manifest.requires.map(\.description).joined(separator: ", ")
                return [manifest.id.rawValue, manifest.version, state, requires, manifest.summary]
            }
            print(TextTable.render(header: ["ID", "VERSION", "ENABLED", "REQUIRES", "SUMMARY"], rows: rows), terminator: "")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What a plugin provides, requires and contributes, and the extension points it owns.",
            discussion: "Contributions are those of this configuration when it enables the plugin, else of the plugin with its defaults.")
        @Argument(help: "The plugin ID, e.g. ocop.registry.") var id: String
        @OptionGroup var options: ConfigOptions

        func run() throws {
            let pluginID = PluginID(id)
            guard let manifest = CompiledPlugins.all.map(\.manifest).first(where: { $0.id == pluginID }) else {
                throw Failure.exit(["ocop plugins show: unknown plugin '\(id)'; compiled-in plugins are: "
                                    + CompiledPlugins.all.map(\.manifest.id.rawValue).sorted().joined(separator: ", ")])
            }
            var registry: Registry
            var note: String
            if let boot = try? Boot.prepare(files: options.effectiveFiles, available: CompiledPlugins.all, reservedCommands: Ocop.builtinNames),
               boot.registry.plugins.contains(where: { $0.id == pluginID }) {
                registry = boot.registry
                note = "enabled in \(options.effectiveFiles.joined(separator: " + "))"
            } else {
                do { registry = try AllPlugins.registry() } catch { throw Failure.exit(error.errors.map(\.description)) }
                note = "not enabled in \(options.effectiveFiles.joined(separator: " + ")); shown with its default settings"
            }
            print(PluginReport.render(manifest, registry: registry, note: note), terminator: "")
        }
    }
}

/// The text of `ocop plugins show`.
enum PluginReport {
    static func render(_ manifest: PluginManifest, registry: Registry, note: String) -> String {
        var lines = ["\(manifest.id) \(manifest.version) — \(manifest.summary)", "  (\(note))", ""]
        lines.append("Requires:")
        lines += manifest.requires.isEmpty ? ["  nothing"] : manifest.requires.map { requirement in
            let provider: String
            switch requirement.target {
            case .service(let name):
                provider = registry.directory.providers.first { $0.service == name }.map { " ← \($0.plugin)" } ?? " ← (not provided)"
            case .plugin: provider = ""
            }
            return "  \(requirement)\(provider)\(requirement.why.isEmpty ? "" : ": \(requirement.why)")"
        }
        lines.append("Provides:")
        lines += manifest.provides.isEmpty ? ["  nothing"] : manifest.provides.map { "  service \($0)" }
        lines.append("Owns extension points:")
        let owned = registry.extensionPoints.filter { $0.owner == manifest.id }
        lines += owned.isEmpty ? ["  none"] : owned.map { point in
            "  \(point.name) (\(point.valueType)): \(point.summary); \(point.contributions.count) contribution(s)"
                + (point.contributions.isEmpty ? "" : " from " + Array(Set(point.contributions.map(\.plugin.rawValue))).sorted().joined(separator: ", "))
        }
        lines.append("Contributes:")
        let contributed = registry.contributions(of: manifest.id)
        if contributed.isEmpty { lines.append("  nothing") }
        for (point, items) in contributed {
            lines.append("  to \(point.name) (owned by \(point.owner)):")
            lines += items.map { "    \($0.summary)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
