import Foundation

/// The Vietnamese wording of an import's row messages, for the province clerks who fix the
/// sheets. Messages are written once, in English, where the check is made; this table says the
/// same in Vietnamese, pattern by pattern, keeping the quoted values. A message with no pattern
/// here has no Vietnamese wording (the report then gives the English alone); a test keeps the
/// common ones covered.
enum ImportWording {
    /// `(pattern, Vietnamese template)`: `$1`… are the pattern's groups.
    private static let table: [(NSRegularExpression, String)] = [
        (#"^is required$"#, "bắt buộc phải có"),
        (#"^is required \(or give legacy_commune_code, or an address naming the commune\)$"#,
         "bắt buộc phải có mã xã (hoặc mã xã cũ, hoặc địa chỉ ghi tên xã)"),
        (#"^is longer than (\d+) characters$"#, "dài quá $1 ký tự"),
        (#"^'(.*)' is not a legal form; expected one of (.*)$"#, "'$1' không phải loại hình chủ thể; cần một trong: $2"),
        (#"^'(.*)' read as (.*): the leading zeros? (?:was|were) restored$"#, "'$1' được đọc là $2: đã khôi phục số 0 ở đầu (Excel làm mất)"),
        (#"^'(.*)' is not an email address$"#, "'$1' không phải địa chỉ thư điện tử"),
        (#"^expected a year from 1900 to (\d+), found (.*)$"#, "cần năm từ 1900 đến $1, nhưng ghi $2"),
        (#"^expected a percentage from 0 to 100, found '?(.*?)'?$"#, "cần tỷ lệ phần trăm từ 0 đến 100, nhưng ghi '$1'"),
        (#"^expected a whole number, found '(.*)'$"#, "cần một số nguyên, nhưng ghi '$1'"),
        (#"^expected có/không \(yes/no\), found '(.*)'$"#, "cần ghi có/không, nhưng ghi '$1'"),
        (#"^'(.*)' is not a sales channel; expected (.*)$"#, "'$1' không phải kênh bán hàng; cần một trong: $2"),
        (#"^'(.*)' is not a current \(2025\) commune code$"#, "'$1' không phải mã xã hiện hành (từ 2025)"),
        (#"^'(.*)' is not a pre-2025 commune code$"#, "'$1' không phải mã xã trước năm 2025"),
        (#"^pre-2025 commune (\d+) \((.*)\) was divided in 2025 between (.*); give commune_code, or an address naming one of them$"#,
         "xã cũ $1 ($2) đã được chia năm 2025 cho: $3; hãy ghi mã xã mới, hoặc địa chỉ nêu tên một trong các xã đó"),
        (#"^(.*) was divided among (.*); the rest of the address names none of them$"#,
         "$1 đã được chia cho $2; phần còn lại của địa chỉ không nêu xã nào trong số đó — chờ cán bộ chọn"),
        (#"^the commune is in province (\d+), not in (.*)$"#, "xã này thuộc tỉnh $1, không thuộc $2"),
        (#"^no commune named '(.*)' in (.*)$"#, "không có xã nào tên '$1' ở $2"),
        (#"^(\d+) communes of that name (.*); the address does not say which(.*)$"#, "có $1 xã cùng tên $2; địa chỉ không cho biết là xã nào$3"),
        (#"^the address is in (.*), not in (.*)$"#, "địa chỉ thuộc $1, không thuộc $2"),
        (#"^the address is not in (.*)$"#, "địa chỉ không thuộc $1"),
        (#"^the address names no commune$"#, "địa chỉ không nêu tên xã/phường"),
        (#"^'(.*)' is not a tax code: its check digit is (\d), but (\d+) needs (\d)$"#,
         "'$1' không phải mã số thuế hợp lệ: chữ số kiểm tra là $2, nhưng $3 phải có chữ số kiểm tra $4"),
        (#"^'(.*)' is not a tax code: (.*)$"#, "'$1' không phải mã số thuế hợp lệ ($2)"),
        (#"^Tax code (\S+) is already registered in (.*?) as subject (\d+)(.*)$"#,
         "Mã số thuế $1 đã được đăng ký tại $2 (chủ thể $3); mỗi mã số thuế chỉ là một chủ thể trên toàn quốc. Cơ sở sản xuất ở tỉnh khác dùng mã đơn vị phụ thuộc (13 số)."),
        (#"^registration number (\S+) is already on line (\d+)$"#, "mã số thuế $1 đã có ở dòng $2"),
        (#"^no subject with registration number '(.*)' in province (\d+); import the subjects first$"#,
         "không có chủ thể mã số thuế '$1' ở tỉnh $2; hãy nhập danh sách chủ thể trước"),
        (#"^no subject named '(.*)' in province (\d+); import the subjects first, or give its tax code$"#,
         "không có chủ thể tên '$1' ở tỉnh $2; hãy nhập danh sách chủ thể trước, hoặc ghi mã số thuế"),
        (#"^(\d+) subjects of province (\d+) are named '(.*)' \(tax codes (.*)\); give the tax code in subject_registration_number$"#,
         "có $1 chủ thể của tỉnh $2 cùng tên '$3' (mã số thuế $4); hãy ghi mã số thuế để phân biệt"),
        (#"^the owner is missing: give the subject's tax code or its name$"#, "thiếu chủ thể: ghi mã số thuế hoặc tên chủ thể"),
        (#"^this subject already has a product named '(.*)' on line (\d+)$"#, "chủ thể này đã có sản phẩm tên '$1' ở dòng $2"),
        (#"^line (\d+) describes the product '(.*)' differently; .*$"#,
         "dòng $1 ghi sản phẩm '$2' khác đi; các dòng của cùng một sản phẩm chỉ được khác nhau ở các cột quyết định"),
        (#"^this decision is already on line (\d+)$"#, "quyết định này đã có ở dòng $1"),
        (#"^'(.*)' is not one of the 26 product sets of QĐ 148.*$"#, "'$1' không phải bộ sản phẩm nào trong 26 bộ của QĐ 148 (ghi số 1–26 hoặc tên bộ)"),
        (#"^'(.*)' does not name one product set of QĐ 148; it may be: (.*)$"#, "'$1' không chỉ rõ một bộ sản phẩm của QĐ 148; có thể là: $2 — chờ cán bộ chọn"),
        (#"^expected 3, 4 or 5 \(only 3★ and above are certified\), found '(.*)'$"#, "hạng sao phải là 3, 4 hoặc 5 (chỉ từ 3 sao được công nhận), nhưng ghi '$1'"),
        (#"^is required with a decision: .*$"#, "bắt buộc khi có quyết định: ghi ngày (DD/MM/YYYY) hoặc chỉ năm"),
        (#"^expected a date DD/MM/YYYY or YYYY-MM-DD, or a year \(2018 or later\), found '(.*)'$"#,
         "cần ngày dạng DD/MM/YYYY hoặc năm (từ 2018), nhưng ghi '$1'"),
        (#"^(.*) is before the OCOP programme began .*$"#, "$1 trước khi Chương trình OCOP bắt đầu (QĐ 490/QĐ-TTg, 07/05/2018)"),
        (#"^expected huyện, tỉnh or trung ương .*, found '(.*)'$"#, "cấp công nhận phải là huyện, tỉnh hoặc trung ương, nhưng ghi '$1'"),
        (#"^expected 490, 1048, 148 or 1489 .*, found '(.*)'$"#, "bộ tiêu chí phải là QĐ 490, 1048, 148 hoặc 1489, nhưng ghi '$1'"),
        (#"^expected công nhận, tiềm năng 5 sao, hạ hạng, thu hồi or rút .*, found '(.*)'$"#,
         "tình trạng phải là công nhận, tiềm năng 5 sao, hạ hạng, thu hồi hoặc rút, nhưng ghi '$1'"),
        (#"^a (.*) \((.*)\) decision needs the stars it takes away$"#, "quyết định $1 phải ghi hạng sao bị thu hồi"),
        (#"^expected one of draft, active, discontinued; found '(.*)'$"#, "trạng thái phải là draft, active hoặc discontinued, nhưng ghi '$1'"),
        (#"^expected (\d+) fields as in the header, found (\d+)$"#, "dòng có $2 ô, nhưng dòng tiêu đề có $1 cột"),
        (#"^a value in a column without a header name$"#, "có giá trị ở cột không có tên tiêu đề"),
        (#"^unknown column '(.*?)'; expected: .*$"#, "cột '$1' không rõ là cột nào; hãy đổi tên, hoặc khai báo bằng --columns (xem docs/import-format.md)"),
    ].compactMap { pattern, template in (try? NSRegularExpression(pattern: pattern)).map { ($0, template) } }

    /// Patterns that compiled (a test checks none was dropped).
    static var patternCount: Int { table.count }

    /// The message in Vietnamese, or nil when this table does not know it.
    static func vietnamese(_ message: String) -> String? {
        let range = NSRange(message.startIndex..., in: message)
        for (pattern, template) in table {
            guard let match = pattern.firstMatch(in: message, range: range) else { continue }
            return pattern.replacementString(for: match, in: message, offset: 0, template: template)
        }
        return nil
    }
}
