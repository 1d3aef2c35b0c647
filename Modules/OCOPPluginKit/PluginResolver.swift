/// Orders enabled plugins by their declared dependencies.
public enum PluginResolver {
    /// Returns the start order: dependencies first; among plugins ready at the same time, by ID,
    /// so the order never depends on hash seeds or config order.
    ///
    /// Collects every problem before throwing: unknown IDs (with the valid ones listed),
    /// duplicate compiled-in IDs, dependencies that are unknown or not enabled, and cycles.
    public static func resolve(
        available: [PluginManifest],
        enabled: [(id: PluginID, path: String)]
    ) throws(PluginErrors) -> [PluginID] {
        var errors: [PluginError] = []
        var known: [PluginID: PluginManifest] = [:]
        for manifest in available {
            if known[manifest.id] != nil {
                errors.append(PluginError(.duplicatePlugin, pluginID: manifest.id,
                                          message: "two compiled-in plugins share the ID '\(manifest.id)'"))
            } else if !manifest.id.isWellFormed {
                errors.append(PluginError(.invalidManifest, pluginID: manifest.id,
                                          message: "plugin ID '\(manifest.id)' is not of the form 'segment.segment' (a-z, 0-9, -)"))
            }
            known[manifest.id] = known[manifest.id] ?? manifest
        }
        let valid = known.keys.sorted().map(\.rawValue).joined(separator: ", ")

        var enabledIDs: Set<PluginID> = []
        for (id, path) in enabled {
            if !enabledIDs.insert(id).inserted {
                errors.append(PluginError(.duplicatePlugin, pluginID: id, path: path, message: "plugin '\(id)' is enabled twice"))
            } else if known[id] == nil {
                errors.append(PluginError(.unknownPlugin, pluginID: id, path: path,
                                          message: "unknown plugin '\(id)'; compiled-in plugins are: \(valid)"))
            }
        }
        let pathOf = Dictionary(enabled.map { ($0.id, $0.path) }, uniquingKeysWith: { first, _ in first })

        for id in enabledIDs.sorted() {
            guard let manifest = known[id] else { continue }
            for dependency in manifest.requires where !enabledIDs.contains(dependency) {
                let why = known[dependency] == nil
                    ? "which is not compiled in (compiled-in plugins are: \(valid))"
                    : "which is not enabled; add it under 'plugins'"
                errors.append(PluginError(.missingDependency, pluginID: id, path: pathOf[id],
                                          message: "plugin '\(id)' requires '\(dependency)', \(why)"))
            }
        }

        // Kahn's algorithm over the enabled, known plugins.
        let nodes = enabledIDs.filter { known[$0] != nil }
        var remaining: [PluginID: Set<PluginID>] = [:]
        for id in nodes { remaining[id] = Set((known[id]?.requires ?? []).filter { nodes.contains($0) }) }
        var order: [PluginID] = []
        while true {
            let ready = remaining.filter { $0.value.isEmpty }.keys.sorted()
            guard let next = ready.first else { break }
            order.append(next)
            remaining[next] = nil
            for key in remaining.keys { remaining[key]?.remove(next) }
        }
        if !remaining.isEmpty {
            for cycle in cycles(in: remaining) {
                let text = (cycle + [cycle[0]]).map(\.rawValue).joined(separator: " → ")
                errors.append(PluginError(.dependencyCycle, pluginID: cycle[0], path: pathOf[cycle[0]],
                                          message: "plugins depend on each other in a cycle: \(text)"))
            }
        }
        guard errors.isEmpty else { throw PluginErrors(errors) }
        return order
    }

    /// Finds one cycle per strongly-stuck group, each starting at its smallest ID.
    private static func cycles(in graph: [PluginID: Set<PluginID>]) -> [[PluginID]] {
        var reported: Set<PluginID> = []
        var result: [[PluginID]] = []
        for start in graph.keys.sorted() where !reported.contains(start) {
            var path: [PluginID] = [start]
            var seen: [PluginID: Int] = [start: 0]
            var current = start
            while let next = graph[current]?.sorted().first {
                if let index = seen[next] {
                    let cycle = Array(path[index...])
                    if !cycle.contains(where: reported.contains) {
                        let rotated = cycle.min().flatMap { cycle.firstIndex(of: $0) }.map { Array(cycle[$0...] + cycle[..<$0]) } ?? cycle
                        result.append(rotated)
                    }
                    break
                }
                seen[next] = path.count
                path.append(next)
                current = next
            }
            reported.formUnion(path)
        }
        return result
    }
}
