import Foundation

/// Dates as the programme counts them: calendar days in Vietnam (Asia/Ho_Chi_Minh, UTC+7),
/// whatever the server's time zone. A certificate decided on 2024-03-01 is valid through
/// 2027-03-01 there, and a day starts at 17:00 UTC the evening before.
public enum ProgrammeCalendar {
    public static let timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600) ?? .current
    /// Certificates live this many months (QĐ 148, Art. 11).
    public static let validityMonths = 36
    /// Notices go out this many days before a certificate ends.
    public static let expiryNoticeDays = 30

    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// Today's date in Vietnam, `YYYY-MM-DD`.
    public static func today(at instant: Date = Date()) -> String {
        format(instant)
    }

    public static func currentYear(at instant: Date = Date()) -> Int {
        calendar.component(.year, from: instant)
    }

    /// `date` (`YYYY-MM-DD`) plus `days` calendar days.
    public static func adding(days: Int, to date: String) -> String? {
        guard let start = parse(date), let end = calendar.date(byAdding: .day, value: days, to: start) else { return nil }
        return format(end)
    }

    /// `date` plus `months`, clamped to the month's last day (2024-01-31 + 1 month = 2024-02-29).
    public static func adding(months: Int, to date: String) -> String? {
        guard let start = parse(date), let end = calendar.date(byAdding: .month, value: months, to: start) else { return nil }
        return format(end)
    }

    /// Midday in Vietnam on `date`, or nil when it is not a real `YYYY-MM-DD` date.
    public static func parse(_ date: String) -> Date? {
        let parts = date.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        let components = DateComponents(year: year, month: month, day: day, hour: 12)
        guard let instant = calendar.date(from: components), calendar.component(.day, from: instant) == day,
              calendar.component(.month, from: instant) == month else { return nil }
        return instant
    }

    private static func format(_ instant: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
