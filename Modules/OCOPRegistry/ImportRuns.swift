import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// One import of a file: who ran it, when, the file's SHA-256 and what it did. Every record it
/// created and every decision it recorded carries its ID, so it can be listed and undone while
/// nothing depends on it yet.
struct ImportRun: Codable, Sendable, Equatable {
    var id: Int64
    var kind: String
    var provinceCode: String
    var fileName: String?
    var fileSHA256: String
    var actor: String
    var startedAt: String
    var rows: Int
    var created: Int
    var updated: Int
    var unchanged: Int
    var certifications: Int
    var queued: Int
    var rejected: Int
    /// `done` or `undone`.
    var state: String
    var undoneAt: String?
    var undoneBy: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, actor, rows, created, updated, unchanged, certifications, queued, rejected, state
        case provinceCode = "province_code"
        case fileName = "file_name"
        case fileSHA256 = "file_sha256"
        case startedAt = "started_at"
        case undoneAt = "undone_at"
        case undoneBy = "undone_by"
    }
}

struct ImportRunStore: Sendable {
    static let table = "registry_import_runs"

    /// Import runs, and the provenance of certification decisions (ocop-rules.md §1, §4, §5):
    /// decision and certificate numbers apart, issuing level, legal act, what the decision did and
    /// on what ground, how precise its date is, who recorded it and in which run. Decisions stored
    /// before take the act of their date and the level that act gave their stars.
    static let migration = Migration("0008_certification_provenance") { db, _ in
        try await db.create(table: table)
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("kind", type: .text, .notNull)
            .column("province_code", type: .text, .notNull)
            .column("file_name", type: .text)
            .column("file_sha256", type: .text, .notNull)
            .column("actor", type: .text, .notNull)
            .column("started_at", type: .text, .notNull)
            .column("rows", type: .int, .notNull)
            .column("created", type: .int, .notNull)
            .column("updated", type: .int, .notNull)
            .column("unchanged", type: .int, .notNull)
            .column("certifications", type: .int, .notNull)
            .column("queued", type: .int, .notNull)
            .column("rejected", type: .int, .notNull)
            .column("state", type: .text, .notNull)
            .column("undone_at", type: .text)
            .column("undone_by", type: .text)
            .run()
        try await db.create(index: "registry_import_runs_province").on(table).column("province_code").column("id").run()
        let added: [(String, String)] = [
            (RegistrySchema.certifications, "decision_number TEXT"), (RegistrySchema.certifications, "issuing_level TEXT"),
            (RegistrySchema.certifications, "legal_act TEXT"), (RegistrySchema.certifications, "decision TEXT NOT NULL DEFAULT 'recognised'"),
            (RegistrySchema.certifications, "ground TEXT"), (RegistrySchema.certifications, "date_precision TEXT NOT NULL DEFAULT 'day'"),
            (RegistrySchema.certifications, "recorded_by TEXT"), (RegistrySchema.certifications, "import_run BIGINT"),
            (RegistrySchema.subjects, "import_run BIGINT"), (RegistrySchema.products, "import_run BIGINT"),
            // What a review item's candidates are for (a commune until now; a product set too).
            (ReviewQueueStore.table, "field TEXT NOT NULL DEFAULT 'commune_code'"),
        ]
        for (table, column) in added { try await db.raw(SQLQueryString("ALTER TABLE \(unsafeRaw: table) ADD COLUMN \(unsafeRaw: column)")).run() }
        let acts = LegalAct.allCases.sorted().reversed()
            .map { "WHEN decided_on >= '\($0.inForceFrom)' THEN '\($0.rawValue)'" }.joined(separator: " ")
        try await db.raw(SQLQueryString("UPDATE \(unsafeRaw: RegistrySchema.certifications) SET legal_act = CASE \(unsafeRaw: acts) ELSE '490' END")).run()
        try await db.raw(SQLQueryString("""
            UPDATE \(unsafeRaw: RegistrySchema.certifications) SET issuing_level = CASE WHEN stars >= 5 THEN 'central' \
            WHEN legal_act = '148' AND stars = 3 THEN 'district' ELSE 'province' END
            """)).run()
        for table in [RegistrySchema.certifications, RegistrySchema.subjects, RegistrySchema.products] {
            try await db.create(index: "\(table)_import_run").on(table).column("import_run").run()
        }
    }

