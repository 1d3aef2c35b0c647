import Foundation

/// UTC timestamps and dates as stored (ISO-8601 text sorts and compares correctly on both engines).
enum Clock {
    static func now() -> String {
        Date().formatted(.iso8601)
    }

    static func today() -> String {
        String(now().prefix(10))
    }

    static var currentYear: Int { Int(now().prefix(4)) ?? 2026 }
}

/// JSON for history snapshots and audit details.
enum JSON {
    static func string<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
