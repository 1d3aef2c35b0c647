import ArgumentParser

struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi", abstract: "Print the OpenAPI 3.1 document of the plugins this config enables (as served at /openapi.yaml).")
    @OptionGroup var options: ConfigOptions

    func run() throws {
        let boot: Boot
        do { boot = try Boot.prepare(files: options.effectiveFiles) } catch { throw Failure.exit(error.lines) }
        do { print(try APIDocument.compose(boot.registry), terminator: "") } catch { throw Failure.exit(error.errors.map(\.description)) }
    }
}
