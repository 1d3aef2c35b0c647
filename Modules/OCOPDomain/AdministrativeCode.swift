/// A fixed-length numeric code from the national list of administrative units (GSO codes).
///
/// Codes are strings because leading zeros matter ("01" is Hà Nội). Codable as the plain string.
public protocol AdministrativeCode: RawRepresentable<String>, Hashable, Comparable, Sendable, Codable,
    LosslessStringConvertible
{
    /// Number of digits in every code of this level.
    static var digitCount: Int { get }
}

extension AdministrativeCode {
    public init?(_ description: String) {
        self.init(rawValue: description)
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// True when `text` has exactly `digitCount` ASCII digits.
    static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            bytes.count == digitCount && bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
    }
}

/// Province code, 2 digits ("01" Hà Nội). Current and legacy provinces share this code space.
public struct ProvinceCode: AdministrativeCode {
    public static let digitCount = 2
    public let rawValue: String

    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }
}

/// Legacy district code, 3 digits (districts were abolished on 2025-07-01).
public struct DistrictCode: AdministrativeCode {
    public static let digitCount = 3
    public let rawValue: String

    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }
}

/// Commune/ward code, 5 digits. The same number can name a legacy and a current unit, so always
/// know which table a code refers to.
public struct CommuneCode: AdministrativeCode {
    public static let digitCount = 5
    public let rawValue: String

    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }
}
