/// The `Decoder` for one node of the tree.
///
/// `node` is nil when there is no value at all (a missing `super` key, or
/// an empty document); errors about it are placed at `fallback`, the
/// nearest enclosing location.
struct NodeDecoder: Decoder {
    let node: YAMLNode?
    let path: [PathComponent]
    let codingPath: [any CodingKey]
    let fallback: SourceLocation?
    let state: DecodingState

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Where errors about this value point.
    var location: SourceLocation? {
        node?.location ?? fallback
    }

    /// True when the value is absent or resolves to null.
    var isNull: Bool {
        node?.isNull ?? true
    }

    func child(_ node: YAMLNode?, key: any CodingKey, component: PathComponent) -> NodeDecoder {
        NodeDecoder(node: node, path: path + [component], codingPath: codingPath + [key], fallback: node?.location ?? location, state: state)
    }

    func failure(_ message: String) -> DecodeFailure {
        state.failure(at: location, path: path, message)
    }

    func mismatch(expected: String) -> DecodeFailure {
        failure("expected \(expected), found \(node?.foundDescription ?? "null")")
    }

    // MARK: Decoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try keyedContainer(keyedBy: type)
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try sequenceContainer()
    }

    func keyedContainer<Key: CodingKey>(keyedBy type: Key.Type) throws(DecodeFailure) -> KeyedDecodingContainer<Key> {
        let mapping: YAMLMapping
        switch node {
        case .mapping(let value)?:
            mapping = value
        case nil, .scalar?:
            // A null or empty value reads as an empty mapping, so a section
            // whose settings are all optional may be left blank.
            guard isNull else { throw mismatch(expected: "mapping") }
            mapping = YAMLMapping(location: location ?? SourceLocation(file: "", line: 0, column: 0))
        case .sequence?:
            throw mismatch(expected: "mapping")
        }
        let view = state.view(of: mapping, at: path)
        return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self, mapping: mapping, view: view))
    }

    func sequenceContainer() throws(DecodeFailure) -> any UnkeyedDecodingContainer {
        switch node {
        case .sequence(let sequence)?:
            return UnkeyedContainer(decoder: self, items: sequence.items)
        case nil, .scalar?:
            guard isNull else { throw mismatch(expected: "sequence") }
            return UnkeyedContainer(decoder: self, items: [])
        case .mapping?:
            throw mismatch(expected: "sequence")
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(decoder: self)
    }

    // MARK: Values

    /// Decodes this node as `T`, converting any error into a located failure.
    ///
    /// `recoverable` is set for values read as a mapping entry or sequence
    /// item: in the diagnostic pass their errors are recorded and replaced
    /// by a stand-in. Values read through `singleValueContainer` are never
    /// replaced, since that is where `try?` fallbacks live.
    func decode<T: Decodable>(_ type: T.Type, recoverable: Bool = false) throws(DecodeFailure) -> T {
        do {
            let value = try decodeValue(T.self)
            if recoverable { state.noteDecoded(path) }
            return value
        } catch {
            guard recoverable, !error.silent, state.mayRecover(at: path), let standIn = StandIn.value(for: T.self) else {
                throw error
            }
            state.recover(error)
            return standIn
        }
    }

    private func decodeValue<T: Decodable>(_ type: T.Type) throws(DecodeFailure) -> T {
        if let scalarType = T.self as? any ScalarDecodable.Type {
            return try decodeScalar(scalarType, as: T.self)
        }
        let attempt = state.begin()
        do {
            let value = try T(from: self)
            // A type that never opened the mapping used none of its keys.
            if case .mapping(let mapping)? = node, !state.hasView(at: path) {
                _ = state.view(of: mapping, at: path)
            }
            state.end(attempt, .succeeded)
            return value
        } catch {
            var failure = enumFailure(T.self, error) ?? state.failure(from: error, at: location, path: path)
            if !(error is DecodeFailure), state.usedStandIn(since: attempt) {
                failure.silent = true
            }
            state.end(attempt, .failed(id: failure.id))
            throw failure
        }
    }

    private func decodeScalar<S: ScalarDecodable, T>(_ scalarType: S.Type, as type: T.Type) throws(DecodeFailure) -> T {
        guard case .scalar(let scalar)? = node else {
            throw mismatch(expected: S.expectedName)
        }
        switch S.decode(scalar) {
        case .success(let value):
            guard let typed = value as? T else { throw failure("cannot decode \(T.self)") }
            return typed
        case .failure(let mismatch):
            throw failure(mismatch.message)
        }
    }

    /// Rewords a string enum's failure to read its own value. The
    /// standard library says "Cannot initialize Mode from invalid String
    /// value turbo"; operators get the accepted values instead when the
    /// enum is `CaseIterable`. Enums with their own `init(from:)` are
    /// left alone unless they fail the same way.
    private func enumFailure<T>(_ type: T.Type, _ error: any Error) -> DecodeFailure? {
        guard T.self is any RawRepresentable.Type else { return nil }
        switch error {
        case let failure as DecodeFailure where failure.error.path == PathComponent.format(path):
            break
        case DecodingError.dataCorrupted(let context) where context.codingPath.count == codingPath.count:
            break
        default:
            return nil
        }
        let found = node?.foundDescription ?? "null"
        if let names = EnumCases.names(of: T.self) {
            return failure("expected one of: \(names.joined(separator: ", ")); found \(found)")
        }
        if case .scalar(let scalar)? = node, scalar.kind != .null {
            return failure("invalid value \(Quoted(scalar.value)) for \(T.self)")
        }
        return nil
    }
}
