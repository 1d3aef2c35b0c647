import Foundation
import OCOPPluginKit
import SQLKit

/// Keeps products' standing true as certificates age, and says so: clears the stars of
/// products whose current certificate has ended (`CertificateExpired`) and announces those
/// ending within 30 days (`CertificateExpiring`), once each, by Vietnam's calendar. Runs at
/// start and hourly (a certificate ends at the end of a calendar day, so an hour's lag is
/// the worst case). With several hosts on one PostgreSQL, one pass runs at a time
/// (`pg_try_advisory_xact_lock`); the notices table makes every notice once-only anyway.
final class CertificateLifecycle: PluginService, @unchecked Sendable {
    let name = "certificate-lifecycle"
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    /// The first pass runs in the background too, so a large registry does not delay serving.
    func start(context: PluginContext) async throws {
        let task = Task {
            while !Task.isCancelled {
                do { try await self.pass(today: Clock.today(), context: context) } catch {
                    context.logger.error("certificate lifecycle pass failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: .seconds(3600))
            }
        }
        lock.withLock { self.task = task }
    }

    /// Waits for a pass in progress, so the database is not closed under it.
    func stop(context: PluginContext) async {
        let task = lock.withLock { self.task }
        task?.cancel()
        await task?.value
    }

    /// One pass as of `today` (`YYYY-MM-DD`); returns the notices published.
    @discardableResult
    func pass(today: String, context: PluginContext) async throws -> (expired: Int, expiring: Int) {
        let horizon = ProgrammeCalendar.adding(days: ProgrammeCalendar.expiryNoticeDays, to: today) ?? today
        return try await context.database.transaction { db in
            if db.dialect.name == "postgresql" {
                let row = try await db.raw("SELECT pg_try_advisory_xact_lock(4209) AS locked").first()
                guard try row?.decode(column: "locked", as: Bool.self) == true else { return (0, 0) }
            }
            // Only products still shown as certified: an expiry is news once, when stars drop.
            let expired = try await Self.current(validUntil: SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("valid_until", table: "c"), .lessThan, SQLBind(today)), .and,
                SQLBinaryExpression(SQLColumn("current_stars", table: "p"), .isNot, SQLLiteral.null)), notice: "expired", on: db)
            for certificate in expired {
                try await db.update(RegistrySchema.products).set("current_stars", to: SQLLiteral.null)
                    .where("id", .equal, certificate.productID).run()
            }
            try await Self.note(expired, kind: "expired", on: db)
            try await context.outbox.publish(expired.map {
                CertificateExpired(certificationID: $0.id, productID: $0.productID, provinceCode: $0.provinceCode, stars: $0.stars, validUntil: $0.validUntil)
            }, on: db)

            let expiring = try await Self.current(validUntil: SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("valid_until", table: "c"), .greaterThanOrEqual, SQLBind(today)), .and,
                SQLBinaryExpression(SQLColumn("valid_until", table: "c"), .lessThanOrEqual, SQLBind(horizon))), notice: "expiring", on: db)
            try await Self.note(expiring, kind: "expiring", on: db)
            try await context.outbox.publish(expiring.map {
                CertificateExpiring(certificationID: $0.id, productID: $0.productID, provinceCode: $0.provinceCode, stars: $0.stars, validUntil: $0.validUntil)
            }, on: db)
            return (expired.count, expiring.count)
        }
    }

    struct Certificate {
        var id: Int64
        var productID: Int64
        var provinceCode: String
        var stars: Int
        var validUntil: String
    }

    /// Each product's latest certificate matching `validUntil`, without a notice of `kind` yet.
    private static func current(validUntil: any SQLExpression, notice kind: String, on db: any SQLDatabase) async throws -> [Certificate] {
        let certifications = RegistrySchema.certifications, products = RegistrySchema.products, notices = RegistrySchema.certificateNotices
        let rows = try await db.raw("""
            SELECT c.id, c.product_id, c.stars, c.valid_until, p.province_code
            FROM \(unsafeRaw: certifications) c JOIN \(unsafeRaw: products) p ON p.id = c.product_id
            WHERE \(validUntil) AND c.decision NOT IN ('revoked', 'withdrawn')
              AND NOT EXISTS (SELECT 1 FROM \(unsafeRaw: certifications) later WHERE later.product_id = c.product_id
                              AND (later.decided_on > c.decided_on OR (later.decided_on = c.decided_on AND later.id > c.id)))
              AND NOT EXISTS (SELECT 1 FROM \(unsafeRaw: notices) n WHERE n.certification_id = c.id AND n.kind = \(bind: kind))
            ORDER BY c.id
            """).all()
        return try rows.map { row in
            Certificate(id: try row.decode(column: "id", as: Int64.self), productID: try row.decode(column: "product_id", as: Int64.self),
                        provinceCode: try row.decode(column: "province_code", as: String.self), stars: try row.decode(column: "stars", as: Int.self),
                        validUntil: try row.decode(column: "valid_until", as: String.self))
        }
    }

    private static func note(_ certificates: [Certificate], kind: String, on db: any SQLDatabase) async throws {
        guard !certificates.isEmpty else { return }
        let now = Clock.now()
        try await InsertBulkLoader().insert(into: RegistrySchema.certificateNotices, columns: ["certification_id", "kind", "noted_at"],
                                            rows: certificates.map { [.integer($0.id), .text(kind), .text(now)] }, on: db)
    }
}
