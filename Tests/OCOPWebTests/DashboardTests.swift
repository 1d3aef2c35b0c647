import Foundation
import OCOPPluginKit
import OCOPTestSupport
@testable import OCOPWeb
import Testing

/// The dashboard's panels are cached per visible area: each officer sees exactly what their API
/// answers, another province's figures never leak through the cache, and a registry change (an
/// outbox event) shows on the next view.
@Suite struct DashboardTests {
    static let engines: [DatabaseEngine] = TestDatabase.postgresAvailable ? [.sqlite, .postgresql] : [.sqlite]

    /// The `<td>` cells of one panel's table on the page.
    static func cells(_ html: String, panel: String) throws -> [String] {
        let start = try #require(html.range(of: #"id="\#(panel)""#), "no panel \(panel)")
        let end = try #require(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
        let section = String(html[start.upperBound..<end.lowerBound])
        let pattern = try NSRegularExpression(pattern: "<td>(.*?)</td>")
        return pattern.matches(in: section, range: NSRange(section.startIndex..., in: section)).map {
            String(section[Range($0.range(at: 1), in: section)!]).replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    /// The same statistic's cells from the JSON API, as the given token sees it.
    static func apiCells(_ host: TestHost, _ headers: [String: String], statistic: String) async throws -> [String] {
        let reply = try await host.client.get("/api/v1/reports/statistics/\(statistic)", headers: headers)
        #expect(reply.status == 200, "\(reply.text)")
        let rows = try #require(try reply.json()["rows"] as? [[Any]])
        return rows.flatMap { row in
            row.map { cell -> String in
                if cell is NSNull { return "" }
                if let number = cell as? NSNumber { return number.stringValue }
                return "\(cell)"
            }
        }
    }

    @Test(arguments: engines) func panelsFollowTheAreaAndTheRegistry(_ engine: DatabaseEngine) async throws {
        try await withWeb(engine) { host in
            let flow = try await RatingFlow(host: host, province: "01")
            _ = try await flow.decided(commune: "00577", tax: TestTaxCodes.make("010900501"), name: "Gốm men lam", stars: 3)
            let other = try await host.account(.provinceOfficer, province: "31")

            let hanoi = Visitor(host, address: "192.0.2.80")
            #expect(try await hanoi.signIn(flow.officer.username).status == 303)
            let haiPhong = Visitor(host, address: "192.0.2.81")
            #expect(try await haiPhong.signIn(other.username).status == 303)

            let first = try Self.cells(try await hanoi.get("/dashboard").text, panel: "p-stars")
            #expect(first == (try await Self.apiCells(host, flow.officer.headers, statistic: "by-stars")))
            #expect(first.contains("1"), "Hà Nội's 3★ product is counted: \(first)")
            // Hải Phòng's officer, viewing right after, gets Hải Phòng's figures, not the cached Hà Nội panel.
            let theirs = try Self.cells(try await haiPhong.get("/dashboard").text, panel: "p-stars")
            #expect(theirs == (try await Self.apiCells(host, other.headers, statistic: "by-stars")))
            #expect(theirs != first)
            // A second view is the same page (from the cache).
            #expect(try Self.cells(try await hanoi.get("/dashboard").text, panel: "p-stars") == first)

            // A decision publishes to the outbox: the next view shows it, well within the cache's ttl.
            _ = try await flow.decided(commune: "00577", tax: TestTaxCodes.make("010900502"), name: "Lụa Vạn Phúc", stars: 4)
            let after = try Self.cells(try await hanoi.get("/dashboard?lang=en").text, panel: "p-stars")
            #expect(after == (try await Self.apiCells(host, flow.officer.headers, statistic: "by-stars")))
            #expect(after != first)
        }
    }

    final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var value = 0
        func next() -> Int { lock.withLock { value += 1; return value } }
    }

    /// Sixteen concurrent views compute a panel once; a new outbox mark recomputes it; another
    /// area has its own value.
    @Test func concurrentViewsComputeOnce() async throws {
        let cache = PanelCache(ttl: 30)
        let counter = Counter()
        let key = PanelCache.Key(panel: "by_stars", scope: "province_officer|01||", day: "2026-11-30")
        let slow: @Sendable () async -> WebValue? = {
            let n = counter.next()
            try? await Task.sleep(for: .milliseconds(200))
            return .int(n)
        }
        let values = await withTaskGroup(of: WebValue?.self) { group in
            for _ in 0..<16 { group.addTask { await cache.value(key, mark: 7, compute: slow) } }
            return await group.reduce(into: [WebValue?]()) { $0.append($1) }
        }
        #expect(values.count == 16 && values.allSatisfy { $0 == .int(1) })
        #expect(counter.value == 1 && cache.computations == 1)
        // Same mark: the stored value; a new mark (an event happened): computed again.
        #expect(await cache.value(key, mark: 7, compute: slow) == .int(1))
        #expect(await cache.value(key, mark: 8, compute: slow) == .int(2))
        // Another area: its own computation.
        var other = key
        other.scope = "province_officer|31||"
        #expect(await cache.value(other, mark: 8, compute: slow) == .int(3))
        #expect(cache.computations == 3)
        // While a recomputation runs, other views get the previous value; the view that started
        // it waits for the fresh one.
        let (started, startedSignal) = AsyncStream<Void>.makeStream()
        let (release, releaseSignal) = AsyncStream<Void>.makeStream()
        let gated: @Sendable () async -> WebValue? = {
            let n = counter.next()
            startedSignal.yield()
            for await _ in release { break }
            return .int(n)
        }
        let starter = Task { await cache.value(key, mark: 9, compute: gated) }
        for await _ in started { break }
        #expect(await cache.value(key, mark: 9, compute: slow) == .int(2), "the previous value, no wait")
        releaseSignal.yield()
        #expect(await starter.value == .int(4))
        #expect(await cache.value(key, mark: 9, compute: slow) == .int(4))
        #expect(cache.computations == 4)
        // A council member's dossiers are keyed per user.
        let member = Principal(userID: 9, username: "m1", role: .councilMember, provinceCode: "01")
        #expect(PanelCache.scope(member, perUser: true) != PanelCache.scope(Principal(userID: 10, username: "m2", role: .councilMember, provinceCode: "01"), perUser: true))
        #expect(PanelCache.scope(member, perUser: false) == PanelCache.scope(Principal(userID: 10, username: "m2", role: .councilMember, provinceCode: "01"), perUser: false))
    }
}
