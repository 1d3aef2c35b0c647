/// Words and folded keys for matching unit names in addresses.
///
/// Addresses and the reference data go through the same function, so "Bà Rịa-Vũng Tàu",
/// "Ba Ria - Vung Tau" and "BÀ RỊA VŨNG TÀU" all give the key "ba ria vung tau".
enum AddressWords {
    /// The runs of letters and digits in `text`, as written.
    static func words(_ text: Substring) -> [Substring] {
        var result: [Substring] = []
        let scalars = text.unicodeScalars
        var start: String.Index?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            if isWordScalar(scalars[index]) {
                if start == nil { start = index }
            } else if let wordStart = start {
                result.append(text[wordStart..<index])
                start = nil
            }
            scalars.formIndex(after: &index)
        }
        if let wordStart = start { result.append(text[wordStart...]) }
        return result
    }

    /// Letters, digits and the combining marks of NFD text; table lookups before Unicode properties
    /// (which are slow) for the scalars of Vietnamese.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            let lower = value | 0x20
            return (value >= 0x30 && value <= 0x39) || (lower >= 0x61 && lower <= 0x7A)
        }
        if LatinLetter.lookup(value) != nil || (0x300...0x36F).contains(value) { return true }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// One word folded (no diacritics, lowercase); numbers lose leading zeros so "Phường 05" is "Phường 5".
    static func fold(_ word: Substring) -> String {
        let folded = VietnameseText.fold(String(word))
        guard !folded.isEmpty, folded.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return folded
        }
        let trimmed = folded.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    static func key(_ text: String) -> String {
        words(text[...]).map(fold).joined(separator: " ")
    }

    /// Words keeping their vowel marks and tone, for names that fold alike ("Văn Lang", "Văn Lăng";
    /// "Hoằng Đồng", "Hoằng Đông"). The tone goes at the end of the word, so "hoà" and "hòa" agree.
    static func exact(_ text: some StringProtocol) -> String {
        var output: [UInt8] = []
        for word in words(Substring(text)) {
            if !output.isEmpty { output.append(UInt8(ascii: " ")) }
            var tone = LatinLetter.Tone.none
            for scalar in word.unicodeScalars {
                let value = scalar.value
                if value < 0x80 {
                    let byte = UInt8(value)
                    output.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
                } else if let letter = LatinLetter.lookup(value) {
                    output.append(letter.base)
                    if letter.mark != .none { output.append(letter.mark.rawValue) }
                    if letter.tone != .none { tone = letter.tone }
                } else if let mark = LatinLetter.combiningMark(value) {
                    switch mark {
                    case .vowel(let vowel): output.append(vowel.rawValue)
                    case .tone(let found): tone = found
                    case .other: break
                    }
                } else {
                    output.append(contentsOf: String(scalar).lowercased().utf8)
                }
            }
            if tone != .none { output.append(UInt8(ascii: "0") + tone.rawValue) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// True when `text` has no letters outside ASCII: it may have been typed without diacritics.
    static func isPlain(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }
}
