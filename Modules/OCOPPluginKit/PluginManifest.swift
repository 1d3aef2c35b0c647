/// A plugin's identity: reverse-DNS-like, lowercase, e.g. `vn.ha-noi` or `ocop.registry`.
public struct PluginID: Hashable, Sendable, Comparable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
    public static func < (lhs: PluginID, rhs: PluginID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The host itself: owner of the built-in extension points (routes, commands, migrations…).
    public static let host: PluginID = "ocop.host"

    /// IDs are dot-separated segments of `a-z`, `0-9` and `-`.
    public var isWellFormed: Bool {
        let segments = rawValue.split(separator: ".", omittingEmptySubsequences: false)
        return segments.count >= 2 && segments.allSatisfy { segment in
            !segment.isEmpty && segment.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        }
    }
}

/// A shared service's name: the protocol a plugin provides or uses, e.g. `(any AuditLog).self`.
public struct ServiceName: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init<T>(_ type: T.Type) { rawValue = Self.name(of: type) }
    public var description: String { rawValue }
    public static func < (lhs: ServiceName, rhs: ServiceName) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `any OCOPPluginKit.AuditLog` → `AuditLog`: short and stable across modules.
    /// `_typeName`, not `String(reflecting:)`: the latter first asks whether the metatype conforms
    /// to the printing protocols, and each such miss scans every conformance record in the binary
    /// (one per service at start-up).
    static func name<T>(of type: T.Type) -> String {
        var text = _typeName(type, qualified: true)
        if text.hasPrefix("any ") { text.removeFirst(4) }
        if let dot = text.lastIndex(of: "."), !text.contains("<") { text = String(text[text.index(after: dot)...]) }
        return text
    }
}

/// Something a plugin needs from the others, declared in its manifest so the host can check
/// every need before anything starts. Optional needs are explicit: the plugin states what it
/// does without them (in `why`).
public struct Requirement: Sendable, Hashable, CustomStringConvertible {
    public enum Target: Sendable, Hashable {
        /// A plugin and the versions accepted (`VersionRange` syntax, checked by the resolver).
        case plugin(PluginID, range: String)
        case service(ServiceName)
    }
    public var target: Target
    public var optional: Bool
    /// Why it is needed, or (optional ones) what the plugin does without it.
    public var why: String

    /// Another plugin, enabled and started first, in an accepted version.
    public static func plugin(_ id: PluginID, _ range: String = "*", optional: Bool = false, why: String = "") -> Requirement {
        Requirement(target: .plugin(id, range: range), optional: optional, why: why)
    }

    /// A service some enabled plugin provides, started first.
    public static func service<T>(_ type: T.Type, optional: Bool = false, why: String = "") -> Requirement {
        Requirement(target: .service(ServiceName(type)), optional: optional, why: why)
    }

    public var description: String {
        let text: String
        switch target {
        case .plugin(let id, let range): text = range == "*" ? "plugin \(id)" : "plugin \(id) \(range)"
        case .service(let name): text = "service \(name)"
        }
        return text + (optional ? " (optional)" : "")
    }
}

/// What a plugin declares about itself before it is configured or started.
public struct PluginManifest: Sendable, Hashable {
    public var id: PluginID
    /// Semantic version text (`1.2.0`); checked by the resolver.
    public var version: String
    public var summary: String
    /// Plugins and services this one needs (see `Requirement`).
    public var requires: [Requirement]
    /// Services (protocols) this plugin offers the others through `Registrar.provide`.
    public var provides: [ServiceName]

    public init(id: PluginID, version: String, summary: String, requires: [Requirement] = [], provides: [ServiceName] = []) {
        self.id = id
        self.version = version
        self.summary = summary
        self.requires = requires
        self.provides = provides
    }

    /// The parsed version; nil when `version` is not semantic (the resolver reports it).
    public var semanticVersion: SemanticVersion? { SemanticVersion(version) }

    /// Plugins this one needs, required or optional.
    public var pluginRequirements: [(id: PluginID, range: String, optional: Bool)] {
        requires.compactMap { requirement in
            if case .plugin(let id, let range) = requirement.target { return (id, range, requirement.optional) }
            return nil
        }
    }

    public var serviceRequirements: [(name: ServiceName, optional: Bool)] {
        requires.compactMap { requirement in
            if case .service(let name) = requirement.target { return (name, requirement.optional) }
            return nil
        }
    }
}
