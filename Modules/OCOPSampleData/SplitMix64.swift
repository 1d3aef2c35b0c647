/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fully specified, so a seed gives the same
/// data on every platform and toolchain. `SystemRandomNumberGenerator` cannot be seeded, and the
/// standard library's `random(in:using:)` algorithms are not promised to stay the same.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound` (bound > 0) by multiply-high; the bias is below 2^-40 for our bounds.
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: UInt64(bound).multipliedFullWidth(by: next()).high)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) * 0x1p-53 < probability
    }

    /// A uniformly chosen element; the vocabularies passed here are non-empty constants.
    mutating func pick<Element>(_ items: [Element]) -> Element {
        items[below(items.count)]
    }

    /// `count` decimal digits.
    mutating func digits(_ count: Int) -> String {
        var text = ""
        text.reserveCapacity(count)
        for _ in 0..<count {
            text.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "0") + UInt8(below(10))))
        }
        return text
    }
}
