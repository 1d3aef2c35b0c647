import OCOPConfig
import OCOPStorage

/// The effective configuration as YAML, each scalar annotated with where its value came
/// from (which file or variable won), and secrets replaced by `***`.
public enum ConfigRenderer {
    public static func render(_ node: YAMLNode?) -> String {
        guard let node else { return "# (empty configuration)\n" }
        var writer = YAMLWriter()
        writer.annotateLocations = true
        writer.transform = { key, value in
            if let key, isSecret(key) { return "***" }
            return value.contains("://") ? StorageLocation.redact(value) : value
        }
        return writer.write(node)
    }

    static func isSecret(_ key: String) -> Bool {
        let key = key.lowercased()
        return ["password", "secret", "token", "private_key", "api_key"].contains { key.contains($0) }
    }
}
