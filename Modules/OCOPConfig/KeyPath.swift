/// One step in a key path: a mapping key or a sequence index.
enum PathComponent: Hashable, Sendable {
    case key(String)
    case index(Int)

    /// Formats a path the way errors show it: `plugins.vn.communes[2]`.
    static func format(_ components: [PathComponent]) -> String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