    func start(kind: String, province: String, fileName: String?, sha256: String, actor: String, at now: String,
               on db: any SQLDatabase) async throws -> Int64 {
        guard let row = try await db.insert(into: Self.table)
            .columns("kind", "province_code", "file_name", "file_sha256", "actor", "started_at", "rows", "created", "updated",
                     "unchanged", "certifications", "queued", "rejected", "state")
            .values(SQLBind(kind), SQLBind(province), SQLBind(fileName), SQLBind(sha256), SQLBind(actor), SQLBind(now),
                    SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind(0), SQLBind("done"))
            .returning("id").first() else { throw DomainError.notFound("The import run was not stored.") }
        return try row.decode(column: "id", as: Int64.self)
    }

    func finish(_ id: Int64, report: ImportReport, on db: any SQLDatabase) async throws {
        try await db.update(Self.table)
            .set("rows", to: SQLBind(report.rows)).set("created", to: SQLBind(report.created)).set("updated", to: SQLBind(report.updated))
            .set("unchanged", to: SQLBind(report.unchanged)).set("certifications", to: SQLBind(report.certifications))
            .set("queued", to: SQLBind(report.queued.count)).set("rejected", to: SQLBind(report.invalid.count))
            .where("id", .equal, id).run()
    }

    func list(province: String?, limit: Int, offset: Int, on db: any SQLDatabase) async throws -> Page<ImportRun> {
        func filtered(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
            province.map { builder.where("province_code", .equal, $0) } ?? builder
        }
        let total = try await filtered(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(Self.table))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await filtered(db.select().columns("*").from(Self.table)).orderBy("id", .descending)
            .limit(limit).offset(offset).all()
        return Page(items: try rows.map { try $0.decode(model: ImportRun.self, keyDecodingStrategy: .useDefaultKeys) },
                    total: total, limit: limit, offset: offset)
    }

    func find(_ id: Int64, on db: any SQLDatabase) async throws -> ImportRun? {
        try await db.select().columns("*").from(Self.table).where("id", .equal, id).first()?
            .decode(model: ImportRun.self, keyDecodingStrategy: .useDefaultKeys)
    }

    /// What stands in the way of undoing `run`, one sentence each; empty when it can be undone.
    func blockers(of run: ImportRun, on db: any SQLDatabase) async throws -> [String] {
        var found: [String] = []
        if run.state != "done" { found.append("import run \(run.id) was already undone on \(run.undoneAt ?? "?") by \(run.undoneBy ?? "?")") }
        if run.updated > 0 {
            found.append("it changed \(run.updated) existing record(s); their earlier versions are in their history, restore them there")
        }
        let (subjects, products) = (RegistrySchema.subjects, RegistrySchema.products)
        let created = run.kind == "subjects" ? subjects : products
        let edited = try await count("SELECT COUNT(*) AS n FROM \(unsafeRaw: created) WHERE import_run = \(bind: run.id) AND version > 1", on: db)
        if edited > 0 { found.append("\(edited) of the \(run.kind) it created were edited since") }
        if run.kind == "subjects" {
            let owned = try await count("""
                SELECT COUNT(*) AS n FROM \(unsafeRaw: products) p JOIN \(unsafeRaw: subjects) s ON s.id = p.subject_id
                WHERE s.import_run = \(bind: run.id)
                """, on: db)
            if owned > 0 { found.append("\(owned) product(s) now belong to subjects it created") }
        } else {
            let decided = try await count("""
                SELECT COUNT(*) AS n FROM \(unsafeRaw: RegistrySchema.certifications) c JOIN \(unsafeRaw: products) p ON p.id = c.product_id
                WHERE p.import_run = \(bind: run.id) AND (c.import_run IS NULL OR c.import_run <> \(bind: run.id))
                """, on: db)
            if decided > 0 { found.append("\(decided) decision(s) were recorded since for products it created") }
            let photos = try await count("""
                SELECT COUNT(*) AS n FROM \(unsafeRaw: RegistrySchema.photos) f JOIN \(unsafeRaw: products) p ON p.id = f.product_id
                WHERE p.import_run = \(bind: run.id)
                """, on: db)
            if photos > 0 { found.append("\(photos) photo(s) were added to products it created") }
        }
        return found
    }

