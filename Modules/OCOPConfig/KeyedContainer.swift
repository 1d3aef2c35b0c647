/// Reads a mapping for a `Decodable` type, recording which keys it asks
/// for and reads so unknown keys can be reported afterwards.
struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoder
    let mapping: YAMLMapping
    let view: MappingView

    var codingPath: [any CodingKey] { decoder.codingPath }

    /// Enumerating the keys means the type takes whatever is there, as a
    /// dictionary does, so every key it can represent counts as read.
    var allKeys: [Key] {
        var keys: [Key] = []
        var names: [String] = []
        for entry in mapping.entries {
            if let key = Key(stringValue: entry.key.value) {
                keys.append(key)
                names.append(entry.key.value)
            }
        }
        view.accessAll(names)
        return keys
    }

    func contains(_ key: Key) -> Bool {
        view.lookup(key.stringValue) != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        view.lookup(key.stringValue)?.isNull ?? true
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decode(type, key)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type, key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try guarded { () throws(DecodeFailure) in try required(key).keyedContainer(keyedBy: type) }
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try guarded { () throws(DecodeFailure) in try required(key).sequenceContainer() }
    }

    func superDecoder() throws -> any Decoder {
        optional(NameKey("super"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        optional(key)
    }

    /// Every `decode` overload ends here.
    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws(DecodeFailure) -> T {
        try guarded { () throws(DecodeFailure) in
            do throws(DecodeFailure) {
                return try required(key).decode(T.self, recoverable: true)
            } catch {
                // A missing scalar setting: note it and keep looking.
                let path = decoder.path + [.key(key.stringValue)]
                guard view.lookup(key.stringValue) == nil, decoder.state.mayRecover(at: path), let standIn = StandIn.value(for: T.self) else {
                    throw error
                }
                decoder.state.recover(error)
                return standIn
            }
        }
    }

    /// Runs `body`, marking this view failed if a failure passes through.
    private func guarded<T>(_ body: () throws(DecodeFailure) -> T) throws(DecodeFailure) -> T {
        do {
            return try body()
        } catch {
            view.failed = true
            throw error
        }
    }

    /// The decoder for a key that must be present.
    private func required(_ key: Key) throws(DecodeFailure) -> NodeDecoder {
        guard let node = view.lookup(key.stringValue) else {
            throw decoder.failure("missing required key \(TreeBuilder.quote(key.stringValue))")
        }
        return decoder.child(node, key: key, component: .key(key.stringValue))
    }

    /// The decoder for a key that may be absent (its node is then nil).
    private func optional(_ key: any CodingKey) -> NodeDecoder {
        let node = view.lookup(key.stringValue)
        return decoder.child(node, key: key, component: .key(key.stringValue))
    }
}
