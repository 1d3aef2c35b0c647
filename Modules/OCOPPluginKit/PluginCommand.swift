import ArgumentParser
import Foundation

/// An `ocop` subcommand a plugin contributes (`Registrar.add(command:)`): a swift-argument-parser
/// command type. `ocop --help` lists the commands of the plugins the configuration enables.
public struct PluginCommand: Sendable {
    public let type: any ParsableCommand.Type

    public init(_ type: any ParsableCommand.Type) {
        self.type = type
    }

    /// The name users type (`ocop NAME`).
    public var name: String {
        type.configuration.commandName ?? type._commandName
    }
}

/// `--config` as every command takes it.
public struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp(
        "A YAML config file; repeat to layer several (later files win, key by key).", valueName: "file"))
    public var files: [String] = []

    public init() {}

    public var effectiveFiles: [String] { files.isEmpty ? ["config.yaml"] : files }
}

/// What the host offers plugin commands: the same boot `serve` performs (config, plugins,
/// database, migrations), without the network.
public protocol CommandRuntime: Sendable {
    /// Boots with `options`, runs `body` with a context of the enabled plugins, closes the
    /// database. Failures become one located line each on standard error and exit status 1.
    func withContext<R: Sendable>(_ options: ConfigOptions, label: String,
                                  _ body: @escaping @Sendable (PluginContext) async throws -> R) async throws -> R
}

/// The host sets the runtime before parsing the command line; plugin commands reach it here.
public enum PluginCommands {
    nonisolated(unsafe) public static var runtime: (any CommandRuntime)?

    /// Runs `body` with a booted context (see `CommandRuntime`).
    public static func withContext<R: Sendable>(_ options: ConfigOptions, label: String = "ocop",
                                                _ body: @escaping @Sendable (PluginContext) async throws -> R) async throws -> R {
        guard let runtime else { throw fail(["ocop: no host runtime; plugin commands run inside the `ocop` executable"]) }
        return try await runtime.withContext(options, label: label, body)
    }

    /// Prints each line to standard error; the returned code exits with status 1.
    public static func fail(_ lines: [String]) -> ExitCode {
        for line in lines { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        return ExitCode(1)
    }

    /// A domain refusal as the command line words it: field paths become the flags that set them.
    public static func lines(for error: DomainError, flags: [String: String] = [:]) -> [String] {
        guard !error.fields.isEmpty else { return [error.message] }
        return error.fields.map { "\(flags[$0.path] ?? $0.path): \($0.message)" }
    }
}

/// Plain left-aligned columns for terminal output.
public enum TextTable {
    public static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
