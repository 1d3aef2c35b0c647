/// Keeps stored text clean: control characters are refused (a NUL truncated text in SQLite),
/// invisible format characters are removed so that names differing only by them are the same
/// name, and bidirectional overrides (which make text display unlike what it is) are refused.
public enum TextSanitizer {
    /// Why a text was refused, as a message for the field.
    public struct Refusal: Error, Sendable, Equatable {
        public var scalar: UInt32
        public var message: String
    }

    /// `text` without invisible format characters, or the first character it may not contain.
    /// Line breaks (LF, CR) and tabs are allowed only when `allowsLineBreaks`.
    public static func sanitize(_ text: String, allowsLineBreaks: Bool = false) -> Result<String, Refusal> {
        // Fast path: printable ASCII and letters above U+00AD, nothing to remove or refuse.
        if text.unicodeScalars.allSatisfy({ !needsAttention($0.value) }) { return .success(text) }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if isControl(value) {
                if allowsLineBreaks, value == 0x0A || value == 0x0D || value == 0x09 {
                    scalars.append(scalar)
                    continue
                }
                return .failure(Refusal(scalar: value, message: "contains the control character \(hex(value))"
                    + (allowsLineBreaks ? "; only line breaks and tabs are allowed" : "; this field is a single line of text")))
            }
            if isBidiControl(value) {
                return .failure(Refusal(scalar: value, message: "contains the invisible direction control \(hex(value))"))
            }
            if isInvisible(value) { continue }
            scalars.append(scalar)
        }
        return .success(String(scalars))
    }

    /// The first refused character's message, or nil when `text` may be stored as it is.
    public static func refusal(_ text: String, allowsLineBreaks: Bool = false) -> Refusal? {
        if case .failure(let refusal) = sanitize(text, allowsLineBreaks: allowsLineBreaks) { return refusal }
        return nil
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    @inline(__always) static func needsAttention(_ value: UInt32) -> Bool {
        value < 0x20 || (0x7F...0xAD).contains(value) || (0x061C == value) || (0x180E == value)
            || (0x200B...0x200F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2060...0x206F).contains(value) || value == 0xFEFF || (0xFFF9...0xFFFB).contains(value)
    }

    /// C0 controls, DEL and C1 controls.
    static func isControl(_ value: UInt32) -> Bool { value < 0x20 || (0x7F...0x9F).contains(value) }

    /// Embeddings, overrides and isolates (LRE…RLO, LRI…PDI).
    static func isBidiControl(_ value: UInt32) -> Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    /// Zero-width characters, soft hyphen, marks, word joiners, byte order mark, annotation characters.
    static func isInvisible(_ value: UInt32) -> Bool {
        value == 0xAD || value == 0x061C || value == 0x180E || (0x200B...0x200F).contains(value)
            || (0x2060...0x2065).contains(value) || (0x206A...0x206F).contains(value) || value == 0xFEFF
            || (0xFFF9...0xFFFB).contains(value)
    }
}

extension TextSanitizer {
    /// Longest search text accepted (`?q=`): longer ones are no search a person types, and
    /// databases refuse very long LIKE patterns.
    public static let maxSearchLength = 200

    /// Why a search text is refused, or nil when it may be used.
    public static func searchRefusal(_ query: String) -> String? {
        if query.count > maxSearchLength { return "is longer than \(maxSearchLength) characters" }
        return refusal(query)?.message
    }
}
