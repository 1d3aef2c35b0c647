import Foundation

/// Collects what plugins contribute. The host hands one to each plugin's `register`, in
/// start order, then closes it: closing validates every contribution with its owner, binds
/// service references and hands each owner its contributions; after that every call throws
/// `registrationClosed`, so nothing changes under a running server.
public final class Registrar: @unchecked Sendable {
    private let lock = NSLock()
    private var closed = false
    private var current = PluginManifest(id: .host, version: "0.0.0", summary: "the host")
    private var enabledIDs: Set<PluginID> = []
    private var points: [String: PointRecord] = [:]
    private var pending: [PendingContribution] = []
    private var directory = ServiceDirectory()
    private var bindings: [@Sendable (ServiceDirectory) -> Void] = []
    private var lifecycle = EventBus()
    private var used: [PluginID: [ServiceName]] = [:]

    public init() {}

    /// The plugin whose `register` is running; contributions are attributed to it.
    public var plugin: PluginID { lock.withLock { current.id } }

    /// Whether a plugin is enabled in this configuration (to contribute to an optional one).
    public func isEnabled(_ id: PluginID) -> Bool { lock.withLock { enabledIDs.contains(id) } }

    // MARK: extension points

    /// Declares that the registering plugin owns `point`, and returns the list its contributions
    /// arrive in when registration closes.
    ///
    /// - Parameters:
    ///   - describe: one line per contribution for `ocop plugins show` (default: the value's description).
    ///   - validate: checks one contribution, with the valid ones before it (for duplicates);
    ///     throw `ContributionRejected` to refuse it with a message.
    public func own<Value: Sendable>(
        _ point: ExtensionPoint<Value>,
        describe: (@Sendable (Value) -> String)? = nil,
        validate: (@Sendable (Contribution<Value>, _ earlier: [Contribution<Value>]) throws -> Void)? = nil,
        file: String = #fileID, line: Int = #line
    ) throws -> Contributions<Value> {
        let list = Contributions<Value>()
        try mutate {
            if let existing = self.points[point.name], let owner = existing.owner {
                throw PluginError(.duplicateContribution, pluginID: self.current.id,
                                  message: "extension point '\(point.name)' is already owned by \(owner)")
            }
            var record = PointRecord(name: point.name, summary: point.summary, valueType: ObjectIdentifier(Value.self),
                                     valueTypeName: "\(Value.self)")
            record.owner = self.current.id
            record.ownerSource = SourceMark(file: file, line: line)
            record.describe = { value in
                guard let value = value as? Value else { return "\(value)" }
                return describe?(value) ?? String(describing: value)
            }
            record.settle = { raw in
                var accepted: [Contribution<Value>] = []
                var rejected: [(PendingContribution, String)] = []
                for item in raw {
                    guard let value = item.value as? Value else {
                        rejected.append((item, "contributes a \(item.valueTypeName) where '\(point.name)' takes \(Value.self)"))
                        continue
                    }
                    let contribution = Contribution(plugin: item.plugin, value: value, source: item.source)
                    do {
                        try validate?(contribution, accepted)
                        accepted.append(contribution)
                    } catch {
                        rejected.append((item, "\(error)"))
                    }
                }
                list.fill(accepted)
                return rejected
            }
            self.points[point.name] = record
        }
        return list
    }

    /// Contributes `value` to `point`; the owner validates it when registration closes.
    public func contribute<Value: Sendable>(_ point: ExtensionPoint<Value>, _ value: Value, file: String = #fileID, line: Int = #line) throws {
        try mutate {
            self.pending.append(PendingContribution(plugin: self.current.id, point: point.name, value: value,
                                                     valueTypeName: "\(Value.self)", source: SourceMark(file: file, line: line)))
        }
    }

    // MARK: the host's extension points, by their usual names

    public func add(_ migration: Migration, file: String = #fileID, line: Int = #line) throws {
        try contribute(HostPoints.migrations, migration, file: file, line: line)
    }

