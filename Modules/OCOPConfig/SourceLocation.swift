/// Where a configuration value came from, so every error can point at it.
///
/// Lines and columns are 1-based. Values set from environment variables have
/// no line: their `file` is `"env NAME"` and `line`/`column` are 0, and the
/// description is just the file part.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The location of a value set by the environment variable `name`.
    public static func environment(_ name: String) -> SourceLocation {
        SourceLocation(file: "env \(name)", line: 0, column: 0)
    }

    /// `file:line:col`, or only `file` when there is no line.
    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }
}
