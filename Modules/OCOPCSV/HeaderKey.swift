import Foundation

/// The key column names are matched by: ASCII letters and digits only, lowercase, diacritics
/// removed (đ → d), so `Mã số thuế`, `MA SO THUE`, `ma_so_thue` and `Mã số thuế` in NFD all give
/// `masothue`.
///
/// OCOPCSV stays independent of the domain module, so this is its own small folding; it runs once
/// per header cell, so going through Foundation's canonical decomposition is cheap enough.
public enum HeaderKey {
    public static func fold(_ text: String) -> String {
        var key = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39, 0x61...0x7A:
                key.append(scalar)
            case 0x41...0x5A:
                key.append(Unicode.Scalar(UInt8(scalar.value) + 32))
            case 0x110, 0x111:  // Đ đ: a letter of its own, no decomposition
                key.append("d")
            case 0..<0x80:
                continue  // spaces, punctuation, controls
            default:
                let properties = scalar.properties
                guard properties.isAlphabetic || properties.numericType != nil,
                    properties.generalCategory != .nonspacingMark
                else { continue }
                key.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(key)
    }
}
