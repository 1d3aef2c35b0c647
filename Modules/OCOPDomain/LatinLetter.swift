import Foundation

/// What one precomposed Latin scalar is made of: base letter, Vietnamese vowel mark, tone, case.
///
/// Built once from Unicode canonical decompositions so that folding and collation are plain
/// table lookups instead of a normalisation pass per string.
struct LatinLetter: Sendable {
    /// Lowercase ASCII base letter ("a" for "Ặ", "d" for "đ").
    let base: UInt8
    let mark: VowelMark
    let tone: Tone
    let isUppercase: Bool

    /// The marks that make a different letter of the Vietnamese alphabet (ă â đ ê ô ơ ư).
    enum VowelMark: UInt8, Sendable {
        case none, breve, circumflex, horn, stroke
    }

    /// Vietnamese tones in traditional dictionary order: none < huyền < hỏi < ngã < sắc < nặng.
    enum Tone: UInt8, Sendable, Comparable {
        case none, grave, hookAbove, tilde, acute, dotBelow

        static func < (lhs: Tone, rhs: Tone) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// A combining mark (as found in NFD text) read as a vowel mark or a tone.
    enum CombiningMark: Sendable {
        case vowel(VowelMark)
        case tone(Tone)
        case other
    }

    static func combiningMark(_ value: UInt32) -> CombiningMark? {
        switch value {
        case 0x0306: .vowel(.breve)
        case 0x0302: .vowel(.circumflex)
        case 0x031B: .vowel(.horn)
        case 0x0300: .tone(.grave)
        case 0x0309: .tone(.hookAbove)
        case 0x0303: .tone(.tilde)
        case 0x0301: .tone(.acute)
        case 0x0323: .tone(.dotBelow)
        case 0x0300...0x036F: .other
        default: nil
        }
    }

    /// The letter for a non-ASCII scalar, if it is a Latin letter with marks (or đ/Đ).
    static func lookup(_ value: UInt32) -> LatinLetter? {
        let packed: UInt16
        if value >= latin1Start && value < latin1End {
            packed = table.latin[Int(value - latin1Start)]
        } else if value >= additionalStart && value < additionalEnd {
            packed = table.additional[Int(value - additionalStart)]
        } else {
            return nil
        }
        return packed == 0 ? nil : LatinLetter(packed: packed)
    }

    // MARK: Table

    private static let latin1Start: UInt32 = 0x00C0
    private static let latin1End: UInt32 = 0x0250  // through Latin Extended-B
    private static let additionalStart: UInt32 = 0x1E00
    private static let additionalEnd: UInt32 = 0x1F00  // Latin Extended Additional (ạ ả ấ ầ …)

    private struct Table: Sendable {
        let latin: [UInt16]
        let additional: [UInt16]
    }

    /// Lazily built (a Swift global/static `let` is initialised once, thread-safely).
    private static let table = Table(
        latin: (latin1Start..<latin1End).map(packedLetter),
        additional: (additionalStart..<additionalEnd).map(packedLetter)
    )

    private init(packed: UInt16) {
        base = UInt8(packed & 0x7F)
        mark = VowelMark(rawValue: UInt8((packed >> 7) & 0x7)) ?? .none
        tone = Tone(rawValue: UInt8((packed >> 10) & 0x7)) ?? .none
        isUppercase = packed & 0x2000 != 0
    }

    /// 0 when the scalar is not a marked Latin letter.
    private static func packedLetter(_ value: UInt32) -> UInt16 {
        guard let scalar = Unicode.Scalar(value) else { return 0 }
        if value == 0x0110 || value == 0x0111 {  // Đ đ: no decomposition, a letter of its own
            return pack(base: UInt8(ascii: "d"), mark: .stroke, tone: .none, isUppercase: value == 0x0110)
        }
        if value == 0x00D0 {  // Ð (eth) looks like Đ, and keyboards and OCR put it where Đ belongs
            return pack(base: UInt8(ascii: "d"), mark: .stroke, tone: .none, isUppercase: true)
        }
        let parts = String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars
        guard let first = parts.first, first.isASCII, parts.count > 1 else { return 0 }
        let ascii = UInt8(first.value)
        let isUpper = ascii >= UInt8(ascii: "A") && ascii <= UInt8(ascii: "Z")
        let isLower = ascii >= UInt8(ascii: "a") && ascii <= UInt8(ascii: "z")
        guard isUpper || isLower else { return 0 }
        var mark = VowelMark.none
        var tone = Tone.none
        for part in parts.dropFirst() {
            switch combiningMark(part.value) {
            case .vowel(let vowel): mark = vowel
            case .tone(let found): tone = found
            case .other, nil: break
            }
        }
        return pack(base: isUpper ? ascii + 32 : ascii, mark: mark, tone: tone, isUppercase: isUpper)
    }

    private static func pack(base: UInt8, mark: VowelMark, tone: Tone, isUppercase: Bool) -> UInt16 {
        UInt16(base) | UInt16(mark.rawValue) << 7 | UInt16(tone.rawValue) << 10 | (isUppercase ? 0x2000 : 0)
    }
}
