import Foundation

/// Normalisation, search keys and sort keys for Vietnamese text.
public enum VietnameseText {
    /// Unicode NFC: store and compare text in this form (input from macOS and some keyboards is NFD).
    public static func nfc(_ text: String) -> String {
        isNFCStable(text) ? text : text.precomposedStringWithCanonicalMapping
    }

    /// True when `text` is certainly NFC already: only scalars below U+0300 (Latin, no combining
    /// marks) or precomposed Latin Extended Additional letters (U+1E00–U+1EFF, where Vietnamese
    /// letters with tone marks live). Skips Foundation's normaliser on almost every real row.
    public static func isNFCStable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value < 0x300 || (0x1E00...0x1EFF).contains($0.value) }
    }

    /// Search key: no diacritics, lowercase, "đ" → "d", whitespace trimmed and collapsed to one space.
    ///
    /// NFC and NFD input give the same key. A direct scalar loop with a lookup table: several
    /// times faster than `folding(options:)`, which matters when indexing many rows.
    public static func fold(_ text: String) -> String {
        String(decoding: foldedUTF8(text), as: UTF8.self)
    }

    /// `fold` as UTF-8 bytes, for callers that compare bytes (search indexes).
    static func foldedUTF8(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var pendingSpace = false

        func emit(_ byte: UInt8) {
            if pendingSpace {
                output.append(UInt8(ascii: " "))
                pendingSpace = false
            }
            output.append(byte)
        }

        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(value)
                if isASCIIWhitespace(byte) {
                    pendingSpace = !output.isEmpty
                } else if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
                    emit(byte + 32)
                } else {
                    emit(byte)
                }
            } else if let letter = LatinLetter.lookup(value) {
                emit(letter.base)
            } else if LatinLetter.combiningMark(value) != nil {
                continue
            } else if scalar.properties.isWhitespace {
                pendingSpace = !output.isEmpty
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue
            } else {
                for lower in scalar.properties.lowercaseMapping.utf8 {
                    emit(lower)
                }
            }
        }
        return output
    }

    /// Sort key for Vietnamese alphabetical order; compare keys with `<` or bytewise, e.g. in a
    /// database TEXT column with `ORDER BY` (the key is ASCII letters and digits only).
    ///
    /// Dictionary order, syllable by syllable: letters first (a ă â b c d đ e ê g h i k l m n o ô
    /// ơ p q r s t u ư v x y), then the syllable's tone (none < huyền < hỏi < ngã < sắc < nặng),
    /// then the next syllable; numbers by value; case only breaks ties (lowercase first).
    /// So "An" < "Anh" < "Ăn", "Dương" < "Đà Nẵng", "Bát Tràng" < "Bạt".
    public static func collationKey(_ text: String) -> String {
        VietnameseCollation.key(text)
    }

    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}
