/// A producer's tax identifier, as the tax authority issues it:
///
/// - a **tax code** (mã số thuế) of 10 digits, the 10th a check digit over the first nine with
///   weights 31 29 23 19 17 13 7 5 3: `10 − (sum mod 11)` (a result of 10 means no valid code);
/// - a **branch code** (dependent unit) of 13: the parent's 10 digits and a 3-digit unit number,
///   written `0123456789-001` or `0123456789001` and stored with the hyphen;
/// - from 2025-07-01, the 12-digit **personal identification number** (số định danh cá nhân) of a
///   household business's representative, which replaces the household's tax code (Circular
///   86/2024/TT-BTC of the Ministry of Finance, 23 December 2024, Art. 5 cl. 5). Its first three
///   digits are the province of birth (001–096, Circular 59/2021/TT-BCA), so it starts with 0.
///
/// A tax code identifies one legal person nationally.
public enum TaxIdentifier: Hashable, Sendable, CustomStringConvertible {
    case taxCode(String)
    case branch(parent: String, unit: String)
    case personal(String)

    /// The stored form: digits, with a hyphen before a branch's unit number.
    public var description: String {
        switch self {
        case .taxCode(let code): code
        case .branch(let parent, let unit): "\(parent)-\(unit)"
        case .personal(let number): number
        }
    }

    /// The legal person the identifier belongs to: a branch belongs to its parent's code.
    public var legalPerson: String {
        switch self {
        case .taxCode(let code): code
        case .branch(let parent, _): parent
        case .personal(let number): number
        }
    }

    /// Why a text is not a tax identifier.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// What parsing found, and whether Excel's lost leading zero had to be put back.
    public struct Parsed: Sendable, Equatable {
        public let identifier: TaxIdentifier
        /// Set when a leading zero was restored (`100109106` → `0100109106`): worth a warning.
        public let restoredFrom: String?
    }

    /// Reads `text` (spaces, dots and a hyphen before a branch number allowed), restoring one
    /// leading zero where that — and only that — makes a valid identifier.
    public static func parse(_ text: String) -> Result<Parsed, Problem> {
        let trimmed = text.filter { !$0.isWhitespace && $0 != "." }
        var digits = trimmed
        var hyphenated = false
        if let hyphen = trimmed.firstIndex(of: "-") {
            let head = trimmed[..<hyphen], tail = trimmed[trimmed.index(after: hyphen)...]
            guard head.count == 10 || head.count == 9, tail.count == 3 else {
                return .failure(Problem("'\(text)' is not a tax code: a branch code is 10 digits, a hyphen and 3 digits (0123456789-001)"))
            }
            digits = String(head + tail)
            hyphenated = true
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .failure(Problem("'\(text)' is not a tax code: only digits (and a hyphen before a branch number) are allowed"))
        }
        if case .success(let identifier) = exact(digits, hyphenated: hyphenated) {
            return .success(Parsed(identifier: identifier, restoredFrom: nil))
        }
        // Excel stores codes as numbers and drops the leading zero; put it back when that alone works.
        if [9, 11, 12].contains(digits.count), case .success(let identifier) = exact("0" + digits, hyphenated: hyphenated) {
            return .success(Parsed(identifier: identifier, restoredFrom: text))
        }
        return exact(digits, hyphenated: hyphenated).map { Parsed(identifier: $0, restoredFrom: nil) }
    }

    private static func exact(_ digits: String, hyphenated: Bool) -> Result<TaxIdentifier, Problem> {
        let values = digits.utf8.map { Int($0) - 48 }
        switch values.count {
        case 10 where !hyphenated:
            guard let check = checkDigit(Array(values.prefix(9))) else {
                return .failure(Problem("'\(digits)' is not a tax code: no valid code starts with \(digits.prefix(9))"))
            }
            guard check == values[9] else {
                return .failure(Problem("'\(digits)' is not a tax code: its check digit is \(values[9]), but \(digits.prefix(9)) needs \(check)"))
            }
            return .success(.taxCode(digits))
        case 13:
            let parent = String(digits.prefix(10)), unit = String(digits.suffix(3))
            guard case .success = exact(parent, hyphenated: false) else {
                return .failure(Problem("'\(digits)' is not a branch code: its first 10 digits \(parent) are not a valid tax code"))
            }
            guard unit != "000" else { return .failure(Problem("'\(digits)' is not a branch code: unit numbers run from 001 to 999")) }
            return .success(.branch(parent: parent, unit: unit))
        case 12 where !hyphenated:
            guard let province = Int(digits.prefix(3)), (1...96).contains(province) else {
                return .failure(Problem("'\(digits)' is not a personal identification number: its first three digits (\(digits.prefix(3))) are not a province of birth (001–096)"))
            }
            return .success(.personal(digits))
        default:
            return .failure(Problem("'\(digits)' is not a tax code: expected 10 digits, 13 for a branch (10-3), or a household's 12-digit personal identification number, found \(values.count) digits"))
        }
    }

    /// The check digit for nine digits, or nil when none makes a valid code.
    public static func checkDigit(_ nine: [Int]) -> Int? {
        let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
        guard nine.count == 9 else { return nil }
        let check = 10 - zip(nine, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
        return check == 10 ? nil : check
    }
}
