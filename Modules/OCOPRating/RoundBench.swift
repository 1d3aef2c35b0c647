import ArgumentParser
import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

extension RatingCommand {
    /// A full national round on the configured (empty) database: N dossiers × M members, every
    /// sheet filled and chained, then closed by the chair (scored, gated, routed, stored, chained)
    /// and ranked — beside the engine averaging and ranking the same sheets in raw SQL.
    struct RoundBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "round-bench",
            abstract: "Benchmark a full evaluation round against the same aggregate in raw SQL (use an empty database).")
        @OptionGroup var options: ConfigOptions
        @Option(help: "Dossiers in the round.") var dossiers: Int = 15_000
        @Option(help: "Scoring members (chair included).") var members: Int = 7
        @Option(help: "Random seed for the sheets.") var seed: UInt64 = 7
        @Flag(help: "One JSON line instead of text.") var json = false

        func validate() throws {
            guard (1...200_000).contains(dossiers) else { throw ValidationError("--dossiers must be from 1 to 200000") }
            guard (2...25).contains(members) else { throw ValidationError("--members must be from 2 to 25") }
        }

        struct Figures: Encodable, Sendable {
            var engine: String
            var dossiers: Int
            var members: Int
            var sheets: Int
            var setupMs: Double
            var closeMs: Double
            var rankMs: Double
            var endToEndMs: Double
            var rawSQLMs: Double
            var ratio: Double
            /// The same work in SQL: averages, per-criterion minimums per star level, bands, stored, ranked.
            var gatedSQLMs: Double
            var gatedRatio: Double
            /// Dossiers whose stars the SQL and the engine agree on (must be all).
            var agreeing: Int
            var verifyMs: Double
            var closed: Int
            var forwarded: Int
            var decisionsDue: Int
            var stars: [String: Int]

            enum CodingKeys: String, CodingKey {
                case engine, dossiers, members, sheets, closed, forwarded, ratio, stars
                case setupMs = "setup_ms", closeMs = "close_ms", rankMs = "rank_ms", endToEndMs = "end_to_end_ms", rawSQLMs = "raw_sql_ms"
                case verifyMs = "verify_ms", decisionsDue = "decisions_due", gatedSQLMs = "gated_sql_ms", gatedRatio = "gated_ratio", agreeing
            }
        }

        func run() async throws {
            let count = dossiers, seats = members, seed = self.seed
            let figures = try await PluginCommands.withContext(options, label: "ocop.rating") { context in
                try await Self.measure(context: context, dossiers: count, members: seats, seed: seed)
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(figures), as: UTF8.self))
                return
            }
            print("""
                rating round on \(figures.engine): \(figures.dossiers) dossiers × \(figures.members) members = \(figures.sheets) sheets (setup \(Self.ms(figures.setupMs)))
                  close (score, gate, route, store, chain): \(Self.ms(figures.closeMs)); rank: \(Self.ms(figures.rankMs)); end to end \(Self.ms(figures.endToEndMs))
                  raw SQL average and rank of the same sheets: \(Self.ms(figures.rawSQLMs)) → \(String(format: "%.2f", figures.ratio))×
                  raw SQL with the same minimums per star level, stored and ranked: \(Self.ms(figures.gatedSQLMs)) → \(String(format: "%.2f", figures.gatedRatio))× (bar: 1.5×); stars agree on \(figures.agreeing) of \(figures.dossiers)
                  closed \(figures.closed), forwarded \(figures.forwarded), decisions due \(figures.decisionsDue); stars \(figures.stars.sorted { $0.key < $1.key }.map { "\($0.key)★ \($0.value)" }.joined(separator: ", "))
                  ocop rating verify over the round: \(Self.ms(figures.verifyMs))
                """)
        }

        static func ms(_ value: Double) -> String { String(format: "%.0f ms", value) }

        static func elapsed(_ start: ContinuousClock.Instant) -> Double {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        }

        static func measure(context: PluginContext, dossiers count: Int, members seats: Int, seed: UInt64) async throws -> Figures {
            let service = try RatingCommand.service(context)
            let store = context.database
            let sql = store.sql
            let existing = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(RatingSchema.dossiers)
                .first()?.decode(column: "n", as: Int.self) ?? 0
            guard existing == 0 else { throw PluginCommands.fail(["ocop rating round-bench: the database already holds \(existing) dossier(s); use an empty one"]) }
            let sets = service.catalogue.sets(act: .decision148).filter(\.isUsable).map(\.set)
            guard !sets.isEmpty else { throw PluginCommands.fail(["ocop rating round-bench: no usable criteria set"]) }
            let usernames = (0..<seats).map { $0 == 0 ? "bench-chair" : "bench-member-\($0)" }

            // Setup: a council, a round, the dossiers in it, every sheet submitted and chained.
            let setupStart = ContinuousClock.now
            let round: Int64 = try await store.transaction { db in
                let now = RatingClock.now()
                guard let council = try await db.insert(into: RatingSchema.councils)
                    .columns("level", "province_code", "name", "decision_number", "established_on", "created_at")
                    .values(SQLBind("province"), SQLBind("01"), SQLBind("Hội đồng đánh giá (benchmark)"), SQLBind("bench"), SQLBind("2026-01-05"), SQLBind(now))
                    .returning("id").first()?.decode(column: "id", as: Int64.self),
                      let round = try await db.insert(into: RatingSchema.rounds).columns("council_id", "name", "year", "opens_on", "created_at")
                    .values(SQLBind(council), SQLBind("Đợt 1/2026 (benchmark)"), SQLBind(2026), SQLBind("2026-06-01"), SQLBind(now))
                    .returning("id").first()?.decode(column: "id", as: Int64.self) else { throw DomainError.notFound("setup failed") }
                try await store.bulkInsert(into: RatingSchema.members, columns: ["round_id", "username", "seat"], rows: usernames.enumerated().map {
                    [.integer(round), .text($0.element), .text($0.offset == 0 ? CouncilSeat.chair.rawValue : CouncilSeat.member.rawValue)]
                }, on: db)
                return round
            }
            for start in stride(from: 0, to: count, by: 1000) {
                let batch = min(1000, count - start)
                try await store.transaction { db in
                    var random = SplitMix(seed: seed &+ UInt64(start))
                    let now = RatingClock.now()
                    let firstID = try await db.select().column(SQLFunction("COALESCE", args: SQLFunction("MAX", args: SQLColumn("id")), SQLLiteral.numeric("0")), as: "m")
                        .from(RatingSchema.dossiers).first()?.decode(column: "m", as: Int64.self) ?? 0
                    var rows: [[BulkValue]] = []
                    var chosen: [CriteriaSet] = []
                    for offset in 0..<batch {
                        let n = Int64(start + offset + 1)
                        let set = sets[(start + offset) % sets.count]
                        chosen.append(set)
                        rows.append([.integer(firstID + Int64(offset) + 1), .integer(n), .integer(n), .text("01"), .text("00577"), .text("Sản phẩm \(n)"),
                                     .text("Chủ thể \(n)"), .text("new"), .text("scoring"), .text("1489"), .text("1489"), .text(set.id.description),
                                     .text("province"), .integer(round), .text("2026-05-01"), .text(now), .text(now)])
                    }
                    try await store.bulkInsert(into: RatingSchema.dossiers, columns: [
                        "id", "product_id", "subject_id", "province_code", "commune_code", "product_name", "subject_name", "kind", "state", "process",
                        "act", "criteria_set", "stage", "round_id", "submitted_on", "created_at", "updated_at",
                    ], rows: rows, on: db)
                    var appends: [HashChain.Append] = []
                    var sheets: [(dossier: Int64, username: String, points: String, total: Int)] = []
                    for offset in 0..<batch {
                        let dossier = firstID + Int64(offset) + 1
                        let set = chosen[offset]
                        let quality = 0.35 + 0.65 * random.unit()
                        let branches = set.parts.flatMap(\.groups).filter { $0.pick == .one }.map { ($0.id, Int(random.next() % UInt64(max(1, $0.criteria.count)))) }
                        let branch = Dictionary(branches, uniquingKeysWith: { first, _ in first })
                        for username in usernames {
                            var points: [String: Int] = [:]
                            for part in set.parts {
                                for group in part.groups {
                                    let criteria = group.pick == .one ? [group.criteria[branch[group.id] ?? 0]] : group.criteria
                                    for criterion in criteria {
                                        let allowed = criterion.allowedPoints
                                        let noise = (random.unit() - 0.5) * 0.5
                                        let index = Int((min(1, max(0, quality + noise)) * Double(allowed.count - 1)).rounded())
                                        points[criterion.id] = allowed[index]
                                    }
                                }
                            }
                            let total = points.values.reduce(0, +)
                            let text = HashChain.canonical(points)
                            sheets.append((dossier, username, text, total))
                            appends.append(HashChain.Append(chain: "dossier:\(dossier)", kind: "sheet", actor: username, payload: HashChain.canonical(
                                SheetEntry(roundID: round, username: username, points: points, total: total))))
                        }
                    }
                    let seqs = try await HashChain.appendMany(appends, store: store, on: db)
                    try await store.bulkInsert(into: RatingSchema.sheets, columns: ["dossier_id", "round_id", "username", "points", "total", "submitted_at", "chain_seq"],
                                               rows: sheets.enumerated().map { index, s in
                                                   [.integer(s.dossier), .integer(round), .text(s.username), .text(s.points), .integer(Int64(s.total)),
                                                    .text(now), .integer(Int64(seqs[index]))]
                                               }, on: db)
                }
            }
            // PostgreSQL's sequence must follow the explicit ids.
            if store.engine == .postgresql {
                try await sql.raw("SELECT setval(pg_get_serial_sequence('\(unsafeRaw: RatingSchema.dossiers)', 'id'), (SELECT MAX(id) FROM \(unsafeRaw: RatingSchema.dossiers)))").run()
                try await sql.raw("ANALYZE").run()
            }
            let setupMs = elapsed(setupStart)

            // The anchor: the engine averages each dossier's totals and ranks them (median of three).
            var rawTimes: [Double] = []
            for _ in 0..<3 {
                let start = ContinuousClock.now
                let rows = try await sql.raw("""
                    SELECT dossier_id, SUM(total) AS s, COUNT(*) AS n FROM \(unsafeRaw: RatingSchema.sheets)
                    WHERE round_id = \(bind: round) AND submitted_at IS NOT NULL GROUP BY dossier_id ORDER BY SUM(total) * 1.0 / COUNT(*) DESC, dossier_id
                    """).all()
                guard rows.count == count else { throw PluginCommands.fail(["raw SQL ranked \(rows.count) dossiers, expected \(count)"]) }
                rawTimes.append(elapsed(start))
            }
            let rawMs = rawTimes.sorted()[1]

            let gated = try await gatedSQL(round: round, sets: sets, store: store)

            let chair = Principal(userID: 0, username: usernames[0], role: .councilMember, provinceCode: "01")
            let closeStart = ContinuousClock.now
            let closing = try await service.closeRound(round, by: chair, context: context)
            let closeMs = elapsed(closeStart)
            let rankStart = ContinuousClock.now
            let ranked = try await service.ranking(round: round, by: Principal(userID: 0, username: "bench", role: .nationalAdmin), on: sql)
            let rankMs = elapsed(rankStart)
            guard closing.closed == count, ranked.count == count else {
                throw PluginCommands.fail(["closed \(closing.closed) and ranked \(ranked.count) of \(count) dossiers; skipped: \(closing.skipped.prefix(3).map { "\($0.dossierID)" })"])
            }
            let verifyStart = ContinuousClock.now
            let report = try await HashChain.verify(on: sql)
            let verifyMs = elapsed(verifyStart)
            guard report.problems.isEmpty else { throw PluginCommands.fail(["verify found problems: \(report.problems.prefix(3))"]) }
            var stars: [String: Int] = [:]
            for item in ranked { stars[String(item.stars), default: 0] += 1 }
            let engineStars = Dictionary(ranked.map { ($0.dossierID, $0.stars) }, uniquingKeysWith: { first, _ in first })
            let agreeing = gated.stars.filter { engineStars[$0.key] == $0.value }.count
            return Figures(engine: store.engine.rawValue, dossiers: count, members: seats, sheets: count * seats, setupMs: setupMs, closeMs: closeMs,
                           rankMs: rankMs, endToEndMs: closeMs + rankMs, rawSQLMs: rawMs, ratio: (closeMs + rankMs) / max(rawMs, 0.001),
                           gatedSQLMs: gated.ms, gatedRatio: (closeMs + rankMs) / max(gated.ms, 0.001), agreeing: agreeing,
                           verifyMs: verifyMs, closed: closing.closed, forwarded: closing.forwarded, decisionsDue: closing.decisionsDue, stars: stars)
        }
    }
}

