/// Orders enabled plugins by what they declare they need.
public enum PluginResolver {
    /// An enabled plugin as the configuration names it.
    public struct Enabled: Sendable {
        public var id: PluginID
        /// Key path of its section, e.g. `plugins.vn.ha-noi`.
        public var path: String
        /// `file:line:col` of the key that enabled it, when known.
        public var location: String?
        public init(id: PluginID, path: String, location: String? = nil) {
            self.id = id
            self.path = path
            self.location = location
        }
    }

    /// A plugin a configuration layer switched off (`vn.ha-noi: false`).
    public struct Disabled: Sendable {
        public var id: PluginID
        public var location: String?
        public init(id: PluginID, location: String? = nil) {
            self.id = id
            self.location = location
        }
    }

    public static func resolve(available: [PluginManifest], enabled: [(id: PluginID, path: String)]) throws(PluginErrors) -> [PluginID] {
        try resolve(available: available, enabled: enabled.map { Enabled(id: $0.id, path: $0.path) })
    }

    /// Returns the start order: what a plugin requires (plugins, and the providers of the services
    /// it requires; optional needs do not order) first; among plugins ready at the same time, by ID, so the order never depends on
    /// hash seeds or config order.
    ///
    /// Collects every problem before throwing: unknown IDs (with the valid ones listed),
    /// duplicates, malformed manifests, requirements that are unknown, disabled, not enabled or
    /// in a version outside the accepted range, services nobody (or more than one) provides,
    /// and cycles — each located at the configuration line that enabled the plugin.
    public static func resolve(
        available: [PluginManifest], enabled: [Enabled], disabled: [Disabled] = []
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
            } else if manifest.semanticVersion == nil {
                errors.append(PluginError(.invalidManifest, pluginID: manifest.id,
                                          message: "version '\(manifest.version)' is not a semantic version such as 1.2.0"))
            }
            known[manifest.id] = known[manifest.id] ?? manifest
        }
        let valid = known.keys.sorted().map(\.rawValue).joined(separator: ", ")

        var enabledIDs: Set<PluginID> = []
        var at: [PluginID: Enabled] = [:]
        for item in enabled {
            if !enabledIDs.insert(item.id).inserted {
                errors.append(PluginError(.duplicatePlugin, pluginID: item.id, path: item.path, location: item.location,
                                          message: "plugin '\(item.id)' is enabled twice"))
            } else if known[item.id] == nil {
                errors.append(PluginError(.unknownPlugin, pluginID: item.id, path: item.path, location: item.location,
                                          message: "unknown plugin '\(item.id)'; compiled-in plugins are: \(valid)"))
            }
            at[item.id] = at[item.id] ?? item
        }
        let disabledAt = Dictionary(disabled.map { ($0.id, $0.location) }, uniquingKeysWith: { _, last in last })
        for item in disabled where known[item.id] == nil {
            errors.append(PluginError(.unknownPlugin, pluginID: item.id, path: "plugins.\(item.id)", location: item.location,
                                      message: "unknown plugin '\(item.id)'; compiled-in plugins are: \(valid)"))
        }
        let nodes = enabledIDs.filter { known[$0] != nil }

        var edges: [PluginID: Set<PluginID>] = [:]
        for id in nodes.sorted() {
            guard let manifest = known[id], let place = at[id] else { continue }
            func fail(_ code: PluginError.Code, _ message: String) {
                errors.append(PluginError(code, pluginID: id, path: place.path, location: place.location, message: message))
            }
            var needs: Set<PluginID> = []
            for requirement in manifest.pluginRequirements {
                guard let range = VersionRange(requirement.range) else {
                    fail(.invalidManifest, "plugin '\(id)' requires '\(requirement.id)' in versions '\(requirement.range)', which is not a version range (e.g. ^1.2, >=1.0.0 <2.0.0)")
                    continue
                }
                if let target = known[requirement.id], nodes.contains(requirement.id) {
                    if let version = target.semanticVersion, !range.admits(version) {
                        fail(.versionMismatch, "plugin '\(id)' requires '\(requirement.id)' \(range), but version \(target.version) is compiled in")
                    }
                    // Optional needs are used lazily (after start), so they never order plugins:
                    // two plugins may optionally use each other without a cycle.
                    if !requirement.optional { needs.insert(requirement.id) }
                } else if !requirement.optional {
                    let why: String
                    if known[requirement.id] == nil {
                        why = "which is not compiled in (compiled-in plugins are: \(valid))"
                    } else if let off = disabledAt[requirement.id] {
                        why = "which is disabled" + (off.map { " at \($0)" } ?? "") + "; enable it or disable '\(id)' too"
                    } else {
                        why = "which is not enabled; add it under 'plugins'"
                    }
                    fail(.missingDependency, "plugin '\(id)' requires '\(requirement.id)', \(why)")
                }
            }
            for requirement in manifest.serviceRequirements {
                let providers = nodes.filter { known[$0]?.provides.contains(requirement.name) == true }.sorted()
                if providers.count > 1 {
                    fail(.unmetRequirement, "plugin '\(id)' uses service \(requirement.name), which several enabled plugins provide (\(providers.map(\.rawValue).joined(separator: ", "))); enable only one")
                } else if let provider = providers.first {
                    if provider != id && !requirement.optional { needs.insert(provider) }
                } else if !requirement.optional {
                    let candidates = known.values.filter { $0.provides.contains(requirement.name) }.map(\.id).sorted()
                    let hint = candidates.isEmpty ? "no compiled-in plugin provides it"
                        : "enable one of: \(candidates.map(\.rawValue).joined(separator: ", "))"
                    fail(.unmetRequirement, "plugin '\(id)' requires service \(requirement.name), which no enabled plugin provides; \(hint)")
                }
            }
            edges[id] = needs
        }

        // Kahn's algorithm over the enabled, known plugins.
        var remaining = edges
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
                errors.append(PluginError(.dependencyCycle, pluginID: cycle[0], path: at[cycle[0]]?.path, location: at[cycle[0]]?.location,
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
