import OCOPPluginKit
import SQLKit

/// Tells other modules who holds a username (rating seats council members by it).
struct AccountDirectory: AccountLookup {
    func activeAccount(username: String, on database: any SQLDatabase) async throws -> Principal? {
        guard let row = try await database.select().columns(AccountStore.userColumns).from(AccountsSchema.users)
            .where("username", .equal, UserRules.normalizedUsername(username)).first() else { return nil }
        let user = try AccountStore.user(row)
        return user.active ? user.principal : nil
    }
}
