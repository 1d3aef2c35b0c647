/// Shared bookkeeping for one decoding pass: the attempt tree, every
/// keyed view of a mapping, failure numbering, and in the diagnostic pass
/// the errors recovered from.
final class DecodingState {
    /// How a pass treats a value of the wrong type.
    enum Mode {
        /// Throw, exactly as `Decoder` semantics require. Records where
        /// values decoded fine.
        case strict
        /// Record the error, hand the type a stand-in value and go on, to
        /// find further errors. Paths that decoded fine in the strict pass
        /// stay strict, so `try?` fallbacks there behave as before.
        case diagnostic(decodedInStrictPass: Set<[PathComponent]>)
    }

    let root: YAMLNode?
    let basePath: [PathComponent]
    let mode: Mode
    private(set) var current: DecodeAttempt?
    private var views: [MappingView] = []
    private var viewedPaths: Set<[PathComponent]> = []
    private var nextFailureID = 0
    /// Paths whose value decoded without error (strict pass).
    private(set) var decoded: Set<[PathComponent]> = []
    /// Errors replaced by stand-in values (diagnostic pass).
    private(set) var recovered: [ConfigError] = []

    init(root: YAMLNode?, basePath: [PathComponent], mode: Mode = .strict) {
        self.root = root
        self.basePath = basePath
        self.mode = mode
    }

    // MARK: Attempts

    func begin() -> DecodeAttempt {
        let attempt = DecodeAttempt(parent: current, standInsAtStart: recovered.count)
        current = attempt
        return attempt
    }

    /// Whether a stand-in value was handed out since `attempt` began, so a
    /// type's own complaint may be about the stand-in rather than the file.
    func usedStandIn(since attempt: DecodeAttempt) -> Bool {
        recovered.count > attempt.standInsAtStart
    }

    // MARK: Recovery

    func noteDecoded(_ path: [PathComponent]) {
        if case .strict = mode { decoded.insert(path) }
    }

    /// Whether a failure at `path` may be replaced by a stand-in value.
    func mayRecover(at path: [PathComponent]) -> Bool {
        guard case .diagnostic(let decodedInStrictPass) = mode else { return false }
        return !decodedInStrictPass.contains(path)
    }

    func recover(_ failure: DecodeFailure) {
        recovered.append(failure.error)
    }

    func end(_ attempt: DecodeAttempt, _ outcome: DecodeAttempt.Outcome) {
        attempt.outcome = outcome
        current = attempt.parent
    }

    // MARK: Views

    func view(of mapping: YAMLMapping, at path: [PathComponent]) -> MappingView {
        let view = MappingView(path: path, mapping: mapping, attempt: current)
        views.append(view)
        viewedPaths.insert(path)
        return view
    }

    func hasView(at path: [PathComponent]) -> Bool {
        viewedPaths.contains(path)
    }

    /// Every key that no standing view read, with the keys the type asked
    /// for when there are any.
    func unknownKeyErrors(fatal: Int?) -> [ConfigError] {
        var groups: [[PathComponent]: (mapping: YAMLMapping, views: [MappingView])] = [:]
        var order: [[PathComponent]] = []
        for view in views where !view.failed && view.attempt?.stands(fatal: fatal) ?? true {
            if groups[view.path] == nil {
                groups[view.path] = (view.mapping, [])
                order.append(view.path)
            }
            groups[view.path]?.views.append(view)
        }
        var errors: [ConfigError] = []
        for path in order {
            guard let group = groups[path] else { continue }
            let accessed = group.views.reduce(into: Set<String>()) { $0.formUnion($1.accessed) }
            var expected: [String] = []
            var seen: Set<String> = []
            for key in group.views.flatMap(\.expected) where seen.insert(key).inserted {
                expected.append(key)
            }
            for entry in group.mapping.entries where !accessed.contains(entry.key.value) {
                var message = "unknown key \(TreeBuilder.quote(entry.key.value))"
                if !expected.isEmpty {
                    message += "; expected one of: \(expected.joined(separator: ", "))"
                }
                errors.append(ConfigError(
                    location: entry.key.location,
                    path: PathComponent.format(path + [.key(entry.key.value)]),
                    message: message
                ))
            }
        }
        return errors
    }

    // MARK: Failures

    func failure(at location: SourceLocation?, path: [PathComponent], _ message: String) -> DecodeFailure {
        nextFailureID += 1
        return DecodeFailure(id: nextFailureID, error: ConfigError(location: location, path: PathComponent.format(path), message: message))
    }

    /// Turns an error thrown by a type's own `init(from:)` into a located
    /// failure. `DecodingError`s are placed by their coding path.
    func failure(from error: any Error, at location: SourceLocation?, path: [PathComponent]) -> DecodeFailure {
        if let failure = error as? DecodeFailure { return failure }
        guard let decodingError = error as? DecodingError else {
            return failure(at: location, path: path, String(describing: error))
        }
        switch decodingError {
        case .keyNotFound(let key, let context):
            let (node, components) = resolve(context.codingPath)
            return failure(at: node?.location ?? location, path: components, "missing required key \(TreeBuilder.quote(key.stringValue))")
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            let (node, components) = resolve(context.codingPath)
            return failure(at: node?.location ?? location, path: components, context.debugDescription)
        @unknown default:
            return failure(at: location, path: path, String(describing: error))
        }
    }

    /// The node a coding path leads to (as far as it exists) and the full path.
    private func resolve(_ codingPath: [any CodingKey]) -> (YAMLNode?, [PathComponent]) {
        var node = root
        var reached = true
        var components = basePath
        for key in codingPath {
            let component = PathComponent(key)
            components.append(component)
            guard reached else { continue }
            switch (component, node) {
            case (.key(let name), .mapping(let mapping)?) where mapping[name] != nil:
                node = mapping[name]
            case (.index(let index), .sequence(let sequence)?) where sequence.items.indices.contains(index):
                node = sequence.items[index]
            default:
                reached = false
            }
        }
        return (node, components)
    }
}
