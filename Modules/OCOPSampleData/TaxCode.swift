import OCOPDomain

/// Vietnamese tax codes (mã số thuế): 10 digits, the 10th a check digit over the first nine with
/// weights 31 29 23 19 17 13 7 5 3: `10 - (sum mod 11)`; a remainder of 0 gives no valid code.
/// Checked against real codes such as 0100109106 and 0300588569.
public enum TaxCode {
    /// True for a 10-digit code with a correct check digit.
    public static func isValid(_ code: String) -> Bool {
        let digits = code.utf8.map { Int($0) - 48 }
        guard digits.count == 10, digits.allSatisfy({ (0...9).contains($0) }) else { return false }
        return checkDigit(Array(digits.prefix(9))) == digits[9]
    }

    static func checkDigit(_ nine: [Int]) -> Int? { TaxIdentifier.checkDigit(nine) }

    /// The code for a 2-digit prefix and a 7-digit sequence number, or nil when its check digit
    /// would be 10 (no such code exists; skip the number).
    static func make(prefix: Int, sequence: Int) -> String? {
        let body = prefix * 10_000_000 + sequence
        var nine: [Int] = []
        var rest = body
        for _ in 0..<9 {
            nine.append(rest % 10)
            rest /= 10
        }
        nine.reverse()
        guard let check = checkDigit(nine) else { return nil }
        return nine.map(String.init).joined() + String(check)
    }
}
