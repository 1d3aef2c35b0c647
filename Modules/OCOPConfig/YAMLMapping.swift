/// A YAML mapping that keeps its keys in document order.
///
/// Keys are scalars (the parser refuses anything else) and carry their own
/// location, so errors about a key point at the key itself.
public struct YAMLMapping: Sendable, Hashable {
    public var entries: [(key: YAMLScalar, value: YAMLNode)]
    public var location: SourceLocation

    public init(entries: [(key: YAMLScalar, value: YAMLNode)] = [], location: SourceLocation) {
        self.entries = entries
        self.location = location
    }

    /// The keys' text, in document order.
    public var keys: [String] {
        entries.map(\.key.value)
    }

    /// The value for the first entry whose key text is `key`.
    public subscript(key: String) -> YAMLNode? {
        entries.first { $0.key.value == key }?.value
    }

    /// The entry index for `key`, if present.
    public func index(of key: String) -> Int? {
        entries.firstIndex { $0.key.value == key }
    }

    public static func == (lhs: YAMLMapping, rhs: YAMLMapping) -> Bool {
        lhs.location == rhs.location
            && lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(location)
        hasher.combine(entries.count)
        for entry in entries {
            hasher.combine(entry.key)
            hasher.combine(entry.value)
        }
    }
}
