/// Entry points for reading YAML configuration into a located node tree.
public enum YAML {
    /// Largest accepted input, in bytes.
    public static let maxInputBytes = 4 * 1024 * 1024
    /// Largest accepted tree, counted after aliases are expanded; this is
    /// what stops "billion laughs" documents.
    public static let maxNodes = 100_000
    /// Deepest accepted nesting of mappings and sequences.
    public static let maxDepth = 64

    /// Parses one YAML document. `file` is used in locations only.
    /// Returns nil when the text holds no document (empty, or only comments)
    /// or only an empty one (`---`).
    public static func parse(_ text: String, file: String) throws(ConfigError) -> YAMLNode? {
        try EventParser.parse(Array(text.utf8), file: file)
    }

    /// Reads and parses the file at `path`; reading errors name the path.
    /// The bytes go to libyaml unchanged, so invalid UTF-8 is reported
    /// with its line and column.
    public static func load(file path: String) throws(ConfigError) -> YAMLNode? {
        let bytes = try FileReader.contents(of: path, limit: maxInputBytes)
        return try EventParser.parse(bytes, file: path)
    }
}
