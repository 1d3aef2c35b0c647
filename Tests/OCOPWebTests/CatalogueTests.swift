import Foundation
import OCOPPluginKit
@testable import OCOPWeb
import Testing

/// Every UI string exists in every language, and every `{{t.key}}` a template uses exists.
@Suite struct CatalogueTests {
    @Test func everyKeyIsInEveryLanguage() throws {
        let catalogue = try Catalogue.bundled()
        let vi = Set(catalogue.table("vi").keys), en = Set(catalogue.table("en").keys)
        #expect(vi.subtracting(en).sorted() == [], "keys missing in en.json")
        #expect(en.subtracting(vi).sorted() == [], "keys missing in vi.json")
        for language in Catalogue.languages {
            let empty = catalogue.table(language).filter { $0.value.trimmingCharacters(in: .whitespaces).isEmpty }.keys.sorted()
            #expect(empty == [], "empty strings in \(language).json")
        }
        #expect(vi.count > 50)
    }

    /// The API's field sentences get the catalogue's specific wording in Vietnamese, with the
    /// values they name; an unknown sentence falls back to its kind.
    @Test func fieldErrorsAreWordedPerProblem() throws {
        let catalogue = try Catalogue.bundled()
        #expect(FieldWording.patternCount == 43, "a pattern failed to compile")
        for key in FieldWording.keys {
            #expect(catalogue.table("vi")[key] != nil && catalogue.table("en")[key] != nil, "\(key) missing from a catalogue")
        }
        let cases: [(String, String)] = [
            ("is required", "Bắt buộc phải có."),
            ("is longer than 300 characters", "Dài quá 300 ký tự."),
            ("'99' is not a product set (1–26)", "'99' không phải bộ sản phẩm nào trong 26 bộ của QĐ 148 (ghi số 1–26)."),
            ("'x@' is not an email address", "'x@' không phải địa chỉ thư điện tử."),
            ("expected a year from 1900 to 2026, found 1800", "Cần năm từ 1900 đến 2026, nhưng ghi 1800."),
            ("expected 0 to 1000000, found -5", "Cần số từ 0 đến 1000000, nhưng ghi -5."),
            ("'99999' is not a current commune of province 01", "'99999' không phải xã hiện hành của tỉnh 01."),
            ("'0100109105' is not a tax code: its check digit is 5, but 010010910 needs 6",
             "'0100109105' không phải mã số thuế hợp lệ: chữ số kiểm tra là 5, nhưng 010010910 phải có chữ số kiểm tra 6."),
            ("expected integer", "Cần một số nguyên."),
            ("no subject 42 in your area", "Không có chủ thể 42 trong địa bàn của bạn."),
            ("is not the account's password", "Mật khẩu hiện tại không đúng."),
            ("must be at least 10 characters", "Cần ít nhất 10 ký tự."),
            ("expected a date (YYYY-MM-DD) not after today, found '2026-13-01'", "Cần ngày dạng NNNN-TT-NN (năm-tháng-ngày), nhưng ghi '2026-13-01'."),
        ]
        for (english, vietnamese) in cases {
            #expect(WebSupport.message(english, language: "vi", catalogue: catalogue) == vietnamese, "\(english)")
            #expect(WebSupport.message(english, language: "en", catalogue: catalogue).lowercased() == english.lowercased(), "English keeps the API's sentence")
        }
        #expect(WebSupport.message("something no pattern knows", language: "vi", catalogue: catalogue) == catalogue.text("field_invalid", "vi"))
    }

    @Test func everyTemplateKeyIsInTheCatalogue() throws {
        let catalogue = try Catalogue.bundled()
        let keys = Set(catalogue.table("vi").keys)
        let pattern = try NSRegularExpression(pattern: #"\{\{[#^/]?t\.([a-z0-9_]+)\}\}"#)
        var used: Set<String> = []
        for (name, source) in try WebResources.templates() {
            let range = NSRange(source.startIndex..., in: source)
            for match in pattern.matches(in: source, range: range) {
                let key = String(source[Range(match.range(at: 1), in: source)!])
                used.insert(key)
                #expect(keys.contains(key), "template \(name) uses t.\(key), which vi.json and en.json lack")
            }
        }
        #expect(used.count > 20)
    }

    /// Triple braces (unescaped output) appear once: the layout's already-rendered page body.
    @Test func onlyTheLayoutWritesUnescapedHTML() throws {
        for (name, source) in try WebResources.templates() {
            let count = source.components(separatedBy: "{{{").count - 1 + source.components(separatedBy: "{{&").count - 1
            #expect(count == (name == "layout" ? 1 : 0), "\(name) has \(count) unescaped outputs")
        }
    }
}
