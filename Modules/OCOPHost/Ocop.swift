import ArgumentParser

/// The `ocop` command: the platform's host and its operator tools.
@main
struct Ocop: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ocop",
        abstract: "The OCOP platform (Mỗi xã một sản phẩm): server and operator tools.",
        version: version,
        subcommands: [Serve.self, ConfigCommand.self, PluginsCommand.self, Migrate.self, OpenAPICommand.self, ImportCommand.self, ExportCommand.self, UsersCommand.self, GenerateCommand.self]
    )
}

/// `--config` as every command takes it.
struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp(
        "A YAML config file; repeat to layer several (later files win, key by key).", valueName: "file"))
    var files: [String] = []

    var effectiveFiles: [String] { files.isEmpty ? ["config.yaml"] : files }
}
