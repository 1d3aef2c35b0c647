import Foundation
import Testing

@testable import OCOPDomain

@Suite struct VietnameseCollationTests {
    private func key(_ text: String) -> String { VietnameseText.collationKey(text) }

    /// Each list is in the expected order; checks every pair, both with `<` and bytewise.
    private func expectOrdered(_ words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for (index, earlier) in words.enumerated() {
            for later in words.dropFirst(index + 1) {
                let (a, b) = (key(earlier), key(later))
                #expect(a < b, "\(earlier) < \(later): \(a) vs \(b)", sourceLocation: sourceLocation)
                #expect(Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)), sourceLocation: sourceLocation)
            }
        }
        let shuffled = words.shuffled()
        #expect(shuffled.sorted { key($0) < key($1) } == words, sourceLocation: sourceLocation)
    }

    @Test func alphabet() {
        expectOrdered(["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n",
                       "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y"])
    }

    @Test func vowelLettersBeforeTones() {
        expectOrdered(["O", "Ô", "Ơ"])
        expectOrdered(["An", "Anh", "Ăn"])
        expectOrdered(["Dương", "Đà Nẵng"])
        expectOrdered(["ua", "ùa", "ưa"])
    }

    @Test func tonesInDictionaryOrder() {
        expectOrdered(["ba", "bà", "bả", "bã", "bá", "bạ", "bác", "bạc"])
        expectOrdered(["ma", "mà", "mả", "mã", "má", "mạ"])
    }

    @Test func syllableBySyllable() {
        // All "bát …" compounds come before "bạt", as in a dictionary.
        expectOrdered(["Bát", "Bát Tràng", "Bạt", "Bạt Mạng"])
        expectOrdered(["Ba Vì", "Bà Rịa"])
        expectOrdered(["ba", "ba ba", "bà", "bà ba"])
        expectOrdered(["Hà Giang", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng"])
    }

    @Test func numbersByValue() {
        expectOrdered(["Phường 1", "Phường 2", "Phường 10", "Phường 12", "Phường An Hòa"])
        expectOrdered(["3", "03 b", "20"])
    }

    @Test func caseOnlyBreaksTies() {
        expectOrdered(["an", "An", "AN", "anh"])
        #expect(key("Hà Nội") != key("hà nội"))
        #expect(key("hà nội") < key("Hà Nội"))
    }

    @Test func normalisationFormAndPunctuationDoNotMatter() {
        let text = "Bà Rịa - Vũng Tàu"
        #expect(key(text.decomposedStringWithCanonicalMapping) == key(text))
        #expect(key("Bà Rịa – Vũng Tàu") == key(text))
        #expect(key("Bà Rịa Vũng Tàu") == key(text))
    }

    @Test func keysAreDatabaseSafeASCII() {
        let allowed = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        for text in ["Thành phố Hồ Chí Minh", "Đặc khu Côn Đảo", "Phường 5", "東京", "", "Ñandú"] {
            #expect(key(text).utf8.allSatisfy(allowed.contains), "\(text)")
        }
    }

    @Test func otherScriptsAfterLatin() {
        expectOrdered(["y", "z", "Ω", "東京"])
    }

    @Test func provinceNamesSort() throws {
        let units = try AdminUnits.shared
        let sorted = units.provinces.map(\.shortName).sorted { key($0) < key($1) }
        #expect(sorted.first == "An Giang")
        #expect(sorted.last == "Vĩnh Long")
        let firstD = try #require(sorted.firstIndex(of: "Đà Nẵng"))
        #expect(sorted[firstD...].allSatisfy { !$0.hasPrefix("D") || $0.hasPrefix("Đ") })
    }
}
