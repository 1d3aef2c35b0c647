/// Builds sort keys for Vietnamese dictionary order.
///
/// Order chosen (Vietnamese dictionaries, e.g. Hoàng Phê's Từ điển tiếng Việt):
/// - Text is compared syllable by syllable (syllables split at spaces and punctuation). Within a
///   syllable the letters decide first, then the tone; only then the next syllable. So every
///   "bát …" sorts before "bạt", "Ba Vì" before "Bà Rịa", "ba" < "bà" < "bả" < "bã" < "bá" < "bạ" < "bác".
/// - Alphabet: a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z); digraphs
///   (ch, ng, nh …) are plain letter sequences, as in CLDR's Vietnamese collation.
/// - Tones: none < huyền < hỏi < ngã < sắc < nặng.
/// - Digits sort before letters and runs of digits compare by value ("Phường 2" < "Phường 10").
/// - Case only breaks ties, lowercase first. Other scripts sort after Latin, by code point.
///
/// A key is ASCII drawn from "0-9A-Za-z" in ascending byte order, so `<` on keys, `memcmp`, and a
/// database's binary or "C" collation all agree.
enum VietnameseCollation {
    /// Weight characters, ascending by byte value.
    private static let weights = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    private static let levelSeparator = weights[0]
    private static let syllableSeparator = weights[1]
    private static let toneBase = 2  // 6 tones: 2...7
    private static let digitBase = 8  // 10 digits: 8...17
    private static let letterBase = 18  // 33 letters: 18...50
    private static let foreignMarker = weights[61]
    private static let lowercase = weights[0]
    private static let uppercase = weights[1]

    /// Alphabet positions of the ASCII base letters (a…z) before vowel marks; `ordinal(of:)` adds those.
    private static let alphabet = Array("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz".unicodeScalars)

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    static func key(_ text: String) -> String {
        var builder = Builder()
        for scalar in text.unicodeScalars {
            builder.add(scalar)
        }
        return String(decoding: builder.finish(), as: UTF8.self)
    }

    /// Position of a (base, mark) letter in the Vietnamese alphabet; marks that are not Vietnamese
    /// letters (e.g. "ĕ") fall back to the base letter.
    private static func ordinal(base: UInt8, mark: LatinLetter.VowelMark) -> Int {
        let letter: Unicode.Scalar
        switch (base, mark) {
        case (UInt8(ascii: "a"), .breve): letter = "ă"
        case (UInt8(ascii: "a"), .circumflex): letter = "â"
        case (UInt8(ascii: "d"), .stroke): letter = "đ"
        case (UInt8(ascii: "e"), .circumflex): letter = "ê"
        case (UInt8(ascii: "o"), .circumflex): letter = "ô"
        case (UInt8(ascii: "o"), .horn): letter = "ơ"
        case (UInt8(ascii: "u"), .horn): letter = "ư"
        default: letter = Unicode.Scalar(base)
        }
        return alphabet.firstIndex(of: letter) ?? 0
    }

    /// Lookup of `ordinal` for every (base a…z, mark) pair, built once.
    private static let ordinals: [Int] = (0..<(26 * 5)).map { index in
        let base = UInt8(ascii: "a") + UInt8(index / 5)
        let mark = LatinLetter.VowelMark(rawValue: UInt8(index % 5)) ?? .none
        return ordinal(base: base, mark: mark)
    }

    private struct Builder {
        private var key: [UInt8] = []
        private var cases: [UInt8] = []
        /// Weights of the current letter syllable; the last letter is kept apart for NFD marks.
        private var letters: [UInt8] = []
        private var lastBase: UInt8 = 0
        private var lastMark = LatinLetter.VowelMark.none
        private var tone = LatinLetter.Tone.none
        private var digits: [UInt8] = []

        init() {
            key.reserveCapacity(48)
            letters.reserveCapacity(16)
        }

        mutating func add(_ scalar: Unicode.Scalar) {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(value)
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    endLetters()
                    digits.append(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "z"):
                    addLetter(byte, mark: .none, tone: .none, isUppercase: false)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    addLetter(byte + 32, mark: .none, tone: .none, isUppercase: true)
                default:
                    endSyllable()
                }
            } else if let letter = LatinLetter.lookup(value) {
                addLetter(letter.base, mark: letter.mark, tone: letter.tone, isUppercase: letter.isUppercase)
            } else if let mark = LatinLetter.combiningMark(value) {
                applyCombining(mark)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                return
            } else if scalar.properties.isAlphabetic {
                addForeign(value, isUppercase: scalar.properties.isUppercase)
            } else {
                endSyllable()
            }
        }

        mutating func finish() -> [UInt8] {
            endSyllable()
            key.append(levelSeparator)
            key.append(contentsOf: cases)
            return key
        }

        private mutating func addLetter(_ base: UInt8, mark: LatinLetter.VowelMark, tone: LatinLetter.Tone, isUppercase: Bool) {
            endDigits()
            letters.append(weight(base: base, mark: mark))
            lastBase = base
            lastMark = mark
            cases.append(isUppercase ? uppercase : lowercase)
            if self.tone == .none { self.tone = tone }
        }

        /// Letters of other scripts: after all Latin letters, by code point (marker + 6 hex digits).
        private mutating func addForeign(_ value: UInt32, isUppercase: Bool) {
            endDigits()
            letters.append(foreignMarker)
            for shift in stride(from: 20, through: 0, by: -4) {
                letters.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
            }
            lastBase = 0
            cases.append(isUppercase ? uppercase : lowercase)
        }

        /// NFD input: a mark after its base letter changes that letter or sets the tone.
        private mutating func applyCombining(_ mark: LatinLetter.CombiningMark) {
            switch mark {
            case .vowel(let vowel):
                guard lastBase != 0, let last = letters.indices.last else { return }
                lastMark = vowel
                letters[last] = weight(base: lastBase, mark: vowel)
            case .tone(let found):
                if !letters.isEmpty && tone == .none { tone = found }
            case .other:
                break
            }
        }

        private func weight(base: UInt8, mark: LatinLetter.VowelMark) -> UInt8 {
            weights[letterBase + ordinals[Int(base - UInt8(ascii: "a")) * 5 + Int(mark.rawValue)]]
        }

        private mutating func endSyllable() {
            endLetters()
            endDigits()
        }

        private mutating func startSyllable() {
            if !key.isEmpty { key.append(syllableSeparator) }
        }

        private mutating func endLetters() {
            guard !letters.isEmpty else { return }
            startSyllable()
            key.append(contentsOf: letters)
            key.append(weights[toneBase + Int(tone.rawValue)])
            letters.removeAll(keepingCapacity: true)
            lastBase = 0
            tone = .none
        }

        /// A digit run compares by value: leading zeros dropped, then its length (capped at 9), then the digits.
        private mutating func endDigits() {
            guard !digits.isEmpty else { return }
            startSyllable()
            let significant = digits.drop { $0 == 0 }
            let run = significant.isEmpty ? [0] : Array(significant)
            key.append(weights[digitBase + min(run.count, 9)])
            for digit in run {
                key.append(weights[digitBase + Int(digit)])
            }
            digits.removeAll(keepingCapacity: true)
        }
    }
}
