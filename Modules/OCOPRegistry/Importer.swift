import Foundation
import OCOPCSV
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// Imports a province's spreadsheets of subjects and products.
///
/// The file is read and every row validated before anything is written; then either
/// everything valid is written in one transaction, or (with invalid rows and no
/// `skipInvalid`) nothing is. Re-running a file changes nothing: subjects are matched by
/// (province, registration number), products by (subject, folded name), and only rows whose
/// values differ are updated, with their previous version archived.
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

    func importSubjects(_ bytes: [UInt8], options: ImportOptions, progress: ImportProgress? = nil) async throws -> ImportReport {
        let units = try AdminUnits.shared
        var report = ImportReport(kind: "subjects", province: options.province, rows: 0, created: 0, updated: 0, unchanged: 0,
                                  certifications: 0, invalid: [], dryRun: options.dryRun, written: false)
        var table = try Self.open(bytes, columns: ImportColumns.columns(.subjects, adding: environment.aliases.values))
        var valid: [(line: Int, subject: ValidSubject)] = []
        var queued: [(line: Int, record: String, issue: FieldIssue)] = []
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
                    valid.append((row.line, subject))
                }
            case .success: report.invalid += issues.map { row.issue($0.field, $0.message) }
            case .failure(let failure):
                let all = issues + failure.issues
                if let place = Self.onlyUndecidedCommune(all) {
                    queued.append((row.line, JSON.string(draft), place))
                    report.queued.append(row.issue(place.field, place.message))
                } else {
                    report.invalid += all.map { row.issue($0.field, $0.message) }
                }
            }
            if report.rows % 5000 == 0 { progress?("checking", report.rows, 0) }
        }

        let existing = try await StoredRows.fingerprints(of: RegistrySchema.subjects, keyColumns: ["registration_number"],
                                                         columns: Self.subjectCompared, province: options.province, on: database.sql)
        // A tax code another province holds is refused row by row, with where it is.
        let elsewhere = try await Self.heldElsewhere(valid.map(\.subject.registrationNumber), outside: options.province, on: database.sql)
        valid.removeAll { line, subject in
            guard let holder = elsewhere[subject.registrationNumber] else { return false }
            let refusal = SubjectStore.heldElsewhere(subject.registrationNumber, by: holder, registeringIn: options.province)
            report.invalid.append(ImportReport.RowIssue(line: line, column: nil, field: "registration_number", message: refusal.message))
            return true
        }
        var inserts: [[BulkValue]] = []
        var updates: [(id: Int64, subject: ValidSubject)] = []
        let now = Clock.now()
        for (_, subject) in valid {
            if let stored = existing[subject.registrationNumber] {
                if stored.values == Self.compared(subject) { report.unchanged += 1 } else { updates.append((stored.id, subject)); report.updated += 1 }
            } else {
                inserts.append(SubjectStore.values(subject, version: 1, created: now, updated: now))
                report.created += 1
            }
        }
        guard !options.dryRun, report.invalid.isEmpty || options.skipInvalid else { return report }
        if inserts.isEmpty && updates.isEmpty && queued.isEmpty { report.written = true; return report }

        let summary = "imported subjects: \(report.created) created, \(report.updated) updated, \(report.unchanged) unchanged, \(report.invalid.count) rejected"
        let actor = self.actor, province = options.province, database = self.database, outbox = context.outbox
        let audit = try environment.audit()
        let insertRows = inserts, updateRows = updates, queuedRows = queued
        let created = valid.map(\.subject).filter { existing[$0.registrationNumber] == nil }
        try await database.transaction { db in
            for item in queuedRows {
                try await ReviewQueueStore().insert(province: province, sheet: "subjects", line: item.line, reason: item.issue.message,
                                                    candidates: item.issue.candidates, record: item.record, on: db)
            }
            try await Self.load(insertRows, into: RegistrySchema.subjects, columns: SubjectStore.columns, store: database, on: db, progress: progress)
            let store = SubjectStore()
            var changed: [SubjectChanged] = []
            for (id, subject) in updateRows {
                guard let record = try await store.find(id, on: db) else { continue }
                try await store.update(record, to: subject, by: actor?.username ?? "import", now: now, on: db)
                changed.append(SubjectChanged(subjectID: id, provinceCode: subject.provinceCode, communeCode: subject.communeCode,
                                              name: subject.name, version: (record.version ?? 0) + 1))
            }
            let ids = try await Self.subjectIDs(province: province, on: db)
            try await outbox.publish(created.compactMap { subject in
                ids[subject.registrationNumber].map {
                    SubjectRegistered(subjectID: $0, provinceCode: subject.provinceCode, communeCode: subject.communeCode,
                                      name: subject.name, legalForm: subject.legalForm.rawValue)
                }
            }, on: db)
            try await outbox.publish(changed, on: db)
            try await audit.record(
                AuditEntry(actor: actor, action: "import.subjects", entity: "province", entityID: province, provinceCode: province, summary: summary),
                on: db)
        }
        report.written = true
        return report
    }

    /// Loads rows in chunks so a terminal can show progress.
    static func load(_ rows: [[BulkValue]], into table: String, columns: [String], store: any SQLStore, on db: any SQLDatabase,
                     progress: ImportProgress?) async throws {
        let chunk = 10_000
        for start in stride(from: 0, to: rows.count, by: chunk) {
            let end = min(rows.count, start + chunk)
            try await store.bulkInsert(into: table, columns: columns, rows: Array(rows[start..<end]), on: db)
            progress?("writing", end, rows.count)
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

    func importProducts(_ bytes: [UInt8], options: ImportOptions, progress: ImportProgress? = nil) async throws -> ImportReport {
        let units = try AdminUnits.shared
        var report = ImportReport(kind: "products", province: options.province, rows: 0, created: 0, updated: 0, unchanged: 0,
                                  certifications: 0, invalid: [], dryRun: options.dryRun, written: false)
        var table = try Self.open(bytes, columns: ImportColumns.columns(.products, adding: environment.aliases.values))

        var owners: [String: SubjectPlace] = [:]
        for row in try await database.sql.select().columns("id", "registration_number", "commune_code").from(RegistrySchema.subjects)
            .where("province_code", .equal, options.province).all() {
            owners[try row.decode(column: "registration_number", as: String.self)] = SubjectPlace(
                id: try row.decode(column: "id", as: Int64.self), provinceCode: options.province,
                communeCode: try row.decode(column: "commune_code", as: String.self))
        }

        struct Pending { var line: Int; var product: ValidProduct; var key: String; var certificate: (stars: Int, number: String?, on: String)? }
        var valid: [Pending] = []
        var queuedProducts: [(line: Int, record: String, issue: FieldIssue)] = []
        var seen: [String: Int] = [:]
        while let row = try Self.nextRow(&table, report: &report) {
            report.rows += 1
            var issues: [FieldIssue] = []
            let registration = row.value("subject_registration_number").flatMap(FieldParsers.registrationNumber)
            guard let registration, let owner = owners[registration] else {
                let raw = row.value("subject_registration_number") ?? ""
                report.invalid.append(row.issue("subject_registration_number", "no subject with registration number '\(raw)' in province \(options.province); import the subjects first"))
                continue
            }
            let draft = ProductDraft(subjectID: owner.id, name: row.value("name"), productSet: row.value("product_set"),
                                     communeCode: row.value("commune_code"), legacyCommuneCode: row.value("legacy_commune_code"),
                                     description: row.value("description"), packaging: row.value("packaging"),
                                     ingredients: row.value("ingredients"), rawMaterialOrigin: row.value("raw_material_origin"),
                                     status: row.value("status"))
            var certificate: (stars: Int, number: String?, on: String)?
            if let rawStars = row.value("stars") {
                let stars = Int(rawStars.filter { $0 != "*" && $0 != "★" && $0 != " " }) ?? Int(rawStars.prefix(1))
                let date = row.value("certified_on").flatMap(FieldParsers.date)
                if let stars, (3...5).contains(stars) {
                    if let date { certificate = (stars, row.value("certificate_number"), date) } else {
                        issues.append(FieldIssue(field: "certified_on", message: row.value("certified_on").map { "expected a date YYYY-MM-DD or DD/MM/YYYY, found '\($0)'" } ?? "is required when stars are given"))
                    }
                } else {
                    issues.append(FieldIssue(field: "stars", message: "expected 3, 4 or 5 (only 3★ and above are certified), found '\(rawStars)'"))
                }
            }
            var warnings: [FieldIssue] = []
            let result = ProductValidator.validate(draft, subject: owner, units: units, warnings: &warnings)
            if case .success = result, issues.isEmpty { report.warnings += warnings.map { row.issue($0.field, $0.message) } }
            switch result {
            case .success(let product) where issues.isEmpty:
                let key = "\(owner.id)\u{1F}\(product.nameKey)"
                if let first = seen[key] {
                    report.invalid.append(row.issue("name", "this subject already has a product named '\(product.name)' on line \(first)"))
                } else {
                    seen[key] = row.line
                    valid.append(Pending(line: row.line, product: product, key: key, certificate: certificate))
                }
            case .success: report.invalid += issues.map { row.issue($0.field, $0.message) }
            case .failure(let failure):
                let all = issues + failure.issues
                if let place = Self.onlyUndecidedCommune(all) {
                    queuedProducts.append((row.line, JSON.string(QueuedProduct(draft: draft, stars: certificate?.stars,
                                                                               certificateNumber: certificate?.number, certifiedOn: certificate?.on)), place))
                    report.queued.append(row.issue(place.field, place.message))
                } else {
                    report.invalid += all.map { row.issue($0.field, $0.message) }
                }
            }
            if report.rows % 5000 == 0 { progress?("checking", report.rows, 0) }
        }

        let existing = try await StoredRows.fingerprints(of: RegistrySchema.products, keyColumns: ["subject_id", "name_key"],
                                                         columns: Self.productCompared, province: options.province, on: database.sql)
        let recorded = try await Self.recordedCertificates(province: options.province, on: database.sql)
        var inserts: [[BulkValue]] = []
        var updates: [(id: Int64, product: ValidProduct)] = []
        var certificates: [(key: String, stars: Int, number: String?, on: String)] = []
        var refreshed: [String] = []
        let now = Clock.now(), today = Clock.today()
        for pending in valid {
            if let stored = existing[pending.key] {
                if stored.values == Self.compared(pending.product) { report.unchanged += 1 } else {
                    updates.append((stored.id, pending.product))
                    report.updated += 1
                }
                if let c = pending.certificate, recorded.contains("\(stored.id)|\(c.on)|\(c.stars)") { continue }
                if pending.certificate != nil { refreshed.append(pending.key) }
            } else {
                // A new product's stars come from the certificate recorded with it in this
                // transaction, so no second pass over the table is needed.
                let stars = pending.certificate.flatMap { FieldParsers.addingMonths(36, to: $0.on) >= today ? $0.stars : nil }
                inserts.append(ProductStore.values(pending.product, version: 1, created: now, updated: now) + [BulkValue(stars)])
                report.created += 1
            }
            if let c = pending.certificate { certificates.append((pending.key, c.stars, c.number, c.on)) }
        }
        report.certifications = certificates.count
        guard !options.dryRun, report.invalid.isEmpty || options.skipInvalid else { return report }
        if inserts.isEmpty && updates.isEmpty && certificates.isEmpty && queuedProducts.isEmpty { report.written = true; return report }

        let summary = "imported products: \(report.created) created, \(report.updated) updated, \(report.unchanged) unchanged, \(report.certifications) certifications, \(report.invalid.count) rejected"
        let actor = self.actor, province = options.province, database = self.database, outbox = context.outbox
        let audit = try environment.audit()
        let insertRows = inserts, updateRows = updates, certificateRows = certificates, refreshedKeys = refreshed
        let created = valid.filter { existing[$0.key] == nil }, queuedRows = queuedProducts
        try await database.transaction { db in
            for item in queuedRows {
                try await ReviewQueueStore().insert(province: province, sheet: "products", line: item.line, reason: item.issue.message,
                                                    candidates: item.issue.candidates, record: item.record, on: db)
            }
            try await Self.load(insertRows, into: RegistrySchema.products, columns: ProductStore.columns + ["current_stars"],
                                store: database, on: db, progress: progress)
            let store = ProductStore()
            var changed: [ProductChanged] = []
            for (id, product) in updateRows {
                guard let record = try await store.find(id, on: db) else { continue }
                try await store.update(record, to: product, by: actor?.username ?? "import", now: now, on: db)
                changed.append(ProductChanged(productID: id, subjectID: product.subjectID, provinceCode: product.provinceCode,
                                              communeCode: product.communeCode, name: product.name, version: (record.version ?? 0) + 1))
            }
            let ids = try await Self.productIDs(province: province, on: db)
            try await outbox.publish(created.compactMap { pending in
                ids[pending.key].map {
                    ProductRegistered(productID: $0, subjectID: pending.product.subjectID, provinceCode: pending.product.provinceCode,
                                      communeCode: pending.product.communeCode, name: pending.product.name,
                                      productSet: pending.product.productSet.rawValue)
                }
            }, on: db)
            try await outbox.publish(changed, on: db)
            if !certificateRows.isEmpty {
                let ledger = CertificationLedger()
                let rows: [[BulkValue]] = certificateRows.compactMap { c in
                    guard let id = ids[c.key] else { return nil }
                    return [.integer(id), BulkValue(c.stars), BulkValue(c.number), .text(c.on),
                            .text(FieldParsers.addingMonths(36, to: c.on)), .text("import"), .text(now)]
                }
                try await ledger.recordImported(rows, recordedAt: now, province: province, store: database, outbox: outbox, on: db)
                // Existing products that got a new decision: recompute their stars one by one.
                for key in refreshedKeys {
                    if let id = ids[key] { try await ledger.refresh(product: id, on: db) }
                }
            }
            try await audit.record(
                AuditEntry(actor: actor, action: "import.products", entity: "province", entityID: province, provinceCode: province, summary: summary),
                on: db)
        }
        report.written = true
        return report
    }

    static let productCompared = [
        "commune_code", "legacy_commune_code", "name", "product_set", "description", "packaging", "ingredients",
        "raw_material_origin", "status",
    ]

    static func compared(_ p: ValidProduct) -> [String?] {
        [p.communeCode, p.legacyCommuneCode, p.name, String(p.productSet.rawValue), p.description, p.packaging, p.ingredients,
         p.rawMaterialOrigin, p.status.rawValue]
    }

    static func recordedCertificates(province: String, on db: any SQLDatabase) async throws -> Set<String> {
        let rows = try await db.select().column(SQLColumn("product_id", table: "c")).column(SQLColumn("decided_on", table: "c"))
            .column(SQLColumn("stars", table: "c"))
            .from(SQLAlias(SQLIdentifier(RegistrySchema.certifications), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier(RegistrySchema.products), as: SQLIdentifier("p")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "p"), .equal, SQLColumn("product_id", table: "c"))
            .where(SQLColumn("province_code", table: "p"), .equal, SQLBind(province)).all()
        return Set(try rows.map {
            "\(try $0.decode(column: "product_id", as: Int64.self))|\(try $0.decode(column: "decided_on", as: String.self))|\(try $0.decode(column: "stars", as: Int.self))"
        })
    }

    /// The issue when a row's only problem is a divided commune nobody named: such rows wait for
    /// an officer (the review queue) instead of failing the file.
    static func onlyUndecidedCommune(_ issues: [FieldIssue]) -> FieldIssue? {
        guard issues.count == 1, let only = issues.first, !only.candidates.isEmpty else { return nil }
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

    static func subjectIDs(province: String, on db: any SQLDatabase) async throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        for row in try await db.select().columns("id", "registration_number").from(RegistrySchema.subjects)
            .where("province_code", .equal, province).all() {
            ids[try row.decode(column: "registration_number", as: String.self)] = try row.decode(column: "id", as: Int64.self)
        }
        return ids
    }

    static func productIDs(province: String, on db: any SQLDatabase) async throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        for row in try await db.select().columns("id", "subject_id", "name_key").from(RegistrySchema.products)
            .where("province_code", .equal, province).all() {
            ids["\(try row.decode(column: "subject_id", as: Int64.self))\u{1F}\(try row.decode(column: "name_key", as: String.self))"] =
                try row.decode(column: "id", as: Int64.self)
        }
        return ids
    }

    // MARK: reading the file

    static func open(_ bytes: [UInt8], columns: [CSVColumn]) throws -> CSVTableReader {
        do {
            return try CSVTableReader(bytes: bytes, columns: columns)
        } catch {
            throw FileError(issue: .init(line: error.line, column: error.column, field: error.field, message: error.message))
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

extension CSVRow {
    func issue(_ field: String, _ message: String) -> ImportReport.RowIssue {
        ImportReport.RowIssue(line: line, column: columnNumber(of: field), field: field, message: message)
    }
}
