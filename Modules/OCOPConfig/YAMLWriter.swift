/// Writes a node tree back as block-style YAML that parses to the same tree.
///
/// Scalars keep their quoting (a quoted `'200'` stays a string) and their tag (`!!int "5"`
/// stays an integer); text that would not read back as the same plain scalar (multi-line
/// text, leading indicators, `: ` or ` #` inside, as environment overrides may hold) becomes a
/// double-quoted scalar with escapes. Plain strings that YAML 1.1 readers such as PyYAML
/// would take for booleans, dates or numbers (`yes`, `on`, `2025-01-01`, `12:30`) are quoted
/// too, so other tools read the same document. Used by `ocop config show` and to compose the
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
        var rendered: String
        if let tag = scalar.tag, text == scalar.value {
            // The tag decides the type: `!!int "5"` is an integer, `"5"` a string.
            rendered = CoreSchema.shortForm(tag) + " " + Self.doubleQuoted(text)
        } else if scalar.style == .plain, scalar.tag == nil, text == scalar.value, text.isEmpty {
            rendered = "null"
        } else if scalar.style == .plain, scalar.tag == nil, text == scalar.value, Self.isPlainSafe(text),
                  scalar.kind != .string || !Self.readsAsNonStringInYAML11(text) {
            rendered = text
        } else {
            rendered = Self.doubleQuoted(text)
        }
        if annotateLocations { rendered += "  # " + scalar.location.description }
        return rendered
    }

    private static func renderKey(_ key: YAMLScalar) -> String {
        let simple = key.style == .plain && key.tag == nil && !key.value.isEmpty
            && key.value.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-/{}$".unicodeScalars.contains($0) }
            && isPlainSafe(key.value) && !readsAsNonStringInYAML11(key.value)
        return simple ? key.value : doubleQuoted(key.value)
    }

    /// Whether `text`, written unquoted after `key: ` or `- ` in block style, reads back as
    /// the same plain scalar. Text from a parsed plain scalar always does; text set from
    /// elsewhere (environment overrides) may not.
    static func isPlainSafe(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return false }
        if first == " " || last == " " || last == ":" { return false }
        if text.hasPrefix("---") || text.hasPrefix("...") { return false }
        if text.contains(": ") || text.contains(" #") { return false }
        if scalars.contains(where: { !isPrintable($0) || $0 == "\t" || $0 == "\n" || $0 == "\r" }) { return false }
        // Indicators may not start a plain scalar; `-`, `?` and `:` may when a non-space follows.
        if "-?:".unicodeScalars.contains(first) { return scalars.count > 1 && scalars[1] != " " }
        return !",[]{}#&*!|>'\"%@`".unicodeScalars.contains(first)
    }

    /// Plain text the YAML 1.2 core schema reads as a string but a YAML 1.1 reader would not:
    /// 1.1 booleans, `=` and `<<`, timestamps, and numbers with `_` separators, sexagesimal
    /// `:` parts or a `0b` prefix.
    static func readsAsNonStringInYAML11(_ text: String) -> Bool {
        let words: Set<String> = ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
                                  "on", "On", "ON", "off", "Off", "OFF", "=", "<<"]
        if words.contains(text) { return true }
        var body = Substring(text)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard let lead = body.unicodeScalars.first, ("0"..."9").contains(lead) || lead == "." else { return false }
        if body.contains("_") || body.contains(":") || body.hasPrefix("0b") { return true }
        // 1.1 timestamps start with a date: yyyy-m-d.
        let parts = body.prefix { $0 != "T" && $0 != "t" && $0 != " " }.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].count == 4 && parts.allSatisfy { !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { ("0"..."9").contains($0) } }
    }

    /// Characters YAML allows unescaped in a document (its `c-printable`), minus the ones libyaml
    /// reads as line breaks (NEL, LS, PS) and the byte-order mark.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0xA0...0x2027, 0x202A...0xD7FF, 0xE000...0xFEFE, 0xFF00...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
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
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else if scalar.value <= 0xFFFF {
                    out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                } else {
                    out += "\\U" + String(scalar.value, radix: 16).leftPadded(to: 8)
                }
            }
        }
        return out + "\""
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
