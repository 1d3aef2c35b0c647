import Foundation
import Testing

@testable import OCOPRegistry

/// Row messages reach province clerks in Vietnamese too: each common message has its wording,
/// with the values it quotes.
@Suite struct ImportWordingTests {
    @Test(arguments: [
        ("is required", "bắt buộc phải có"),
        ("'100109106' read as 0100109106: the leading zero was restored", "'100109106' được đọc là 0100109106"),
        ("'0100109107' is not a tax code: its check digit is 7, but 010010910 needs 6", "chữ số kiểm tra là 7"),
        ("no subject named 'HTX Gốm' in province 01; import the subjects first, or give its tax code", "không có chủ thể tên 'HTX Gốm' ở tỉnh 01"),
        ("expected 3, 4 or 5 (only 3★ and above are certified), found '6'", "hạng sao phải là 3, 4 hoặc 5"),
        ("'Thực phẩm tươi sống' does not name one product set of QĐ 148; it may be: 1 Rau; 2 Thịt", "có thể là: 1 Rau; 2 Thịt"),
        ("Xã Bát Tràng (huyện Gia Lâm, Hà Nội, before 2025) was divided among Xã Bát Tràng and Xã Gia Lâm; the rest of the address names none of them",
         "đã được chia cho Xã Bát Tràng and Xã Gia Lâm"),
        ("the address is in Bình Định (a province before 2025, now part of Gia Lai), not in Hưng Yên", "địa chỉ thuộc Bình Định"),
        ("unknown column 'Tên SP'; expected: name, product_set", "cột 'Tên SP' không rõ"),
        ("2017-05-01 is before the OCOP programme began (490/QĐ-TTg, 2018-05-07)", "trước khi Chương trình OCOP bắt đầu"),
    ])
    func commonMessagesHaveTheirWording(english: String, vietnamese: String) throws {
        let wording = try #require(ImportWording.vietnamese(english), "no wording for: \(english)")
        #expect(wording.contains(vietnamese), "\(wording)")
    }

    @Test func unknownMessagesStayEnglishOnly() throws {
        #expect(ImportWording.vietnamese("something new happened") == nil)
        #expect(ImportWording.patternCount == 46, "every pattern compiles")
        let issue = ImportReport.RowIssue(line: 3, column: 2, field: "name", message: "is required")
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(issue)) as? [String: Any])
        #expect(json["message_vi"] as? String == "bắt buộc phải có" && json["message"] as? String == "is required")
    }
}