extension RatingCommand.RoundBench {
    /// The anchor doing the same aggregation in the engine: each dossier's average, each
    /// criterion's average against the minimums of every star level (from the same sets, loaded
    /// into a table), the band lowered to the highest level whose minimums hold, stored in a
    /// table and ranked. Timed from the first statement to the ranked rows (median of three).
    static func gatedSQL(round: Int64, sets: [CriteriaSet], store: any SQLStore) async throws -> (ms: Double, stars: [Int64: Int]) {
        let sql = store.sql
        try await sql.raw("DROP TABLE IF EXISTS bench_minimums").run()
        try await sql.raw("CREATE TABLE bench_minimums (criteria_set TEXT NOT NULL, criterion TEXT NOT NULL, stars INTEGER NOT NULL, required INTEGER NOT NULL)").run()
        var rows: [[BulkValue]] = []
        for set in sets {
            for (_, _, criterion) in set.criteria {
                for level in 2...5 {
                    if let required = criterion.requiredPoints(forStars: level) {
                        rows.append([.text(set.id.description), .text(criterion.id), .integer(Int64(level)), .integer(Int64(required))])
                    }
                }
            }
        }
        let minimums = rows
        try await store.transaction { db in
            try await store.bulkInsert(into: "bench_minimums", columns: ["criteria_set", "criterion", "stars", "required"], rows: minimums, on: db)
        }
        try await sql.raw("CREATE INDEX bench_minimums_key ON bench_minimums (criteria_set, criterion)").run()
        // One row per answer: SQLite's json_each, PostgreSQL's jsonb_each_text.
        let answers = store.engine == .postgresql
            ? "SELECT s.dossier_id, j.key AS criterion, SUM(j.value::int) AS p FROM rating_sheets s, jsonb_each_text(s.points::jsonb) j WHERE s.round_id = \(round) AND s.submitted_at IS NOT NULL GROUP BY s.dossier_id, j.key"
            : "SELECT s.dossier_id, j.key AS criterion, SUM(j.value) AS p FROM rating_sheets s, json_each(s.points) j WHERE s.round_id = \(round) AND s.submitted_at IS NOT NULL GROUP BY s.dossier_id, j.key"
        var times: [Double] = []
        var stars: [Int64: Int] = [:]
        for _ in 0..<3 {
            try await sql.raw("DROP TABLE IF EXISTS bench_results").run()
            try await sql.raw("CREATE TABLE bench_results (dossier_id BIGINT PRIMARY KEY, score DOUBLE PRECISION NOT NULL, band INTEGER NOT NULL, stars INTEGER NOT NULL)").run()
            let statement = """
                    INSERT INTO bench_results (dossier_id, score, band, stars)
                    WITH totals AS (
                        SELECT dossier_id, SUM(total) AS s, COUNT(*) AS n FROM rating_sheets
                        WHERE round_id = \(round) AND submitted_at IS NOT NULL GROUP BY dossier_id),
                    answers AS (\(answers)),
                    failing AS (
                        SELECT a.dossier_id, MIN(m.stars) AS level FROM answers a
                        JOIN rating_dossiers d ON d.id = a.dossier_id
                        JOIN totals t ON t.dossier_id = a.dossier_id
                        JOIN bench_minimums m ON m.criteria_set = d.criteria_set AND m.criterion = a.criterion
                        WHERE a.p < m.required * t.n GROUP BY a.dossier_id),
                    banded AS (
                        SELECT t.dossier_id, t.s * 1.0 / t.n AS score,
                               CASE WHEN t.s >= 90 * t.n THEN 5 WHEN t.s >= 70 * t.n THEN 4 WHEN t.s >= 50 * t.n THEN 3
                                    WHEN t.s >= 30 * t.n THEN 2 ELSE 1 END AS band,
                               f.level AS failing
                        FROM totals t LEFT JOIN failing f ON f.dossier_id = t.dossier_id)
                    SELECT dossier_id, score, band,
                           CASE WHEN failing IS NOT NULL AND failing - 1 < band THEN (CASE WHEN failing - 1 < 1 THEN 1 ELSE failing - 1 END) ELSE band END
                    FROM banded
                    """
            let start = ContinuousClock.now
            try await store.transaction { db in try await db.raw(SQLQueryString(statement)).run() }
            let ranked = try await sql.raw("SELECT dossier_id, stars FROM bench_results ORDER BY score DESC, dossier_id").all()
            times.append(elapsed(start))
            stars = [:]
            for row in ranked { stars[try row.decode(column: "dossier_id", as: Int64.self)] = try row.decode(column: "stars", as: Int.self) }
        }
        try await sql.raw("DROP TABLE IF EXISTS bench_results").run()
        try await sql.raw("DROP TABLE IF EXISTS bench_minimums").run()
        return (times.sorted()[1], stars)
    }
}

