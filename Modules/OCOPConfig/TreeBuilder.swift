/// Builds a `YAMLNode` tree from parser events.
///
/// Besides assembling nodes it enforces what libyaml leaves to the
/// application: duplicate keys, scalar-only keys, alias resolution, the
/// node-count limit after alias expansion and the nesting limit.
struct TreeBuilder {
    /// A finished anchored node with its expanded size and height, so an
    /// alias can be charged for everything it copies.
    private struct Anchored {
        var node: YAMLNode
        var size: Int
        var height: Int
    }

    private enum Content {
        case mapping(entries: [(key: YAMLScalar, value: YAMLNode)], pendingKey: YAMLScalar?, seen: [String: SourceLocation])
        case sequence([YAMLNode])
    }

    /// A collection still being read.
    private struct Frame {
        var content: Content
        let location: SourceLocation
        let anchor: String?
        /// Nodes in this subtree, aliases expanded.
        var size = 1
        /// Collection levels below this one.
        var childHeight = 0
    }

    let file: String
    private(set) var root: YAMLNode?
    private var stack: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    private var nodeCount = 0
    private var sawAlias = false

    init(file: String) {
        self.file = file
    }

    // MARK: Events

    mutating func scalar(_ scalar: YAMLScalar, anchor: String?) throws(ConfigError) {
        try count(1, at: scalar.location)
        try validateTag(of: scalar)
        try finish(.scalar(scalar), size: 1, height: 0, anchor: anchor)
    }

    mutating func startMapping(at location: SourceLocation, anchor: String?, tag: String?) throws(ConfigError) {
        try startCollection(.mapping(entries: [], pendingKey: nil, seen: [:]), at: location, anchor: anchor, tag: tag, allowedTag: CoreSchema.mapTag)
    }

    mutating func startSequence(at location: SourceLocation, anchor: String?, tag: String?) throws(ConfigError) {
        try startCollection(.sequence([]), at: location, anchor: anchor, tag: tag, allowedTag: CoreSchema.seqTag)
    }

    mutating func endCollection() throws(ConfigError) {
        guard let frame = stack.popLast() else { return }
        let node: YAMLNode
        switch frame.content {
        case .mapping(let entries, _, _):
            node = .mapping(YAMLMapping(entries: entries, location: frame.location))
        case .sequence(let items):
            node = .sequence(YAMLSequence(items: items, location: frame.location))
        }
        try finish(node, size: frame.size, height: frame.childHeight + 1, anchor: frame.anchor)
    }

    mutating func alias(_ name: String, at location: SourceLocation) throws(ConfigError) {
        guard let anchored = anchors[name] else {
            if stack.contains(where: { $0.anchor == name }) {
                throw error(at: location, "alias '*\(name)' refers to its own enclosing node")
            }
            throw error(at: location, "unknown alias '*\(name)' (no anchor '&\(name)' before it)")
        }
        sawAlias = true
        try count(anchored.size, at: location)
        try checkDepth(stack.count + anchored.height, at: location)
        // The alias itself is where the value is used; what it copies keeps
        // the locations of the anchored text.
        try finish(anchored.node.relocated(to: location), size: anchored.size, height: anchored.height, anchor: nil)
    }

    // MARK: Assembly

    private mutating func startCollection(
        _ content: Content, at location: SourceLocation, anchor: String?, tag: String?, allowedTag: String
    ) throws(ConfigError) {
        try count(1, at: location)
        if let tag, tag != "!", CoreSchema.longForm(tag) != allowedTag {
            throw error(at: location, "unsupported tag '\(CoreSchema.shortForm(tag))'")
        }
        try checkDepth(stack.count + 1, at: location)
        stack.append(Frame(content: content, location: location, anchor: anchor))
    }

    /// Records a finished node and hands it to its parent (or makes it the root).
    private mutating func finish(_ node: YAMLNode, size: Int, height: Int, anchor: String?) throws(ConfigError) {
        if let anchor {
            anchors[anchor] = Anchored(node: node, size: size, height: height)
        }
        guard var parent = stack.popLast() else {
            root = node
            return
        }
        parent.size += size
        parent.childHeight = max(parent.childHeight, height)
        switch parent.content {
        case .sequence(var items):
            parent.content = .sequence([])
            items.append(node)
            parent.content = .sequence(items)
        case .mapping(var entries, let pendingKey, var seen):
            parent.content = .sequence([])
            if let key = pendingKey {
                entries.append((key, node))
                parent.content = .mapping(entries: entries, pendingKey: nil, seen: seen)
            } else {
                let key = try mappingKey(node, seen: seen)
                seen[key.value] = key.location
                parent.content = .mapping(entries: entries, pendingKey: key, seen: seen)
            }
        }
        stack.append(parent)
    }

    /// Checks a node about to become a key in the top frame (already popped).
    private func mappingKey(_ node: YAMLNode, seen: [String: SourceLocation]) throws(ConfigError) -> YAMLScalar {
        guard case .scalar(let key) = node else {
            throw error(at: node.location, "mapping keys must be scalars, found \(node.foundDescription)")
        }
        if let first = seen[key.value] {
            throw ConfigError(
                location: key.location,
                path: PathComponent.format(path() + [.key(key.value)]),
                message: "duplicate key \(Self.quote(key.value)) (first at \(first))"
            )
        }
        return key
    }

    private func validateTag(of scalar: YAMLScalar) throws(ConfigError) {
        guard let tag = scalar.tag else { return }
        guard let kind = CoreSchema.kind(forTag: tag) else {
            throw error(at: scalar.location, "unsupported tag '\(CoreSchema.shortForm(tag))'")
        }
        if !CoreSchema.accepts(scalar.value, as: kind) {
            throw error(at: scalar.location, "invalid \(CoreSchema.shortForm(tag)) value \(Quoted(scalar.value))")
        }
    }

    // MARK: Limits

    private mutating func count(_ nodes: Int, at location: SourceLocation) throws(ConfigError) {
        nodeCount += nodes
        if nodeCount > YAML.maxNodes {
            let what = sawAlias ? "document too large after alias expansion" : "document too large"
            throw error(at: location, "\(what) (limit \(YAML.maxNodes) nodes)")
        }
    }

    private func checkDepth(_ depth: Int, at location: SourceLocation) throws(ConfigError) {
        if depth > YAML.maxDepth {
            throw error(at: location, "nesting too deep (limit \(YAML.maxDepth) levels)")
        }
    }

    // MARK: Errors

    /// The key path of the node being read, from the open frames.
    /// The innermost frame is skipped when it is waiting for a key.
    private func path() -> [PathComponent] {
        stack.compactMap { frame in
            switch frame.content {
            case .mapping(_, let pendingKey, _): pendingKey.map { .key($0.value) }
            case .sequence(let items): .index(items.count)
            }
        }
    }

    private func error(at location: SourceLocation, _ message: String) -> ConfigError {
        ConfigError(location: location, path: PathComponent.format(path()), message: message)
    }

    /// Keys are shown in single quotes, as in `unknown key 'x'`.
    static func quote(_ key: String) -> String {
        "'\(key)'"
    }
}
