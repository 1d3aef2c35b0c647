import Foundation
import OCOPCSV
import OCOPPluginKit
import SQLKit

/// Results entered by organisers: visitors, orders and revenue (integer đồng) per booth, per
/// livestream session or for the whole event, with the kind's own result fields. A batch (a
/// JSON body or a CSV file) is stored whole or not at all; a row with the same booth/session
/// as a stored one replaces it.
struct ResultStore: Sendable {
    let store: EventStore

    /// One row as sent, before checks; `location` prefixes its errors (`/rows/2` or a CSV line).
    struct Input {
        var registrationID: RawValue = .null
        var booth: RawValue = .null
        var session: RawValue = .null
        var visitors: RawValue = .null
        var orders: RawValue = .null
        var revenueTotal: RawValue = .null
        var revenueOCOP: RawValue = .null
        var fields: [String: RawValue] = [:]
    }

    struct Checked {
        var key: String
        var registrationID: Int64?
        var session: String?
        var visitors: Int64
        var orders: Int64
        var revenueTotal: Int64
        var revenueOCOP: Int64
        var fields: [String: FieldValue]
    }

    /// Problems of one row, by field name (`registration_id`, `revenue_total`, `fields/views`).
    static func check(_ input: Input, kind: EventKindDefinition, booths: [Int: (id: Int64, subject: String)], accepted: Set<Int64>,
                      issues: inout [(field: String, message: String)]) -> Checked? {
        var errors: [InvalidField] = []
        func whole(_ raw: RawValue, _ name: String, vnd: Bool) -> Int64 {
            if raw == .null || raw == .string("") { return 0 }
            switch FieldCheck.whole(raw, what: vnd ? "a whole number of đồng ≥ 0 (VND has no fractions)" : "a whole number ≥ 0") {
            case .success(.number(let value)): return value
            case .failure(let message):
                errors.append(.init(path: name, message: message.text))
            default: break
            }
            return 0
        }
        var registrationID: Int64?
        switch input.registrationID {
        case .null, .string(""): break
        case .integer(let id):
            if accepted.contains(id) { registrationID = id } else {
                errors.append(.init(path: "registration_id", message: "registration \(id) is not an accepted registration of this event"))
            }
        default: errors.append(.init(path: "registration_id", message: "expected a registration id, found \(input.registrationID.shown)"))
        }
        switch input.booth {
        case .null, .string(""): break
        case .integer(let booth):
            if let holder = booths[Int(clamping: booth)] {
                if let registrationID, registrationID != holder.id {
                    errors.append(.init(path: "booth", message: "booth \(booth) is held by registration \(holder.id), not \(registrationID)"))
                }
                registrationID = holder.id
            } else {
                errors.append(.init(path: "booth", message: "no accepted registration holds booth \(booth)"))
            }
        default: errors.append(.init(path: "booth", message: "expected a booth number, found \(input.booth.shown)"))
        }
        var session: String?
        switch input.session {
        case .null, .string(""): break
        case .string(let text):
            switch FieldCheck.value(.string(text), type: .text) {
            case .success(.text(let clean)) where clean.count <= 100: session = clean
            case .failure(let message): errors.append(.init(path: "session", message: message.text))
            default: errors.append(.init(path: "session", message: "must be at most 100 characters"))
            }
        case .integer(let number): session = String(number)
        default: errors.append(.init(path: "session", message: "expected text, found \(input.session.shown)"))
        }
        if kind.online && session == nil {
            errors.append(.init(path: "session", message: "is required: kind '\(kind.id)' reports results per session"))
        }
        let visitors = whole(input.visitors, "visitors", vnd: false)
        let orders = whole(input.orders, "orders", vnd: false)
        let total = whole(input.revenueTotal, "revenue_total", vnd: true)
        let ocop = whole(input.revenueOCOP, "revenue_ocop", vnd: true)
        if ocop > total {
            errors.append(.init(path: "revenue_ocop", message: "OCOP revenue (\(ocop) đồng) exceeds the total revenue (\(total) đồng)"))
        }
        let fields = FieldCheck.check(input.fields, against: kind.resultFields, kind: kind.id, path: "fields", errors: &errors)
        issues += errors.map { ($0.path, $0.message) }
        guard errors.isEmpty else { return nil }
        let key = [registrationID.map { "registration:\($0)" }, session.map { "session:\($0)" }].compactMap { $0 }.joined(separator: "|")
        return Checked(key: key.isEmpty ? "event" : key, registrationID: registrationID, session: session, visitors: visitors, orders: orders,
                       revenueTotal: total, revenueOCOP: ocop, fields: fields)
    }

