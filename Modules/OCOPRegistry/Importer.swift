import Foundation
import OCOPCSV
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Imports a province's spreadsheets of subjects and products.
///
/// The file is streamed through one transaction, a batch of rows at a time; it is committed
/// only when every row was valid (or `skipInvalid`) and it is not a dry run, so nothing is
/// half-written. Re-running a file changes nothing: subjects are matched by (province,
/// registration number), products by (subject, folded name), decisions by (product, date,
/// stars, kind), and only rows whose values differ are updated, with their previous version
/// archived. Each committed import is an `ImportRun` that can be listed and undone.
struct Importer: Sendable {
    let context: PluginContext
    let environment: RegistryEnvironment
    let actor: Principal?
    var database: any SQLStore { context.database }

    init(context: PluginContext, environment: RegistryEnvironment, actor: Principal?) {
        self.context = context
        self.environment = environment
        self.actor = actor
    }

    /// A fatal problem with the file as a whole (unreadable, not CSV, wrong header).
    public struct FileError: Error, CustomStringConvertible, Sendable {
        public var issue: ImportReport.RowIssue
        public var description: String { issue.description }
    }

    // MARK: subjects

    func importSubjects(_ input: ImportInput, options: ImportOptions, progress: ImportProgress? = nil) async throws -> ImportReport {
        let units = try AdminUnits.shared
        let columns = try Self.columns(.subjects, options: options, aliases: environment.aliases.values)
        let audit = try environment.audit()
        let actor = self.actor, database = self.database, outbox = context.outbox
        let sha256 = try input.sha256()
        return try await Self.run(options, on: database) { db in
            var report = ImportReport(kind: "subjects", province: options.province, dryRun: options.dryRun)
            var table = try Self.open(input, columns: columns.columns, ignoring: columns.ignoring)
            let now = Clock.now()
            let run = try await ImportRunStore().start(kind: "subjects", province: options.province, fileName: input.name, sha256: sha256,
                                                       actor: actor?.username ?? "operator", at: now, on: db)
            report.importRun = run
            var batch = SubjectBatch(province: options.province, actor: actor, now: now, run: run)
            var seen: [String: Int] = [:]
            let year = Clock.currentYear
            while let row = try Self.nextRow(&table, report: &report) {
                report.rows += 1
                var issues: [FieldIssue] = []
                var warnings: [FieldIssue] = []
                let draft = Self.subjectDraft(row, issues: &issues)
                let result = SubjectValidator.validate(draft, province: options.province, units: units, currentYear: year, warnings: &warnings)
                if case .success = result, issues.isEmpty { report.warnings += warnings.map { row.issue($0.field, $0.message) } }
                switch result {
                case .success(let subject) where issues.isEmpty:
                    if let first = seen[subject.registrationNumber] {
                        report.invalid.append(row.issue("registration_number", "registration number \(subject.registrationNumber) is already on line \(first)"))
                    } else {
                        seen[subject.registrationNumber] = row.line
                        batch.pending.append((row.line, subject))
                    }
                case .success: report.invalid += issues.map { row.issue($0.field, $0.message) }
                case .failure(let failure):
                    try await Self.queueOrRefuse(issues + failure.issues, row: row, sheet: "subjects", options: options, report: &report, on: db) { place in
                        var waiting = draft
                        if let legacy = place.legacy { waiting.legacyCommuneCode = legacy }
                        return JSON.string(waiting)
                    }
                }
                if batch.pending.count == Self.batchSize {
                    try await batch.write(into: &report, store: database, outbox: outbox, on: db)
                    progress?("importing", report.rows, 0)
                }
            }
            try await batch.write(into: &report, store: database, outbox: outbox, on: db)
            try await Self.close(run, report: report, actor: actor, audit: audit, on: db)
            return report
        }
    }

    /// A row whose only problem is a choice an officer can make waits in the review queue (as
    /// `record` renders it); any other problem refuses it.
    static func queueOrRefuse(_ issues: [FieldIssue], row: CSVRow, sheet: String, options: ImportOptions, report: inout ImportReport,
                              on db: any SQLDatabase, record: (FieldIssue) -> String) async throws {
        guard let place = onlyUndecidedCommune(issues) else {
            report.invalid += issues.map { row.issue($0.field, $0.message) }
            return
        }
        try await ReviewQueueStore().insert(province: options.province, sheet: sheet, line: row.line, field: place.queueField,
                                            reason: place.message, candidates: place.candidates, record: record(place), on: db)
        report.queued.append(row.issue(place.field, place.message))
    }

    /// The run's counts and the audit entry, in the import's transaction.
    static func close(_ run: Int64, report: ImportReport, actor: Principal?, audit: any AuditLog, on db: any SQLDatabase) async throws {
        try await ImportRunStore().finish(run, report: report, on: db)
        let decisions = report.kind == "products" ? ", \(report.certifications) certifications" : ""
        let summary = "import run \(run), \(report.kind): \(report.created) created, \(report.updated) updated, \(report.unchanged) unchanged"
            + decisions + ", \(report.queued.count) queued, \(report.invalid.count) rejected"
        try await audit.record(AuditEntry(actor: actor, action: "import.\(report.kind)", entity: "province", entityID: report.province,
                                          provinceCode: report.province, summary: summary), on: db)
    }

    /// Rows validated and written per round trip: memory stays flat in the size of the file.
    static let batchSize = 1000

