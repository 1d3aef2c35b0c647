import OCOPPluginKit

/// `/api/v1/auth/tokens` and `/api/v1/me`: signing in with a password for an API token,
/// signing out (revoking it), and who am I.
struct AuthRoutes {
    let service: AccountsService

    struct SignIn: Decodable {
        var username: String
        var password: String
        var name: String?
    }

    var endpoints: [Endpoint] {
        let service = self.service
        return [
            Endpoint(.post, "/api/v1/auth/tokens", access: .anyone, summary: "Sign in: exchange a username and password for an API token") { request in
                let input = try request.decode(SignIn.self)
                let issued = try await service.store(database: request.context.database)
                    .signIn(username: input.username, password: input.password, tokenName: input.name)
                return try .json(issued, status: 201)
            },
            Endpoint(.delete, "/api/v1/auth/tokens/current", access: .signedIn, summary: "Sign out: revoke the token this request uses") { request in
                guard let token = request.headers["authorization"].flatMap(APIToken.bearer) else {
                    throw Problem(status: 400, title: "Bad Request", detail: "This request was not signed in with a bearer token.")
                }
                try await service.store(database: request.context.database).revokeToken(token, by: request.principal)
                return .noContent()
            },
            Endpoint(.get, "/api/v1/auth/tokens", access: .signedIn, summary: "List the caller's API tokens (prefixes only)") { request in
                let principal = try Self.signedIn(request)
                return try .json(try await service.store(database: request.context.database).tokens(userID: principal.userID))
            },
            Endpoint(.put, "/api/v1/me/password", access: .signedIn, summary: "Change the signed-in account's password") { request in
                struct Change: Decodable {
                    var currentPassword: String
                    var newPassword: String
                    enum CodingKeys: String, CodingKey {
                        case currentPassword = "current_password"
                        case newPassword = "new_password"
                    }
                }
                let principal = try Self.signedIn(request)
                let change = try request.decode(Change.self, allowedKeys: ["current_password", "new_password"])
                try await service.store(database: request.context.database)
                    .changePassword(userID: principal.userID, current: change.currentPassword, new: change.newPassword, actor: principal)
                return .noContent()
            },
            Endpoint(.get, "/api/v1/me", access: .signedIn, summary: "The signed-in account") { request in
                let principal = try Self.signedIn(request)
                guard let user = try await service.store(database: request.context.database).user(id: principal.userID) else {
                    throw Problem.notFound("The signed-in account no longer exists.")
                }
                return try .json(user)
            },
        ]
    }

    static func signedIn(_ request: EndpointRequest) throws(Problem) -> Principal {
        guard let principal = request.principal else { throw AccountStore.unauthorized("Sign in first.") }
        return principal
    }
}
