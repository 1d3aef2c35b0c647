import Foundation
import HaNoi
import OCOPDomain
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// Hà Nội with the core modules, promotion and reporting.
func withHaNoiReporting(_ engine: DatabaseEngine, _ body: @escaping @Sendable (TestHost) async throws -> Void) async throws {
    try await TestHost.run(engine, plugins: TestHost.withPromotion + [PluginFactory(HaNoiPlugin.self)], config: """
        plugins:
        \(TestHost.coreConfig)\(TestHost.promotionConfig)
          vn.ha-noi: {}
        """, body)
}

/// Generated Hà Nội records, kept beside what was sent so every indicator can be recomputed here.
struct HaNoiWorld {
    struct Subject { var id: Int; var legalForm: String; var valueChain: String?; var channels: [String]; var commune: String }
    struct Row { var stars: Int; var decision: String; var decidedOn: String; var validUntil: String }
    struct Product { var id: Int; var subject: Int; var commune: String; var rows: [Row] }
    struct Outlet { var kind: String; var district: String; var openedOn: String; var closedOn: String? }

    var subjects: [Subject] = []
    var products: [Product] = []
    /// (product, event starts_on, event cancelled)
    var shown: [(product: Int, startsOn: String, cancelled: Bool)] = []
    var outlets: [Outlet] = []
    /// (commune, recognised_on)
    var ntm: [(commune: String, recognisedOn: String)] = []

    static let year = 2025
    static let asOf = "2025-06-30"
    static let start = "2025-01-01"

    /// The documented standing rule: the latest row on or before `day` grants ≥ 3★ and is valid.
    func certified(_ p: Product, on day: String) -> Bool {
        guard let last = p.rows.enumerated().filter({ $0.element.decidedOn <= day })
            .max(by: { ($0.element.decidedOn, $0.offset) < ($1.element.decidedOn, $1.offset) })?.element else { return false }
        return last.stars >= 3 && !["revoked", "withdrawn"].contains(last.decision) && last.validUntil >= day
    }

    func firstReached(_ p: Product) -> String? {
        p.rows.filter { $0.stars >= 3 && !["revoked", "withdrawn"].contains($0.decision) }.map(\.decidedOn).min()
    }

    /// indicator → (value, numerator, denominator)
    func expected() throws -> [String: (Double, Int64?, Int64?)] {
        func pct(_ part: Int, _ whole: Int) -> (Double, Int64?, Int64?) {
            ((whole == 0 ? 0 : (Double(part) * 100 / Double(whole) * 100).rounded() / 100), Int64(part), Int64(whole))
        }
        let added = products.filter { firstReached($0).map { $0 >= Self.start && $0 <= Self.asOf } ?? false }
        let potential = added.filter { $0.rows.contains { $0.decision == "potential_5" && $0.decidedOn <= Self.asOf } }
        let certifiedProducts = products.filter { certified($0, on: Self.asOf) }
        let certifiedSubjects = Set(certifiedProducts.map(\.subject))
        let subjectRows = subjects.filter { certifiedSubjects.contains($0.id) }
        let organised = subjectRows.filter { ["hop_tac_xa", "to_hop_tac", "doanh_nghiep"].contains($0.legalForm) }
        let chained = subjectRows.filter { !($0.valueChain ?? "").isEmpty }
        let modern = subjectRows.filter { !Set($0.channels).isDisjoint(with: ["supermarket", "convenience_store", "e_commerce", "livestream"]) }
        let shownIDs = Set(shown.filter { !$0.cancelled && $0.startsOn >= Self.start && $0.startsOn <= Self.asOf }.map(\.product))
        let atEvents = certifiedProducts.filter { shownIDs.contains($0.id) }
        let units = try AdminUnits.shared
        let districts = units.legacyDistricts(in: ProvinceCode(rawValue: "01")!).count
        let centres = outlets.filter { $0.kind == "design_centre" && $0.openedOn <= Self.asOf && ($0.closedOn.map { $0 > Self.asOf } ?? true) }.count
        let newPoints = outlets.filter { $0.kind == "point_of_sale" && $0.openedOn >= Self.start && $0.openedOn <= Self.asOf }.count
        let marked = ntm.filter { $0.recognisedOn <= Self.asOf }.map(\.commune)
        let covered = marked.filter { commune in certifiedProducts.contains { $0.commune == commune } }
        func ratio(_ n: Int) -> (Double, Int64?, Int64?) { ((Double(n) / Double(districts) * 100).rounded() / 100, Int64(n), Int64(districts)) }
        return [
            "products_3plus_added": (Double(added.count), Int64(added.count), nil),
            "potential_5_share": pct(potential.count, added.count),
            "vn.ha-noi.ntm_advanced_coverage": pct(covered.count, marked.count),
            "subjects_organised_share": pct(organised.count, subjectRows.count),
            "value_chain_share": pct(chained.count, subjectRows.count),
            "products_at_events_share": pct(atEvents.count, certifiedProducts.count),
            "design_centres_per_former_district": ratio(centres),
            "points_of_sale_new_per_former_district": ratio(newPoints),
            "modern_channels_share": pct(modern.count, subjectRows.count),
        ]
    }