    /// Reads, checks and writes the whole file in one transaction, and rolls it back for a dry
    /// run or when invalid rows refuse the file: the report then tells exactly what would have
    /// happened, and nothing is half-written.
    static func run(_ options: ImportOptions, on database: any SQLStore,
                    _ body: @escaping @Sendable (any SQLDatabase) async throws -> ImportReport) async throws -> ImportReport {
        struct RolledBack: Error { var report: ImportReport }
        do {
            return try await database.transaction { db in
                // SQLite: a page cache that holds a batch's working set (the default 2 MB spilled
                // dirty pages to the WAL mid-transaction and read them back) and statement journals
                // in memory (each batch's INSERTs journal pages touched by earlier ones); both are
                // set back before the connection returns to the pool.
                let sqlite = db.dialect.name == "sqlite"
                if sqlite {
                    try await db.raw("PRAGMA cache_size = -32768").run()
                    try await db.raw("PRAGMA temp_store = MEMORY").run()
                } else if db.dialect.name == "postgresql" {
                    // Each batch's queries are small index reads that the planner, sizing tables
                    // from statistics of before the import, can price high enough to compile
                    // (200 ms of JIT for a 1 ms read); for this transaction only.
                    try await db.raw("SET LOCAL jit = off").run()
                }
                let outcome: Result<ImportReport, any Error>
                do { outcome = .success(try await body(db)) } catch { outcome = .failure(error) }
                if sqlite {
                    try? await db.raw("PRAGMA cache_size = -2000").run()
                    try? await db.raw("PRAGMA temp_store = DEFAULT").run()
                }
                var report = try outcome.get()
                if options.dryRun || (!report.invalid.isEmpty && !options.skipInvalid) {
                    report.importRun = nil
                    throw RolledBack(report: report)
                }
                report.written = true
                return report
            }
        } catch let rolledBack as RolledBack {
            return rolledBack.report
        }
    }

    /// Valid subject rows waiting to be written, a batch at a time.
    struct SubjectBatch {
        let province: String
        let actor: Principal?
        let now: String
        let run: Int64
        var pending: [(line: Int, subject: ValidSubject)] = []

        mutating func write(into report: inout ImportReport, store: any SQLStore, outbox: Outbox, on db: any SQLDatabase) async throws {
            guard !pending.isEmpty else { return }
            defer { pending.removeAll(keepingCapacity: true) }
            // A tax code another province holds is refused row by row, with where it is.
            let elsewhere = try await Importer.heldElsewhere(pending.map(\.subject.registrationNumber), outside: province, on: db)
            let existing = try await StoredRows.fingerprints(
                of: RegistrySchema.subjects, keyColumns: ["registration_number"], columns: Importer.subjectCompared, province: province,
                matching: StoredRows.among("registration_number", pending.map(\.subject.registrationNumber)), on: db)
            var inserts: [[BulkValue]] = []
            var created: [ValidSubject] = []
            var changed: [SubjectChanged] = []
            let subjects = SubjectStore()
            for (line, subject) in pending {
                if let holder = elsewhere[subject.registrationNumber] {
                    let refusal = SubjectStore.heldElsewhere(subject.registrationNumber, by: holder, registeringIn: province)
                    report.invalid.append(ImportReport.RowIssue(line: line, column: nil, field: "registration_number", message: refusal.message))
                } else if let stored = existing[subject.registrationNumber] {
                    guard stored.values != Importer.compared(subject) else { report.unchanged += 1; continue }
                    guard let record = try await subjects.find(stored.id, on: db) else { continue }
                    try await subjects.update(record, to: subject, by: actor?.username ?? "import", now: now, on: db)
                    changed.append(SubjectChanged(subjectID: stored.id, provinceCode: subject.provinceCode, communeCode: subject.communeCode,
                                                  name: subject.name, version: (record.version ?? 0) + 1))
                    report.updated += 1
                } else {
                    inserts.append(SubjectStore.values(subject, version: 1, created: now, updated: now))
                    created.append(subject)
                    report.created += 1
                }
            }
            try await store.bulkInsert(into: RegistrySchema.subjects, columns: SubjectStore.columns + ["import_run"],
                                       rows: inserts.map { $0 + [.integer(run)] }, on: db)
            let ids = created.isEmpty ? [:] : try await StoredRows.ids(
                of: RegistrySchema.subjects, keyColumns: ["registration_number"], province: province,
                matching: StoredRows.among("registration_number", created.map(\.registrationNumber)), on: db)
            let registered = created.compactMap { subject in
                ids[subject.registrationNumber].map {
                    SubjectRegistered(subjectID: $0, provinceCode: subject.provinceCode, communeCode: subject.communeCode,
                                      name: subject.name, legalForm: subject.legalForm.rawValue)
                }
            }
            try await outbox.publish(rows: Outbox.rows(registered) + Outbox.rows(changed), on: db)
        }
    }

    static let subjectCompared = [
        "commune_code", "legacy_commune_code", "legal_form", "name", "address", "representative", "representative_is_woman",
        "representative_is_ethnic_minority", "phone", "email", "website", "founded_year", "employees", "local_labour_percent",
        "value_chain", "sales_channels",
    ]

    static func compared(_ s: ValidSubject) -> [String?] {
        [s.communeCode, s.legacyCommuneCode, s.legalForm.rawValue, s.name, s.address, s.representative,
         s.representativeIsWoman.map { $0 ? "1" : "0" }, s.representativeIsEthnicMinority.map { $0 ? "1" : "0" },
         s.phone, s.email, s.website, s.foundedYear.map(String.init), s.employees.map(String.init),
         s.localLabourPercent.map(String.init), s.valueChain, s.salesChannels.map(\.rawValue).joined(separator: ",")]
    }

