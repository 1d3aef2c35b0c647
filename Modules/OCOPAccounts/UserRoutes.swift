import OCOPDomain
import OCOPPluginKit

/// `/api/v1/users`: national admins manage every account; province officers the accounts of
/// their own province (commune officers, council members and producers).
struct UserRoutes {
    let service: AccountsService

    static let managers: Access = .roles([.nationalAdmin, .provinceOfficer])

    var endpoints: [Endpoint] {
        let service = self.service
        return [
            Endpoint(.get, "/api/v1/users", access: Self.managers, summary: "List accounts (province officers: their province's)") { request in
                var filter = AccountStore.UserFilter()
                if let raw = request.query("role") {
                    guard let role = Role(rawValue: raw) else {
                        throw Problem.invalid([.init(path: "/role", message: "expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", ")), found '\(raw)'")])
                    }
                    filter.role = role
                }
                if let q = request.query("q") {
                    if let message = TextSanitizer.searchRefusal(q) { throw Problem.invalid([.init(path: "/q", message: message)]) }
                    filter.query = q
                }
                if let raw = request.query("province") {
                    guard let code = ProvinceCode(raw), (try? AdminUnits.shared)?.province(code) != nil else {
                        throw Problem.invalid([.init(path: "/province", message: "'\(raw)' is not a current province code (e.g. 01 for Hà Nội)")])
                    }
                    filter.provinceCode = code.rawValue
                }
                filter.limit = try Paging.limit(request)
                filter.offset = try Paging.offset(request)
                let page = try await service.store(database: request.context.database).users(filter, visibleTo: request.principal)
                return try .json(Page(items: page.items, total: page.total, limit: filter.limit, offset: filter.offset))
            },
            Endpoint(.post, "/api/v1/users", access: Self.managers, summary: "Create an account") { request in
                let input = try request.decode(NewUser.self, allowedKeys: NewUser.fieldNames)
                let user = try await service.store(database: request.context.database)
                    .createUser(input, by: request.principal, services: request.context.services)
                return try .json(user, status: 201)
            },
            Endpoint(.get, "/api/v1/users/{id}", access: Self.managers, summary: "Get an account") { request in
                let raw = try request.parameter("id")
                // Another province's account is "not found", so IDs cannot be probed for existence.
                guard let id = Int64(raw),
                      let user = try await service.store(database: request.context.database).user(id: id, visibleTo: request.principal) else {
                    throw Problem.notFound("No account '\(raw)'.")
                }
                return try .json(user)
            },
            Endpoint(.patch, "/api/v1/users/{id}", access: Self.managers, summary: "Activate or deactivate an account") { request in
                struct Change: Decodable { var active: Bool }
                let raw = try request.parameter("id")
                let store = service.store(database: request.context.database)
                guard let principal = request.principal, let id = Int64(raw),
                      let user = try await store.user(id: id, visibleTo: principal) else {
                    throw Problem.notFound("No account '\(raw)'.")
                }
                let change = try request.decode(Change.self, allowedKeys: ["active"])
                guard principal.role == .nationalAdmin || UserRules.provinceOfficerMayCreate.contains(user.role) else {
                    throw Problem.forbidden("A province officer may change only commune officers, council members and producers.")
                }
                guard user.id != principal.userID else {
                    throw Problem.conflict("You cannot change your own account's status; ask another administrator.", path: "/active")
                }
                guard let changed = try await store.setActive(change.active, userID: id, by: principal) else {
                    throw Problem.notFound("No account '\(raw)'.")
                }
                return try .json(changed)
            },
        ]
    }
}
