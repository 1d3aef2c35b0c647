import Foundation
import OCOPPluginKit
import SQLKit

/// The `AuditLog` other modules resolve: one row in `audit_log` per change, written on the
/// caller's connection so it commits or rolls back with the change it describes.
public struct SQLAuditLog: AuditLog {
    public init() {}

    public func record(_ entry: AuditEntry, on database: any SQLDatabase) async throws {
        try await database.insert(into: AccountsSchema.audit)
            .columns("at", "actor_user_id", "actor_username", "actor_role", "action", "entity", "entity_id",
                     "province_code", "summary", "details")
            .values(SQLBind(Timestamp.string(Date())), SQLBind(entry.actor?.userID), SQLBind(entry.actor?.username),
                    SQLBind(entry.actor?.role.rawValue), SQLBind(entry.action), SQLBind(entry.entity),
                    SQLBind(entry.entityID), SQLBind(entry.provinceCode), SQLBind(entry.summary), SQLBind(entry.details))
            .run()
    }
}