    private func count(_ query: SQLQueryString, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Removes what `run` created and the decisions it recorded, recomputes the stars of the
    /// products those decisions touched, and marks it undone. The caller holds a transaction and
    /// has checked ``blockers(of:on:)``.
    func undo(_ run: ImportRun, by actor: String, at now: String, outbox: Outbox, on db: any SQLDatabase) async throws -> (records: Int, decisions: Int) {
        let reason = "import run \(run.id) undone"
        let touched = try await db.select().column("product_id").from(RegistrySchema.certifications)
            .where("import_run", .equal, run.id).all().map { try $0.decode(column: "product_id", as: Int64.self) }
        let decisions = touched.count
        let decisionIDs = SQLSubquery.select { $0.column("id").from(RegistrySchema.certifications).where("import_run", .equal, run.id) }
        try await db.delete(from: RegistrySchema.certificateNotices).where(SQLIdentifier("certification_id"), .in, decisionIDs).run()
        try await db.delete(from: RegistrySchema.certifications).where("import_run", .equal, run.id).run()
        var records = 0
        if run.kind == "products" {
            let removedProducts = try await db.select().columns("id", "subject_id").from(RegistrySchema.products)
                .where("import_run", .equal, run.id).all()
                .map { ProductRemoved(productID: try $0.decode(column: "id", as: Int64.self), subjectID: try $0.decode(column: "subject_id", as: Int64.self),
                                      provinceCode: run.provinceCode, reason: reason) }
            let ids = removedProducts.map(\.productID)
            records = ids.count
            try await outbox.publish(removedProducts, on: db)
            try await db.delete(from: RegistrySchema.productHistory).where(SQLIdentifier("product_id"), .in, SQLSubquery.select {
                $0.column("id").from(RegistrySchema.products).where("import_run", .equal, run.id)
            }).run()
            try await db.delete(from: RegistrySchema.products).where("import_run", .equal, run.id).run()
            let removed = Set(ids)
            var withdrawn: [CertificationsWithdrawn] = []
            for product in Set(touched).sorted() where !removed.contains(product) {
                try await CertificationLedger().refresh(product: product, on: db)
                let stars = try await db.select().column("current_stars").from(RegistrySchema.products).where("id", .equal, product).first()?
                    .decode(column: "current_stars", as: Int?.self) ?? nil
                withdrawn.append(CertificationsWithdrawn(productID: product, currentStars: stars, reason: reason))
            }
            try await outbox.publish(withdrawn, on: db)
        } else {
            let removedSubjects = try await db.select().column("id").from(RegistrySchema.subjects).where("import_run", .equal, run.id).all()
                .map { SubjectRemoved(subjectID: try $0.decode(column: "id", as: Int64.self), provinceCode: run.provinceCode, reason: reason) }
            records = removedSubjects.count
            try await outbox.publish(removedSubjects, on: db)
            try await db.delete(from: RegistrySchema.subjectHistory).where(SQLIdentifier("subject_id"), .in, SQLSubquery.select {
                $0.column("id").from(RegistrySchema.subjects).where("import_run", .equal, run.id)
            }).run()
            try await db.delete(from: RegistrySchema.subjects).where("import_run", .equal, run.id).run()
        }
        try await db.update(Self.table).set("state", to: SQLBind("undone")).set("undone_at", to: SQLBind(now))
            .set("undone_by", to: SQLBind(actor)).where("id", .equal, run.id).run()
        return (records, decisions)
    }
}

/// Undoes an import run for the API and the command line: checks what depends on it, removes
/// it in one transaction and audits it.
struct ImportUndo: Sendable {
    let context: PluginContext
    let environment: RegistryEnvironment

    struct Undone: Codable, Sendable {
        var run: ImportRun
        var recordsRemoved: Int
        var decisionsRemoved: Int
        enum CodingKeys: String, CodingKey {
            case run
            case recordsRemoved = "records_removed"
            case decisionsRemoved = "decisions_removed"
        }
    }

    /// - Parameter province: when set, the run must belong to it (officers).
    func undo(_ id: Int64, by actor: Principal?, restrictedTo province: String?) async throws -> Undone {
        let audit = try environment.audit()
        let store = ImportRunStore()
        return try await context.database.transaction { db in
            guard let run = try await store.find(id, on: db), province == nil || run.provinceCode == province else {
                throw DomainError.notFound("No import run \(id).")
            }
            let blockers = try await store.blockers(of: run, on: db)
            guard blockers.isEmpty else {
                throw DomainError.conflict("Import run \(id) cannot be undone: " + blockers.joined(separator: "; ") + ".")
            }
            let now = Clock.now()
            let removed = try await store.undo(run, by: actor?.username ?? "operator", at: now, outbox: context.outbox, on: db)
            try await audit.record(AuditEntry(
                actor: actor, action: "import.undo", entity: "import_run", entityID: String(id), provinceCode: run.provinceCode,
                summary: "undid import run \(id) (\(run.kind), \(run.fileName ?? "no name")): \(removed.records) records and \(removed.decisions) decisions removed"),
                on: db)
            guard let after = try await store.find(id, on: db) else { throw DomainError.notFound("No import run \(id).") }
            return Undone(run: after, recordsRemoved: removed.records, decisionsRemoved: removed.decisions)
        }
    }
}
