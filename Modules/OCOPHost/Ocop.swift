import ArgumentParser
import Foundation
#if canImport(CMalloc)
import CMalloc
#endif
import OCOPPluginKit
import OCOPRuntime

/// The `ocop` command: the platform's host and its operator tools. Built-in commands run the
/// host; the enabled plugins add theirs (`ocop import`, `ocop users`, `ocop bac-ninh` …).
struct Ocop: AsyncParsableCommand {
    static let version = "0.2.0"

    static let builtins: [any ParsableCommand.Type] = [
        Serve.self, ConfigCommand.self, PluginsCommand.self, Migrate.self, OpenAPICommand.self, EventsCommand.self,
    ]
    static var builtinNames: Set<String> { Set(builtins.map { $0.configuration.commandName ?? $0._commandName }) }

    /// The enabled plugins' commands, found before parsing (see `Entry`).
    nonisolated(unsafe) static var pluginCommands: [any ParsableCommand.Type] = []
    /// How commands boot; holds the boot made before parsing.
    nonisolated(unsafe) static var runtime = HostCommandRuntime(available: CompiledPlugins.all, reservedCommands: builtinNames)

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "ocop",
            abstract: "The OCOP platform (Mỗi xã một sản phẩm): server and operator tools.",
            discussion: "Commands after the built-in ones come from the plugins the configuration enables (--config, default config.yaml).",
            version: version,
            subcommands: builtins + pluginCommands
        )
    }
}

/// glibc gives each thread that allocates its own malloc arena (up to 8 per core), and memory
/// freed in one is not reused by another: under NIO's threads a 60,000-row import peaked at
/// 118 MB with the default and 83 MB with two arenas, and was faster. An operator's
/// `MALLOC_ARENA_MAX` still wins.
enum MemoryArenas {
    static func limit() {
        #if canImport(CMalloc)
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil else { return }
        mallopt(M_ARENA_MAX, Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
        #endif
    }
}

/// Reads the configuration before parsing, so that the enabled plugins' commands are known to
/// the parser and to `ocop --help`.
@main
enum Entry {
    static func main() async {
        MemoryArenas.limit()
        let arguments = Array(CommandLine.arguments.dropFirst())
        let reserved = Ocop.builtinNames
        let files = configFiles(in: arguments)
        do {
            let boot = try Boot.prepare(files: files, available: CompiledPlugins.all, reservedCommands: reserved)
            Ocop.pluginCommands = boot.registry.commands.map(\.command.type)
            Ocop.runtime = HostCommandRuntime(available: CompiledPlugins.all, reservedCommands: reserved, prepared: (files, boot))
        } catch {
            // A broken configuration hides plugin commands; built-ins (`config check`) still work.
            if let first = arguments.first, !first.hasPrefix("-"), !reserved.contains(first), first != "help" {
                for line in error.lines { FileHandle.standardError.write(Data((line + "\n").utf8)) }
                FileHandle.standardError.write(Data("ocop: '\(first)' is not a built-in command, and the configuration above is invalid, so plugin commands cannot be listed\n".utf8))
                exit(1)
            }
        }
        PluginCommands.runtime = Ocop.runtime
        await Ocop.main()
    }

    /// The `--config` values, as the commands' `ConfigOptions` will parse them.
    static func configFiles(in arguments: [String]) -> [String] {
        var files: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--config", index + 1 < arguments.count {
                files.append(arguments[index + 1])
                index += 1
            } else if argument.hasPrefix("--config=") {
                files.append(String(argument.dropFirst("--config=".count)))
            }
            index += 1
        }
        return files.isEmpty ? ["config.yaml"] : files
    }
}

/// Boots as every built-in command does, turning failures into located lines and exit 1.
enum HostBoot {
    static func prepare(_ options: ConfigOptions) throws -> Boot {
        do { return try Ocop.runtime.boot(options.effectiveFiles) } catch {
            throw PluginCommands.fail(error.lines)
        }
    }
}

/// Prints each problem on its own line to standard error and exits with status 1.
enum Failure {
    static func exit(_ lines: [String]) -> ExitCode { PluginCommands.fail(lines) }
}