    static func subjectDraft(_ row: CSVRow, issues: inout [FieldIssue]) -> SubjectDraft {
        func int(_ column: String) -> Int? {
            guard let raw = row.value(column) else { return nil }
            guard let value = Int(raw.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: "")) else {
                issues.append(FieldIssue(field: column, message: "expected a whole number, found '\(raw)'"))
                return nil
            }
            return value
        }
        func flag(_ column: String) -> Bool? {
            guard let raw = row.value(column) else { return nil }
            guard let value = FieldParsers.flag(raw) else {
                issues.append(FieldIssue(field: column, message: "expected có/không (yes/no), found '\(raw)'"))
                return nil
            }
            return value
        }
        var percent = row.value("local_labour_percent")
        if percent?.hasSuffix("%") == true { percent = String(percent?.dropLast() ?? "").trimmingCharacters(in: .whitespaces) }
        var localLabour: Int?
        if let percent {
            if let value = Int(percent) { localLabour = value } else {
                issues.append(FieldIssue(field: "local_labour_percent", message: "expected a percentage from 0 to 100, found '\(percent)'"))
            }
        }
        return SubjectDraft(
            registrationNumber: row.value("registration_number"), name: row.value("name"), legalForm: row.value("legal_form"),
            communeCode: row.value("commune_code"), legacyCommuneCode: row.value("legacy_commune_code"), address: row.value("address"),
            representative: row.value("representative"), representativeIsWoman: flag("representative_is_woman"),
            representativeIsEthnicMinority: flag("representative_is_ethnic_minority"), phone: row.value("phone"),
            email: row.value("email"), website: row.value("website"), foundedYear: int("founded_year"), employees: int("employees"),
            localLabourPercent: localLabour, valueChain: row.value("value_chain"),
            salesChannels: row.value("sales_channels").map { $0.split(separator: ";").map(String.init) })
    }

    // MARK: products

    func importProducts(_ input: ImportInput, options: ImportOptions, progress: ImportProgress? = nil) async throws -> ImportReport {
        let units = try AdminUnits.shared
        let columns = try Self.columns(.products, options: options, aliases: environment.aliases.values)
        let audit = try environment.audit()
        let actor = self.actor, database = self.database, outbox = context.outbox
        let sha256 = try input.sha256()
        return try await Self.run(options, on: database) { db in
            var report = ImportReport(kind: "products", province: options.province, dryRun: options.dryRun)
            var table = try Self.open(input, columns: columns.columns, ignoring: columns.ignoring)
            guard table.header.contains("subject_registration_number") || table.header.contains("subject_name") else {
                throw FileError(issue: .init(line: table.header.line, column: nil, field: "subject_registration_number",
                                             message: "missing the owner's column: subject_registration_number (Mã số thuế chủ thể) or subject_name (Tên chủ thể)"))
            }
            let owners = try await Owners.load(province: options.province, byName: table.header.contains("subject_name"), on: db)
            let now = Clock.now()
            let run = try await ImportRunStore().start(kind: "products", province: options.province, fileName: input.name, sha256: sha256,
                                                       actor: actor?.username ?? "operator", at: now, on: db)
            report.importRun = run
            var batch = ProductBatch(province: options.province, actor: actor, now: now, today: Clock.today(), run: run)
            var seen = SeenProducts()
            // A pipeline on every core: the file is read here a chunk at a time, each chunk is
            // checked (owner, fields, decision, keys — pure work) in a task of its own while
            // earlier ones are sequenced and written here, in file order. At most `lookahead`
            // chunks are in flight, so memory stays flat in the file's size.
            let province = options.province
            var inFlight: [Task<[CheckedProduct], Never>] = []
            var fatal: (any Error)?
            var ended = false
            while true {
                while !ended, fatal == nil, inFlight.count < Self.lookahead {
                    var chunk: [ReadRow] = []
                    chunk.reserveCapacity(Self.batchSize)
                    do {
                        while chunk.count < Self.batchSize, let read = try Self.nextRead(&table) { chunk.append(read) }
                    } catch { fatal = error }
                    if chunk.count < Self.batchSize { ended = true }
                    if chunk.isEmpty { break }
                    inFlight.append(Task { Self.check(chunk, owners: owners, province: province, units: units, now: now) })
                }
                guard !inFlight.isEmpty else { break }
                let checked = await inFlight.removeFirst().value
                for item in checked {
                    report.rows += 1
                    switch item {
                    case .refused(let issues): report.invalid += issues
                    case .queue(let row, let issues, let draft, let certificate):
                        try await Self.queueOrRefuse(issues, row: row, sheet: "products", options: options, report: &report, on: db) { _ in
                            JSON.string(QueuedProduct(
                                draft: draft, stars: certificate?.stars, certificateNumber: certificate?.certificateNumber, certifiedOn: certificate?.date.day,
                                decision: certificate?.kind.rawValue, decisionNumber: certificate?.decisionNumber, issuingLevel: certificate?.level?.rawValue,
                                legalAct: certificate?.act?.rawValue, ground: certificate?.ground, datePrecision: certificate?.date.precision.rawValue))
                        }
                    case .valid(let row, let product, let key, let seenKey, let fingerprint, let certificate, let warnings, let values):
                        report.warnings += warnings
                        if var first = seen.first[seenKey] {
                            // The same product again: only to add another decision (new, re-evaluation, upgrade, revocation).
                            if first.fingerprint != fingerprint {
                                report.invalid.append(row.issue("name", "line \(first.line) describes the product '\(product.name)' differently; rows of one product may differ only in their decision columns"))
                            } else if let decision = certificate {
                                if let line = seen.line(of: decision.identity, in: first, key: seenKey) {
                                    report.invalid.append(row.issue("certified_on", "this decision is already on line \(line)"))
                                } else {
                                    seen.add(decision.identity, line: row.line, to: &first, key: seenKey)
                                    seen.first[seenKey] = first
                                    batch.pending.append(.init(product: product, key: key, certificate: decision, values: [], decisionOnly: true))
                                }
                            } else {
                                report.invalid.append(row.issue("name", "this subject already has a product named '\(product.name)' on line \(first.line)"))
                            }
                        } else {
                            var first = SeenProduct(line: Int32(clamping: row.line), fingerprint: fingerprint)
                            if let certificate { seen.add(certificate.identity, line: row.line, to: &first, key: seenKey) }
                            seen.first[seenKey] = first
                            batch.pending.append(.init(product: product, key: key, certificate: certificate, values: values))
                        }
                    }
                    if batch.pending.count == Self.batchSize {
                        try await batch.write(into: &report, store: database, outbox: outbox, on: db)
                        progress?("importing", report.rows, 0)
                    }
                }
                // Broken quoting or invalid UTF-8 stop the import after the rows before them.
                if inFlight.isEmpty, let fatal { throw fatal }
            }
            try await batch.write(into: &report, store: database, outbox: outbox, on: db)
            try await Self.close(run, report: report, actor: actor, audit: audit, on: db)
            return report
        }
    }

    /// A product already read from this file: its first line, its columns' fingerprint and its
    /// decisions (hashes of their identity, with their lines). Kept small — one per product of the
    /// file — so memory stays near flat in the file's size: the first decision inline, others
    /// (a product with several decisions) in a list.
    struct SeenProduct {
        /// The owner and a hash of the product's name key: two names of one subject share a
        /// 64-bit hash with odds of about 1 in 10^19, and no string is kept per row.
        struct Key: Hashable {
            var subject: Int64
            var name: Int
        }

        /// 24 bytes, no optionals or references: a million products fit in about 80 MB of buckets.
        var fingerprint: Int
        var decisionIdentity = 0
        var line: Int32
        /// The first decision's line; 0 while there is none (lines start at 1).
        var decisionLine: Int32 = 0

        init(line: Int32, fingerprint: Int) {
            self.line = line
            self.fingerprint = fingerprint
        }
    }

    /// The products of the file so far; a product's decisions after its first (rare) beside them.
    struct SeenProducts {
        var first: [SeenProduct.Key: SeenProduct] = [:]
        var more: [SeenProduct.Key: [(identity: Int, line: Int32)]] = [:]

        func line(of identity: String, in product: SeenProduct, key: SeenProduct.Key) -> Int? {
            let hash = identity.hashValue
            if product.decisionLine != 0, product.decisionIdentity == hash { return Int(product.decisionLine) }
            return more[key]?.first { $0.identity == hash }.map { Int($0.line) }
        }

        mutating func add(_ identity: String, line: Int, to product: inout SeenProduct, key: SeenProduct.Key) {
            if product.decisionLine == 0 {
                product.decisionIdentity = identity.hashValue
                product.decisionLine = Int32(clamping: line)
            } else {
                more[key, default: []].append((identity.hashValue, Int32(clamping: line)))
            }
        }
    }

    /// Chunks being checked ahead of the one being written (a chunk is `batchSize` rows).
    static let lookahead = 3

    /// A row as read from the file: a data row, or one the reader refused (wrong field count…).
    enum ReadRow: Sendable {
        case row(CSVRow)
        case malformed(ImportReport.RowIssue)
    }

    /// What the per-row checks decided, for the in-order part of the import (duplicates within
    /// the file, the review queue, the batch).
    enum CheckedProduct: Sendable {
        case refused([ImportReport.RowIssue])
        case queue(CSVRow, [FieldIssue], ProductDraft, ImportedDecision?)
        case valid(CSVRow, ValidProduct, key: String, seenKey: SeenProduct.Key, fingerprint: Int, ImportedDecision?,
                   warnings: [ImportReport.RowIssue], values: [BulkValue])
    }

    /// The next row, or a malformed one's issue; throws what ends the reading (see `nextRow`).
    static func nextRead(_ table: inout CSVTableReader) throws -> ReadRow? {
        do {
            return try table.next().map(ReadRow.row)
        } catch {
            let issue = ImportReport.RowIssue(line: error.line, column: error.column, field: error.field, message: error.message)
            guard error.kind == .row, !error.endsReading else { throw FileError(issue: issue) }
            return .malformed(issue)
        }
    }

    /// The pure per-row work of a product import: owner, fields, decision, keys.
    static func check(_ chunk: [ReadRow], owners: Owners, province: String, units: AdminUnits, now: String) -> [CheckedProduct] {
        var out: [CheckedProduct] = []
        out.reserveCapacity(chunk.count)
        // A subject's products are usually consecutive: its lookup is reused.
        var lastOwner: (registration: String?, name: String?, outcome: Owners.Outcome)?
        for read in chunk {
            guard case .row(let row) = read else {
                if case .malformed(let issue) = read { out.append(.refused([issue])) }
                continue
            }
            var issues: [FieldIssue] = []
            let registration = row.value("subject_registration_number"), ownerName = row.value("subject_name")
            let outcome: Owners.Outcome
            if let last = lastOwner, last.registration == registration, last.name == ownerName {
                outcome = last.outcome
            } else {
                outcome = owners.find(registration: registration, name: ownerName, province: province)
                lastOwner = (registration, ownerName, outcome)
            }
            let owner: SubjectPlace
            switch outcome {
            case .found(let place): owner = place
            case .refused(let field, let message):
                out.append(.refused([row.issue(field, message)]))
                continue
            }
            let draft = ProductDraft(subjectID: owner.id, name: row.value("name"), productSet: row.value("product_set"),
                                     communeCode: row.value("commune_code"), legacyCommuneCode: row.value("legacy_commune_code"),
                                     description: row.value("description"), packaging: row.value("packaging"),
                                     ingredients: row.value("ingredients"), rawMaterialOrigin: row.value("raw_material_origin"),
                                     status: row.value("status"))
            let certificate = Self.decision(row, issues: &issues)
            var warnings: [FieldIssue] = []
            let result = ProductValidator.validate(draft, subject: owner, units: units, warnings: &warnings)
            switch result {
            case .success(let product) where issues.isEmpty:
                let nameKey = product.nameKey
                out.append(.valid(row, product, key: "\(owner.id)\u{1F}\(nameKey)",
                                  seenKey: SeenProduct.Key(subject: owner.id, name: nameKey.hashValue),
                                  fingerprint: Self.compared(product).hashValue, certificate,
                                  warnings: warnings.map { row.issue($0.field, $0.message) },
                                  // The row as a new product would store it (its folded, collation
                                  // and key forms of the name included), here rather than on the
                                  // writer's path; unused when the product exists.
                                  values: ProductStore.values(product, version: 1, created: now, updated: now)))
            case .success: out.append(.refused(issues.map { row.issue($0.field, $0.message) }))
            case .failure(let failure):
                let all = issues + failure.issues
                if onlyUndecidedCommune(all) != nil {
                    out.append(.queue(row, all, draft, certificate))
                } else {
                    out.append(.refused(all.map { row.issue($0.field, $0.message) }))
                }
            }
        }
        return out
    }

    /// A certification decision read from a row (docs/import-format.md, "Decisions").
    struct ImportedDecision: Sendable {
        var stars: Int
        var kind: DecisionKind
        var date: DecisionDate
        var certificateNumber: String?
        var decisionNumber: String?
        var level: IssuingLevel?
        var act: LegalAct?
        var ground: String?
        /// Computed once, in the parallel check (the writer used it three times per row).
        var validUntil: String

        /// What makes two rows the same decision.
        var identity: String { "\(date.day)|\(stars)|\(kind.rawValue)" }
    }

    /// The row's certification decision, if it has one: stars (`4`, `4 sao`, `★★★★`, `5 sao tiềm
    /// năng`) or a decision kind (`thu hồi` …), with a date (a day, or a year alone).
    static func decision(_ row: CSVRow, issues: inout [FieldIssue]) -> ImportedDecision? {
        let rawStars = row.value("stars"), rawKind = row.value("decision")
        guard rawStars != nil || rawKind != nil else { return nil }
        var kind = DecisionKind.recognised
        if let rawKind {
            guard let parsed = DecisionKind(text: rawKind) else {
                issues.append(FieldIssue(field: "decision", message: "expected công nhận, tiềm năng 5 sao, hạ hạng, thu hồi or rút (recognised, potential 5★, downgraded, revoked, withdrawn), found '\(rawKind)'"))
                return nil
            }
            kind = parsed
        }
        var stars: Int?
        if let rawStars, rawStars.utf8.count == 1, let digit = rawStars.utf8.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) {
            // One digit, the usual cell: what the general reading below gives, without folding.
            stars = Int(digit - UInt8(ascii: "0"))
        } else if let rawStars {
            let folded = VietnameseText.fold(rawStars)
            if folded.contains("tiem nang") || folded.contains("potential") { kind = .potentialFiveStar }
            let digits = rawStars.filter(\.isNumber)
            let marks = rawStars.filter { $0 == "★" || $0 == "*" || $0 == "☆" }.count
            if let first = digits.first, let number = Int(String(first)) { stars = number } else if marks > 0 { stars = marks }
            if stars == nil, let fromText = DecisionKind(text: rawStars), rawKind == nil { kind = fromText }
        }
        // Potential 5★ holds 4★ until the central council decides (ocop-rules.md §3).
        if kind == .potentialFiveStar { stars = 4 }
        guard let stars else {
            issues.append(FieldIssue(field: "stars", message: kind.holdsStars
                ? "expected 3, 4 or 5 (only 3★ and above are certified), found '\(rawStars ?? "")'"
                : "a \(kind.vietnameseName) (\(kind.rawValue)) decision needs the stars it takes away"))
            return nil
        }
        guard (3...5).contains(stars) else {
            issues.append(FieldIssue(field: "stars", message: "expected 3, 4 or 5 (only 3★ and above are certified), found '\(rawStars ?? "")'"))
            return nil
        }
        guard let rawDate = row.value("certified_on") else {
            issues.append(FieldIssue(field: "certified_on", message: "is required with a decision: the day (DD/MM/YYYY or YYYY-MM-DD) or the year alone"))
            return nil
        }
        guard let date = DecisionDate(text: rawDate) else {
            issues.append(FieldIssue(field: "certified_on", message: "expected a date DD/MM/YYYY or YYYY-MM-DD, or a year (2018 or later), found '\(rawDate)'"))
            return nil
        }
        /// An optional column's value read by `parse`, or an issue saying what was expected.
        func optional<T>(_ column: String, _ parse: (String) -> T?, expected: String) -> (ok: Bool, value: T?) {
            guard let raw = row.value(column) else { return (true, nil) }
            guard let value = parse(raw) else {
                issues.append(FieldIssue(field: column, message: "expected \(expected), found '\(raw)'"))
                return (false, nil)
            }
            return (true, value)
        }
        let act = optional("legal_act", LegalAct.init(text:), expected: "490, 1048, 148 or 1489 (the decision of the Prime Minister in force)")
        let level = optional("issuing_level", IssuingLevel.init(text:), expected: "huyện, tỉnh or trung ương (district, province, central)")
        guard act.ok, level.ok else { return nil }
        if act.value == nil && LegalAct.inForce(on: date.day) == nil {
            issues.append(FieldIssue(field: "certified_on", message: "\(rawDate) is before the OCOP programme began (490/QĐ-TTg, 2018-05-07)"))
            return nil
        }
        return ImportedDecision(stars: stars, kind: kind, date: date, certificateNumber: row.value("certificate_number"),
                                decisionNumber: row.value("decision_number"), level: level.value, act: act.value, ground: row.value("ground"),
                                validUntil: date.validUntil)
    }

    /// The province's subjects, as product rows name their owner: by tax code, or by name
    /// (diacritics, case and the usual abbreviations aside) when a sheet has no tax code.
    struct Owners {
        var byRegistration: [String: SubjectPlace] = [:]
        var byName: [String: [(place: SubjectPlace, registration: String)]] = [:]

        enum Outcome {
            case found(SubjectPlace)
            case refused(field: String, message: String)
        }

        static func load(province: String, byName: Bool, on db: any SQLDatabase) async throws -> Owners {
            // Row by row as they arrive: a province's subjects are never all held as rows at once.
            final class Loading: @unchecked Sendable {
                var owners = Owners()
                var error: (any Error)?
            }
            let loading = Loading()
            try await db.select().columns("id", "registration_number", "commune_code", "name").from(RegistrySchema.subjects)
                .where("province_code", .equal, province).run { row in
                    guard loading.error == nil else { return }
                    do {
                        let registration = try row.decode(column: "registration_number", as: String.self)
                        let place = SubjectPlace(id: try row.decode(column: "id", as: Int64.self), provinceCode: province,
                                                 communeCode: try row.decode(column: "commune_code", as: String.self))
                        loading.owners.byRegistration[registration] = place
                        if byName {
                            loading.owners.byName[Self.nameKey(try row.decode(column: "name", as: String.self)), default: []].append((place, registration))
                        }
                    } catch {
                        loading.error = error
                    }
                }
            if let error = loading.error { throw error }
            return loading.owners
        }

        /// Folded, with `HTX`, `THT`, `Cty`, `HKD`, `CSSX` … written out.
        static func nameKey(_ name: String) -> String {
            let expansions: [String: String] = [
                "htx": "hop tac xa", "tht": "to hop tac", "cty": "cong ty", "hkd": "ho kinh doanh", "cssx": "co so san xuat",
                "cs": "co so", "tnhh": "trach nhiem huu han", "dntn": "doanh nghiep tu nhan", "cp": "co phan",
            ]
            let words = VietnameseText.fold(name).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            return words.map { expansions[$0] ?? $0 }.joined(separator: " ")
        }

        func find(registration raw: String?, name: String?, province: String) -> Outcome {
            if let raw {
                guard let registration = FieldParsers.registrationNumber(raw), let place = byRegistration[registration] else {
                    return .refused(field: "subject_registration_number",
                                    message: "no subject with registration number '\(raw)' in province \(province); import the subjects first")
                }
                return .found(place)
            }
            guard let name else {
                return .refused(field: "subject_name", message: "the owner is missing: give the subject's tax code or its name")
            }
            let matches = byName[Self.nameKey(name)] ?? []
            switch matches.count {
            case 1: return .found(matches[0].place)
            case 0: return .refused(field: "subject_name", message: "no subject named '\(name)' in province \(province); import the subjects first, or give its tax code")
            default:
                return .refused(field: "subject_name", message: "\(matches.count) subjects of province \(province) are named '\(name)' (tax codes \(matches.map(\.registration).sorted().joined(separator: ", "))); give the tax code in subject_registration_number")
            }
        }
    }

    /// Valid product rows waiting to be written, a batch at a time.
    struct ProductBatch {
        struct Pending {
            var product: ValidProduct
            var key: String
            var certificate: ImportedDecision?
            /// `ProductStore.values` of the product as new (version 1, created now).
            var values: [BulkValue]
            /// A later row of a product already in the file: it only adds its decision.
            var decisionOnly = false
        }
        let province: String
        let actor: Principal?
        let now: String
        let today: String
        let run: Int64
        var pending: [Pending] = []

        mutating func write(into report: inout ImportReport, store: any SQLStore, outbox: Outbox, on db: any SQLDatabase) async throws {
            guard !pending.isEmpty else { return }
            defer { pending.removeAll(keepingCapacity: true) }
            let existing = try await Importer.storedProducts(of: Set(pending.map(\.product.subjectID)), besides: run, on: db)
            let recorded = try await Importer.recordedCertificates(of: existing.values.map(\.id), on: db)
            var created: [Pending] = []
            var changed: [ProductChanged] = []
            var certified: [(key: String, product: ValidProduct, certificate: ImportedDecision)] = []
            var refreshed: Set<String> = []
            let products = ProductStore()
            for item in pending {
                if item.decisionOnly {
                    guard let c = item.certificate else { continue }
                    if let stored = existing[item.key], recorded.contains("\(stored.id)|\(c.identity)") { continue }
                    certified.append((item.key, item.product, c))
                    refreshed.insert(item.key)
                    continue
                }
                if let stored = existing[item.key] {
                    if stored.values == Importer.compared(item.product) { report.unchanged += 1 } else {
                        guard let record = try await products.find(stored.id, on: db) else { continue }
                        try await products.update(record, to: item.product, by: actor?.username ?? "import", now: now, on: db)
                        changed.append(ProductChanged(productID: stored.id, subjectID: item.product.subjectID, provinceCode: item.product.provinceCode,
                                                      communeCode: item.product.communeCode, name: item.product.name, version: (record.version ?? 0) + 1))
                        report.updated += 1
                    }
                    guard let c = item.certificate, !recorded.contains("\(stored.id)|\(c.identity)") else { continue }
                    refreshed.insert(item.key)
                } else {
                    created.append(item)
                    report.created += 1
                }
                if let c = item.certificate { certified.append((item.key, item.product, c)) }
            }
            // New rows get their IDs up front (what the engine would give them), so the rows and
            // their events are complete before anything is written: no reading back.
            var ids = existing.mapValues(\.id)
            let productIDs = try await Importer.reserveIDs(created.count, of: RegistrySchema.products, on: db)
            var inserts: [[BulkValue]] = []
            inserts.reserveCapacity(created.count)
            var registered: [ProductRegistered] = []
            registered.reserveCapacity(created.count)
            for (item, id) in zip(created, productIDs) {
                ids[item.key] = id
                // A new product's stars come from the certificate recorded with it, so no
                // second pass over the table is needed.
                let stars = item.certificate.flatMap {
                    CertificationStanding.of($0.kind, validUntil: $0.validUntil, today: today).holdsStars ? $0.stars : nil
                }
                inserts.append([.integer(id)] + item.values + [BulkValue(stars), .integer(run)])
                registered.append(ProductRegistered(productID: id, subjectID: item.product.subjectID, provinceCode: item.product.provinceCode,
                                                    communeCode: item.product.communeCode, name: item.product.name,
                                                    productSet: item.product.productSet.rawValue))
            }
            // A later row of a product an earlier batch of this run created: its ID is read back.
            if pending.contains(where: { $0.decisionOnly && ids[$0.key] == nil }) {
                ids.merge(try await StoredRows.ids(of: RegistrySchema.products, keyColumns: ["subject_id", "name_key"], province: nil,
                                                   matching: StoredRows.among("subject_id", Set(pending.map(\.product.subjectID))), on: db)) { old, _ in old }
            }
            report.certifications += certified.count
            var rows: [[BulkValue]] = []
            var decisions: [CertificationRecorded] = []
            let certificationIDs = try await Importer.reserveIDs(certified.filter { ids[$0.key] != nil }.count, of: RegistrySchema.certifications, on: db)
            for item in certified {
                guard let id = ids[item.key] else { continue }
                let c = item.certificate
                let record = CertificationRecord(
                    productID: id, stars: c.stars, certificateNumber: c.certificateNumber, decidedOn: c.date.day, validUntil: c.validUntil,
                    source: "import", decision: c.kind.rawValue, decisionNumber: c.decisionNumber, issuingLevel: c.level?.rawValue,
                    legalAct: c.act?.rawValue, ground: c.ground, datePrecision: c.date.precision.rawValue, recordedBy: actor?.username)
                let values = CertificationLedger.values(record, recordedAt: now, importRun: run)
                let certificationID = certificationIDs[rows.count]
                rows.append([.integer(certificationID)] + values)
                // The event the ledger publishes for it (act and level as stored).
                decisions.append(CertificationRecorded(
                    certificationID: certificationID, productID: id, subjectID: item.product.subjectID,
                    provinceCode: item.product.provinceCode, communeCode: item.product.communeCode, stars: c.stars,
                    certificateNumber: c.certificateNumber, decidedOn: c.date.day, validUntil: c.validUntil, source: "import",
                    decision: c.kind.rawValue, decisionNumber: c.decisionNumber, issuingLevel: values[8].text, legalAct: values[9].text))
            }
            // The events are encoded on another core while the rows are written.
            async let events = Task { [registered, changed, decisions] in
                Outbox.rows(registered) + Outbox.rows(changed) + Outbox.rows(decisions)
            }.value
            try await store.bulkInsert(into: RegistrySchema.products, columns: ["id"] + ProductStore.columns + ["current_stars", "import_run"],
                                       rows: inserts, on: db)
            try await store.bulkInsert(into: RegistrySchema.certifications, columns: ["id"] + CertificationLedger.columns, rows: rows, on: db)
            try await outbox.publish(rows: await events, on: db)
            // Products that got a decision besides the one they were created with: recompute their stars.
            let ledger = CertificationLedger()
            for key in refreshed { if let id = ids[key] { try await ledger.refresh(product: id, on: db) } }
        }
    }

    /// IDs for `count` new rows of `table`, ascending: what the engine would give them. SQLite
    /// (one writer: this transaction) gives a rowid table without AUTOINCREMENT max + 1;
    /// PostgreSQL's identity sequence is advanced by `count` in one statement.
    static func reserveIDs(_ count: Int, of table: String, on db: any SQLDatabase) async throws -> [Int64] {
        guard count > 0 else { return [] }
        if db.dialect.name == "postgresql" {
            // The sequence is looked up once, not per row (3 ms per 1,000 IDs), and the IDs come
            // back as one array.
            let row = try await db.raw("""
                SELECT array_agg(nextval(s.seq)) AS ids FROM \
                (SELECT pg_get_serial_sequence(\(bind: table), 'id')::regclass AS seq OFFSET 0) s, generate_series(1, \(bind: count))
                """).first()
            return try (row?.decode(column: "ids", as: [Int64].self) ?? []).sorted()
        }
        let last = try await db.raw("SELECT max(id) AS id FROM \(ident: table)").first()?.decode(column: "id", as: Int64?.self) ?? 0
        return (1...count).map { last + Int64($0) }
    }

    /// The stored products of `subjects`, keyed by subject and name key, with their compared
    /// columns. By owner alone (the owners are this province's): (subject_id, name_key) is
    /// indexed, so each batch reads only its subjects' products, never the whole province.
    /// Products this run created are left out: a later row of one is a duplicate the file check
    /// already handled (`seen`).
    static func storedProducts(of subjects: Set<Int64>, besides run: Int64, on db: any SQLDatabase) async throws
        -> [String: (id: Int64, version: Int, values: [String?])] {
        guard db.dialect.name == "postgresql" else {
            let owners = SQLBinaryExpression(
                StoredRows.among("subject_id", subjects), .and,
                SQLGroupExpression(SQLBinaryExpression(
                    SQLBinaryExpression(SQLIdentifier("import_run"), .is, SQLLiteral.null), .or,
                    SQLBinaryExpression(SQLIdentifier("import_run"), .notEqual, SQLBind(run)))))
            return try await StoredRows.fingerprints(
                of: RegistrySchema.products, keyColumns: ["subject_id", "name_key"], columns: productCompared, province: nil,
                matching: owners, on: db)
        }
        // PostgreSQL planned an `IN` list from the statistics of before the import (none, or a
        // smaller table) as a scan of the table, growing with every batch: quadratic in the file
        // (1.4 s of 100 batches at 100,000 rows). One index probe per subject instead; `OFFSET 0`
        // keeps the planner from turning the lateral subquery back into a join it could scan.
        let columns = ["subject_id", "name_key"] + productCompared
        let rows = try await db.raw("""
            SELECT p.id, p.version, \(unsafeRaw: columns.map { "CAST(p.\($0) AS TEXT) AS \($0)" }.joined(separator: ", ")) \
            FROM unnest(\(bind: Array(subjects))::bigint[]) AS s(id) CROSS JOIN LATERAL \
            (SELECT * FROM \(ident: RegistrySchema.products) q WHERE q.subject_id = s.id AND (q.import_run IS NULL OR q.import_run <> \(bind: run)) OFFSET 0) p
            """).all()
        var result: [String: (id: Int64, version: Int, values: [String?])] = [:]
        result.reserveCapacity(rows.count)
        for row in rows {
            let key = "\(try row.decode(column: "subject_id", as: String.self))\u{1F}\(try row.decode(column: "name_key", as: String.self))"
            let values = try productCompared.map { try row.decode(column: $0, as: String?.self) }
            result[key] = (try row.decode(column: "id", as: Int64.self), try row.decode(column: "version", as: Int.self), values)
        }
        return result
    }

    static let productCompared = [
        "commune_code", "legacy_commune_code", "name", "product_set", "description", "packaging", "ingredients",
        "raw_material_origin", "status",
    ]

    static func compared(_ p: ValidProduct) -> [String?] {
        [p.communeCode, p.legacyCommuneCode, p.name, String(p.productSet.rawValue), p.description, p.packaging, p.ingredients,
         p.rawMaterialOrigin, p.status.rawValue]
    }

    /// "product|decided_on|stars|decision" of the decisions already recorded for these products.
    static func recordedCertificates(of products: [Int64], on db: any SQLDatabase) async throws -> Set<String> {
        var found: Set<String> = []
        for chunk in stride(from: 0, to: products.count, by: 500).map({ Array(products[$0..<min($0 + 500, products.count)]) }) {
            for row in try await db.select().columns("product_id", "decided_on", "stars", "decision").from(RegistrySchema.certifications)
                .where("product_id", .in, chunk).all() {
                found.insert("\(try row.decode(column: "product_id", as: Int64.self))|\(try row.decode(column: "decided_on", as: String.self))|\(try row.decode(column: "stars", as: Int.self))|\(try row.decode(column: "decision", as: String.self))")
            }
        }
        return found
    }

    /// The issue when a row's only problem is a choice nobody made (a divided commune, a product
    /// set named in words that fit several): such rows wait for an officer (the review queue)
    /// instead of failing the file.
    static func onlyUndecidedCommune(_ issues: [FieldIssue]) -> FieldIssue? {
        guard issues.count == 1, let only = issues.first, !only.candidates.isEmpty || only.reviewable else { return nil }
        return only
    }

    /// Subjects of other provinces holding any of `registrations`.
    static func heldElsewhere(_ registrations: [String], outside province: String, on db: any SQLDatabase) async throws -> [String: SubjectRecord] {
        var found: [String: SubjectRecord] = [:]
        for chunk in stride(from: 0, to: registrations.count, by: 500).map({ Array(registrations[$0..<min($0 + 500, registrations.count)]) }) {
            let rows = try await db.select().columns("*").from(RegistrySchema.subjects)
                .where("registration_number", .in, chunk).where("province_code", .notEqual, province).all()
            for row in rows {
                let record = try SubjectStore.record(row)
                found[record.registrationNumber] = found[record.registrationNumber] ?? record
            }
        }
        return found
    }

    // MARK: reading the file

    /// The sheet's columns with the plugins' aliases and the user's mapping, which is checked first.
    static func columns(_ sheet: ImportAlias.Sheet, options: ImportOptions, aliases: [ImportAlias]) throws
        -> (columns: [CSVColumn], ignoring: Set<String>) {
        let columns = ImportColumns.columns(sheet, adding: aliases)
        try options.columns.check(against: columns, sheet: sheet.rawValue)
        return options.columns.applied(to: columns)
    }

    static func open(_ input: ImportInput, columns: [CSVColumn], ignoring: Set<String> = []) throws -> CSVTableReader {
        let reader: CSVReader
        switch input {
        case .bytes(let bytes, _): reader = CSVReader(bytes: bytes)
        case .file(let path, _):
            do { reader = try CSVReader(source: CSVFile(path: path)) } catch let error as CSVError {
                throw FileError(issue: .init(line: error.line, column: error.column, field: error.field, message: error.message))
            } catch {
                throw FileError(issue: .init(line: 0, column: nil, field: nil, message: "cannot read the file: \(error.localizedDescription)"))
            }
        }
        do {
            return try CSVTableReader(reader: reader, columns: columns, ignoring: ignoring)
        } catch {
            let hint = error.message.hasPrefix("unknown column") ? " (or map it to one, or to ignore, with --columns / columns=; see docs/import-format.md)" : ""
            throw FileError(issue: .init(line: error.line, column: error.column, field: error.field, message: error.message + hint))
        }
    }

    /// The next row; a malformed row (wrong number of fields, a value under no header) is
    /// reported and skipped, while broken quoting or invalid UTF-8 stop the import (nothing
    /// after them can be trusted).
    static func nextRow(_ table: inout CSVTableReader, report: inout ImportReport) throws -> CSVRow? {
        while true {
            do {
                return try table.next()
            } catch {
                let issue = ImportReport.RowIssue(line: error.line, column: error.column, field: error.field, message: error.message)
                guard error.kind == .row, !error.endsReading else { throw FileError(issue: issue) }
                report.rows += 1
                report.invalid.append(issue)
            }
        }
    }
}

extension BulkValue {
    /// The text of a `.text` value.
    var text: String? { if case .text(let text) = self { text } else { nil } }
}

extension CSVRow {
    func issue(_ field: String, _ message: String) -> ImportReport.RowIssue {
        ImportReport.RowIssue(line: line, column: columnNumber(of: field), field: field, message: message)
    }
}
