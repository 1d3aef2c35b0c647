import Foundation
import OCOPPluginKit

/// Timestamps in UTC (ISO-8601 text sorts and compares correctly on both engines); calendar
/// dates on Vietnam's calendar, as the programme counts them (`ProgrammeCalendar`).
enum Clock {
    static func now() -> String {
        Date().formatted(.iso8601)
    }

    static func today() -> String {
        ProgrammeCalendar.today()
    }

    static var currentYear: Int { ProgrammeCalendar.currentYear() }
}

/// JSON for history snapshots and audit details.
enum JSON {
    static func string<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
