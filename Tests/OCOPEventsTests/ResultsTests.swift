import Foundation
import OCOPPluginKit
import OCOPTestSupport
import SQLKit
import Testing

/// Results by API and CSV, closing with `EventClosed`, and the facts views reporting reads.
enum ResultsChecks {
    static func resultsClosingAndViews(_ host: TestHost) async throws {
        let w = try await World.make(host)
        let a = try await w.subject("01", "HTX Gốm", products: ["Bình gốm", "Ấm chén"])
        let b = try await w.subject("01", "Cơ sở Nem", products: ["Nem Phùng"])
        for product in a.products + b.products { try await w.certify(product, stars: 4) }
        // Started yesterday (closing needs a started event), ends tomorrow.
        let event = try await w.event(starts: day(-1), ends: day(1), capacity: 5).id
        let ra = try await w.register(event, subject: a.subject, products: a.products)
        let rb = try await w.register(event, subject: b.subject, products: b.products)
        #expect(ra.object["booth"] as? Int == 1 && rb.object["booth"] as? Int == 2)

        // Bad rows: negative and fractional đồng, OCOP above total, a booth nobody holds, an unknown field — nothing stored.
        let bad = try await host.client.post("/api/v1/events/\(event)/results", json: """
            {"rows":[{"booth":1,"revenue_total":-5},{"registration_id":\(rb.id),"revenue_total":1500.5},
                     {"booth":9,"orders":3},{"revenue_total":100,"revenue_ocop":200},{"visitors":10,"fields":{"views":3}}]}
            """, headers: w.officer01)
        #expect(bad.status == 422, "\(bad.text)")
        #expect(bad.fieldErrors == [
            "/rows/0/revenue_total: expected a whole number of đồng ≥ 0 (VND has no fractions), found -5",
            "/rows/1/revenue_total: expected a whole number of đồng ≥ 0 (VND has no fractions), found 1500.5",
            "/rows/2/booth: no accepted registration holds booth 9",
            "/rows/3/revenue_ocop: OCOP revenue (200 đồng) exceeds the total revenue (100 đồng)",
            "/rows/4/fields/views: is not a field of kind 'fair' (it has none)",
        ], "\(bad.fieldErrors)")
        let unknown = try await host.client.post("/api/v1/events/\(event)/results", json: #"{"rows":[{"visitors":1,"likes":3}]}"#, headers: w.officer01)
        #expect(unknown.fieldErrors == ["/rows/0/likes: is not a field of a result row"], "\(unknown.text)")
        #expect(try await w.count("events_results") == 0)
        // Producers and other provinces' officers do not enter results.
        let producer = try await host.signIn(.producer, subject: a.subject)
        #expect(try await host.client.post("/api/v1/events/\(event)/results", json: #"{"rows":[{"visitors":1}]}"#, headers: producer).status == 403)
        #expect(try await host.client.post("/api/v1/events/\(event)/results", json: #"{"rows":[{"visitors":1}]}"#, headers: w.officer31).status == 403)

        let entered = try await host.client.post("/api/v1/events/\(event)/results", json: """
            {"rows":[{"booth":1,"orders":40,"revenue_total":12500000,"revenue_ocop":12000000},{"visitors":3200}]}
            """, headers: w.officer01)
        #expect(entered.status == 200, "\(entered.text)")
        #expect(entered.object["revenue_total"] as? Int == 12_500_000 && entered.object["visitors"] as? Int == 3200)

        // CSV: errors by line, nothing stored.
        let badCSV = "booth,orders,revenue_total,revenue_ocop\n2,10,5000000,4000000\n1,x,100,0\n2,1,99.5,0\n2,3,100,0\n"
        let refused = try await host.client.send("POST", "/api/v1/events/\(event)/results/import", body: Data(badCSV.utf8),
                                                 headers: w.officer01.merging(["Content-Type": "text/csv"]) { $1 })
        #expect(refused.status == 422, "\(refused.text)")
        #expect(refused.fieldErrors.count == 3, "\(refused.fieldErrors)")
        #expect(refused.fieldErrors.contains("/line/5/session: line 5: repeats the booth/session of line 2"), "\(refused.fieldErrors)")
        #expect(refused.fieldErrors.contains("/line/3/orders: line 3, column 2: expected a whole number ≥ 0, found \"x\""), "\(refused.fieldErrors)")
        #expect(refused.fieldErrors.contains("/line/4/revenue_total: line 4, column 3: expected a whole number of đồng ≥ 0 (VND has no fractions), found 99.5"),
                "\(refused.fieldErrors)")
        let unknownColumn = try await host.client.send("POST", "/api/v1/events/\(event)/results/import", body: Data("booth,likes\n1,5\n".utf8),
                                                       headers: w.officer01.merging(["Content-Type": "text/csv"]) { $1 })
        #expect(unknownColumn.status == 422 && unknownColumn.text.contains("unknown column 'likes'"), "\(unknownColumn.text)")
        #expect(try await w.count("events_results") == 2)
        let goodCSV = "booth,orders,revenue_total,revenue_ocop\n2,10,5000000,4000000\n1,45,13000000,12000000\n"
        let imported = try await host.client.send("POST", "/api/v1/events/\(event)/results/import", body: Data(goodCSV.utf8),
                                                  headers: w.officer01.merging(["Content-Type": "text/csv"]) { $1 })
        #expect(imported.status == 200 && imported.object["stored"] as? Int == 2, "\(imported.text)")
        // Booth 1's row was replaced, not added.
        let results = try await host.client.get("/api/v1/events/\(event)/results")
        #expect(results.object["revenue_total"] as? Int == 18_000_000 && results.object["revenue_ocop"] as? Int == 16_000_000, "\(results.text)")
        #expect(results.object["orders"] as? Int == 55 && (results.object["rows"] as? [Any])?.count == 3)

        // Closing publishes EventClosed with the totals, in the outbox, and makes results final.
        let closed = try await w.move(event, to: "closed")
        #expect(closed.status == 200 && closed.object["state"] as? String == "closed", "\(closed.text)")
        let payload = try await host.database.sql.select().column("payload").from(OutboxSchema.events)
            .where("name", .equal, EventClosed.name).all().map { try $0.decode(column: "payload", as: String.self) }
        #expect(payload.count == 1)
        let published = try JSONDecoder().decode(EventClosed.self, from: Data((payload.first ?? "").utf8))
        #expect(published == EventClosed(eventID: event, kind: "fair", provinceCode: "01", startsOn: day(-1), endsOn: day(1), visitors: 3200,
                                         revenueTotal: 18_000_000, revenueOCOP: 16_000_000, orders: 55,
                                         productIDs: (a.products + b.products).sorted()))
        #expect(try await host.client.post("/api/v1/events/\(event)/results", json: #"{"rows":[{"visitors":1}]}"#, headers: w.officer01).status == 409)
        #expect(try await w.move(event, to: "closed").status == 409)
        // A future event cannot be closed.
        let future = try await w.event(starts: day(5), ends: day(6))
        let early = try await w.move(future.id, to: "closed")
        #expect(early.status == 409 && early.text.contains("before it has started"), "\(early.text)")

        // The views: exactly the documented columns, and the figures.
        let facts = try await host.database.sql.raw("SELECT * FROM \(unsafeRaw: PromotionViews.events) WHERE event_id = \(bind: event)").first()
        let row = try #require(facts)
        #expect(Set(row.allColumns) == ["event_id", "kind", "province_code", "starts_on", "ends_on", "state", "visitors", "revenue_total",
                                        "revenue_ocop", "orders"])
        #expect(try row.decode(column: "revenue_total", as: Int64.self) == 18_000_000 && row.decode(column: "state", as: String.self) == "closed")
        #expect(try row.decode(column: "visitors", as: Int64.self) == 3200 && row.decode(column: "orders", as: Int64.self) == 55)
        let emptyFacts = try await host.database.sql.raw("SELECT * FROM \(unsafeRaw: PromotionViews.events) WHERE event_id = \(bind: future.id)").first()
        #expect(try emptyFacts?.decode(column: "revenue_total", as: Int64.self) == 0)
        let shown = try await host.database.sql.raw("SELECT * FROM \(unsafeRaw: PromotionViews.eventProducts) ORDER BY product_id").all()
        #expect(Set(shown.first?.allColumns ?? []) == ["event_id", "kind", "province_code", "starts_on", "subject_id", "product_id"])
        #expect(try shown.map { try $0.decode(column: "product_id", as: Int64.self) } == (a.products + b.products).sorted())
        let outlets = try await host.database.sql.raw("SELECT * FROM \(unsafeRaw: PromotionViews.outlets)").all()
        #expect(outlets.isEmpty)
        // The view is readable with an explicit column list (what reporting selects).
        _ = try await host.database.sql.raw("""
            SELECT outlet_id, kind, province_code, commune_code, legacy_district_code, opened_on, closed_on FROM \(unsafeRaw: PromotionViews.outlets)
            """).all()
    }
}

