import OCOPDomain

/// Valid tax codes for test data: the first code at or after nine given digits whose check digit
/// exists (see `TaxIdentifier`).
public enum TestTaxCodes {
    public static func make(_ nineDigits: String) -> String {
        var body = Int(nineDigits) ?? 0
        while true {
            let text = String(format: "%09d", body)
            if let check = TaxIdentifier.checkDigit(text.utf8.map { Int($0) - 48 }) { return text + String(check) }
            body += 1
        }
    }
}
