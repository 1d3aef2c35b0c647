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

    /// IDs are dot-separated segments of `a-z`, `0-9` and `-`.
    public var isWellFormed: Bool {
        let segments = rawValue.split(separator: ".", omittingEmptySubsequences: false)
        return segments.count >= 2 && segments.allSatisfy { segment in
            !segment.isEmpty && segment.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        }
    }
}

/// What a plugin declares about itself before it is configured or started.
public struct PluginManifest: Sendable, Hashable {
    public var id: PluginID
    public var version: String
    public var summary: String
    /// Plugins that must be enabled and started before this one.
    public var requires: [PluginID]

    public init(id: PluginID, version: String, summary: String, requires: [PluginID] = []) {
        self.id = id
        self.version = version
        self.summary = summary
        self.requires = requires
    }
}
