import Foundation
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// `GET /api/v1/events/calendar/{province}.ics`: RFC 5545 text a calendar app subscribes to.
enum CalendarChecks {
    static func calendarOfUpcomingEvents(_ host: TestHost) async throws {
        let w = try await World.make(host)
        let long = "Tuần hàng OCOP Hải Phòng; đặc sản, quà tặng \\ làng nghề – chào mừng kỷ niệm 70 năm giải phóng thành phố Cảng"
        let week = try await w.event("31", kind: "product-week", title: long.replacingOccurrences(of: "\\", with: "\\\\"), starts: day(20), ends: day(26),
                                     venue: #"{"commune_code":"10507","address":"Quảng trường, Trung tâm Hội chợ"}"#)
        #expect(week.status == 200, "\(week.text)")
        let live = try await w.event("31", kind: "livestream", title: "Phiên livestream OCOP", starts: day(3), ends: day(3),
                                     venue: #"{"platform":"TikTok Shop"}"#)
        #expect(live.status == 200, "\(live.text)")
        let cancelled = try await w.event("31", title: "Phiên chợ hoãn", starts: day(4), ends: day(4))
        #expect(try await w.move(cancelled.id, to: "cancelled").status == 200)
        _ = try await w.event("31", title: "Bản nháp", open: false)                             // planned: not published
        _ = try await w.event("31", title: "Đã qua", starts: day(-9), ends: day(-8))             // over
        _ = try await w.event("01", title: "Hội chợ Hà Nội")                                     // another province

        let reply = try await host.client.get("/api/v1/events/calendar/31.ics")
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.headers["content-type"]?.hasPrefix("text/calendar") == true)
        let text = reply.text
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:") && text.hasSuffix("END:VCALENDAR\r\n"))
        let physical = text.components(separatedBy: "\r\n")
        #expect(physical.allSatisfy { $0.utf8.count <= 75 }, "every line within 75 octets")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "only CRLF line ends")
        #expect(physical.contains { $0.hasPrefix(" ") }, "the long title is folded")
        // Unfolded, the content lines are whole and escaped.
        let lines = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 3)
        // A cancelled event stays in the feed, marked, so subscribed calendars drop it.
        let cancelledBlock = lines.drop { $0 != "UID:ocop-event-\(cancelled.id)@31.ocop.events" }.prefix { $0 != "END:VEVENT" }
        #expect(cancelledBlock.contains("STATUS:CANCELLED") && lines.filter { $0 == "STATUS:CONFIRMED" }.count == 2, "\(cancelledBlock)")
        let escaped = "SUMMARY:" + long.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,")
        #expect(lines.contains(escaped), "\(lines)")
        #expect(lines.contains("LOCATION:Quảng trường\\, Trung tâm Hội chợ\\, Thành Đông") || lines.contains { $0.hasPrefix("LOCATION:Quảng trường\\, Trung tâm Hội chợ\\, ") })
        #expect(lines.contains("LOCATION:TikTok Shop"))
        #expect(lines.contains("DTSTART;VALUE=DATE:" + day(20).replacingOccurrences(of: "-", with: "")))
        #expect(lines.contains("DTEND;VALUE=DATE:" + day(27).replacingOccurrences(of: "-", with: "")), "the day after the last (exclusive)")
        #expect(lines.contains("UID:ocop-event-\(week.id)@31.ocop.events") && lines.contains("UID:ocop-event-\(live.id)@31.ocop.events"))
        #expect(!text.contains("Bản nháp") && !text.contains("Đã qua") && !text.contains("Hội chợ Hà Nội"))
        #expect(lines.contains { $0.hasPrefix("DTSTAMP:") && $0.count == "DTSTAMP:20260101T000000Z".count })
        // Earliest first; the same UID after an edit, so subscribers update the entry.
        #expect(lines.firstIndex(of: "UID:ocop-event-\(live.id)@31.ocop.events")! < lines.firstIndex(of: "UID:ocop-event-\(week.id)@31.ocop.events")!)
        let plain = try await host.client.get("/api/v1/events/calendar/31")
        #expect(plain.text.contains("UID:ocop-event-\(week.id)@31.ocop.events"))
        #expect(try await host.client.get("/api/v1/events/calendar/99.ics").status == 404)
    }
}

@Suite(.serialized) struct CalendarSQLiteTests {
    @Test func calendar() async throws { try await withEvents(.sqlite, CalendarChecks.calendarOfUpcomingEvents) }
}

@Suite(.serialized, .enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct CalendarPostgreSQLTests {
    @Test func calendar() async throws { try await withEvents(.postgresql, CalendarChecks.calendarOfUpcomingEvents) }
}
