import OCOPPluginKit

/// Signs requests in from `Authorization: Bearer ocop_…`. No header means anonymous; a header
/// that does not carry a valid token is a 401, never a silent downgrade to anonymous.
struct TokenAuthenticator: Authenticator {
    let service: AccountsService

    func principal(authorization: String?, cookie: String?, context: PluginContext) async throws -> Principal? {
        guard let authorization else { return nil }
        guard let token = APIToken.bearer(authorization) else {
            throw AccountStore.unauthorized("Expected 'Authorization: Bearer <token>'.")
        }
        return try await service.store(database: context.database).principal(forToken: token)
    }
}
