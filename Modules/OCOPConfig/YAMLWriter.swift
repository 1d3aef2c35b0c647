/// Writes a node tree back as block-style YAML that parses to the same tree.
///
/// Scalars keep their quoting (a quoted `'200'` stays a string), multi-line text becomes a
/// double-quoted scalar with escapes. Used by `ocop config show` and to compose the
/// OpenAPI document from plugin fragments.
public struct YAMLWriter: Sendable {
    /// Append `# file:line:col` after each scalar (where the effective value came from).
    public var annotateLocations = false
    /// Rewrites a scalar's text before writing, given its key (e.g. to redact secrets).
    public var transform: @Sendable (_ key: String?, _ value: String) -> String = { _, value in value }

    public init() {}

    public func write(_ node: YAMLNode?) -> String {
        guard let node else { return "" }
        var out = ""
        switch node {
        case .mapping, .sequence: write(node, key: nil, indent: 0, into: &out)
        case .scalar(let scalar): out = render(scalar, key: nil) + "\n"
        }
        return out
    }

    private func write(_ node: YAMLNode, key: String?, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        switch node {
        case .mapping(let mapping):
            for entry in mapping.entries {
                out += pad + Self.renderKey(entry.key) + ":"
                writeValue(entry.value, key: entry.key.value, indent: indent, into: &out)
            }
        case .sequence(let sequence):
            for item in sequence.items {
                out += pad + "-"
                switch item {
                case .mapping(let mapping) where !mapping.entries.isEmpty:
                    // First entry on the dash line, the rest aligned under it.
                    var nested = ""
                    write(item, key: nil, indent: indent + 1, into: &nested)
                    out += " " + nested.dropFirst(pad.count + 2)
                default:
                    writeValue(item, key: key, indent: indent, into: &out)
                }
            }
        case .scalar(let scalar):
            out += pad + render(scalar, key: key) + "\n"
        }
    }

    private func writeValue(_ value: YAMLNode, key: String?, indent: Int, into out: inout String) {
        switch value {
        case .mapping(let mapping) where mapping.entries.isEmpty: out += " {}\n"
        case .sequence(let sequence) where sequence.items.isEmpty: out += " []\n"
        case .mapping, .sequence:
            out += "\n"
            write(value, key: key, indent: indent + 1, into: &out)
        case .scalar(let scalar):
            out += " " + render(scalar, key: key) + "\n"
        }
    }

    private func render(_ scalar: YAMLScalar, key: String?) -> String {
        let text = transform(key, scalar.value)
        let plain = scalar.style == .plain && scalar.tag == nil && !text.contains("\n") && text == scalar.value
        var rendered = plain ? (text.isEmpty ? "null" : text) : Self.doubleQuoted(text)
        if annotateLocations { rendered += "  # " + scalar.location.description }
        return rendered
    }

    private static func renderKey(_ key: YAMLScalar) -> String {
        let simple = key.style == .plain && !key.value.isEmpty
            && key.value.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-/{}$".unicodeScalars.contains($0) }
        return simple ? key.value : doubleQuoted(key.value)
    }

    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 { out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
