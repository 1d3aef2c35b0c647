/// Combines configuration files given in increasing priority
/// (e.g. defaults, site file, local overrides).
///
/// Merging is by key path: mappings merge recursively and keep the order in
/// which keys first appeared; scalars and sequences from a later layer
/// replace earlier ones whole. Every node keeps its own location, so an
/// error points at the file the value actually came from.
public enum ConfigLayers {
    /// Merges `layers`, later winning; nil when there are none.
    ///
    /// A blank value (null) in a later layer does not erase an earlier
    /// mapping: a section whose lines are all commented out must not wipe
    /// the settings below it. Over anything else, null replaces.
    public static func merge(_ layers: [YAMLNode]) -> YAMLNode? {
        var result: YAMLNode?
        for layer in layers {
            result = result.map { merge($0, layer) } ?? layer
        }
        return result
    }

    static func merge(_ base: YAMLNode, _ overlay: YAMLNode) -> YAMLNode {
        switch (base, overlay) {
        case (.mapping(let lower), .mapping(let upper)):
            return .mapping(merge(lower, upper))
        case (.mapping, .scalar(let scalar)) where scalar.kind == .null:
            return base
        default:
            return overlay
        }
    }

    private static func merge(_ lower: YAMLMapping, _ upper: YAMLMapping) -> YAMLMapping {
        var merged = lower
        merged.location = upper.location
        var positions: [String: Int] = [:]
        for (index, entry) in lower.entries.enumerated() where positions[entry.key.value] == nil {
            positions[entry.key.value] = index
        }
        for entry in upper.entries {
            if let index = positions[entry.key.value] {
                merged.entries[index] = (entry.key, merge(merged.entries[index].value, entry.value))
            } else {
                positions[entry.key.value] = merged.entries.count
                merged.entries.append(entry)
            }
        }
        return merged
    }
}
