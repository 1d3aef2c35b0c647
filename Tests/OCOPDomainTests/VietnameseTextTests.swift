import Foundation
import Testing

@testable import OCOPDomain

@Suite struct VietnameseTextTests {
    @Test func nfcComposesDecomposedText() {
        let composed = "Thành phố Hà Nội, Đường Láng"
        let decomposed = composed.decomposedStringWithCanonicalMapping
        #expect(Array(decomposed.unicodeScalars) != Array(composed.unicodeScalars))
        #expect(Array(VietnameseText.nfc(decomposed).unicodeScalars) == Array(composed.unicodeScalars))
        #expect(VietnameseText.nfc(composed) == composed)
    }

    @Test(arguments: [
        ("Đường", "duong"),
        ("đường", "duong"),
        ("Thành phố Hà Nội", "thanh pho ha noi"),
        ("  Bát   Tràng\t\n", "bat trang"),
        ("Ặ Ấ Ẫ Ợ Ự Ỹ", "a a a o u y"),
        ("Bà Rịa - Vũng Tàu", "ba ria - vung tau"),
        ("Phường 12", "phuong 12"),
        ("Crème Brûlée", "creme brulee"),
        ("", ""),
        ("   ", ""),
        ("Hà\u{00A0}Nội", "ha noi"),
    ])
    func fold(input: String, expected: String) {
        #expect(VietnameseText.fold(input) == expected)
    }

    /// Ð (U+00D0, eth) is what many keyboards and OCR put for Đ: it must fold and sort like Đ.
    @Test func ethFoldsLikeDStroke() {
        #expect(VietnameseText.fold("\u{00D0}ông Anh") == "dong anh")
        #expect(VietnameseText.fold("\u{00D0}ông Anh") == VietnameseText.fold("Đông Anh"))
        #expect(VietnameseText.collationKey("\u{00D0}ông Anh") == VietnameseText.collationKey("Đông Anh"))
    }

    @Test func foldIgnoresNormalisationForm() {
        let samples = ["Đường Láng", "Nguyễn Thị Minh Khai", "Quảng Ngãi", "Ặc ặc", "Hưng Yên", "Đắk Lắk"]
        for sample in samples {
            let nfd = sample.decomposedStringWithCanonicalMapping
            #expect(VietnameseText.fold(nfd) == VietnameseText.fold(sample))
        }
    }

    @Test func foldMatchesFoundationOnEveryUnitName() throws {
        let units = try AdminUnits.shared
        let names = units.provinces.flatMap { units.communes(in: $0.code) }.map(\.name)
        for name in names {
            let reference = name.replacingOccurrences(of: "Đ", with: "D").replacingOccurrences(of: "đ", with: "d")
                .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            #expect(VietnameseText.fold(name) == reference, "\(name)")
        }
    }
}
