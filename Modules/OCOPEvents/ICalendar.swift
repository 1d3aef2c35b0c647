import Foundation
import OCOPPluginKit

/// iCalendar (RFC 5545) of a province's upcoming events: one all-day VEVENT each, with a UID
/// that stays the same for the life of the event, so calendar apps update rather than duplicate.
enum ICalendar {
    static func document(province: String, provinceName: String, events: [PromotionEvent], kinds: [EventKindDefinition]) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//OCOP platform//ocop.events//VI",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + text("Sự kiện OCOP – \(provinceName)"),
            "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
        ]
        for event in events {
            let kind = kinds.first { $0.id == event.kind }
            var location = [event.venue.address, event.venue.communeName].compactMap { $0 }.joined(separator: ", ")
            if let platform = event.venue.platform { location = platform }
            let description = ["\(kind?.nameVi ?? event.kind) – \(event.organiser)",
                               "Số gian hàng: \(event.boothCapacity)"].joined(separator: "\n")
            lines += [
                "BEGIN:VEVENT",
                "UID:ocop-event-\(event.id)@\(province).ocop.events",
                "DTSTAMP:" + stamp(event.updatedAt),
                "DTSTART;VALUE=DATE:" + compact(event.startsOn),
                // DTEND of an all-day event is the day after the last one (exclusive).
                "DTEND;VALUE=DATE:" + compact(ProgrammeCalendar.adding(days: 1, to: event.endsOn) ?? event.endsOn),
                "SUMMARY:" + text(event.title),
                "DESCRIPTION:" + text(description),
                "CATEGORIES:" + text(kind?.nameVi ?? event.kind),
                "STATUS:" + (event.state == "cancelled" ? "CANCELLED" : "CONFIRMED"),
                "TRANSP:TRANSPARENT",
            ]
            if !location.isEmpty { lines.append("LOCATION:" + text(location)) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks.
    static func text(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r\n", "\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// Folds a content line at 75 octets (§3.1), never inside a UTF-8 sequence: CRLF and one space.
    static func fold(_ line: String) -> String {
        var out = ""
        var count = 0
        for scalar in line.unicodeScalars {
            let width = String(scalar).utf8.count
            if count + width > 75 {
                out += "\r\n "
                count = 1
            }
            out.unicodeScalars.append(scalar)
            count += width
        }
        return out
    }

    static func compact(_ date: String) -> String { date.replacingOccurrences(of: "-", with: "") }

    /// `2026-05-01T03:04:05Z` (or with fractions) → `20260501T030405Z`.
    static func stamp(_ instant: String) -> String {
        let digits = instant.prefix(19).filter { $0.isNumber }
        guard digits.count == 14 else { return "19700101T000000Z" }
        return String(digits.prefix(8)) + "T" + String(digits.suffix(6)) + "Z"
    }
}

