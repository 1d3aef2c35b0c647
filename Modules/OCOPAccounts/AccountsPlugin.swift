import OCOPPluginKit

/// User accounts, API tokens, sign-in and the audit trail (`ocop.accounts`).
///
/// Other modules never import this one: they see the signed-in `Principal` through the
/// `Authenticator` it provides and write their changes through the `AuditLog` it provides.
public struct AccountsPlugin: Plugin {
    public static let manifest = PluginManifest(
        id: "ocop.accounts",
        version: "0.2.0",
        summary: "Accounts: users scoped by role and area, API tokens, sign-in and the audit log",
        requires: [
            .service((any SubjectLookup).self, optional: true,
                     why: "places a producer's account in its subject's area; without a registry, producers' accounts cannot be created"),
        ],
        provides: [ServiceName((any Authenticator).self), ServiceName((any AuditLog).self), ServiceName((any AccountLookup).self)]
    )

    let service: AccountsService

    public init(config: AccountsConfig) {
        service = AccountsService(config: config)
    }

    public func register(with registrar: Registrar) throws {
        for migration in AccountsSchema.migrations { try registrar.add(migration) }
        try registrar.provide((any Authenticator).self, TokenAuthenticator(service: service))
        try registrar.provide((any AuditLog).self, SQLAuditLog())
        try registrar.provide((any AccountLookup).self, AccountDirectory())
        try registrar.keep(service)
        try registrar.add(command: PluginCommand(UsersCommand.self))
        let endpoints = AuthRoutes(service: service).endpoints
            + UserRoutes(service: service).endpoints
            + AuditRoutes().endpoints
        for endpoint in endpoints { try registrar.add(endpoint) }
        try registrar.describe(openAPI: AccountsOpenAPI.document)
    }
}
