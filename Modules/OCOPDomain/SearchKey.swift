/// Folded names of one unit, precomputed so that a search is a byte scan.
struct SearchKey: Sendable {
    /// `VietnameseText.fold` of the short name, e.g. "ha noi".
    let short: [UInt8]
    /// Folded short name without spaces, so "hanoi" matches too.
    let compactShort: [UInt8]
    /// Folded full name, e.g. "thanh pho ha noi".
    let full: [UInt8]

    init(name: String, shortName: String) {
        short = VietnameseText.foldedUTF8(shortName)
        compactShort = short.filter { $0 != UInt8(ascii: " ") }
        full = VietnameseText.foldedUTF8(name)
    }

    /// A folded query; nil when nothing is left to search for.
    struct Query {
        let folded: [UInt8]
        let compact: [UInt8]

        init?(_ text: String) {
            folded = VietnameseText.foldedUTF8(text)
            compact = folded.filter { $0 != UInt8(ascii: " ") }
            if compact.isEmpty { return nil }
        }
    }

    /// 0 exact short name, 1 exact full name, 2 short-name prefix, 3 word prefix in the full name.
    func rank(for query: Query) -> Int? {
        if short == query.folded || compactShort == query.compact { return 0 }
        if full == query.folded { return 1 }
        if short.starts(with: query.folded) || compactShort.starts(with: query.compact) { return 2 }
        if Self.containsWordPrefix(query.folded, in: full) { return 3 }
        return nil
    }

    /// True if `needle` occurs in `haystack` at the start of a word.
    private static func containsWordPrefix(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        var start = 0
        while start + needle.count <= haystack.count {
            if start == 0 || !isWordByte(haystack[start - 1]) {
                var index = 0
                while index < needle.count && haystack[start + index] == needle[index] { index += 1 }
                if index == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
