import Foundation

/// Outbox payloads written by hand for the events a bulk import publishes by the hundred thousand:
/// `JSONEncoder` (boxing every value, a dictionary per event, sorting its keys) was a quarter of an
/// import's own CPU. The bytes are exactly what `Outbox.rows` gives through `JSONEncoder` with
/// sorted keys and unescaped slashes (the tests compare them), so readers cannot tell the two apart.
public protocol HandEncodedEvent: DomainEvent {
    /// Writes the payload's fields, in the byte order of their keys (what `.sortedKeys` gives).
    func writeFields(to json: inout EventJSON)
}

/// A JSON object written field by field into a reused byte buffer.
public struct EventJSON: Sendable {
    private(set) var bytes: [UInt8] = []
    private var first = true

    public init() { bytes.reserveCapacity(512) }

    /// The payload of `event`.
    public static func payload<E: HandEncodedEvent>(_ event: E) -> String {
        var json = EventJSON()
        return json.encode(event)
    }

    /// `event`'s payload; the buffer is kept for the next one.
    public mutating func encode<E: HandEncodedEvent>(_ event: E) -> String {
        bytes.removeAll(keepingCapacity: true)
        first = true
        bytes.append(UInt8(ascii: "{"))
        event.writeFields(to: &self)
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    public mutating func field(_ key: StaticString, _ value: String) {
        name(key)
        string(value)
    }

    /// A nil value is left out, as the synthesised `Encodable` does (`encodeIfPresent`).
    public mutating func field(_ key: StaticString, _ value: String?) {
        if let value { field(key, value) }
    }

    public mutating func field(_ key: StaticString, _ value: Int64) {
        name(key)
        integer(value)
    }

    public mutating func field(_ key: StaticString, _ value: Int) {
        field(key, Int64(value))
    }

    public mutating func field(_ key: StaticString, _ value: Int?) {
        if let value { field(key, Int64(value)) }
    }

    private mutating func name(_ key: StaticString) {
        if first { first = false } else { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // room for the 20 digits of UInt64.max, written from the end
        withUnsafeMutableBytes(of: &digits) { buffer in
            var index = buffer.count
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: buffer[index...])
        }
    }

    /// JSONEncoder's escaping: `"` and `\`, the control characters (`\b \f \n \r \t`, others as
    /// `\u00XX` in lower case); everything else, slashes and non-ASCII included, as it is.
    private mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), Self.hex(byte >> 4), Self.hex(byte & 0xF)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func hex(_ digit: UInt8) -> UInt8 {
        digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
    }
}

extension Outbox {
    /// The outbox rows of `events`, as `rows(_:)` makes them, with hand-written payloads.
    public static func rows<E: HandEncodedEvent>(_ events: [E]) -> [[BulkValue]] {
        guard !events.isEmpty else { return [] }
        let now = Date().formatted(.iso8601)
        var json = EventJSON()
        var rows: [[BulkValue]] = []
        rows.reserveCapacity(events.count)
        for event in events {
            rows.append([.text(E.name), .text(event.recordKey), .text(json.encode(event)), .text(now)])
        }
        return rows
    }
}

// The keys of each event in byte order (the tests hold them to JSONEncoder's output).

extension SubjectRegistered: HandEncodedEvent {
    public func writeFields(to json: inout EventJSON) {
        json.field("communeCode", communeCode)
        json.field("legalForm", legalForm)
        json.field("name", name)
        json.field("provinceCode", provinceCode)
        json.field("subjectID", subjectID)
    }
}

extension SubjectChanged: HandEncodedEvent {
    public func writeFields(to json: inout EventJSON) {
        json.field("communeCode", communeCode)
        json.field("name", name)
        json.field("provinceCode", provinceCode)
        json.field("subjectID", subjectID)
        json.field("version", version)
    }
}

extension ProductRegistered: HandEncodedEvent {
    public func writeFields(to json: inout EventJSON) {
        json.field("communeCode", communeCode)
        json.field("name", name)
        json.field("productID", productID)
        json.field("productSet", productSet)
        json.field("provinceCode", provinceCode)
        json.field("subjectID", subjectID)
    }
}

extension ProductChanged: HandEncodedEvent {
    public func writeFields(to json: inout EventJSON) {
        json.field("communeCode", communeCode)
        json.field("name", name)
        json.field("productID", productID)
        json.field("provinceCode", provinceCode)
        json.field("subjectID", subjectID)
        json.field("version", version)
    }
}

extension CertificationRecorded: HandEncodedEvent {
    public func writeFields(to json: inout EventJSON) {
        json.field("certificateNumber", certificateNumber)
        json.field("certificationID", certificationID)
        json.field("communeCode", communeCode)
        json.field("decidedOn", decidedOn)
        json.field("decision", decision)
        json.field("decisionNumber", decisionNumber)
        json.field("issuingLevel", issuingLevel)
        json.field("legalAct", legalAct)
        json.field("productID", productID)
        json.field("provinceCode", provinceCode)
        json.field("source", source)
        json.field("stars", stars)
        json.field("subjectID", subjectID)
        json.field("validUntil", validUntil)
    }
}
