import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// The registry's operations with their access rules, validation, history and audit trail.
/// Routes and the command line both go through here.
struct RegistryService: Sendable {
    let subjects = SubjectStore()
    let products = ProductStore()
    let environment: RegistryEnvironment
    var cache = ProductReadCache(budgetBytes: 0)
    var search = SearchModel(budgetBytes: 0)

    static func problem(_ issues: FieldIssues) -> DomainError {
        DomainError.invalid(issues.issues.map { InvalidField(path: "/" + $0.field, message: $0.message) })
    }

    private func audit(_ entry: AuditEntry, context: PluginContext, on db: any SQLDatabase) async throws {
        try await environment.audit().record(entry, on: db)
    }

    // MARK: subjects

    /// Subject searches: with a search text from the search model when it can answer.
    func subjects(_ filter: SubjectStore.Filter, scope: Scope, context: PluginContext) async throws -> Page<SubjectRecord> {
        let db = context.database.sql
        if let query = filter.query.flatMap(Text.clean), let hits = try await search.subjects(filter, query: query, scope: scope, on: db) {
            let folded = VietnameseText.fold(query)
            let found = try await subjects.find(ids: hits.ids, on: db)
            let registration = query.uppercased()
            let items = hits.ids.compactMap { id in found[id].flatMap { row in
                SubjectStore.admits(row.record, folded: row.folded, containing: folded, registration: registration, filter: filter) ? row.record : nil } }
            // A row that changed since the model caught up: the SQL search answers instead.
            if items.count == hits.ids.count {
                return Page(items: items.map { scope.seesFully(province: $0.provinceCode, commune: $0.communeCode, subjectID: $0.id) ? $0 : $0.published },
                            total: hits.total, limit: filter.limit, offset: filter.offset)
            }
        }
        return try await subjects.search(filter, scope: scope, on: db)
    }

    func subject(_ id: Int64, scope: Scope, context: PluginContext) async throws -> SubjectRecord {
        guard let record = try await subjects.find(id, on: context.database.sql) else { throw DomainError.notFound("No subject \(id).") }
        if scope.seesFully(province: record.provinceCode, commune: record.communeCode, subjectID: record.id) { return record }
        let published = try await context.database.sql.select().column("id").from(RegistrySchema.products)
            .where("subject_id", .equal, id).where("status", .equal, "active").limit(1).first() != nil
        guard published else { throw DomainError.notFound("No subject \(id).") }
        return record.published
    }

    func createSubject(_ draft: SubjectDraft, scope: Scope, context: PluginContext) async throws -> SubjectRecord {
        let units = try AdminUnits.shared
        let valid: ValidSubject
        switch SubjectValidator.validate(draft, province: nil, units: units, currentYear: Clock.currentYear) {
        case .success(let value): valid = value
        case .failure(let issues): throw Self.problem(issues)
        }
        guard scope.mayWrite(province: valid.provinceCode, commune: valid.communeCode, subjectID: nil),
              scope.principal?.role != .producer else {
            throw DomainError.forbidden("Your role may not register subjects in commune \(valid.communeCode).")
        }
        let id: Int64 = try await context.database.transaction { db in
            if try await subjects.find(registration: valid.registrationNumber, province: valid.provinceCode, on: db) != nil {
                throw DomainError.conflict("Registration number \(valid.registrationNumber) is already registered in province \(valid.provinceCode).",
                                       path: "/registration_number")
            }
            if let holder = try await subjects.holder(of: valid.registrationNumber, outside: valid.provinceCode, on: db) {
                throw SubjectStore.heldElsewhere(valid.registrationNumber, by: holder, registeringIn: valid.provinceCode)
            }
            let id = try await subjects.insert(valid, now: Clock.now(), on: db)
            try await audit(AuditEntry(actor: scope.principal, action: "subject.create", entity: "subject", entityID: String(id),
                                       provinceCode: valid.provinceCode, summary: "registered \(valid.name)"), context: context, on: db)
            try await context.outbox.publish(SubjectRegistered(subjectID: id, provinceCode: valid.provinceCode, communeCode: valid.communeCode,
                                                               name: valid.name, legalForm: valid.legalForm.rawValue), on: db)
            return id
        }
        return try await subject(id, scope: scope, context: context)
    }

    /// What a PATCH did: the subject changed, or (a producer touching scored facts) a request for
    /// an officer was filed, the rest of the edit applied.
    enum SubjectUpdate: Sendable {
        case updated(SubjectRecord)
        case requested(ChangeRequest)
    }

