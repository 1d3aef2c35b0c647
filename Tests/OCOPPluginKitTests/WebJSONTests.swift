import Foundation
@testable import OCOPPluginKit
import Testing

/// Pages read in-process API answers with `WebJSON`: it must give what a general JSON parser
/// gives (here `JSONSerialization`, converted the way templates see values) and refuse what is
/// not JSON.
@Suite struct WebJSONTests {
    /// The reference: Foundation's parser, numbers that are not whole as text.
    static func reference(_ any: Any) -> WebValue {
        switch any {
        case let text as String: return .string(text)
        case let number as NSNumber:
            switch UInt8(bitPattern: number.objCType.pointee) {
            case UInt8(ascii: "c"), UInt8(ascii: "B"): return .bool(number.boolValue)
            case UInt8(ascii: "d"), UInt8(ascii: "f"): return .string(String(number.doubleValue))
            default: return .int(number.intValue)
            }
        case let list as [Any]: return .list(list.map(reference))
        case let object as [String: Any]: return .object(object.mapValues(reference))
        default: return .null
        }
    }

    @Test func sameAsFoundation() throws {
        let documents = [
            #"{"items":[{"id":1,"name":"Chè Thái Nguyên","stars":null,"active":true,"ratio":0.25,"big":-9007199254740993}],"total":1}"#,
            #"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u1ea1\uD83D\uDE00", "", " x ", "<script>"]"#,
            #"  [ 1 , -2 , 3.5e2 , 1E-3 , 0 , -0 , true , false , null , {} , [] ]  "#,
            #"{"nested":{"deeper":{"list":[[[]],[{"k":"v"}]]}},"empty":"","unicode":"Bát Tràng — 𝄞"}"#,
            #""just a string""#, "42", "true", "null",
        ]
        for document in documents {
            let expected = Self.reference(try JSONSerialization.jsonObject(with: Data(document.utf8), options: [.fragmentsAllowed]))
            #expect(try WebJSON.parse(Data(document.utf8)) == expected, "\(document)")
        }
        // An API answer as the encoder writes it.
        struct Item: Encodable { let id: Int; let name: String; let note: String?; let flags: [Bool]; let score: Double }
        let encoded = try JSONEncoder().encode([Item(id: 7, name: "Gốm \"Bát\" Tràng\n/men lam", note: nil, flags: [true, false], score: 12.5)])
        #expect(try WebJSON.parse(encoded) == Self.reference(try JSONSerialization.jsonObject(with: encoded)))
    }

    @Test func refusesWhatIsNotJSON() {
        for broken in ["", "{", "[1,]", "{\"a\":}", "{\"a\" 1}", "[1 2]", "tru", "nul", "\"open", "\"bad \\x escape\"", "\"\\uD83D alone\"",
                       "\"\\u12\"", "-", "[1]x", "{\"a\":1,}", "\"tab\there\"", "'single'"] {
            #expect(throws: WebJSON.Malformed.self, "\(broken)") { try WebJSON.parse(Data(broken.utf8)) }
        }
        #expect(throws: WebJSON.Malformed.self) { try WebJSON.parse([0x22, 0xFF, 0x22]) }  // not UTF-8
        #expect(throws: WebJSON.Malformed.self) { try WebJSON.parse(Data((String(repeating: "[", count: 600) + String(repeating: "]", count: 600)).utf8)) }
    }
}
