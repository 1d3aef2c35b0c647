/// The YAML 1.2 core schema: which plain scalars are null, booleans,
/// integers or floats, and how to read their values.
///
/// Deliberately narrower than YAML 1.1: `yes`, `no`, `on`, `off`, `0b101` and
/// `1_000` are strings, so a config value never changes type by surprise.
enum CoreSchema {
    static let prefix = "tag:yaml.org,2002:"
    static let strTag = prefix + "str"
    static let intTag = prefix + "int"
    static let floatTag = prefix + "float"
    static let boolTag = prefix + "bool"
    static let nullTag = prefix + "null"
    static let mapTag = prefix + "map"
    static let seqTag = prefix + "seq"

    /// Outcome of reading an integer into a fixed-width type.
    enum IntegerResult<T> {
        case value(T)
        case outOfRange
        case invalid
    }

    /// The kind an explicit scalar tag forces, or nil for a tag that is not
    /// a standard scalar tag. `!` (non-specific) means string.
    static func kind(forTag tag: String) -> YAMLScalar.Kind? {
        switch longForm(tag) {
        case "!", strTag: .string
        case intTag: .int
        case floatTag: .float
        case boolTag: .bool
        case nullTag: .null
        default: nil
        }
    }

    /// `!!int` → `tag:yaml.org,2002:int`; other tags unchanged.
    static func longForm(_ tag: String) -> String {
        tag.hasPrefix("!!") ? prefix + tag.dropFirst(2) : tag
    }

    /// `!!int` for the standard tags, the tag itself otherwise.
    static func shortForm(_ tag: String) -> String {
        tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }

    /// Resolves an untagged plain scalar.
    static func resolvePlain(_ text: String) -> YAMLScalar.Kind {
        if isNull(text) { return .null }
        if bool(text) != nil { return .bool }
        if isInteger(text) { return .int }
        if isFloat(text) { return .float }
        return .string
    }

    /// Whether `text` is valid for a scalar forced to `kind` by a tag.
    static func accepts(_ text: String, as kind: YAMLScalar.Kind) -> Bool {
        switch kind {
        case .null: isNull(text)
        case .bool: bool(text) != nil
        case .int: isInteger(text)
        case .float: isFloat(text) || isInteger(text)
        case .string: true
        }
    }

    static func isNull(_ text: String) -> Bool {
        switch text {
        case "", "~", "null", "Null", "NULL": true
        default: false
        }
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    static func isInteger(_ text: String) -> Bool {
        integerParts(text) != nil
    }

    /// Splits an integer into its sign-and-digits text and radix:
    /// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`.
    static func integerParts(_ text: String) -> (digits: Substring, radix: Int)? {
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            let rest = text.dropFirst(2)
            if bytes[1] == UInt8(ascii: "o"), bytes[2...].allSatisfy(isOctalDigit) {
                return (rest, 8)
            }
            if bytes[1] == UInt8(ascii: "x"), bytes[2...].allSatisfy(isHexDigit) {
                return (rest, 16)
            }
        }
        var digits = bytes[...]
        if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy(isDecimalDigit) else { return nil }
        return (Substring(text), 10)
    }

    /// Reads an integer scalar into `T`, telling overflow apart from bad text.
    static func integer<T: FixedWidthInteger>(_ text: String, as type: T.Type) -> IntegerResult<T> {
        guard let (digits, radix) = integerParts(text) else { return .invalid }
        if let value = T(digits, radix: radix) { return .value(value) }
        return .outOfRange
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?.inf`, `.nan`.
    static func isFloat(_ text: String) -> Bool {
        if special(text) != nil { return true }
        var bytes = Array(text.utf8)[...]
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            bytes = bytes.dropFirst()
        }
        let integerDigits = bytes.prefix(while: isDecimalDigit)
        bytes = bytes.dropFirst(integerDigits.count)
        var fractionDigits = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            let fraction = bytes.prefix(while: isDecimalDigit)
            fractionDigits = fraction.count
            bytes = bytes.dropFirst(fraction.count)
            if integerDigits.isEmpty && fractionDigits == 0 { return false }
        } else if integerDigits.isEmpty {
            return false
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                bytes = bytes.dropFirst()
            }
            let exponent = bytes.prefix(while: isDecimalDigit)
            if exponent.isEmpty { return false }
            bytes = bytes.dropFirst(exponent.count)
        }
        return bytes.isEmpty
    }

    /// Reads a float or integer scalar as a Double; nil if it does not fit.
    static func double(_ text: String) -> Double? {
        if let value = special(text) { return value }
        if let (digits, radix) = integerParts(text), radix != 10 {
            return UInt64(digits, radix: radix).map { Double($0) }
        }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    private static func special(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": .infinity
        case "-.inf", "-.Inf", "-.INF": -.infinity
        case ".nan", ".NaN", ".NAN": .nan
        default: nil
        }
    }

    private static func isDecimalDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isOctalDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "7")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDecimalDigit(byte)
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
}