    /// Locks the event, checks the caller and state, and hands `body` what rows are checked against.
    func withEvent<R: Sendable>(_ id: Int64, by principal: Principal?, in database: any SQLStore,
                                _ body: @escaping @Sendable (any SQLDatabase, EventKindDefinition, [Int: (id: Int64, subject: String)], Set<Int64>) async throws -> R)
        async throws -> R {
        try await database.transaction { db in
            let event = try await store.lock(id, principal: principal, on: db)
            guard EventStore.administers(principal, province: event.provinceCode) else {
                throw DomainError.forbidden("Only officers of province \(event.provinceCode) and national admins may enter this event's results.")
            }
            guard event.state == "open" else {
                throw DomainError.conflict("Event \(id) is \(event.state): results are entered while it is open (closing makes them final).",
                                           path: "/state")
            }
            guard let kind = store.kind(event.kind) else {
                throw DomainError.conflict("Event \(id) is of kind '\(event.kind)', which no enabled plugin defines any more.")
            }
            let booths = try await Registrations.boothsHeld(event: id, on: db)
            return try await body(db, kind, booths, Set(booths.values.map(\.id)))
        }
    }

    func enter(event id: Int64, rows: [Input], by principal: Principal?, in database: any SQLStore) async throws -> ResultsSummary {
        guard !rows.isEmpty, rows.count <= 5000 else {
            throw DomainError.invalid([.init(path: "/rows", message: "send 1 to 5000 rows")])
        }
        try await withEvent(id, by: principal, in: database) { db, kind, booths, accepted in
            var errors: [InvalidField] = []
            var checked: [Checked] = []
            var keys: [String: Int] = [:]
            for (index, row) in rows.enumerated() {
                var issues: [(field: String, message: String)] = []
                if let valid = Self.check(row, kind: kind, booths: booths, accepted: accepted, issues: &issues) {
                    if let first = keys[valid.key] {
                        issues.append(("session", "repeats the booth/session of row \(first)"))
                    } else {
                        keys[valid.key] = index
                        checked.append(valid)
                    }
                }
                errors += issues.map { .init(path: "/rows/\(index)/\($0.field)", message: $0.message) }
            }
            guard errors.isEmpty else { throw DomainError.invalid(errors) }
            try await Self.store(checked, event: id, by: principal, on: db)
            return ()
        }
        return try await summary(event: id, principal: principal, on: database.sql)
    }

    static let csvColumns = ["registration_id", "booth", "session", "visitors", "orders", "revenue_total", "revenue_ocop"]

    func importCSV(event id: Int64, data: Data, by principal: Principal?, in database: any SQLStore) async throws -> ResultsImportReport {
        try await withEvent(id, by: principal, in: database) { db, kind, booths, accepted in
            let columns = Self.csvColumns.map { CSVColumn($0) } + kind.resultFields.map { CSVColumn($0.name, aliases: [$0.label]) }
            var report = ResultsImportReport(eventID: id, rows: 0, stored: 0, invalid: [], written: false)
            var reader: CSVTableReader
            do { reader = try CSVTableReader(data: data, columns: columns) } catch let error as CSVError {
                report.invalid.append(.init(line: error.line, column: error.column, field: error.field, message: error.message))
                return report
            }
            var checked: [Checked] = []
            var keys: [String: Int] = [:]
            while true {
                let row: CSVRow
                do {
                    guard let next = try reader.next() else { break }
                    row = next
                } catch let error as CSVError {
                    report.invalid.append(.init(line: error.line, column: error.column, field: error.field, message: error.message))
                    if error.endsReading { break }
                    report.rows += 1
                    continue
                }
                report.rows += 1
                func raw(_ name: String) -> RawValue { row.value(name).map(RawValue.init(cell:)) ?? .null }
                var input = Input(registrationID: raw("registration_id"), booth: raw("booth"), session: row.value("session").map(RawValue.string) ?? .null,
                                  visitors: raw("visitors"), orders: raw("orders"), revenueTotal: raw("revenue_total"), revenueOCOP: raw("revenue_ocop"))
                for field in kind.resultFields {
                    guard let cell = row.value(field.name) else { continue }
                    switch field.type {
                    case .count, .vnd: input.fields[field.name] = RawValue(cell: cell)
                    default: input.fields[field.name] = .string(cell)
                    }
                }
                var issues: [(field: String, message: String)] = []
                if let valid = Self.check(input, kind: kind, booths: booths, accepted: accepted, issues: &issues) {
                    if let first = keys[valid.key] {
                        issues.append(("session", "repeats the booth/session of line \(first)"))
                    } else {
                        keys[valid.key] = row.line
                        checked.append(valid)
                    }
                }
                for issue in issues {
                    let column = issue.field.hasPrefix("fields/") ? String(issue.field.dropFirst(7)) : issue.field
                    report.invalid.append(.init(line: row.line, column: row.columnNumber(of: column), field: column, message: issue.message))
                }
            }
            if report.rows == 0 && report.invalid.isEmpty {
                report.invalid.append(.init(line: 2, column: nil, field: nil, message: "the file has a header but no rows"))
            }
            guard report.invalid.isEmpty else { return report }
            try await Self.store(checked, event: id, by: principal, on: db)
            report.stored = checked.count
            report.written = true
            return report
        }
    }

