/// An amount of Vietnamese đồng. Whole đồng in an Int64: the currency has no minor unit in use,
/// and integers keep sums exact. Codable as the plain integer.
public struct VND: Hashable, Comparable, Sendable, Codable, AdditiveArithmetic, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    public var dong: Int64

    public init(_ dong: Int64) {
        self.dong = dong
    }

    public init(integerLiteral value: Int64) {
        dong = value
    }

    public init(from decoder: any Decoder) throws {
        dong = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dong)
    }

    public static var zero: VND { VND(0) }

    public static func + (lhs: VND, rhs: VND) -> VND { VND(lhs.dong + rhs.dong) }
    public static func - (lhs: VND, rhs: VND) -> VND { VND(lhs.dong - rhs.dong) }
    public static func < (lhs: VND, rhs: VND) -> Bool { lhs.dong < rhs.dong }

    /// Vietnamese style: dots group thousands, a space, then the sign: "17.400.000.000 ₫".
    /// Locale-independent so that logs, exports and tests agree on every machine.
    public var formatted: String {
        let digits = Array(String(dong.magnitude).utf8)
        var output: [UInt8] = dong < 0 ? [UInt8(ascii: "-")] : []
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { output.append(UInt8(ascii: ".")) }
            output.append(digit)
        }
        return String(decoding: output, as: UTF8.self) + " ₫"
    }

    public var description: String { formatted }
}
