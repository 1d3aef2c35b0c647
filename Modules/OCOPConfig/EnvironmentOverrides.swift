/// Lets environment variables override single settings, as container
/// deployments expect.
///
/// Two forms are read:
/// - aliases chosen by the application, e.g. `OCOP_PORT` → `server.port`;
/// - generic names `OCOP__SECTION__KEY` (double underscore between keys,
///   matched case-insensitively, `_` standing for `-`), e.g.
///   `OCOP__SERVER__PORT=9000` → `server.port`.
///
/// Values are plain scalars, so `9000` is an integer and `true` a boolean,
/// and their location is `env NAME` so errors name the variable.
public struct EnvironmentOverrides: Sendable {
    /// Prefix of generic variables.
    public static let genericPrefix = "OCOP__"

    public var environment: [String: String]
    public var aliases: [String: String]

    public init(environment: [String: String], aliases: [String: String]) {
        self.environment = environment
        self.aliases = aliases
    }

    /// One variable's instruction: set `path` to `value`.
    private struct Override {
        let name: String
        let path: [String]
        /// Aliases name keys exactly; generic names are matched loosely.
        let exact: Bool
        let value: String

        var location: SourceLocation { .environment(name) }
    }

    /// Returns `node` with every override applied (creating mappings on the
    /// way), or throws when a variable is malformed, would replace a mapping
    /// or sequence, or two variables set the same key.
    public func apply(to node: YAMLNode?) throws(ConfigError) -> YAMLNode? {
        let overrides = try collect()
        guard !overrides.isEmpty else { return node }
        var root = node
        var setBy: [String: String] = [:]
        for override in overrides {
            var resolved: [String] = []
            root = try set(override, in: root, depth: 0, resolved: &resolved)
            let key = resolved.joined(separator: ".")
            if let other = setBy[key] {
                throw ConfigError(
                    location: override.location,
                    path: key,
                    message: "both \(other) and \(override.name) set this key; keep only one"
                )
            }
            setBy[key] = override.name
        }
        return root
    }

    private func collect() throws(ConfigError) -> [Override] {
        var overrides: [Override] = []
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            if let alias = aliases[name] {
                let path = alias.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                if path.contains(where: \.isEmpty) {
                    throw ConfigError(location: .environment(name), message: "invalid key path \(Quoted(alias)) for this variable")
                }
                overrides.append(Override(name: name, path: path, exact: true, value: value))
            } else if name.hasPrefix(Self.genericPrefix) {
                let path = name.dropFirst(Self.genericPrefix.count)
                    .split(separator: "__", omittingEmptySubsequences: false)
                    .map { $0.lowercased() }
                if path.contains(where: \.isEmpty) {
                    throw ConfigError(location: .environment(name), message: "invalid variable name: expected OCOP__SECTION__KEY with one double underscore between non-empty keys")
                }
                overrides.append(Override(name: name, path: path, exact: false, value: value))
            }
        }
        return overrides
    }

    /// Sets the override's value below `node`, which sits at `path[..<depth]`.
    private func set(_ override: Override, in node: YAMLNode?, depth: Int, resolved: inout [String]) throws(ConfigError) -> YAMLNode {
        var mapping: YAMLMapping
        switch node {
        case .mapping(let existing)?:
            mapping = existing
        case nil:
            mapping = YAMLMapping(location: override.location)
        case .scalar(let scalar)? where scalar.kind == .null:
            mapping = YAMLMapping(location: override.location)
        case let other?:
            throw ConfigError(
                location: override.location,
                path: resolved.joined(separator: "."),
                message: "cannot set \(override.path.joined(separator: ".")): this is \(other.foundDescription) at \(other.location), not a mapping"
            )
        }

        let component = override.path[depth]
        let index = override.exact ? mapping.index(of: component) : mapping.entries.firstIndex { Self.normalized($0.key.value) == Self.normalized(component) }
        let key = index.map { mapping.entries[$0].key } ?? YAMLScalar(value: component, location: override.location)
        resolved.append(key.value)
        let existing = index.map { mapping.entries[$0].value }

        let value: YAMLNode
        if depth == override.path.count - 1 {
            if let existing, existing.scalar == nil {
                throw ConfigError(
                    location: override.location,
                    path: resolved.joined(separator: "."),
                    message: "cannot replace the \(existing.foundDescription) at \(existing.location) with a single value"
                )
            }
            value = .scalar(YAMLScalar(value: override.value, location: override.location))
        } else {
            value = try set(override, in: existing, depth: depth + 1, resolved: &resolved)
        }

        if let index {
            mapping.entries[index].value = value
        } else {
            mapping.entries.append((key, value))
        }
        return .mapping(mapping)
    }

    /// `Max-Body_Size` and `max_body_size` name the same key.
    private static func normalized(_ key: String) -> String {
        String(key.lowercased().map { $0 == "-" ? "_" : $0 })
    }
}
