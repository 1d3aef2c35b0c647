/// One configuration problem, located in the source and in the key tree.
///
/// The description is what operators read:
/// `file:line:col: key.path: message`, leaving out the parts that are unknown.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the offending text is, if known.
    public var location: SourceLocation?
    /// Key path such as `server.port` or `plugins.vn.communes[2]`; `""` for the root.
    public var path: String
    /// What is wrong, e.g. `expected integer, found string "abc"`.
    public var message: String

    public init(location: SourceLocation?, path: String = "", message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        if !path.isEmpty { text += "\(path): " }
        return text + message
    }
}
