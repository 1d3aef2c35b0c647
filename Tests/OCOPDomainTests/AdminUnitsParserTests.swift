import Foundation
import Testing

@testable import OCOPDomain

@Suite struct AdminUnitsParserTests {
    private let header = "V\t1\nK\tP\tPhường\nK\tX\tXã\nK\tQ\tQuận\n"

    private func load(_ text: String) throws(AdminUnitsError) -> AdminUnits {
        try AdminUnits(data: Data(text.utf8))
    }

    @Test func smallFile() throws {
        let text = header + "N\t1\t2\t1\t1\t1\n"
            + "P\t01\tThành phố Hà Nội\tHà Nội\n"
            + "C\t00004\tP\tBa Đình\t-21.0386\t105\n"
            + "C\t00008\tX\tNgọc Hà\t\t\tPhường Ngọc Hà\n"
            + "L\t01\tThành phố Hà Nội\tHà Nội\t01\n"
            + "D\t001\tQ\tBa Đình\n"
            + "W\t00007\tP\tCống Vị\t00008,00004\n"
        let units = try load(text)
        let second = try #require(units.commune(try communeCode("00008")))
        #expect(second.name == "Phường Ngọc Hà")
        #expect(second.kind == .commune)
        #expect(second.latitude == nil)
        let first = try #require(units.commune(try communeCode("00004")))
        #expect(first.latitude == -21.0386)
        #expect(first.longitude == 105)
        let mapped = try #require(units.currentCommunes(forLegacy: try communeCode("00007")))
        #expect(mapped.default.code.rawValue == "00008")
        #expect(mapped.all.count == 2)
        #expect(units.legacyCommune(try communeCode("00007"))?.districtName == "Quận Ba Đình")
    }

    @Test func crlfLineEndings() throws {
        let text = header + "N\t1\t0\t0\t0\t0\nP\t01\tThành phố Hà Nội\tHà Nội\n"
        let units = try load(text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(units.provinces.first?.shortName == "Hà Nội")
    }

    @Test func rejectsCorruptFiles() {
        let cases: [(String, AdminUnitsError)] = [
            ("", .corrupt(line: 0, reason: "empty or missing version record")),
            ("V\t2\n", .corrupt(line: 1, reason: "unsupported format version 2")),
            ("P\t01\tA\tA\n", .corrupt(line: 1, reason: "missing version record")),
            (header + "P\t1\tA\tA\n", .corrupt(line: 5, reason: "bad code 1")),
            (header + "C\t00004\tP\tBa Đình\t1\t2\n", .corrupt(line: 5, reason: "commune before any province")),
            (header + "P\t01\tA\tA\nC\t00004\tZ\tB\t1\t2\n", .corrupt(line: 6, reason: "unknown kind letter Z")),
            (header + "P\t01\tA\tA\nC\t00004\tQ\tB\t1\t2\n", .corrupt(line: 6, reason: "not a commune kind: Quận")),
            (header + "P\t01\tA\tA\nC\t00004\tP\tB\t1.2.3\t2\n", .corrupt(line: 6, reason: "bad coordinate 1.2.3")),
            (header + "P\t01\tA\tA\nC\t00004\tP\tB\t1\tE5\n", .corrupt(line: 6, reason: "bad coordinate E5")),
            (header + "L\t01\tA\tA\t01\n", .corrupt(line: 5, reason: "unknown current province 01")),
            (
                header + "P\t01\tA\tA\nL\t01\tA\tA\t01\nD\t001\tQ\tB\nW\t00001\tP\tC\t00009\n",
                .corrupt(line: 8, reason: "unknown target commune 00009")
            ),
            (header + "N\t2\t0\t0\t0\t0\nP\t01\tA\tA\n", .corrupt(line: 0, reason: "record counts [1, 0, 0, 0, 0] do not match the N record [2, 0, 0, 0, 0]")),
            (header + "X\n", .corrupt(line: 5, reason: "unknown record")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text.debugDescription)") { try load(text) }
        }
    }

    @Test func unreadableFile() {
        let url = URL(fileURLWithPath: "/nonexistent/admin-units.txt")
        #expect {
            try AdminUnits(contentsOf: url)
        } throws: { error in
            guard case .unreadable(let path, _) = error as? AdminUnitsError else { return false }
            return path == url.path
        }
    }
}
