extension PathComponent {
    /// Sequence positions use `IndexKey`; every other key is a mapping key.
    init(_ key: any CodingKey) {
        if let index = key as? IndexKey {
            self = .index(index.index)
        } else if let index = key.intValue, key.stringValue == "Index \(index)" {
            // Foundation's own index key, from `DecodingError.dataCorruptedError(in: unkeyedContainer, …)`.
            self = .index(index)
        } else {
            self = .key(key.stringValue)
        }
    }
}

/// The coding key for a position in a sequence.
struct IndexKey: CodingKey {
    let index: Int

    init(_ index: Int) {
        self.index = index
    }

    init?(stringValue: String) {
        return nil
    }

    init?(intValue: Int) {
        self.index = intValue
    }

    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
}

/// A coding key made from plain text, for paths given by the caller.
struct NameKey: CodingKey {
    let stringValue: String

    init(_ name: String) {
        stringValue = name
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        return nil
    }

    var intValue: Int? { nil }
}
