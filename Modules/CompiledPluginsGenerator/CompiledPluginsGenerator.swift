import Foundation
import PackagePlugin

/// Generates `ProvincePlugins.swift` for the host: one `PluginFactory` per dependency of the
/// host that lives under `Plugins/`, by the convention that target `X` offers `XPlugin`.
/// So adding a province plugin never means editing the host's code.
@main
struct CompiledPluginsGenerator: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let pluginsFolder = context.package.directoryURL.appending(path: "Plugins").standardizedFileURL.path + "/"
        let names = target.dependencies.compactMap { dependency -> String? in
            guard case .target(let dependencyTarget) = dependency,
                  dependencyTarget.directoryURL.standardizedFileURL.path.hasPrefix(pluginsFolder) else { return nil }
            return dependencyTarget.name
        }.sorted()
        let output = context.pluginWorkDirectoryURL.appending(path: "ProvincePlugins.swift")
        return [.buildCommand(
            displayName: "Listing province plugins: \(names.joined(separator: ", "))",
            executable: try context.tool(named: "CompiledPluginsTool").url,
            arguments: [output.path] + names,
            outputFiles: [output]
        )]
    }
}
