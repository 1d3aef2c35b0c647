/// Decodes `Decodable` configuration types from a located node tree, strictly.
///
/// Strict means: unknown keys are errors, types are never coerced except
/// that a string setting accepts a plain number, and every error names its
/// file, line, column and key path.
///
/// Operators should see every problem in one run, but a `Decodable` type
/// stops at its first error. So when decoding fails, a second, diagnostic
/// pass decodes again, replacing each bad or missing scalar setting with a
/// stand-in value, to collect the remaining type errors and the unknown
/// keys of every mapping it could finish. Its result is never returned.
public struct YAMLDecoder: Sendable {
    public init() {}

    /// Decodes `type` from `node`. `path` is the key path of `node` in the
    /// full configuration, used as the prefix of error paths when decoding
    /// a subtree (for example one plugin's section).
    public func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode?, path: [String] = []) throws(ConfigErrors) -> T {
        let basePath = path.map(PathComponent.key)
        let state = DecodingState(root: node, basePath: basePath)
        let value: T
        do {
            value = try Self.run(T.self, node: node, state: state)
        } catch {
            let diagnostic = DecodingState(root: node, basePath: basePath, mode: .diagnostic(decodedInStrictPass: state.decoded))
            var errors = [error.error]
            do {
                _ = try Self.run(T.self, node: node, state: diagnostic)
                errors += diagnostic.recovered + diagnostic.unknownKeyErrors(fatal: nil)
            } catch {
                errors += diagnostic.recovered + (error.silent ? [] : [error.error]) + diagnostic.unknownKeyErrors(fatal: error.id)
            }
            throw ConfigErrors(Self.ordered(errors))
        }
        let unknown = state.unknownKeyErrors(fatal: nil)
        if !unknown.isEmpty {
            throw ConfigErrors(Self.ordered(unknown))
        }
        return value
    }

    private static func run<T: Decodable>(_ type: T.Type, node: YAMLNode?, state: DecodingState) throws(DecodeFailure) -> T {
        let decoder = NodeDecoder(node: node, path: state.basePath, codingPath: [], fallback: node?.location, state: state)
        return try decoder.decode(T.self)
    }

    /// Sorts errors by file (in order of first appearance), line and column,
    /// so they read top to bottom, and drops repeats.
    static func ordered(_ errors: [ConfigError]) -> [ConfigError] {
        var seen: Set<ConfigError> = []
        let errors = errors.filter { seen.insert($0).inserted }
        var fileOrder: [String: Int] = [:]
        for error in errors {
            if let file = error.location?.file, fileOrder[file] == nil {
                fileOrder[file] = fileOrder.count
            }
        }
        return errors.enumerated().sorted { lhs, rhs in
            func key(_ item: (offset: Int, element: ConfigError)) -> (Int, Int, Int, Int) {
                guard let location = item.element.location else { return (-1, 0, 0, item.offset) }
                return (fileOrder[location.file] ?? 0, location.line, location.column, item.offset)
            }
            return key(lhs) < key(rhs)
        }.map(\.element)
    }
}
