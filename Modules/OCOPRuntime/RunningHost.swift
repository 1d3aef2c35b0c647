import Foundation
import Logging
import OCOPPluginKit
import OCOPStorage

/// The host between boot and the network: the database open and migrated, the plugins'
/// services and the event dispatcher running. `serve` puts HTTP in front of it; commands use it
/// without services; tests run it whole.
public final class RunningHost: Sendable {
    public let boot: Boot
    public let database: Database
    public let context: PluginContext
    public let dispatcher: EventDispatcher
    let runner: ServiceRunner?
    /// Follows the outbox for host-local caches (see `EventFeed`).
    let follower: Task<Void, Never>?

    private init(boot: Boot, database: Database, context: PluginContext, dispatcher: EventDispatcher, runner: ServiceRunner?,
                 follower: Task<Void, Never>? = nil) {
        self.boot = boot
        self.database = database
        self.context = context
        self.dispatcher = dispatcher
        self.runner = runner
        self.follower = follower
    }

    /// How often a host reads the outbox for changes made elsewhere (other hosts, commands).
    public static let feedInterval: Duration = .milliseconds(100)

    /// Opens and migrates the database, then (with `services`) starts every plugin service in
    /// order and the event dispatcher last. A failure at any step stops what was started, in
    /// reverse, closes the database and throws one line per problem.
    public static func start(_ boot: Boot, logger: Logger, services: Bool = true,
                             pollInterval: Duration = .milliseconds(500)) async throws(Boot.Failure) -> RunningHost {
        let database: Database
        do { database = try await boot.openDatabase(logger: logger) } catch { throw Boot.Failure(lines: [error.message]) }
        do {
            let applied = try await Migrator(database: database).migrate(boot.registry.migrations)
            if !applied.isEmpty { logger.info("applied migrations", metadata: ["migrations": "\(applied.map(\.description))"]) }
        } catch {
            try? await database.close()
            throw Boot.Failure(lines: [error.message])
        }
        let dispatcher = EventDispatcher(subscriptions: boot.registry.subscriptions, pollInterval: pollInterval)
        let feed = EventFeed()
        let context = PluginContext(database: database, services: boot.registry.directory, events: boot.registry.events,
                                    outbox: Outbox(loader: database.bulkLoader, nudge: { [weak dispatcher] in dispatcher?.nudge() }),
                                    feed: feed, logger: logger)
        guard services else { return RunningHost(boot: boot, database: database, context: context, dispatcher: dispatcher, runner: nil) }
        let runner = ServiceRunner(registry: boot.registry, context: context)
        var follower: Task<Void, Never>?
        do {
            // The feed starts before any service, so a cache never keeps a read it was not told changed.
            try await feed.start(on: database.sql)
            database.afterCommit { [weak database] in
                guard let database else { return }
                do { try await feed.catchUp(on: database.sql) } catch {
                    logger.warning("reading the outbox after a commit failed; the next poll retries", metadata: ["error": "\(error)"])
                }
            }
            follower = Task { [weak database] in
                guard let sql = database?.sql else { return }
                await feed.follow(on: sql, every: Self.feedInterval, logger: logger)
            }
            try await runner.startAll()
            try await dispatcher.start(context: context)
        } catch {
            follower?.cancel()
            await follower?.value
            await runner.stopAll()
            try? await database.close()
            throw Boot.Failure(lines: ["\(error)"])
        }
        return RunningHost(boot: boot, database: database, context: context, dispatcher: dispatcher, runner: runner, follower: follower)
    }

    /// Stops the dispatcher, then the services in reverse order, then closes the database.
    public func stop() async {
        if let runner {
            follower?.cancel()
            await follower?.value
            await dispatcher.stop(context: context)
            await runner.stopAll()
        }
        do { try await database.close() } catch {
            context.logger.error("closing the database failed", metadata: ["error": "\(error)"])
        }
    }
}

/// Plugin commands' way into the host (see `PluginCommands`).
public struct HostCommandRuntime: CommandRuntime {
    let available: [PluginFactory]
    let reservedCommands: Set<String>
    /// The boot the host made before parsing, reused when a command names the same files.
    let prepared: (files: [String], boot: Boot)?

    public init(available: [PluginFactory], reservedCommands: Set<String>, prepared: (files: [String], boot: Boot)? = nil) {
        self.available = available
        self.reservedCommands = reservedCommands
        self.prepared = prepared
    }

    /// The boot for `files`: the prepared one when the files are the same.
    public func boot(_ files: [String]) throws(Boot.Failure) -> Boot {
        if let prepared, prepared.files == files { return prepared.boot }
        return try Boot.prepare(files: files, available: available, reservedCommands: reservedCommands)
    }

    public func withContext<R: Sendable>(_ options: ConfigOptions, label: String,
                                         _ body: @escaping @Sendable (PluginContext) async throws -> R) async throws -> R {
        let boot: Boot
        do { boot = try self.boot(options.effectiveFiles) } catch {
            throw PluginCommands.fail(error.lines)
        }
        boot.bootstrapLoggingOnce()
        let host: RunningHost
        do { host = try await RunningHost.start(boot, logger: Logger(label: label), services: false) } catch {
            throw PluginCommands.fail(error.lines)
        }
        do {
            let result = try await body(host.context)
            await host.stop()
            return result
        } catch let error as DomainError {
            await host.stop()
            throw PluginCommands.fail(PluginCommands.lines(for: error))
        } catch let error as StorageError {
            await host.stop()
            throw PluginCommands.fail([error.message])
        } catch {
            await host.stop()
            throw error
        }
    }
}

extension Boot {
    /// Logging can be bootstrapped once per process; commands and tests may boot several times.
    public func bootstrapLoggingOnce() {
        LoggingOnce.lock.withLock {
            guard !LoggingOnce.done else { return }
            LoggingOnce.done = true
            bootstrapLogging()
        }
    }
}

private enum LoggingOnce {
    static let lock = NSLock()
    nonisolated(unsafe) static var done = false
}