extension ResultsChecks {
    /// The largest batch accepted (5,000 rows) imports whole, and again (replacing every row), in reasonable time.
    static func largeImport(_ host: TestHost) async throws {
        let w = try await World.make(host)
        let event = try await w.event(starts: day(-1), ends: day(1), eligibility: "[]").id
        var csv = "session,visitors,orders,revenue_total,revenue_ocop\n"
        for n in 1...5000 { csv += "Khung giờ \(n),\(n),\(n % 7),\(n * 1000),\(n * 500)\n" }
        let clock = ContinuousClock()
        var durations: [Duration] = []
        for _ in 0..<2 {
            let started = clock.now
            let reply = try await host.client.send("POST", "/api/v1/events/\(event)/results/import", body: Data(csv.utf8),
                                                   headers: w.officer01.merging(["Content-Type": "text/csv"]) { $1 })
            durations.append(clock.now - started)
            #expect(reply.status == 200 && reply.object["stored"] as? Int == 5000, "\(reply.text.prefix(300))")
        }
        print("events: 5,000-row results import on \(host.database.engine): first \(durations[0]), replacing \(durations[1])")
        #expect(durations.allSatisfy { $0 < .seconds(20) })
        #expect(try await w.count("events_results") == 5000)
        let totals = try await host.client.get("/api/v1/events/\(event)/results")
        #expect(totals.object["revenue_total"] as? Int == 5000 * 5001 / 2 * 1000)
    }
}

@Suite(.serialized) struct ResultsSQLiteTests {
    @Test func results() async throws { try await withEvents(.sqlite, ResultsChecks.resultsClosingAndViews) }
    @Test func largeImport() async throws { try await withEvents(.sqlite, ResultsChecks.largeImport) }
}

@Suite(.serialized, .enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct ResultsPostgreSQLTests {
    @Test func results() async throws { try await withEvents(.postgresql, ResultsChecks.resultsClosingAndViews) }
    @Test func largeImport() async throws { try await withEvents(.postgresql, ResultsChecks.largeImport) }
}
