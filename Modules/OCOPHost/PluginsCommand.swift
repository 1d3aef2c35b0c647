import ArgumentParser
import OCOPPluginKit

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "Inspect compiled-in plugins.", subcommands: [List.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every compiled-in plugin and whether this config enables it.")
        @OptionGroup var options: ConfigOptions

        func run() throws {
            // The list must work even with a broken config: then "enabled" is unknown.
            let enabled = (try? HostConfiguration.load(files: options.effectiveFiles)).map { Set($0.plugins.map(\.id)) }
            let rows = CompiledPlugins.all.map(\.manifest).sorted { $0.id < $1.id }.map { manifest -> [String] in
                let state = enabled.map { $0.contains(manifest.id) ? "yes" : "no" } ?? "?"
                let requires = manifest.requires.isEmpty ? "-" : manifest.requires.map(\.rawValue).joined(separator: ",")
                return [manifest.id.rawValue, manifest.version, state, requires, manifest.summary]
            }
            print(Table.render(header: ["ID", "VERSION", "ENABLED", "REQUIRES", "SUMMARY"], rows: rows), terminator: "")
        }
    }
}

/// Plain left-aligned columns for terminal output.
enum Table {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
