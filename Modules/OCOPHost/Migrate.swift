import ArgumentParser
import Logging
import OCOPPluginKit
import OCOPStorage

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending migrations of every enabled plugin and print what was applied.")
    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let boot = try HostBoot.prepare(options)
        boot.bootstrapLogging()
        let database: Database
        do { database = try await boot.openDatabase(logger: Logger(label: "ocop.migrate")) } catch { throw Failure.exit([error.message]) }
        do {
            let applied = try await Migrator(database: database).migrate(boot.registry.migrations)
            try? await database.close()
            if applied.isEmpty {
                print("\(boot.location): up to date (\(boot.registry.migrations.count) migration(s) known)")
            } else {
                for item in applied { print("applied \(item.plugin) \(item.id)") }
                print("\(boot.location): applied \(applied.count) migration(s)")
            }
        } catch {
            try? await database.close()
            throw Failure.exit([error.message])
        }
    }
}
