import Foundation

/// ISO-8601 UTC text, the one timestamp format in the accounts tables (sorts as text, reads
/// the same on both engines). `Date.ISO8601FormatStyle` is a value type, safe to share.
enum Timestamp {
    static func string(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static func date(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }
}
