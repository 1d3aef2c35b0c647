/// A YAML sequence with its location.
public struct YAMLSequence: Sendable, Hashable {
    public var items: [YAMLNode]
    public var location: SourceLocation

    public init(items: [YAMLNode] = [], location: SourceLocation) {
        self.items = items
        self.location = location
    }
}
