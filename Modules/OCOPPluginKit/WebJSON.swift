/// Reads a JSON document straight into a `WebValue`: pages turn every in-process API answer into
/// template values, and going through `JSONSerialization` (NSString bridging and a dynamic cast
/// per value) was a fifth of the product search page's CPU. Strict: anything that is not JSON
/// throws, so a broken answer is never shown as a half page.
struct WebJSON {
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var at = 0

    static func parse(_ data: some Collection<UInt8>) throws -> WebValue {
        var reader = WebJSON(bytes: Array(data))
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.at == reader.bytes.count else { throw Malformed() }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
    }

    private mutating func value(depth: Int) throws -> WebValue {
        guard depth < 512 else { throw Malformed() }
        skipSpace()
        guard at < bytes.count else { throw Malformed() }
        switch bytes[at] {
        case UInt8(ascii: "{"):
            at += 1
            var fields: [String: WebValue] = [:]
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(fields) }
            while true {
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw Malformed() }
                let key = try string()
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw Malformed() }
                at += 1
                fields[key] = try value(depth: depth + 1)
                skipSpace()
                guard at < bytes.count else { throw Malformed() }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                guard bytes[at] == UInt8(ascii: "}") else { throw Malformed() }
                at += 1
                return .object(fields)
            }
        case UInt8(ascii: "["):
            at += 1
            var items: [WebValue] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .list(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard at < bytes.count else { throw Malformed() }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                guard bytes[at] == UInt8(ascii: "]") else { throw Malformed() }
                at += 1
                return .list(items)
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard at + count <= bytes.count else { throw Malformed() }
        for index in 0..<count where bytes[at + index] != word.utf8Start[index] { throw Malformed() }
        at += count
    }

    /// Whole numbers become integers; others keep their text, as templates only show them.
    private mutating func number() throws -> WebValue {
        let start = at
        var whole = true
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
        let digits = at
        while at < bytes.count {
            let byte = bytes[at]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { at += 1 }
            else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                        || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") { whole = false; at += 1 }
            else { break }
        }
        guard at > digits else { throw Malformed() }
        let text = String(decoding: bytes[start..<at], as: UTF8.self)
        if whole, let integer = Int(text) { return .int(integer) }
        guard let double = Double(text) else { throw Malformed() }
        return .string(String(double))
    }

    private mutating func string() throws -> String {
        at += 1  // the opening quote
        let start = at
        // Most strings have no escapes: one slice, decoded once.
        while at < bytes.count, bytes[at] != UInt8(ascii: "\""), bytes[at] != UInt8(ascii: "\\") {
            guard bytes[at] >= 0x20 else { throw Malformed() }
            at += 1
        }
        guard at < bytes.count else { throw Malformed() }
        if bytes[at] == UInt8(ascii: "\"") {
            at += 1
            return try validated(bytes[start..<(at - 1)])
        }
        var out = Array(bytes[start..<at])
        while at < bytes.count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") {
                at += 1
                return try validated(out[...])
            }
            guard byte >= 0x20 else { throw Malformed() }
            guard byte == UInt8(ascii: "\\") else { out.append(byte); at += 1; continue }
            at += 1
            guard at < bytes.count else { throw Malformed() }
            let escape = bytes[at]
            at += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    // A surrogate pair: the low half must follow as its own escape.
                    guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else { throw Malformed() }
                    at += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw Malformed() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let character = Unicode.Scalar(scalar) else { throw Malformed() }
                out.append(contentsOf: String(Character(character)).utf8)
            default: throw Malformed()
            }
        }
        throw Malformed()
    }

    private mutating func hex4() throws -> UInt32 {
        guard at + 4 <= bytes.count else { throw Malformed() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[at]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Malformed()
            }
            value = value << 4 | UInt32(digit)
            at += 1
        }
        return value
    }

    private func validated(_ slice: ArraySlice<UInt8>) throws -> String {
        guard let text = String(validating: slice, as: UTF8.self) else { throw Malformed() }
        return text
    }
}