    func updateSubject(_ id: Int64, patch: SubjectDraft, scope: Scope, context: PluginContext) async throws -> SubjectUpdate {
        let units = try AdminUnits.shared
        let request: ChangeRequest? = try await context.database.transaction { db in
            // Read, merge and write under the row's lock: two concurrent PATCHes on PostgreSQL
            // (READ COMMITTED) would otherwise both merge the same old version, one losing its change.
            try await Self.lock(RegistrySchema.subjects, id, engine: context.database.engine, on: db)
            guard let existing = try await subjects.find(id, on: db),
                  scope.seesFully(province: existing.provinceCode, commune: existing.communeCode, subjectID: existing.id) else {
                throw DomainError.notFound("No subject \(id).")
            }
            guard scope.mayWrite(province: existing.provinceCode, commune: existing.communeCode, subjectID: existing.id) else {
                throw DomainError.forbidden("Your role may not change subject \(id).")
            }
            var patch = patch
            var request: ChangeRequest?
            // A producer's change to a scored fact (criterion A.3) waits for an officer; the rest applies now.
            if scope.principal?.role == .producer,
               case .success(let proposed) = SubjectValidator.validate(existing.draft.merged(with: patch), province: existing.provinceCode,
                                                                       units: units, currentYear: Clock.currentYear),
               case .success(let current) = SubjectValidator.validate(existing.draft, province: existing.provinceCode, units: units,
                                                                      currentYear: Clock.currentYear),
               ChangeRequest.changesScoredFacts(proposed, of: current) {
                let filed = try await ChangeRequestStore().insert(subject: id, changes: ChangeRequest.scored(patch),
                                                                 by: scope.principal?.username, on: db)
                try await audit(AuditEntry(actor: scope.principal, action: "subject.change-request", entity: "subject", entityID: String(id),
                                           provinceCode: existing.provinceCode, summary: "asked to change scored facts of \(existing.name)",
                                           details: JSON.string(filed.changes)), context: context, on: db)
                request = filed
                patch = ChangeRequest.unscored(patch)
            }
            // A subject stays in its province: moving it is a new registration there.
            let valid: ValidSubject
            switch SubjectValidator.validate(existing.draft.merged(with: patch), province: existing.provinceCode, units: units,
                                             currentYear: Clock.currentYear) {
            case .success(let value): valid = value
            case .failure(let issues): throw Self.problem(issues)
            }
            guard scope.mayWrite(province: valid.provinceCode, commune: valid.communeCode, subjectID: existing.id),
                  scope.mayMove(from: existing.communeCode, to: valid.communeCode) else {
                throw DomainError.forbidden("Your role may not move subject \(id) to commune \(valid.communeCode).")
            }
            // Nothing changes: no new version, no history, no audit entry.
            if case .success(let current) = SubjectValidator.validate(existing.draft, province: existing.provinceCode, units: units,
                                                                     currentYear: Clock.currentYear), current == valid {
                return request
            }
            if valid.registrationNumber != existing.registrationNumber {
                if try await subjects.find(registration: valid.registrationNumber, province: valid.provinceCode, on: db) != nil {
                    throw DomainError.conflict("Registration number \(valid.registrationNumber) is already registered in province \(valid.provinceCode).",
                                               path: "/registration_number")
                }
                if let holder = try await subjects.holder(of: valid.registrationNumber, outside: valid.provinceCode, on: db) {
                    throw SubjectStore.heldElsewhere(valid.registrationNumber, by: holder, registeringIn: valid.provinceCode)
                }
            }
            try await subjects.update(existing, to: valid, by: scope.principal?.username, now: Clock.now(), on: db)
            try await audit(AuditEntry(actor: scope.principal, action: "subject.update", entity: "subject", entityID: String(id),
                                       provinceCode: valid.provinceCode, summary: "updated \(valid.name)",
                                       details: JSON.string(patch)), context: context, on: db)
            try await context.outbox.publish(SubjectChanged(subjectID: id, provinceCode: valid.provinceCode, communeCode: valid.communeCode,
                                                            name: valid.name, version: (existing.version ?? 0) + 1), on: db)
            return request
        }
        if let request { return .requested(request) }
        return .updated(try await subject(id, scope: scope, context: context))
    }

