import ArgumentParser
import Foundation
import OCOPConfig
import OCOPPluginKit
import OCOPRuntime

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check or show the effective configuration.",
        subcommands: [Check.self, Show.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate everything `serve` does before listening: files, settings, plugins, their configs, registration, requirements, the OpenAPI document.")
        @OptionGroup var options: ConfigOptions

        func run() throws {
            do {
                let boot = try Boot.prepare(files: options.effectiveFiles, available: CompiledPlugins.all, reservedCommands: Ocop.builtinNames)
                let plugins = boot.registry.plugins.map { "\($0.id) \($0.version)" }
                print("\(options.effectiveFiles.joined(separator: " + ")): OK — storage \(boot.location.engine.rawValue), "
                      + "\(plugins.count) plugin(s)\(plugins.isEmpty ? "" : ": " + plugins.joined(separator: ", "))")
            } catch {
                throw Failure.exit(error.lines)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective merged configuration (files, then OCOP_* variables) with secrets redacted.")
        @OptionGroup var options: ConfigOptions

        func run() throws {
            do {
                let configuration = try HostConfiguration.load(files: options.effectiveFiles)
                print(ConfigRenderer.render(configuration.merged), terminator: "")
            } catch {
                throw Failure.exit(error.errors.map(\.description))
            }
        }
    }
}
