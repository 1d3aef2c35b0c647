import ArgumentParser
import OCOPConfig
import OCOPPluginKit
import OCOPRuntime

struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi", abstract: "Print the OpenAPI 3.1 document of the plugins this config enables (as served at /openapi.yaml).")
    @OptionGroup var options: ConfigOptions
    @Flag(help: "Describe every compiled-in plugin, each with its default settings (for validating the whole API).")
    var allPlugins = false

    func run() throws {
        if allPlugins {
            do { print(try APIDocument.compose(AllPlugins.registry()), terminator: "") } catch let error as PluginErrors {
                throw Failure.exit(error.errors.map(\.description))
            } catch { throw Failure.exit(["\(error)"]) }
            return
        }
        print(try HostBoot.prepare(options).openAPI, terminator: "")
    }
}

/// Every compiled-in plugin enabled with its defaults: what `openapi --all-plugins` and
/// `plugins show` describe for plugins the configuration does not enable.
enum AllPlugins {
    static func registry() throws(PluginErrors) -> Registry {
        try Registry.load(
            available: CompiledPlugins.all,
            enabled: CompiledPlugins.all.map { Registry.Enabled(id: $0.manifest.id, path: "plugins.\($0.manifest.id)", config: Defaults()) },
            reservedCommands: Ocop.builtinNames)
    }

    /// An absent section: each plugin's defaults.
    struct Defaults: PluginConfigSource {
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try YAMLDecoder().decode(T.self, from: nil, path: ["plugins"]) }
    }
}
