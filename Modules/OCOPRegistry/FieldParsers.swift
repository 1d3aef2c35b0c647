import Foundation
import OCOPDomain

/// Turns spreadsheet and JSON text into domain values, accepting the spellings provinces use
/// (Vietnamese or English names, any case or diacritics) and explaining what was expected.
enum FieldParsers {
    static func key(_ text: String) -> String {
        VietnameseText.fold(text).filter { $0.isLetter || $0.isNumber }
    }

    private static let legalForms: [String: LegalForm] = {
        var table: [String: LegalForm] = [:]
        for form in LegalForm.allCases {
            for name in [form.rawValue, form.vietnameseName, form.englishName] { table[key(name)] = form }
        }
        table[key("Hộ sản xuất")] = .householdBusiness
        table[key("Hộ gia đình")] = .householdBusiness
        table[key("Công ty")] = .enterprise
        table[key("HTX")] = .cooperative
        table[key("THT")] = .cooperativeGroup
        return table
    }()

    static func legalForm(_ text: String) -> LegalForm? { legalForms[key(text)] }

    private static let channels: [String: SalesChannel] = {
        var table: [String: SalesChannel] = [:]
        for channel in SalesChannel.allCases {
            for name in [channel.rawValue, channel.vietnameseName, channel.englishName] { table[key(name)] = channel }
        }
        let aliases: [(String, SalesChannel)] = [
            ("sieu_thi", .supermarket), ("cua_hang_tien_loi", .convenienceStore), ("thuong_mai_dien_tu", .eCommerce),
            ("TMĐT", .eCommerce), ("xuat_khau", .export), ("cho_truyen_thong", .traditionalMarket), ("Chợ", .traditionalMarket),
            ("diem_ban_ocop", .ocopPointOfSale), ("Điểm bán OCOP", .ocopPointOfSale), ("ban_truc_tiep", .direct),
            ("Bán trực tiếp", .direct), ("Cửa hàng riêng", .direct), ("Livestream", .livestream),
        ]
        for (name, channel) in aliases { table[key(name)] = channel }
        return table
    }()

    static func salesChannel(_ text: String) -> SalesChannel? { channels[key(text)] }

    static let channelList = SalesChannel.allCases.map(\.rawValue).joined(separator: ", ")
    static let legalFormList = LegalForm.allCases.map(\.rawValue).joined(separator: ", ")

    /// Yes/no in the ways spreadsheets write it.
    static func flag(_ text: String) -> Bool? {
        switch key(text) {
        case "", "khong", "no", "false", "0", "n", "k": return false
        case "co", "yes", "true", "1", "x", "y", "c": return true
        default: return nil
        }
    }

    static func productSet(_ text: String) -> ProductSet? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = Int(trimmed) { return ProductSet(code: number) }
        return ProductSet(named: trimmed)
    }

    /// Tax codes (10 digits, or 10 + `-` + 3 for branches) and registration numbers
    /// (6–20 letters/digits with `-`, `/`, `.`); returns the normalised form.
    /// A tax identifier in its stored form (see `TaxIdentifier`), or nil.
    static func registrationNumber(_ text: String) -> String? {
        guard case .success(let parsed) = TaxIdentifier.parse(text) else { return nil }
        return parsed.identifier.description
    }
}