    /// Builds the records through the platform's own doors: the registry's API and ledger, the
    /// events module's API, Hà Nội's NTM API.
    static func generate(_ host: TestHost) async throws -> HaNoiWorld {
        var world = HaNoiWorld()
        let officer = try await host.signIn(.provinceOfficer, province: "01")
        let client = host.client
        let units = try AdminUnits.shared
        let communes = units.communes(in: ProvinceCode(rawValue: "01")!).prefix(8).map(\.code.rawValue)
        let districts = units.legacyDistricts(in: ProvinceCode(rawValue: "01")!).map(\.code.rawValue)
        let forms = ["hop_tac_xa", "doanh_nghiep", "ho_kinh_doanh", "to_hop_tac", "ho_kinh_doanh", "doanh_nghiep", "ho_kinh_doanh", "hop_tac_xa",
                     "ho_kinh_doanh", "ho_kinh_doanh"]
        let channelSets = [["supermarket", "direct"], ["traditional_market"], ["e_commerce"], ["ocop_point_of_sale", "export"]]
        func object(_ reply: LiveServer.Client.Reply, _ what: String) throws -> [String: Any] {
            guard (200..<300).contains(reply.status) else { throw GenerateError(what: what, reply: reply.text) }
            return reply.object
        }
        for i in 0..<10 {
            let chain = i % 3 == 0 ? "\"value_chain\":\"Liên kết tiêu thụ với HTX \(i)\"," : ""
            let channels = channelSets[i % 4]
            let body = """
                {"registration_number":"\(TestTaxCodes.make("01" + String(format: "%07d", 4_000_000 + i * 7)))","name":"Chủ thể Hà Nội \(i)",
                 "legal_form":"\(forms[i])","commune_code":"\(communes[i % 6])",\(chain)"sales_channels":[\(channels.map { "\"\($0)\"" }.joined(separator: ","))]}
                """
            let subject = try object(try await client.post("/api/v1/subjects", json: body, headers: officer), "subject \(i)")
            let id = try #require(subject["id"] as? Int)
            world.subjects.append(Subject(id: id, legalForm: forms[i], valueChain: i % 3 == 0 ? "Liên kết tiêu thụ với HTX \(i)" : nil,
                                          channels: channels, commune: communes[i % 6]))
            for k in 0..<2 {
                let product = try object(try await client.post("/api/v1/products", json: """
                    {"subject_id":\(id),"name":"Sản phẩm \(i)-\(k)","product_set":\(1 + (i + k) % 26)}
                    """, headers: officer), "product \(i)-\(k)")
                world.products.append(Product(id: try #require(product["id"] as? Int), subject: id,
                                              commune: product["commune_code"] as? String ?? communes[i % 6], rows: []))
            }
        }
        // Ledger rows, by scenario.
        let recorder = try #require(host.registry.directory.resolve((any CertificationRecorder).self))
        for index in world.products.indices {
            var rows: [Row] = []
            switch index % 7 {
            case 0: rows = [Row(stars: 3, decision: "recognised", decidedOn: "2024-05-10", validUntil: "2027-05-10")]
            case 1: rows = [Row(stars: 4, decision: "recognised", decidedOn: "2025-02-15", validUntil: "2028-02-15")]
            case 2: rows = [Row(stars: 4, decision: "potential_5", decidedOn: "2025-03-01", validUntil: "2028-03-01")]
            case 3: rows = [Row(stars: 3, decision: "recognised", decidedOn: "2025-08-01", validUntil: "2028-08-01")]
            case 5: rows = [Row(stars: 3, decision: "recognised", decidedOn: "2021-01-10", validUntil: "2024-01-10")]
            case 6: rows = [Row(stars: 3, decision: "recognised", decidedOn: "2025-01-20", validUntil: "2028-01-20"),
                            Row(stars: 3, decision: "revoked", decidedOn: "2025-04-01", validUntil: "2028-01-20")]
            default: rows = []
            }
            for (n, row) in rows.enumerated() {
                let product = world.products[index]
                try await host.database.transaction { db in
                    try await recorder.record(CertificationRecord(
                        productID: Int64(product.id), stars: row.stars, certificateNumber: "\(product.id)-\(n)/QĐ-UBND", decidedOn: row.decidedOn,
                        validUntil: row.validUntil, source: "import", decision: row.decision,
                        ground: row.decision == "revoked" ? "vi phạm cam kết" : nil), outbox: host.context.outbox, on: db)
                }
            }
            world.products[index].rows = rows
        }
        // Events: one held in the window, one cancelled, one after the as-of day.
        let certifiedNow = world.products.filter { world.certified($0, on: ProgrammeCalendar.today()) }
        let plans: [(startsOn: String, cancel: Bool, products: ArraySlice<Product>)] = [
            ("2025-04-10", false, certifiedNow.prefix(3)), ("2025-05-05", true, certifiedNow.dropFirst(3).prefix(2)),
            ("2025-09-01", false, certifiedNow.dropFirst(5).prefix(2)),
        ]
        for (n, plan) in plans.enumerated() {
            let event = try object(try await client.post("/api/v1/events", json: """
                {"kind":"fair","title":"Hội chợ OCOP Hà Nội \(n)","organiser":"Sở Nông nghiệp","province_code":"01",
                 "starts_on":"\(plan.startsOn)","ends_on":"\(plan.startsOn)","venue":{"commune_code":"\(communes[0])","address":"Cung Văn hóa"},
                 "booth_capacity":50,"eligibility":[]}
                """, headers: officer), "event \(n)")
            let id = try #require(event["id"] as? Int)
            _ = try object(try await client.post("/api/v1/events/\(id)/transitions", json: #"{"to":"open"}"#, headers: officer), "open \(n)")
            // One registration per subject, with its products.
            for (subject, products) in Dictionary(grouping: plan.products, by: \.subject).sorted(by: { $0.key < $1.key }) {
                _ = try object(try await client.post("/api/v1/events/\(id)/registrations", json: """
                    {"subject_id":\(subject),"product_ids":[\(products.map { String($0.id) }.joined(separator: ","))]}
                    """, headers: officer), "registration \(n)")
                for product in products { world.shown.append((product.id, plan.startsOn, plan.cancel)) }
            }
            if plan.cancel {
                _ = try object(try await client.post("/api/v1/events/\(id)/transitions", json: #"{"to":"cancelled"}"#, headers: officer), "cancel \(n)")
            }
        }
        // Outlets.
        let outlets = [
            Outlet(kind: "design_centre", district: districts[0], openedOn: "2024-03-01", closedOn: nil),
            Outlet(kind: "design_centre", district: districts[1], openedOn: "2025-02-01", closedOn: nil),
            Outlet(kind: "design_centre", district: districts[1], openedOn: "2023-02-01", closedOn: "2025-01-31"),
            Outlet(kind: "point_of_sale", district: districts[2], openedOn: "2025-01-15", closedOn: nil),
            Outlet(kind: "point_of_sale", district: districts[2], openedOn: "2025-03-15", closedOn: nil),
            Outlet(kind: "point_of_sale", district: districts[3], openedOn: "2025-06-30", closedOn: nil),
            Outlet(kind: "point_of_sale", district: districts[3], openedOn: "2024-12-31", closedOn: nil),
            Outlet(kind: "point_of_sale", district: districts[4], openedOn: "2025-07-01", closedOn: nil),
        ]
        for (n, outlet) in outlets.enumerated() {
            let closed = outlet.closedOn.map { ",\"closed_on\":\"\($0)\"" } ?? ""
            _ = try object(try await client.post("/api/v1/outlets", json: """
                {"kind":"\(outlet.kind)","name":"Điểm \(n)","location_type":"tourist_site","operator":"HTX \(n)",
                 "commune_code":"\(communes[n % 8])","legacy_district_code":"\(outlet.district)","opened_on":"\(outlet.openedOn)"\(closed)}
                """, headers: officer), "outlet \(n)")
        }
        world.outlets = outlets
        // NTM communes: two with products, one without, one recognised after the as-of day.
        for (commune, day) in [(communes[0], "2024-12-01"), (communes[1], "2023-06-01"), (communes[7], "2024-10-10"), (communes[2], "2025-09-01")] {
            _ = try object(try await client.send("PUT", "/api/v1/ha-noi/ntm-communes/\(commune)", body: Data("""
                {"level":"advanced","recognised_on":"\(day)","decision":"QĐ \(commune)/QĐ-UBND"}
                """.utf8), headers: officer.merging(["Content-Type": "application/json"]) { a, _ in a }), "ntm \(commune)")
            world.ntm.append((commune, day))
        }
        return world
    }

    struct GenerateError: Error, CustomStringConvertible {
        var what: String
        var reply: String
        var description: String { "\(what): \(reply)" }
    }
}

enum HaNoiTargetChecks {
    static func everyIndicatorMatchesTheRecords(_ host: TestHost) async throws {
        let world = try await HaNoiWorld.generate(host)
        let expected = try world.expected()
        let officer = try await host.signIn(.provinceOfficer, province: "01")
        let reply = try await host.client.get("/api/v1/reports/targets?province=01&year=2025&as_of=\(HaNoiWorld.asOf)", headers: officer)
        #expect(reply.status == 200, "\(reply.text)")
        let packs = reply.object["packs"] as? [[String: Any]] ?? []
        let pack = try #require(packs.first { $0["id"] as? String == "ha-noi-2025" }, "\(reply.text)")
        #expect(pack["origin"] as? String == "vn.ha-noi")
        let targets = pack["targets"] as? [[String: Any]] ?? []
        #expect(targets.count == 9)
        #expect(Set(targets.compactMap { $0["indicator"] as? String }) == Set(expected.keys))
        for target in targets {
            let id = target["indicator"] as? String ?? ""
            guard let (value, numerator, denominator) = expected[id] else { Issue.record("unexpected indicator \(id)"); continue }
            #expect(target["value"] as? Double == value, "\(id): \(target)")
            #expect((target["numerator"] as? Int).map(Int64.init) == numerator, "\(id): \(target)")
            #expect((target["denominator"] as? Int).map(Int64.init) == denominator, "\(id): \(target)")
            let goal = target["target"] as? Double ?? -1
            #expect(target["met"] as? Bool == (value >= goal), "\(id): \(target)")
            #expect(target["unavailable"] == nil)
        }
        // The generated data is not trivial: each share has a denominator and something on both sides.
        #expect(expected["products_3plus_added"]?.0 ?? 0 > 0)
        #expect((expected["potential_5_share"]?.1 ?? 0) > 0)
        #expect((expected["vn.ha-noi.ntm_advanced_coverage"]?.0 ?? 0) > 0 && (expected["vn.ha-noi.ntm_advanced_coverage"]?.0 ?? 100) < 100)
        #expect((expected["products_at_events_share"]?.1 ?? 0) > 0)
        #expect((expected["points_of_sale_new_per_former_district"]?.1 ?? 0) == 3)
        #expect((expected["design_centres_per_former_district"]?.1 ?? 0) == 2)

        // The same through one pack, as CSV.
        let csv = try await host.client.get("/api/v1/reports/targets/ha-noi-2025.csv?as_of=\(HaNoiWorld.asOf)", headers: officer)
        #expect(csv.status == 200)
        #expect(csv.headers["content-disposition"]?.contains("bao-cao-ocop-chi-tieu-ha-noi-2025-01-2025-06-30.csv") == true, "\(csv.headers)")
        #expect(csv.text.contains("vn.ha-noi.ntm_advanced_coverage"))

        // Another province's officer may not read Hà Nội's targets; a producer no report at all.
        let foreign = try await host.client.get("/api/v1/reports/targets?province=01&year=2025", headers: try await host.signIn(.provinceOfficer, province: "79"))
        #expect(foreign.status == 403)
        let producer = try await host.client.get("/api/v1/reports/targets?province=01&year=2025",
                                                 headers: try await host.signIn(.producer, subject: Int64(world.subjects[0].id)))
        #expect(producer.status == 403)
    }

    static func ntmCommunesRefuseBadInput(_ host: TestHost) async throws {
        let officer = try await host.signIn(.provinceOfficer, province: "01").merging(["Content-Type": "application/json"]) { a, _ in a }
        let client = host.client
        // A commune of another province is not a Hà Nội commune.
        let foreign = try await client.send("PUT", "/api/v1/ha-noi/ntm-communes/25747", body: Data(#"{"level":"advanced","recognised_on":"2024-01-01"}"#.utf8),
                                            headers: officer)
        #expect(foreign.status == 404, "\(foreign.text)")
        let commune = try AdminUnits.shared.communes(in: ProvinceCode(rawValue: "01")!)[0].code.rawValue
        let badDate = try await client.send("PUT", "/api/v1/ha-noi/ntm-communes/\(commune)", body: Data(#"{"level":"advanced","recognised_on":"2024-02-30"}"#.utf8),
                                            headers: officer)
        #expect(badDate.status == 422, "\(badDate.text)")
        #expect(badDate.text.contains("/recognised_on"))
        let list = try await client.get("/api/v1/ha-noi/ntm-communes")
        #expect(list.text == "[]", "nothing stored: \(list.text)")
        let other = try await host.signIn(.provinceOfficer, province: "79").merging(["Content-Type": "application/json"]) { a, _ in a }
        let forbidden = try await client.send("PUT", "/api/v1/ha-noi/ntm-communes/\(commune)", body: Data(#"{"level":"model","recognised_on":"2024-01-01"}"#.utf8),
                                              headers: other)
        #expect(forbidden.status == 403)
        let ok = try await client.send("PUT", "/api/v1/ha-noi/ntm-communes/\(commune)", body: Data(#"{"level":"model","recognised_on":"2024-01-01"}"#.utf8),
                                       headers: officer)
        #expect(ok.status == 200, "\(ok.text)")
        #expect(ok.object["level"] as? String == "model")
        #expect(try await client.send("DELETE", "/api/v1/ha-noi/ntm-communes/\(commune)", headers: officer).status == 204)
        #expect(try await client.send("DELETE", "/api/v1/ha-noi/ntm-communes/\(commune)", headers: officer).status == 404)
    }
}

@Suite struct HaNoiTargetsSQLiteTests {
    @Test func everyIndicatorMatchesTheRecords() async throws { try await withHaNoiReporting(.sqlite, HaNoiTargetChecks.everyIndicatorMatchesTheRecords) }
    @Test func ntmCommunes() async throws { try await withHaNoiReporting(.sqlite, HaNoiTargetChecks.ntmCommunesRefuseBadInput) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct HaNoiTargetsPostgreSQLTests {
    @Test func everyIndicatorMatchesTheRecords() async throws { try await withHaNoiReporting(.postgresql, HaNoiTargetChecks.everyIndicatorMatchesTheRecords) }
    @Test func ntmCommunes() async throws { try await withHaNoiReporting(.postgresql, HaNoiTargetChecks.ntmCommunesRefuseBadInput) }
}
