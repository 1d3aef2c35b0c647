import Foundation
import OCOPPluginKit
import OCOPTestSupport
import SQLKit
import Testing
@testable import OCOPRating

/// `HashChain.verify` against edits made behind the platform's back: each raw SQL edit of a
/// decided dossier is reported, naming its chain; undone, the record verifies again. A second
/// decided dossier, never touched, must never be named.
enum TamperChecks {
    /// The core modules (accounts, registry, rating) on a real host.
    static func host(_ engine: DatabaseEngine, _ body: @escaping @Sendable (TestHost) async throws -> Void) async throws {
        try await TestHost.run(engine, plugins: TestHost.core, config: """
            plugins:
            \(TestHost.coreConfig)
            """, body)
    }

    static func everyEditIsReported(_ host: TestHost) async throws {
        let flow = try await RatingFlow(host: host, province: "24")
        let decided = try await flow.decided(commune: "07210", tax: TestTaxCodes.make("230000101"), name: "Bánh phu thê Đình Bảng", stars: 4)
        let untouched = try await flow.decided(commune: "07210", tax: TestTaxCodes.make("230000202"), name: "Tương Đình Tổ", stars: 3)
        let db = host.database.sql
        let chain = "dossier:\(decided.dossier)"
        let round = decided.round.id
        let decisionID = try #require(decided.decision["id"] as? Int)

        // Untouched: every chain links and every row matches its entry.
        let clean = try await HashChain.verify(on: db)
        #expect(clean.problems.isEmpty, "\(clean.problems)")
        #expect(clean.chains == 2)
        let stored = try #require(try await db.raw("SELECT COUNT(*) AS n FROM rating_chain").first()?.decode(column: "n", as: Int.self))
        #expect(clean.entries == stored && stored == 24, "\(clean.entries) of \(stored)")
        // 3 + 3 submitted sheets, 2 results, 2 decision items, 2 dossiers.
        #expect(clean.rowsChecked == 12)

        let entries = try await HashChain.entries(chain, on: db)
        #expect(entries.map(\.kind) == ["created", "attachment", "transition", "pre_assessment", "transition", "transition",
                                        "sheet", "sheet", "sheet", "result", "transition", "decision"])
        let last = try #require(entries.last)
        let result = try #require(entries.first { $0.kind == "result" })

        /// Runs `edit`, expects every problem to name the dossier's chain and one to contain each
        /// of `expected`; then `restore` and expects a clean record again.
        func reported(_ what: String, _ expected: [String], edit: () async throws -> Void, restore: () async throws -> Void) async throws {
            try await edit()
            let report = try await HashChain.verify(on: db)
            #expect(!report.problems.isEmpty, "\(what): not reported")
            for problem in report.problems {
                #expect(problem.hasPrefix(chain), "\(what): \(problem) does not name \(chain)")
            }
            #expect(!report.problems.contains { $0.contains("dossier:\(untouched.dossier)") }, "\(what): \(report.problems)")
            for text in expected {
                #expect(report.problems.contains { $0.contains(text) }, "\(what): expected “\(text)” in \(report.problems)")
            }
            try await restore()
            let again = try await HashChain.verify(on: db)
            #expect(again.problems.isEmpty, "\(what), restored: \(again.problems)")
        }

        // A submitted sheet: its points and total.
        let chair = decided.round.chair.username
        let sheetRow = try #require(try await db.raw("""
            SELECT points, total FROM rating_sheets WHERE dossier_id = \(bind: decided.dossier) AND username = \(bind: chair)
            """).first())
        let points = try sheetRow.decode(column: "points", as: String.self)
        let total = try sheetRow.decode(column: "total", as: Int.self)
        var raised = decided.points
        let criterion = try #require(raised.keys.sorted().first { (raised[$0] ?? 0) == 0 } ?? raised.keys.sorted().first)
        raised[criterion, default: 0] += 1
        let forged = HashChain.canonical(raised)
        let sheetProblem = "\(chain): the sheet of \(chair) in round \(round) differs from chain entry"
        try await reported("sheet points and total", [sheetProblem]) {
            try await db.raw("""
                UPDATE rating_sheets SET points = \(bind: forged), total = \(bind: total + 1)
                WHERE dossier_id = \(bind: decided.dossier) AND username = \(bind: chair)
                """).run()
        } restore: {
            try await db.raw("""
                UPDATE rating_sheets SET points = \(bind: points), total = \(bind: total)
                WHERE dossier_id = \(bind: decided.dossier) AND username = \(bind: chair)
                """).run()
        }
        try await reported("sheet total only", [sheetProblem]) {
            try await db.raw("UPDATE rating_sheets SET total = 100 WHERE dossier_id = \(bind: decided.dossier) AND username = \(bind: chair)").run()
        } restore: {
            try await db.raw("UPDATE rating_sheets SET total = \(bind: total) WHERE dossier_id = \(bind: decided.dossier) AND username = \(bind: chair)").run()
        }

        // A chain entry's payload: its hash no longer matches, nor does the row it records.
        let forgedResult = result.payload.replacingOccurrences(of: #""stars":4"#, with: #""stars":5"#)
        #expect(forgedResult != result.payload, "\(result.payload)")
        try await reported("result entry payload", ["\(chain) entry \(result.seq) (result): its content does not match its hash",
                                                    "\(chain): the result of round \(round) differs from chain entry \(result.seq)"]) {
            try await db.raw("UPDATE rating_chain SET payload = \(bind: forgedResult) WHERE chain = \(bind: chain) AND seq = \(bind: result.seq)").run()
        } restore: {
            try await db.raw("UPDATE rating_chain SET payload = \(bind: result.payload) WHERE chain = \(bind: chain) AND seq = \(bind: result.seq)").run()
        }
        // …and a forger who recomputes that entry's hash breaks the next entry's link.
        let rehashed = HashChain.hash(prev: result.prevHash, chain: chain, seq: result.seq, kind: result.kind, actor: result.actor, at: result.at,
                                      payload: forgedResult)
        try await reported("result entry payload and hash", ["\(chain) entry \(result.seq + 1): does not link to entry \(result.seq)"]) {
            try await db.raw("""
                UPDATE rating_chain SET payload = \(bind: forgedResult), hash = \(bind: rehashed) WHERE chain = \(bind: chain) AND seq = \(bind: result.seq)
                """).run()
        } restore: {
            try await db.raw("""
                UPDATE rating_chain SET payload = \(bind: result.payload), hash = \(bind: result.hash) WHERE chain = \(bind: chain) AND seq = \(bind: result.seq)
                """).run()
        }

        // The last entry (the decision) removed.
        func reinsertLast() async throws {
            try await db.raw("""
                INSERT INTO rating_chain (chain, seq, kind, actor, at, payload, prev_hash, hash)
                VALUES (\(bind: last.chain), \(bind: last.seq), \(bind: last.kind), \(bind: last.actor), \(bind: last.at), \(bind: last.payload),
                        \(bind: last.prevHash), \(bind: last.hash))
                """).run()
        }
        try await reported("last entry deleted", ["\(chain): the chain ends at entry \(last.seq - 1) but its head records entry \(last.seq)",
                                                  "\(chain): its entry in decision \(decisionID) points at entry \(last.seq), which is not a decision entry"]) {
            try await db.raw("DELETE FROM rating_chain WHERE chain = \(bind: chain) AND seq = \(bind: last.seq)").run()
        } restore: {
            try await reinsertLast()
        }
        // …also when the head is rewound to the entry before: the decision row has lost its entry.
        try await reported("last entry deleted, head rewound", ["\(chain): its entry in decision \(decisionID) points at entry \(last.seq)"]) {
            try await db.raw("DELETE FROM rating_chain WHERE chain = \(bind: chain) AND seq = \(bind: last.seq)").run()
            try await db.raw("UPDATE rating_chain_heads SET seq = \(bind: last.seq - 1), hash = \(bind: last.prevHash) WHERE chain = \(bind: chain)").run()
        } restore: {
            try await reinsertLast()
            try await db.raw("UPDATE rating_chain_heads SET seq = \(bind: last.seq), hash = \(bind: last.hash) WHERE chain = \(bind: chain)").run()
        }

        // The dossier's state.
        try await reported("dossier state", ["\(chain): its state is eligible but its last recorded transition is to completed"]) {
            try await db.raw("UPDATE rating_dossiers SET state = 'eligible' WHERE id = \(bind: decided.dossier)").run()
        } restore: {
            try await db.raw("UPDATE rating_dossiers SET state = 'completed' WHERE id = \(bind: decided.dossier)").run()
        }

        // Rows removed behind the platform's back, each inside a transaction that is rolled back.
        let dossierID = decided.dossier
        for (what, expected, statements) in [
            ("a submitted sheet deleted", "\(chain): its sheet entry 7 has no row in rating_sheets (deleted)",
             ["DELETE FROM rating_sheets WHERE dossier_id = \(dossierID) AND username = (SELECT actor FROM rating_chain WHERE chain = '\(chain)' AND seq = 7)"]),
            ("a submitted sheet made a draft again", "\(chain): its sheet entry 8 has no row in rating_sheets (deleted)",
             ["UPDATE rating_sheets SET submitted_at = NULL WHERE dossier_id = \(dossierID) AND username = (SELECT actor FROM rating_chain WHERE chain = '\(chain)' AND seq = 8)"]),
            ("the result deleted", "\(chain): its result entry \(result.seq) has no row in rating_results (deleted)",
             ["DELETE FROM rating_results WHERE dossier_id = \(dossierID)"]),
            ("the decision item deleted", "\(chain): its decision entry \(last.seq) has no row in rating_decision_items (deleted)",
             ["DELETE FROM rating_decision_items WHERE dossier_id = \(dossierID)"]),
            ("the dossier deleted", "\(chain): the chain has no dossier row (deleted)",
             ["DELETE FROM rating_decision_items WHERE dossier_id = \(dossierID)", "DELETE FROM rating_results WHERE dossier_id = \(dossierID)",
              "DELETE FROM rating_sheets WHERE dossier_id = \(dossierID)", "DELETE FROM rating_attachments WHERE dossier_id = \(dossierID)",
              "DELETE FROM rating_dossiers WHERE id = \(dossierID)"]),
        ] {
            let report = try await rolledBack(host) { db in
                for statement in statements { try await db.raw("\(unsafeRaw: statement)").run() }
            }
            #expect(report.problems.contains(expected), "\(what): expected “\(expected)” in \(report.problems)")
            #expect(report.problems.allSatisfy { $0.hasPrefix(chain) }, "\(what): \(report.problems)")
        }
        #expect(try await HashChain.verify(on: db).problems.isEmpty)

        // The stars of a decision item.
        try await reported("decision item stars", ["\(chain): its entry in decision \(decisionID) differs from chain entry \(last.seq)"]) {
            try await db.raw("UPDATE rating_decision_items SET stars = 5 WHERE dossier_id = \(bind: decided.dossier)").run()
        } restore: {
            try await db.raw("UPDATE rating_decision_items SET stars = 4 WHERE dossier_id = \(bind: decided.dossier)").run()
        }

        // An inspection of the producer, chained per subject: its row edited or removed.
        let inspection = try await host.client.post("/api/v1/rating/inspections", json: """
            {"subject_id":\(decided.subject),"product_id":\(decided.product),"inspected_on":"\(ProgrammeCalendar.today())",
             "findings":[{"topic":"Nhãn","finding":"Thiếu hạn sử dụng","severity":"minor"}],"conclusion":"remedy"}
            """, headers: flow.officer.headers)
        #expect(inspection.status == 201, "\(inspection.text)")
        let inspectionID = try #require(try inspection.json()["id"] as? Int)
        let subjectChain = "subject:\(decided.subject)"
        let withInspection = try await HashChain.verify(on: db)
        #expect(withInspection.problems.isEmpty && withInspection.chains == 3 && withInspection.rowsChecked == 13, "\(withInspection)")
        for (what, expected, statement) in [
            ("inspection conclusion", "\(subjectChain): inspection \(inspectionID) differs from chain entry 1 (edited)",
             "UPDATE rating_inspections SET conclusion = 'compliant' WHERE id = \(inspectionID)"),
            ("inspection findings", "\(subjectChain): inspection \(inspectionID) differs from chain entry 1 (edited)",
             "UPDATE rating_inspections SET findings = '[]' WHERE id = \(inspectionID)"),
            ("inspection deleted", "\(subjectChain): its inspection entry 1 (inspection \(inspectionID)) has no row in rating_inspections (deleted)",
             "DELETE FROM rating_inspections WHERE id = \(inspectionID)"),
        ] {
            let report = try await rolledBack(host) { db in try await db.raw("\(unsafeRaw: statement)").run() }
            #expect(report.problems == [expected], "\(what): \(report.problems)")
        }
        #expect(try await HashChain.verify(on: db).problems.isEmpty)
    }

    /// `verify` (as `ocop rating verify` runs it) while the platform keeps appending: no entry is
    /// taken for a removed or added one.
    static func aLiveRecordVerifiesClean(_ host: TestHost) async throws {
        let flow = try await RatingFlow(host: host, province: "24")
        _ = try await flow.decided(commune: "07210", tax: TestTaxCodes.make("230001111"), name: "Chè Bắc", stars: 3)
        let database = host.database
        let writer = Task {
            for index in 0..<400 {
                try await database.transaction { db in
                    try await HashChain.append("product:\(index % 7 + 1)", kind: "downgraded", actor: "test", payload: #"{"n":\#(index)}"#,
                                               engine: database.engine, on: db)
                }
            }
        }
        var problems: [String] = []
        var passes = 0
        while passes < 40, problems.isEmpty {
            problems += try await HashChain.verify(store: database).problems
            passes += 1
        }
        try await writer.value
        #expect(problems.isEmpty, "after \(passes) passes: \(problems.prefix(5))")
        #expect(try await HashChain.verify(on: database.sql).problems.isEmpty)
    }

    struct RolledBack: Error { let report: ChainReport }

    /// What `verify` reports inside a transaction after `edit`; the transaction is then rolled back.
    static func rolledBack(_ host: TestHost, _ edit: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws -> ChainReport {
        do {
            _ = try await host.database.transaction { db -> Int in
                try await edit(db)
                throw RolledBack(report: try await HashChain.verify(on: db))
            }
        } catch let rolled as RolledBack {
            return rolled.report
        }
        Issue.record("the transaction was not rolled back")
        return ChainReport()
    }
}

@Suite struct TamperEvidenceSQLiteTests {
    @Test func everyEditIsReported() async throws { try await TamperChecks.host(.sqlite, TamperChecks.everyEditIsReported) }
    @Test func aLiveRecordVerifiesClean() async throws { try await TamperChecks.host(.sqlite, TamperChecks.aLiveRecordVerifiesClean) }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct TamperEvidencePostgreSQLTests {
    @Test func everyEditIsReported() async throws { try await TamperChecks.host(.postgresql, TamperChecks.everyEditIsReported) }
    @Test func aLiveRecordVerifiesClean() async throws { try await TamperChecks.host(.postgresql, TamperChecks.aLiveRecordVerifiesClean) }
}