    /// Locks one row for the rest of the transaction on PostgreSQL (SQLite transactions that
    /// write already run one at a time). A missing row is left to the caller's own 404.
    static func lock(_ table: String, _ id: Int64, engine: DatabaseEngine, on db: any SQLDatabase) async throws {
        guard engine == .postgresql else { return }
        _ = try await db.raw("SELECT id FROM \(unsafeRaw: table) WHERE id = \(bind: id) FOR UPDATE").first()
    }

    // MARK: change requests

    func changeRequests(_ subjectID: Int64, scope: Scope, context: PluginContext) async throws -> [ChangeRequest] {
        guard let record = try await subjects.find(subjectID, on: context.database.sql),
              scope.seesFully(province: record.provinceCode, commune: record.communeCode, subjectID: record.id) else {
            throw DomainError.notFound("No subject \(subjectID).")
        }
        return try await ChangeRequestStore().list(subject: subjectID, on: context.database.sql)
    }

    /// An officer of the subject's area approves (the change applies, with history, audit and
    /// event, in the same transaction) or rejects (with a reason) a pending request.
    func decide(_ requestID: Int64, subject subjectID: Int64, approve: Bool, reason: String?, scope: Scope,
                context: PluginContext) async throws -> ChangeRequest {
        let store = ChangeRequestStore()
        return try await context.database.transaction { db in
            guard let record = try await subjects.find(subjectID, on: db),
                  scope.seesFully(province: record.provinceCode, commune: record.communeCode, subjectID: record.id),
                  let request = try await store.find(requestID, subject: subjectID, on: db) else {
                throw DomainError.notFound("No change request \(requestID) of subject \(subjectID).")
            }
            guard scope.principal?.role != .producer,
                  scope.mayWrite(province: record.provinceCode, commune: record.communeCode, subjectID: record.id) else {
                throw DomainError.forbidden("Only an officer of the subject's area decides on its scored facts.")
            }
            guard request.state == .pending else {
                throw DomainError.conflict("Change request \(requestID) was already \(request.state.rawValue).")
            }
            let text = reason.map { VietnameseText.nfc($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if !approve, text?.isEmpty ?? true {
                throw DomainError.invalid([.init(path: "/reason", message: "is required to reject a request (1–500 characters)")])
            }
            if let text, text.count > 500 { throw DomainError.invalid([.init(path: "/reason", message: "is longer than 500 characters")]) }
            if approve {
                _ = try await self.updateSubject(subjectID, patch: request.changes, scope: scope, context: context)
            }
            try await store.decide(requestID, state: approve ? .approved : .rejected, by: scope.principal?.username, reason: text, on: db)
            try await audit(AuditEntry(actor: scope.principal, action: approve ? "subject.change-request.approve" : "subject.change-request.reject",
                                       entity: "subject", entityID: String(subjectID), provinceCode: record.provinceCode,
                                       summary: "\(approve ? "approved" : "rejected") change request \(requestID)", details: text), context: context, on: db)
            guard let decided = try await store.find(requestID, subject: subjectID, on: db) else {
                throw DomainError.notFound("No change request \(requestID).")
            }
            return decided
        }
    }

    func subjectHistory(_ id: Int64, scope: Scope, context: PluginContext) async throws -> [HistoryEntry<SubjectRecord>] {
        guard let record = try await subjects.find(id, on: context.database.sql),
              scope.seesFully(province: record.provinceCode, commune: record.communeCode, subjectID: record.id) else {
            throw DomainError.notFound("No subject \(id).")
        }
        return try await subjects.history(of: id, on: context.database.sql)
    }

    // MARK: products

    /// `GET /products/{id}`'s body: from the read cache, or read, encoded and kept.
    func productResponse(_ id: Int64, scope: Scope, context: PluginContext) async throws -> EndpointResponse {
        switch cache.product(id, scope: scope) {
        case .some(.some(let body)): return EndpointResponse(status: 200, headers: Self.jsonHeaders, body: body)
        case .some(.none): throw DomainError.notFound("No product \(id).")
        case .none: break
        }
        let position = cache.readPosition
        guard let record = try await products.find(id, on: context.database.sql) else { throw DomainError.notFound("No product \(id).") }
        let fully = scope.seesFully(province: record.provinceCode, commune: record.communeCode, subjectID: record.subjectID)
        guard fully || record.status == ProductStatus.active.rawValue else {
            cache.keepHidden(record, readAt: position)
            throw DomainError.notFound("No product \(id).")
        }
        let response = try EndpointResponse.json(fully ? record : record.published)
        cache.keep(record, body: response.body, fully: fully, readAt: position)
        return response
    }

    /// `GET /products`'s body: list pages without a search text come from the read cache.
    func productsResponse(_ filter: ProductStore.Filter, scope: Scope, context: PluginContext) async throws -> EndpointResponse {
        if let query = filter.query.flatMap(Text.clean) { return try .json(try await searchProducts(filter, query: query, scope: scope, context: context)) }
        let key = ProductReadCache.ListKey(filter: filter, area: scope.area)
        if let body = cache.list(key) { return EndpointResponse(status: 200, headers: Self.jsonHeaders, body: body) }
        // Many callers missing the same page at once (a popular page just dropped) wait for one read.
        let body = try await cache.reading(key) { [products] in
            let position = cache.readPosition
            let body = try EndpointResponse.json(try await products.search(filter, scope: scope, on: context.database.sql)).body
            cache.keep(key, body: body, readAt: position)
            return body
        }
        return EndpointResponse(status: 200, headers: Self.jsonHeaders, body: body)
    }

    /// Product searches with a text: from the search model when it can answer.
    func searchProducts(_ filter: ProductStore.Filter, query: String, scope: Scope, context: PluginContext) async throws -> Page<ProductRecord> {
        let db = context.database.sql
        if let hits = await search.products(filter, query: query, scope: scope, on: db) {
            let folded = VietnameseText.fold(query)
            let found = try await products.find(ids: hits.ids, on: db)
            var items: [ProductRecord] = []
            for id in hits.ids {
                guard let row = found[id], ProductStore.admits(row.record, folded: row.folded, containing: folded, filter: filter) else { break }
                let record = row.record
                if scope.seesFully(province: record.provinceCode, commune: record.communeCode, subjectID: record.subjectID) {
                    items.append(record)
                } else if record.status == ProductStatus.active.rawValue {
                    items.append(record.published)
                } else { break }
            }
            // A row that changed since the model caught up: the SQL search answers instead.
            if items.count == hits.ids.count { return Page(items: items, total: hits.total, limit: filter.limit, offset: filter.offset) }
        }
        return try await products.search(filter, scope: scope, on: db)
    }

    private static let jsonHeaders = [("Content-Type", "application/json; charset=utf-8")]

    func product(_ id: Int64, scope: Scope, context: PluginContext) async throws -> ProductRecord {
        guard let record = try await products.find(id, on: context.database.sql) else { throw DomainError.notFound("No product \(id).") }
        if scope.seesFully(province: record.provinceCode, commune: record.communeCode, subjectID: record.subjectID) { return record }
        guard record.status == ProductStatus.active.rawValue else { throw DomainError.notFound("No product \(id).") }
        return record.published
    }

    /// Earlier versions of a product: private history, for callers who see it fully.
    func productHistory(_ id: Int64, scope: Scope, context: PluginContext) async throws -> [HistoryEntry<ProductRecord>] {
        guard let record = try await products.find(id, on: context.database.sql),
              scope.seesFully(province: record.provinceCode, commune: record.communeCode, subjectID: record.subjectID) else {
            throw DomainError.notFound("No product \(id).")
        }
        return try await products.history(of: id, on: context.database.sql)
    }

    /// Throws 404 when the caller cannot see the product fully, 403 when they may not change it.
    func requireWritable(product id: Int64, scope: Scope, context: PluginContext) async throws {
        guard let record = try await products.find(id, on: context.database.sql),
              scope.seesFully(province: record.provinceCode, commune: record.communeCode, subjectID: record.subjectID) else {
            throw DomainError.notFound("No product \(id).")
        }
        guard scope.mayWrite(province: record.provinceCode, commune: record.communeCode, subjectID: record.subjectID) else {
            throw DomainError.forbidden("Your role may not change product \(id).")
        }
    }

    func createProduct(_ draft: ProductDraft, scope: Scope, context: PluginContext) async throws -> ProductRecord {
        guard let subjectID = draft.subjectID else {
            throw DomainError.invalid([.init(path: "/subject_id", message: "is required")])
        }
        let units = try AdminUnits.shared
        let id: Int64 = try await context.database.transaction { db in
            guard let owner = try await subjects.find(subjectID, on: db),
                  scope.seesFully(province: owner.provinceCode, commune: owner.communeCode, subjectID: owner.id) else {
                throw DomainError.invalid([.init(path: "/subject_id", message: "no subject \(subjectID) in your area")])
            }
            guard scope.mayWrite(province: owner.provinceCode, commune: owner.communeCode, subjectID: owner.id) else {
                throw DomainError.forbidden("Your role may not add products to subject \(subjectID).")
            }
            let valid: ValidProduct
            switch ProductValidator.validate(draft, subject: SubjectPlace(id: owner.id, provinceCode: owner.provinceCode, communeCode: owner.communeCode), units: units) {
            case .success(let value): valid = value
            case .failure(let issues): throw Self.problem(issues)
            }
            // Like subjects: a product's origin decides its area, so it must stay in the caller's.
            guard scope.mayWrite(province: valid.provinceCode, commune: valid.communeCode, subjectID: owner.id),
                  scope.mayMove(from: owner.communeCode, to: valid.communeCode) else {
                throw DomainError.forbidden("Your role may not register products from commune \(valid.communeCode).")
            }
            if try await products.find(subject: owner.id, nameKey: valid.nameKey, on: db) != nil {
                throw DomainError.conflict("Subject \(owner.id) already has a product named '\(valid.name)'.", path: "/name")
            }
            let id = try await products.insert(valid, now: Clock.now(), on: db)
            try await audit(AuditEntry(actor: scope.principal, action: "product.create", entity: "product", entityID: String(id),
                                       provinceCode: valid.provinceCode, summary: "registered \(valid.name)"), context: context, on: db)
            try await context.outbox.publish(ProductRegistered(productID: id, subjectID: owner.id, provinceCode: valid.provinceCode,
                                                               communeCode: valid.communeCode, name: valid.name,
                                                               productSet: valid.productSet.rawValue), on: db)
            return id
        }
        return try await product(id, scope: scope, context: context)
    }

    func updateProduct(_ id: Int64, patch: ProductDraft, scope: Scope, context: PluginContext) async throws -> ProductRecord {
        let units = try AdminUnits.shared
        try await context.database.transaction { db in
            try await Self.lock(RegistrySchema.products, id, engine: context.database.engine, on: db)
            guard let existing = try await products.find(id, on: db),
                  scope.seesFully(province: existing.provinceCode, commune: existing.communeCode, subjectID: existing.subjectID) else {
                throw DomainError.notFound("No product \(id).")
            }
            guard scope.mayWrite(province: existing.provinceCode, commune: existing.communeCode, subjectID: existing.subjectID) else {
                throw DomainError.forbidden("Your role may not change product \(id).")
            }
            if let moved = patch.subjectID, moved != existing.subjectID {
                throw DomainError.invalid([.init(path: "/subject_id", message: "a product cannot move to another subject; register it there")])
            }
            guard let owner = try await subjects.find(existing.subjectID, on: db) else { throw DomainError.notFound("No product \(id).") }
            let valid: ValidProduct
            switch ProductValidator.validate(existing.draft.merged(with: patch),
                                             subject: SubjectPlace(id: owner.id, provinceCode: owner.provinceCode, communeCode: owner.communeCode),
                                             units: units) {
            case .success(let value): valid = value
            case .failure(let issues): throw Self.problem(issues)
            }
            guard scope.mayWrite(province: valid.provinceCode, commune: valid.communeCode, subjectID: owner.id),
                  scope.mayMove(from: existing.communeCode, to: valid.communeCode) else {
                throw DomainError.forbidden("Your role may not move product \(id) to commune \(valid.communeCode).")
            }
            if case .success(let current) = ProductValidator.validate(existing.draft, subject: SubjectPlace(
                id: owner.id, provinceCode: owner.provinceCode, communeCode: owner.communeCode), units: units), current == valid {
                return
            }
            if valid.nameKey != ValidProduct.key(existing.name),
               try await products.find(subject: owner.id, nameKey: valid.nameKey, on: db) != nil {
                throw DomainError.conflict("Subject \(owner.id) already has a product named '\(valid.name)'.", path: "/name")
            }
            try await products.update(existing, to: valid, by: scope.principal?.username, now: Clock.now(), on: db)
            try await audit(AuditEntry(actor: scope.principal, action: "product.update", entity: "product", entityID: String(id),
                                       provinceCode: valid.provinceCode, summary: "updated \(valid.name)", details: JSON.string(patch)),
                            context: context, on: db)
            try await context.outbox.publish(ProductChanged(productID: id, subjectID: owner.id, provinceCode: valid.provinceCode,
                                                            communeCode: valid.communeCode, name: valid.name, version: (existing.version ?? 0) + 1), on: db)
        }
        return try await product(id, scope: scope, context: context)
    }
}
