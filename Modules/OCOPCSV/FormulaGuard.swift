/// CSV/formula injection guard: spreadsheets run a cell starting with `=`, `+`, `-` or `@` as a
/// formula (and tab or CR can hide such a start), so exported text gets a leading `'` there.
/// A plain number such as `-5` or `+84` is left alone, so numbers stay numbers.
///
/// Importing removes that `'` again; text that itself starts with `'` before such a start gets
/// one more `'` on export, so every value survives export → import.
enum FormulaGuard {
    static func needsPrefix(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        if utf8.first == UInt8(ascii: "'") {
            return startsFormula(UnsafeBufferPointer(rebasing: utf8.dropFirst()))
                || (utf8.count > 1 && utf8[1] == UInt8(ascii: "'") && needsPrefix(UnsafeBufferPointer(rebasing: utf8.dropFirst())))
        }
        return startsFormula(utf8)
    }

    /// `field` without the guard's `'`, when it has one.
    static func unguarded(_ field: String) -> String {
        guard field.utf8.first == UInt8(ascii: "'") else { return field }
        var copy = field
        let guarded = copy.withUTF8 { needsPrefix(UnsafeBufferPointer(rebasing: $0.dropFirst())) }
        return guarded ? String(field.dropFirst()) : field
    }

    static func startsFormula(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), ASCII.tab, ASCII.cr: return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return !isPlainNumber(utf8)
        default: return false
        }
    }

    /// `[+-]?digits[.,digits]` or `[+-]?[.,]digits`: at least one digit, one decimal separator at most.
    static func isPlainNumber(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if let first = utf8.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { index = 1 }
        var digits = 0
        var separators = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") {
                separators += 1
                if separators > 1 { return false }
            } else {
                return false
            }
            index += 1
        }
        return digits > 0 && utf8.last.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } == true
    }
}
