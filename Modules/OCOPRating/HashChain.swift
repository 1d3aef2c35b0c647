import Crypto
import Foundation
import OCOPPluginKit
import SQLKit

/// Tamper evidence: every score sheet, transition, result and decision of a dossier (and every
/// downgrade, revocation and inspection of a product or subject) is an entry of an append-only
/// chain, each entry's hash covering the one before it. A row edited, deleted or inserted
/// behind the platform's back breaks a hash, a sequence number or the agreement between an
/// entry and the row it records; `verify` finds each such place.
enum HashChain {
    static let genesis = String(repeating: "0", count: 64)

    struct Entry: Sendable {
        var chain: String
        var seq: Int
        var kind: String
        var actor: String?
        var at: String
        var payload: String
        var prevHash: String
        var hash: String
    }

    static func hash(prev: String, chain: String, seq: Int, kind: String, actor: String?, at: String, payload: String) -> String {
        // Unit separators keep fields apart: no two different entries hash the same text.
        let text = [prev, chain, String(seq), kind, actor ?? "", at, payload].joined(separator: "\u{1F}")
        return sha256(Data(text.utf8))
    }

    static func sha256(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// Lowercase hex; a round closes tens of thousands of entries, so not `String(format:)`.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Canonical JSON of a payload: sorted keys, so that the same facts always hash the same.
    static func canonical<T: Encodable>(_ value: T) -> String {
        (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// One encoder for every payload (Foundation's JSONEncoder is Sendable: its options are locked).
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Appends an entry in the caller's transaction; returns its sequence number. Concurrent
    /// appends to one chain take turns on its head row (PostgreSQL) or the writer lock (SQLite);
    /// the primary key refuses a fork either way.
    @discardableResult
    static func append(_ chain: String, kind: String, actor: String?, payload: String, engine: DatabaseEngine,
                       on db: any SQLDatabase) async throws -> Int {
        let lock = engine == .postgresql ? " FOR UPDATE" : ""
        let head = try await db.raw("SELECT seq, hash FROM \(unsafeRaw: RatingSchema.chainHeads) WHERE chain = \(bind: chain)\(unsafeRaw: lock)").first()
        let previousSeq = try head?.decode(column: "seq", as: Int.self) ?? 0
        let previousHash = try head?.decode(column: "hash", as: String.self) ?? genesis
        let seq = previousSeq + 1
        let at = RatingClock.now()
        let hash = Self.hash(prev: previousHash, chain: chain, seq: seq, kind: kind, actor: actor, at: at, payload: payload)
        try await db.insert(into: RatingSchema.chain)
            .columns("chain", "seq", "kind", "actor", "at", "payload", "prev_hash", "hash")
            .values(SQLBind(chain), SQLBind(seq), SQLBind(kind), SQLBind(actor), SQLBind(at), SQLBind(payload), SQLBind(previousHash), SQLBind(hash))
            .run()
        if head == nil {
            try await db.insert(into: RatingSchema.chainHeads).columns("chain", "seq", "hash").values(SQLBind(chain), SQLBind(seq), SQLBind(hash)).run()
        } else {
            try await db.update(RatingSchema.chainHeads).set("seq", to: SQLBind(seq)).set("hash", to: SQLBind(hash))
                .where("chain", .equal, chain).run()
        }
        return seq
    }

    static func entries(_ chain: String, on db: any SQLDatabase) async throws -> [Entry] {
        try await db.select().columns("chain", "seq", "kind", "actor", "at", "payload", "prev_hash", "hash").from(RatingSchema.chain)
            .where("chain", .equal, chain).orderBy("seq").all().map(entry)
    }

    static func entry(_ row: any SQLRow) throws -> Entry {
        Entry(chain: try row.decode(column: "chain", as: String.self), seq: try row.decode(column: "seq", as: Int.self),
              kind: try row.decode(column: "kind", as: String.self), actor: try row.decode(column: "actor", as: String?.self),
              at: try row.decode(column: "at", as: String.self), payload: try row.decode(column: "payload", as: String.self),
              prevHash: try row.decode(column: "prev_hash", as: String.self), hash: try row.decode(column: "hash", as: String.self))
    }
}

/// What `ocop rating verify` found.
struct ChainReport: Sendable, Encodable {
    var chains = 0
    var entries = 0
    var rowsChecked = 0
    var problems: [String] = []
}

extension HashChain {
    /// `verify` on one snapshot of the database, so that entries, heads and rows appended while
    /// it reads (the platform keeps working) are never taken for removed or added ones: a
    /// read-only repeatable-read transaction on PostgreSQL, a transaction on SQLite.
    static func verify(store: any SQLStore) async throws -> ChainReport {
        try await store.transaction { db in
            if store.engine == .postgresql { try await db.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run() }
            return try await verify(on: db)
        }
    }

    /// Recomputes every chain, page by page, and checks each recorded row against its entry.
    /// `db` must read one snapshot (see `verify(store:)`): on a pooled database written to
    /// meanwhile, an entry appended between two reads looks like tampering.
    static func verify(on db: any SQLDatabase) async throws -> ChainReport {
        var report = ChainReport()
        var payloads: [String: [Int: (kind: String, payload: String)]] = [:]
        var lastState: [String: String] = [:]
        var inspections: [Int64: (chain: String, seq: Int, payload: String)] = [:]
        var heads: [String: (seq: Int, hash: String)] = [:]
        for row in try await db.select().columns("chain", "seq", "hash").from(RatingSchema.chainHeads).all() {
            heads[try row.decode(column: "chain", as: String.self)] = (try row.decode(column: "seq", as: Int.self), try row.decode(column: "hash", as: String.self))
        }
        var current: (chain: String, seq: Int, hash: String)?
        func finish(_ done: (chain: String, seq: Int, hash: String)) {
            report.chains += 1
            if let head = heads.removeValue(forKey: done.chain) {
                if head.seq != done.seq || head.hash != done.hash {
                    report.problems.append("\(done.chain): the chain ends at entry \(done.seq) but its head records entry \(head.seq): entries were removed or added")
                }
            } else {
                report.problems.append("\(done.chain): no head row")
            }
        }
        var after: (String, Int)?
        while true {
            var query = db.select().columns("chain", "seq", "kind", "actor", "at", "payload", "prev_hash", "hash").from(RatingSchema.chain)
            if let (chain, seq) = after {
                query = query.where { w in
                    w.where("chain", .greaterThan, chain).orWhere { o in o.where("chain", .equal, chain).where("seq", .greaterThan, seq) }
                }
            }
            let rows = try await query.orderBy("chain").orderBy("seq").limit(5000).all()
            if rows.isEmpty { break }
            for row in rows {
                let e = try entry(row)
                report.entries += 1
                after = (e.chain, e.seq)
                if let open = current, open.chain != e.chain { finish(open); current = nil }
                let expectedSeq = (current?.seq ?? 0) + 1
                let expectedPrev = current?.hash ?? genesis
                if e.seq != expectedSeq {
                    report.problems.append("\(e.chain): entry \(e.seq) follows entry \(expectedSeq - 1): entries are missing")
                } else if e.prevHash != expectedPrev {
                    report.problems.append("\(e.chain) entry \(e.seq): does not link to entry \(e.seq - 1) (an earlier entry was changed)")
                }
                if hash(prev: e.prevHash, chain: e.chain, seq: e.seq, kind: e.kind, actor: e.actor, at: e.at, payload: e.payload) != e.hash {
                    report.problems.append("\(e.chain) entry \(e.seq) (\(e.kind)): its content does not match its hash (edited)")
                }
                current = (e.chain, e.seq, e.hash)
                if e.kind == "inspection", e.chain.hasPrefix("subject:"),
                   let id = (try? JSONDecoder().decode(InspectionView.self, from: Data(e.payload.utf8)))?.id {
                    inspections[id] = (e.chain, e.seq, e.payload)
                }
                if e.chain.hasPrefix("dossier:") {
                    payloads[e.chain, default: [:]][e.seq] = (e.kind, e.payload)
                    if e.kind == "transition", let to = (try? JSONDecoder().decode(TransitionEntry.self, from: Data(e.payload.utf8)))?.to {
                        lastState[e.chain] = to
                    }
                }
            }
        }
        if let open = current { finish(open) }
        for chain in heads.keys.sorted() { report.problems.append("\(chain): a head without entries (the chain was deleted)") }

        // Rows against their entries.
        var matched: [String: Set<Int>] = [:]
        func check(_ chain: String, _ seq: Int?, kind: String, payload: String, what: String) {
            report.rowsChecked += 1
            guard let seq else { report.problems.append("\(chain): \(what) has no chain entry"); return }
            guard let entry = payloads[chain]?[seq], entry.kind == kind else {
                report.problems.append("\(chain): \(what) points at entry \(seq), which is not a \(kind) entry")
                return
            }
            matched[chain, default: []].insert(seq)
            if entry.payload != payload { report.problems.append("\(chain): \(what) differs from chain entry \(seq) (edited)") }
        }
        for row in try await db.select().columns("dossier_id", "round_id", "username", "points", "total", "chain_seq").from(RatingSchema.sheets)
            .where(SQLColumn("submitted_at"), .isNot, SQLLiteral.null).orderBy("dossier_id").all() {
            let sheet = SheetEntry(roundID: try row.decode(column: "round_id", as: Int64.self), username: try row.decode(column: "username", as: String.self),
                                   points: (try? JSONDecoder().decode([String: Int].self, from: Data(try row.decode(column: "points", as: String.self).utf8))) ?? [:],
                                   total: try row.decode(column: "total", as: Int?.self) ?? -1)
            let dossier = try row.decode(column: "dossier_id", as: Int64.self)
            check("dossier:\(dossier)", try row.decode(column: "chain_seq", as: Int?.self), kind: "sheet", payload: canonical(sheet),
                  what: "the sheet of \(sheet.username) in round \(sheet.roundID)")
        }
        for row in try await db.select().columns("*").from(RatingSchema.results).orderBy("dossier_id").all() {
            let result = try ResultEntry(row: row)
            let dossier = try row.decode(column: "dossier_id", as: Int64.self)
            check("dossier:\(dossier)", try row.decode(column: "chain_seq", as: Int.self), kind: "result", payload: canonical(result),
                  what: "the result of round \(result.roundID)")
        }
        for row in try await db.select().columns("*").from(RatingSchema.decisionItems).orderBy("dossier_id").all() {
            let item = try DecisionEntry(row: row)
            check("dossier:\(item.dossierID)", try row.decode(column: "chain_seq", as: Int.self), kind: "decision", payload: canonical(item),
                  what: "its entry in decision \(item.decisionID)")
        }
        var dossierChains = Set<String>()
        for row in try await db.select().columns("id", "state").from(RatingSchema.dossiers).orderBy("id").all() {
            let id = try row.decode(column: "id", as: Int64.self), state = try row.decode(column: "state", as: String.self)
            report.rowsChecked += 1
            dossierChains.insert("dossier:\(id)")
            let recorded = lastState["dossier:\(id)"] ?? DossierState.draft.rawValue
            if recorded != state {
                report.problems.append("dossier:\(id): its state is \(state) but its last recorded transition is to \(recorded) (edited)")
            }
        }
        // Entries against their rows: a sheet, result or decision entry whose row is gone, a chain whose dossier is gone.
        let tables = ["sheet": RatingSchema.sheets, "result": RatingSchema.results, "decision": RatingSchema.decisionItems]
        for chain in payloads.keys.sorted(by: { $0.utf8.count != $1.utf8.count ? $0.utf8.count < $1.utf8.count : $0 < $1 }) {
            if !dossierChains.contains(chain) { report.problems.append("\(chain): the chain has no dossier row (deleted)") }
            for (seq, entry) in (payloads[chain] ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let table = tables[entry.kind], matched[chain]?.contains(seq) != true else { continue }
                report.problems.append("\(chain): its \(entry.kind) entry \(seq) has no row in \(table) (deleted)")
            }
        }
        // Inspections (chained per subject, found by their id).
        for row in try await db.select().columns("*").from(RatingSchema.inspections).orderBy("id").all() {
            report.rowsChecked += 1
            let id = try row.decode(column: "id", as: Int64.self), subject = try row.decode(column: "subject_id", as: Int64.self)
            guard let entry = inspections.removeValue(forKey: id) else {
                report.problems.append("subject:\(subject): inspection \(id) has no chain entry")
                continue
            }
            let findings = try? JSONDecoder().decode([Finding].self, from: Data(try row.decode(column: "findings", as: String.self).utf8))
            let recorded = InspectionEntry(id: id, provinceCode: try row.decode(column: "province_code", as: String.self), subjectID: subject,
                                           productID: try row.decode(column: "product_id", as: Int64?.self),
                                           inspectedOn: try row.decode(column: "inspected_on", as: String.self), findings: findings ?? [],
                                           conclusion: try row.decode(column: "conclusion", as: String.self),
                                           recordedBy: try row.decode(column: "recorded_by", as: String?.self))
            if findings == nil || canonical(recorded) != entry.payload {
                report.problems.append("\(entry.chain): inspection \(id) differs from chain entry \(entry.seq) (edited)")
            }
        }
        for (id, entry) in inspections.sorted(by: { $0.key < $1.key }) {
            report.problems.append("\(entry.chain): its inspection entry \(entry.seq) (inspection \(id)) has no row in \(RatingSchema.inspections) (deleted)")
        }
        return report
    }
}

/// An inspection row as its chain entry records it (`InspectionView`), the conclusion as stored.
struct InspectionEntry: Encodable {
    var id: Int64
    var provinceCode: String
    var subjectID: Int64
    var productID: Int64?
    var inspectedOn: String
    var findings: [Finding]
    var conclusion: String
    var recordedBy: String?

    enum CodingKeys: String, CodingKey {
        case id, findings, conclusion
        case provinceCode = "province_code", subjectID = "subject_id", productID = "product_id", inspectedOn = "inspected_on"
        case recordedBy = "recorded_by"
    }
}

/// The payloads of chain entries: what each recorded row must agree with.
struct TransitionEntry: Codable, Sendable {
    var from: String?
    var to: String
    var stage: String
    var reason: String?
    var roundID: Int64?

    enum CodingKeys: String, CodingKey {
        case from, to, stage, reason
        case roundID = "round_id"
    }
}

struct SheetEntry: Codable, Sendable {
    var roundID: Int64
    var username: String
    var points: [String: Int]
    var total: Int

    enum CodingKeys: String, CodingKey {
        case roundID = "round_id", username, points, total
    }
}

struct ResultEntry: Codable, Sendable {
    var roundID: Int64
    var stage: String
    var members: Int
    var totalSum: Int
    var stars: Int
    var outcome: String
    var forwarded: Bool
    var decisionDue: Bool

    enum CodingKeys: String, CodingKey {
        case roundID = "round_id", stage, members, stars, outcome, forwarded
        case totalSum = "total_sum", decisionDue = "decision_due"
    }

    init(roundID: Int64, stage: String, members: Int, totalSum: Int, stars: Int, outcome: String, forwarded: Bool, decisionDue: Bool) {
        self.roundID = roundID
        self.stage = stage
        self.members = members
        self.totalSum = totalSum
        self.stars = stars
        self.outcome = outcome
        self.forwarded = forwarded
        self.decisionDue = decisionDue
    }

    init(row: any SQLRow) throws {
        self.init(roundID: try row.decode(column: "round_id", as: Int64.self), stage: try row.decode(column: "stage", as: String.self),
                  members: try row.decode(column: "members", as: Int.self), totalSum: try row.decode(column: "total_sum", as: Int.self),
                  stars: try row.decode(column: "stars", as: Int.self), outcome: try row.decode(column: "outcome", as: String.self),
                  forwarded: try row.decode(column: "forwarded", as: Int.self) != 0,
                  decisionDue: try row.decode(column: "decision_due", as: Int.self) != 0)
    }
}

struct DecisionEntry: Codable, Sendable {
    var decisionID: Int64
    var dossierID: Int64
    var productID: Int64
    var stars: Int
    var kind: String
    var certificateNumber: String
    var validUntil: String
    var certificationID: Int64

    enum CodingKeys: String, CodingKey {
        case decisionID = "decision_id", dossierID = "dossier_id", productID = "product_id", stars, kind
        case certificateNumber = "certificate_number", validUntil = "valid_until", certificationID = "certification_id"
    }

    init(decisionID: Int64, dossierID: Int64, productID: Int64, stars: Int, kind: String, certificateNumber: String, validUntil: String,
         certificationID: Int64) {
        self.decisionID = decisionID
        self.dossierID = dossierID
        self.productID = productID
        self.stars = stars
        self.kind = kind
        self.certificateNumber = certificateNumber
        self.validUntil = validUntil
        self.certificationID = certificationID
    }

    init(row: any SQLRow) throws {
        self.init(decisionID: try row.decode(column: "decision_id", as: Int64.self), dossierID: try row.decode(column: "dossier_id", as: Int64.self),
                  productID: try row.decode(column: "product_id", as: Int64.self), stars: try row.decode(column: "stars", as: Int.self),
                  kind: try row.decode(column: "kind", as: String.self), certificateNumber: try row.decode(column: "certificate_number", as: String.self),
                  validUntil: try row.decode(column: "valid_until", as: String.self),
                  certificationID: try row.decode(column: "certification_id", as: Int64.self))
    }
}

enum RatingClock {
    static func now() -> String { Date().formatted(.iso8601) }
    static func today() -> String { ProgrammeCalendar.today() }
}

extension HashChain {
    struct Append: Sendable {
        var chain: String
        var kind: String
        var actor: String?
        var payload: String
    }

    /// Appends many entries at once (several may share a chain; they follow in order): one read
    /// of the heads, one bulk insert, one upsert of the heads. Returns each entry's sequence number.
    static func appendMany(_ items: [Append], store: any SQLStore, on db: any SQLDatabase) async throws -> [Int] {
        guard !items.isEmpty else { return [] }
        var heads: [String: (seq: Int, hash: String, known: Bool)] = [:]
        let chains = Array(Set(items.map(\.chain)))
        let lock = store.engine == .postgresql ? " FOR UPDATE" : ""
        for start in stride(from: 0, to: chains.count, by: 1000) {
            let slice = Array(chains[start..<min(chains.count, start + 1000)])
            let rows = try await db.raw("SELECT chain, seq, hash FROM \(unsafeRaw: RatingSchema.chainHeads) WHERE chain IN \(SQLBind.group(slice))\(unsafeRaw: lock)").all()
            for row in rows {
                heads[try row.decode(column: "chain", as: String.self)] = (try row.decode(column: "seq", as: Int.self), try row.decode(column: "hash", as: String.self), true)
            }
        }
        let at = RatingClock.now()
        var seqs: [Int] = []
        var rows: [[BulkValue]] = []
        seqs.reserveCapacity(items.count)
        rows.reserveCapacity(items.count)
        for item in items {
            let head = heads[item.chain] ?? (0, genesis, false)
            let seq = head.seq + 1
            let hash = Self.hash(prev: head.hash, chain: item.chain, seq: seq, kind: item.kind, actor: item.actor, at: at, payload: item.payload)
            rows.append([.text(item.chain), .integer(Int64(seq)), .text(item.kind), BulkValue(item.actor), .text(at), .text(item.payload),
                         .text(head.hash), .text(hash)])
            heads[item.chain] = (seq, hash, head.known)
            seqs.append(seq)
        }
        try await store.bulkInsert(into: RatingSchema.chain, columns: ["chain", "seq", "kind", "actor", "at", "payload", "prev_hash", "hash"],
                                   rows: rows, on: db)
        // One upsert per thousand heads (SQLite 3.24+ and PostgreSQL both take ON CONFLICT … DO UPDATE).
        let all = Array(heads)
        for start in stride(from: 0, to: all.count, by: 1000) {
            var insert = db.insert(into: RatingSchema.chainHeads).columns("chain", "seq", "hash")
            for (chain, head) in all[start..<min(all.count, start + 1000)] {
                insert = insert.values(SQLBind(chain), SQLBind(head.seq), SQLBind(head.hash))
            }
            try await insert.onConflict(with: ["chain"]) { $0.set(excludedValueOf: "seq").set(excludedValueOf: "hash") }.run()
        }
        return seqs
    }
}

/// Sheets' points as stored: canonical JSON (`{"A1":3,"A2":5}`), written by `HashChain.canonical`.
/// Read by a small scanner, because closing a national round reads a hundred thousand of them;
/// anything else falls back to JSONDecoder.
enum PointsText {
    static func decode(_ text: String) -> [String: Int]? {
        var result: [String: Int] = [:]
        var utf8 = Array(text.utf8)[...]
        guard utf8.first == UInt8(ascii: "{"), utf8.last == UInt8(ascii: "}") else { return fallback(text) }
        utf8 = utf8.dropFirst().dropLast()
        if utf8.isEmpty { return [:] }
        while !utf8.isEmpty {
            guard utf8.first == UInt8(ascii: "\"") else { return fallback(text) }
            utf8 = utf8.dropFirst()
            guard let close = utf8.firstIndex(of: UInt8(ascii: "\"")) else { return fallback(text) }
            let key = utf8[utf8.startIndex..<close]
            if key.contains(UInt8(ascii: "\\")) { return fallback(text) }
            utf8 = utf8[(close + 1)...]
            guard utf8.first == UInt8(ascii: ":") else { return fallback(text) }
            utf8 = utf8.dropFirst()
            var negative = false
            if utf8.first == UInt8(ascii: "-") { negative = true; utf8 = utf8.dropFirst() }
            var value = 0, digits = 0
            while let c = utf8.first, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                value = value &* 10 &+ Int(c - UInt8(ascii: "0"))
                digits += 1
                utf8 = utf8.dropFirst()
            }
            guard digits > 0, digits < 10 else { return fallback(text) }
            result[String(decoding: key, as: UTF8.self)] = negative ? -value : value
            if utf8.first == UInt8(ascii: ",") { utf8 = utf8.dropFirst() } else if !utf8.isEmpty { return fallback(text) }
        }
        return result
    }

    private static func fallback(_ text: String) -> [String: Int]? {
        try? JSONDecoder().decode([String: Int].self, from: Data(text.utf8))
    }
}
