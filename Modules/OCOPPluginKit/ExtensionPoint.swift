import Foundation

/// A named, typed place where any number of plugins contribute values to the one plugin that
/// owns it (Backstage's extension points, Caddy's module namespaces).
///
/// The owner declares the point in a public place both sides can see (PluginKit for the
/// host's and core modules' points, or the owner's small public API), calls `Registrar.own`
/// during its registration, and receives every contribution — each tagged with its plugin, in
/// the deterministic plugin order — once registration closes. Contributors call
/// `Registrar.contribute`. Contributing to a point nobody owns, or with another value type
/// under the same name, is a located error naming the contributor.
public struct ExtensionPoint<Value: Sendable>: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let summary: String

    public init(_ name: String, summary: String) {
        self.name = name
        self.summary = summary
    }

    public var description: String { name }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// Where in Swift source a contribution was made (for messages and `ocop plugins show`).
public struct SourceMark: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
    public var description: String { "\(file):\(line)" }
}

/// One contributed value with who contributed it.
public struct Contribution<Value: Sendable>: Sendable {
    public let plugin: PluginID
    public let value: Value
    public let source: SourceMark
}

/// What an owner receives: every valid contribution to its point, in plugin order. Empty until
/// registration closes; the owner reads it from its routes, services and commands, which only
/// run after that.
public final class Contributions<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Contribution<Value>] = []
    private var closed = false

    init() {}

    /// Every contribution, each with its plugin.
    public var all: [Contribution<Value>] { lock.withLock { items } }
    /// Just the values.
    public var values: [Value] { all.map(\.value) }
    /// True once registration has closed and the list is final.
    public var isFinal: Bool { lock.withLock { closed } }

    func fill(_ contributions: [Contribution<Value>]) {
        lock.withLock {
            items = contributions
            closed = true
        }
    }
}

/// Why an owner refused a contribution; the registry adds the contributor and its location.
public struct ContributionRejected: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
