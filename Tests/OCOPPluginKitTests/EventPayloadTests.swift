import Foundation
import OCOPPluginKit
import Testing

/// The hand-written outbox payloads are the bytes `JSONEncoder` gives (what `Outbox.rows` wrote
/// before), and decode back into the same events.
@Suite struct EventPayloadTests {
    /// Texts that exercise the escaping: quotes, backslashes, slashes, every control character,
    /// Vietnamese in NFC and NFD, emoji, the line separators JSON allows raw, empty.
    static let texts: [String] = [
        "", "Mật ong Ba Vì", "Chè Shan tuyết \"Suối Giàng\"", #"C:\ocop\path"#, "a/b//c", "</script>",
        "Me\u{0323}\u{0302}t ong", "☕️ cà phê 🐝", "\u{2028}\u{2029}\u{FEFF}\u{7F}\u{85}",
        String((0..<0x20).map { Character(UnicodeScalar(UInt8($0))) }), "tab\there\nline\r\nend\u{0C}\u{08}",
        "QĐ 1048/QĐ-TTg", "\\\"\\", "Hợp tác xã Nông nghiệp Tân Lập – thôn 3",
    ]

    static func text(_ random: inout SystemRandomNumberGenerator) -> String {
        if Bool.random(using: &random) { return texts.randomElement(using: &random)! }
        // A random mix of the pieces above and random scalars (ASCII, Latin, Vietnamese, astral).
        var out = ""
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            switch Int.random(in: 0..<4, using: &random) {
            case 0: out += texts.randomElement(using: &random)!
            case 1: out.unicodeScalars.append(UnicodeScalar(UInt8.random(in: 0...0x7F, using: &random)))
            case 2: out.unicodeScalars.append(UnicodeScalar(UInt32.random(in: 0xA0...0x1EFF, using: &random)) ?? "x")
            default: out.unicodeScalars.append(UnicodeScalar(UInt32.random(in: 0x1F300...0x1F64F, using: &random)) ?? "y")
            }
        }
        return out
    }

    static func number(_ random: inout SystemRandomNumberGenerator) -> Int64 {
        [0, 1, -1, 9, 10, 42, Int64.max, Int64.min, Int64(Int32.max) + 1, Int64.random(in: .min ... .max, using: &random)]
            .randomElement(using: &random)!
    }

    /// Each event's payload, through JSONEncoder (the generic `Outbox.rows`) and by hand.
    static func compare<E: HandEncodedEvent & Equatable>(_ events: [E]) throws {
        let encoded = try Outbox.rows(events, generic: ())
        let written = Outbox.rows(events)
        #expect(written.count == events.count)
        for (index, event) in events.enumerated() {
            #expect(written[index][0] == encoded[index][0] && written[index][1] == encoded[index][1])
            guard case .text(let payload) = written[index][2], case .text(let expected) = encoded[index][2] else {
                Issue.record("no payload")
                continue
            }
            // Bytes, not String equality (which takes NFD and NFC as equal).
            #expect(Array(payload.utf8) == Array(expected.utf8), "payload of \(event)")
            #expect(try JSONDecoder().decode(E.self, from: Data(payload.utf8)) == event)
            #expect(Array(EventJSON.payload(event).utf8) == Array(payload.utf8))
        }
    }

    @Test func payloadsAreJSONEncodersBytes() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let optional: () -> String? = { Bool.random() ? nil : Self.text(&random) }
            try Self.compare([ProductRegistered(productID: Self.number(&random), subjectID: Self.number(&random), provinceCode: Self.text(&random),
                                                communeCode: Self.text(&random), name: Self.text(&random), productSet: Int(Self.number(&random)))])
            try Self.compare([ProductChanged(productID: Self.number(&random), subjectID: Self.number(&random), provinceCode: Self.text(&random),
                                             communeCode: Self.text(&random), name: Self.text(&random), version: Int(Self.number(&random)))])
            try Self.compare([SubjectRegistered(subjectID: Self.number(&random), provinceCode: Self.text(&random), communeCode: Self.text(&random),
                                                name: Self.text(&random), legalForm: Self.text(&random))])
            try Self.compare([SubjectChanged(subjectID: Self.number(&random), provinceCode: Self.text(&random), communeCode: Self.text(&random),
                                             name: Self.text(&random), version: Int(Self.number(&random)))])
            try Self.compare([CertificationRecorded(
                certificationID: Self.number(&random), productID: Self.number(&random), subjectID: Self.number(&random),
                provinceCode: Self.text(&random), communeCode: Self.text(&random), stars: Int(Self.number(&random)), certificateNumber: optional(),
                decidedOn: Self.text(&random), validUntil: Self.text(&random), source: Self.text(&random), decision: optional(),
                decisionNumber: optional(), issuingLevel: optional(), legalAct: optional())])
        }
        // Every optional absent, and a batch of several events.
        try Self.compare([
            CertificationRecorded(certificationID: 1, productID: 2, subjectID: 3, provinceCode: "01", communeCode: "00004", stars: 4,
                                  certificateNumber: nil, decidedOn: "2024-05-06", validUntil: "2027-05-06", source: "import"),
            CertificationRecorded(certificationID: 2, productID: 2, subjectID: 3, provinceCode: "01", communeCode: "00004", stars: 5,
                                  certificateNumber: "12/GCN", decidedOn: "2025-01-02", validUntil: "2028-01-02", source: "import",
                                  decision: "recognised", decisionNumber: "QĐ 7", issuingLevel: "central", legalAct: "1048"),
        ])
    }
}

extension Outbox {
    /// The generic path (JSONEncoder), whatever the event type.
    static func rows<E: DomainEvent>(_ events: [E], generic: Void) throws -> [[BulkValue]] {
        try rows(events)
    }
}
