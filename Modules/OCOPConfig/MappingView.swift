/// What one keyed container did with a mapping: the keys the type asked
/// for and the keys it actually read. Unknown keys are computed from these.
final class MappingView {
    let path: [PathComponent]
    let mapping: YAMLMapping
    let attempt: DecodeAttempt?
    private(set) var expected: [String] = []
    private var expectedSet: Set<String> = []
    private(set) var accessed: Set<String> = []
    /// Set when a failure passed through this view's container: the type
    /// gave up on the mapping (perhaps inside `try?`), so what it read
    /// does not count.
    var failed = false

    /// Entry index by key text, so large mappings read in linear time.
    private let positions: [String: Int]

    init(path: [PathComponent], mapping: YAMLMapping, attempt: DecodeAttempt?) {
        self.path = path
        self.mapping = mapping
        self.attempt = attempt
        var positions: [String: Int] = [:]
        for (index, entry) in mapping.entries.enumerated() where positions[entry.key.value] == nil {
            positions[entry.key.value] = index
        }
        self.positions = positions
    }

    /// Records that the type asked for `key`; returns its value if present.
    func lookup(_ key: String) -> YAMLNode? {
        if expectedSet.insert(key).inserted {
            expected.append(key)
        }
        guard let index = positions[key] else { return nil }
        accessed.insert(key)
        return mapping.entries[index].value
    }

    /// Records that the type read every key it was given (as a dictionary does).
    func accessAll(_ keys: [String]) {
        accessed.formUnion(keys)
    }
}