    static func store(_ rows: [Checked], event id: Int64, by principal: Principal?, on db: any SQLDatabase) async throws {
        let now = EventStore.now()
        // Replace stored rows with the same booth/session, then insert the batch in a few statements.
        for start in stride(from: 0, to: rows.count, by: 500) {
            let keys = rows[start..<min(rows.count, start + 500)].map(\.key)
            try await db.delete(from: EventsSchema.results).where("event_id", .equal, id).where("row_key", .in, keys).run()
        }
        try await InsertBulkLoader().insert(
            into: EventsSchema.results,
            columns: ["event_id", "row_key", "registration_id", "session", "visitors", "orders", "revenue_total", "revenue_ocop", "fields",
                      "entered_by", "entered_at"],
            rows: rows.map { row in
                [.integer(id), .text(row.key), BulkValue(row.registrationID), BulkValue(row.session), .integer(row.visitors), .integer(row.orders),
                 .integer(row.revenueTotal), .integer(row.revenueOCOP), .text(EventStore.json(row.fields)), BulkValue(principal?.username), .text(now)]
            },
            on: db)
    }

    struct Totals {
        var visitors: Int64 = 0, orders: Int64 = 0, revenueTotal: Int64 = 0, revenueOCOP: Int64 = 0
    }

    static func totals(event id: Int64, on db: any SQLDatabase) async throws -> Totals {
        var totals = Totals()
        for row in try await db.select().columns("visitors", "orders", "revenue_total", "revenue_ocop").from(EventsSchema.results)
            .where("event_id", .equal, id).all() {
            totals.visitors += try row.decode(column: "visitors", as: Int64.self)
            totals.orders += try row.decode(column: "orders", as: Int64.self)
            totals.revenueTotal += try row.decode(column: "revenue_total", as: Int64.self)
            totals.revenueOCOP += try row.decode(column: "revenue_ocop", as: Int64.self)
        }
        return totals
    }

    func summary(event id: Int64, principal: Principal?, on db: any SQLDatabase) async throws -> ResultsSummary {
        guard let event = try await store.find(id, on: db), EventStore.visible(event, to: principal) else {
            throw DomainError.notFound("No event \(id).")
        }
        let booths = Dictionary(try await Registrations.list(event: id, on: db).map { ($0.id, $0) }) { first, _ in first }
        let rows = try await db.select().columns("*").from(EventsSchema.results).where("event_id", .equal, id)
            .orderBy("registration_id").orderBy("session").orderBy("id").all()
        var totals = Totals()
        let items: [ResultRow] = try rows.map { row in
            let registrationID = try row.decode(column: "registration_id", as: Int64?.self)
            let item = ResultRow(
                id: try row.decode(column: "id", as: Int64.self), registrationID: registrationID,
                booth: registrationID.flatMap { booths[$0]?.booth }, subjectName: registrationID.flatMap { booths[$0]?.subjectName },
                session: try row.decode(column: "session", as: String?.self),
                visitors: try row.decode(column: "visitors", as: Int64.self), orders: try row.decode(column: "orders", as: Int64.self),
                revenueTotal: try row.decode(column: "revenue_total", as: Int64.self), revenueOCOP: try row.decode(column: "revenue_ocop", as: Int64.self),
                fields: EventStore.decode([String: FieldValue].self, try row.decode(column: "fields", as: String.self), default: [:]),
                enteredAt: try row.decode(column: "entered_at", as: String.self))
            totals.visitors += item.visitors
            totals.orders += item.orders
            totals.revenueTotal += item.revenueTotal
            totals.revenueOCOP += item.revenueOCOP
            return item
        }
        return ResultsSummary(eventID: id, visitors: totals.visitors, orders: totals.orders, revenueTotal: totals.revenueTotal,
                              revenueOCOP: totals.revenueOCOP, rows: items)
    }
}
