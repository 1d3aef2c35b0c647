import Foundation
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// The events and points-of-sale pages answer on a real host, both engines, from the events API.
@Suite struct EventPagesTests {
    static let engines: [DatabaseEngine] = TestDatabase.postgresAvailable ? [.sqlite, .postgresql] : [.sqlite]

    @Test(arguments: engines) func listsAndRefusals(_ engine: DatabaseEngine) async throws {
        try await withWeb(engine) { host in
            let visitor = Visitor(host, address: "192.0.2.60")
            let events = try await visitor.get("/events")
            #expect(events.status == 200)
            #expect(events.text.contains("Chưa có sự kiện nào."))
            #expect(events.text.contains("data-nav=\"events\""))
            let outlets = try await visitor.get("/outlets?lang=en")
            #expect(outlets.status == 200)
            #expect(outlets.text.contains("No point of sale yet."))
            #expect(try await visitor.get("/events/999").status == 404)
            #expect(try await visitor.get("/outlets/999").status == 404)
            // Applying needs a session: an anonymous form post is refused and changes nothing.
            let anonymous = try await visitor.post("/events/1/apply", [("product_ids", "1")])
            #expect([401, 403].contains(anonymous.status))
        }
    }
}
