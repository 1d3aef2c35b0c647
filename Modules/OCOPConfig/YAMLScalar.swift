/// A YAML scalar: its text as written, how it was written, and where.
///
/// The type of a scalar is not stored; `kind` resolves it with the YAML 1.2
/// core schema, which only applies to untagged plain scalars. That way
/// `"8080"` stays a string and `no` is never a boolean.
public struct YAMLScalar: Sendable, Hashable {
    /// How the scalar was written.
    public enum Style: Sendable, Hashable {
        case plain
        case quoted
        case literal
        case folded
    }

    /// The type a scalar resolves to.
    public enum Kind: Sendable, Hashable {
        case null
        case bool
        case int
        case float
        case string
    }

    /// The scalar's text, after unescaping and folding.
    public var value: String
    public var style: Style
    /// The explicit tag in long form (`tag:yaml.org,2002:int`), `!` for the
    /// non-specific tag, or nil when none was written.
    public var tag: String?
    public var location: SourceLocation

    public init(value: String, style: Style = .plain, tag: String? = nil, location: SourceLocation) {
        self.value = value
        self.style = style
        self.tag = tag
        self.location = location
    }

    /// The resolved type. An explicit standard tag wins; an untagged plain
    /// scalar follows the core schema; everything else is a string.
    public var kind: Kind {
        if let tag {
            return CoreSchema.kind(forTag: tag) ?? .string
        }
        return style == .plain ? CoreSchema.resolvePlain(value) : .string
    }

    /// The boolean value, when the scalar resolves to a boolean.
    public var boolValue: Bool? {
        kind == .bool ? CoreSchema.bool(value) : nil
    }

    /// How the scalar is named in "expected X, found Y" messages.
    var foundDescription: String {
        switch kind {
        case .null: "null"
        case .bool: "boolean \(value)"
        case .int: "integer \(value)"
        case .float: "float \(value)"
        case .string: "string \(Quoted(value))"
        }
    }
}