    public func add(_ endpoint: Endpoint, file: String = #fileID, line: Int = #line) throws {
        try contribute(HostPoints.endpoints, endpoint, file: file, line: line)
    }

    public func add(_ service: any PluginService, file: String = #fileID, line: Int = #line) throws {
        try contribute(HostPoints.services, service, file: file, line: line)
    }

    /// Describes this plugin's endpoints: an OpenAPI 3.1 fragment in YAML holding `paths` and,
    /// optionally, `components`. The host merges every plugin's fragment into `/openapi.yaml`,
    /// and a test keeps the document and the registered endpoints in step.
    public func describe(openAPI yaml: String, file: String = #fileID, line: Int = #line) throws {
        try contribute(HostPoints.openAPI, yaml, file: file, line: line)
    }

    /// Adds `ocop` subcommands (swift-argument-parser command types).
    public func add(command: PluginCommand, file: String = #fileID, line: Int = #line) throws {
        try contribute(HostPoints.commands, command, file: file, line: line)
    }

    /// Delivers every `E` published through the outbox to `handler`, after the publishing
    /// transaction commits, at least once and in order per record. `name` identifies the
    /// subscription durably (its position and failures are stored under `plugin/name`), so
    /// keep it stable. Handlers must be idempotent by `envelope.id`.
    public func subscribe<E: DomainEvent>(
        to type: E.Type, as name: String,
        _ handler: @escaping @Sendable (EventEnvelope<E>, PluginContext) async throws -> Void,
        file: String = #fileID, line: Int = #line
    ) throws {
        let subscriber = "\(plugin)/\(name)"
        let subscription = EventSubscription(subscriber: subscriber, plugin: plugin, eventName: E.name) { stored, context in
            try await handler(try stored.decode(E.self), context)
        }
        try contribute(HostPoints.subscriptions, subscription, file: file, line: line)
    }

    /// Runs `handler` when a host lifecycle event (`HostStarted`, `HostStopping`) is published
    /// in this process. Domain events go through `subscribe` instead.
    public func on<E: PluginEvent>(_ type: E.Type, _ handler: @escaping @Sendable (E, PluginContext) async throws -> Void) throws {
        try mutate {
            let plugin = self.current.id
            self.lifecycle.handlers.append(.init(plugin: plugin, eventType: ObjectIdentifier(type)) { event, context in
                if let event = event as? E { try await handler(event, context) }
            })
        }
    }

    // MARK: services by protocol

    /// Offers `instance` to other plugins under the protocol type `type`, which the manifest
    /// must list in `provides`.
    public func provide<T: Sendable>(_ type: T.Type, _ instance: T) throws {
        try mutate {
            let name = ServiceName(type)
            let plugin = self.current.id
            guard self.current.provides.contains(name) else {
                throw PluginError(.undeclaredService, pluginID: plugin,
                                  message: "provides service \(name) without declaring it; add it to the manifest's `provides`")
            }
            if let existing = self.directory.entries[ObjectIdentifier(type)] {
                throw PluginError(.duplicateContribution, pluginID: plugin,
                                  message: "service \(name) is already provided by \(existing.provider); enable only one of them")
            }
            self.directory.entries[ObjectIdentifier(type)] = .init(provider: plugin, name: name, instance: instance, isPrivate: false)
        }
    }

    /// Keeps a value of the plugin's own (its configured service, say) where its commands and
    /// handlers find it through `context.services.resolve(T.self)`. Meant for types internal to
    /// the plugin, which others cannot name; shared services go through `provide`.
    public func keep<T: Sendable>(_ instance: T) throws {
        try mutate {
            let key = ObjectIdentifier(T.self)
            if let existing = self.directory.entries[key] {
                throw PluginError(.duplicateContribution, pluginID: self.current.id,
                                  message: "\(T.self) is already kept by \(existing.provider)")
            }
            self.directory.entries[key] = .init(provider: self.current.id, name: ServiceName(T.self), instance: instance, isPrivate: true)
        }
    }

