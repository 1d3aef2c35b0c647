/// A parsed YAML value with the source location of every node.
///
/// Aliases are already expanded, so the tree is plain data: it can be merged,
/// overridden and decoded without going back to libyaml.
public indirect enum YAMLNode: Sendable, Hashable {
    case scalar(YAMLScalar)
    case mapping(YAMLMapping)
    case sequence(YAMLSequence)

    /// Where this node starts.
    public var location: SourceLocation {
        switch self {
        case .scalar(let scalar): scalar.location
        case .mapping(let mapping): mapping.location
        case .sequence(let sequence): sequence.location
        }
    }

    /// The value for `key` when this node is a mapping.
    public subscript(key: String) -> YAMLNode? {
        if case .mapping(let mapping) = self { return mapping[key] }
        return nil
    }

    /// The node at a key path (`["server", "port"]`), walking mappings only.
    public func node(at path: [String]) -> YAMLNode? {
        var current: YAMLNode? = self
        for key in path {
            current = current?[key]
        }
        return current
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    public var mapping: YAMLMapping? {
        if case .mapping(let mapping) = self { return mapping }
        return nil
    }

    public var sequence: YAMLSequence? {
        if case .sequence(let sequence) = self { return sequence }
        return nil
    }

    /// True for a scalar that resolves to null (`~`, `null`, empty, `!!null`).
    public var isNull: Bool {
        scalar?.kind == .null
    }

    /// The same node, its own location replaced (children keep theirs).
    func relocated(to location: SourceLocation) -> YAMLNode {
        switch self {
        case .scalar(var scalar):
            scalar.location = location
            return .scalar(scalar)
        case .mapping(var mapping):
            mapping.location = location
            return .mapping(mapping)
        case .sequence(var sequence):
            sequence.location = location
            return .sequence(sequence)
        }
    }

    /// How the node is named in "expected X, found Y" messages.
    var foundDescription: String {
        switch self {
        case .scalar(let scalar): scalar.foundDescription
        case .mapping: "mapping"
        case .sequence: "sequence"
        }
    }
}