    /// A reference to another plugin's service, usable from routes, services, commands and
    /// event handlers (bound when registration closes, after every requirement was checked).
    /// The manifest must list the service in `requires` (required or optional).
    public func use<T: Sendable>(_ type: T.Type) throws -> ServiceRef<T> {
        let reference = ServiceRef<T>(name: ServiceName(type))
        try mutate {
            let name = ServiceName(type)
            guard let declared = self.current.serviceRequirements.first(where: { $0.name == name }) else {
                throw PluginError(.undeclaredService, pluginID: self.current.id,
                                  message: "uses service \(name) without declaring it; add `.service(\(name).self)` to the manifest's `requires`")
            }
            reference.optional = declared.optional
            self.used[self.current.id, default: []].append(name)
            self.bindings.append { directory in reference.bind(directory.resolve(type)) }
        }
        return reference
    }

    // MARK: host side

    func begin(_ manifest: PluginManifest, enabled: Set<PluginID>) {
        lock.withLock {
            current = manifest
            enabledIDs = enabled
        }
    }

    /// Validates and hands out every contribution; returns what was registered and every problem.
    func close() -> (Closed, [PluginError]) {
        lock.withLock {
            closed = true
            var errors: [PluginError] = []
            var byPoint: [String: [PendingContribution]] = [:]
            for item in pending { byPoint[item.point, default: []].append(item) }
            for item in pending where points[item.point]?.owner == nil {
                errors.append(PluginError(.unownedExtensionPoint, pluginID: item.plugin,
                                          message: "contributes to extension point '\(item.point)' (\(item.source)), which no enabled plugin owns"))
            }
            for name in points.keys.sorted() {
                guard let record = points[name], let settle = record.settle else { continue }
                for (item, message) in settle(byPoint[name] ?? []) {
                    errors.append(PluginError(.invalidContribution, pluginID: item.plugin,
                                              message: "contribution to '\(name)' (\(item.source)) refused by \(record.owner ?? .host): \(message)"))
                }
            }
            for bind in bindings { bind(directory) }
            let inventory = points.values.sorted { $0.name < $1.name }.map { record in
                ExtensionPointInfo(name: record.name, summary: record.summary, owner: record.owner ?? .host,
                                   valueType: record.valueTypeName,
                                   contributions: (byPoint[record.name] ?? []).map {
                                       .init(plugin: $0.plugin, summary: record.describe?($0.value) ?? "\($0.value)", source: $0.source)
                                   })
            }
            return (Closed(directory: directory, lifecycle: lifecycle, points: inventory, used: used), errors)
        }
    }

    private func mutate(_ body: () throws -> Void) throws {
        try lock.withLock {
            guard !closed else {
                throw PluginError(.registrationClosed, pluginID: current.id,
                                  message: "registration is closed once the host has started")
            }
            try body()
        }
    }

    struct Closed: Sendable {
        var directory: ServiceDirectory
        var lifecycle: EventBus
        var points: [ExtensionPointInfo]
        var used: [PluginID: [ServiceName]]
    }
}

/// A contribution before its owner has checked it.
struct PendingContribution: @unchecked Sendable {
    let plugin: PluginID
    let point: String
    let value: any Sendable
    let valueTypeName: String
    let source: SourceMark
}

/// The registrar's record of one extension point.
struct PointRecord: @unchecked Sendable {
    let name: String
    let summary: String
    let valueType: ObjectIdentifier
    let valueTypeName: String
    var owner: PluginID?
    var ownerSource: SourceMark?
    var describe: ((any Sendable) -> String)?
    /// Validates raw contributions, fills the owner's list, returns the refused ones with why.
    var settle: (([PendingContribution]) -> [(PendingContribution, String)])?
}

/// An extension point and what was contributed to it, for `ocop plugins show` and the docs.
public struct ExtensionPointInfo: Sendable {
    public struct Item: Sendable {
        public let plugin: PluginID
        public let summary: String
        public let source: SourceMark
    }
    public let name: String
    public let summary: String
    public let owner: PluginID
    public let valueType: String
    public let contributions: [Item]
}
