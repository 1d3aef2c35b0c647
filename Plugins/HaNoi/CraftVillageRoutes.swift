import OCOPPluginKit

/// `/api/v1/ha-noi/craft-villages`: anyone may read (the registry is public information);
/// Hà Nội officers and national admins may add.
struct CraftVillageRoutes {
    let store: CraftVillageStore

    var endpoints: [Endpoint] {
        let store = self.store
        return [
            Endpoint(.get, "/api/v1/ha-noi/craft-villages", access: .anyone, summary: "List Hà Nội craft villages") { request in
                var filter = CraftVillageStore.Filter()
                filter.query = request.query("q")
                filter.communeCode = request.query("commune")
                if let value = request.query("recognised") {
                    guard let flag = Bool(value) else {
                        throw Problem.invalid([.init(path: "/recognised", message: "expected true or false, found '\(value)'")])
                    }
                    filter.recognised = flag
                }
                filter.limit = try Paging.limit(request)
                filter.offset = try Paging.offset(request)
                let page = try await store.list(filter, in: request.context.database)
                return try .json(Page(items: page.items, total: page.total, limit: filter.limit, offset: filter.offset))
            },
            Endpoint(.post, "/api/v1/ha-noi/craft-villages", access: .roles([.nationalAdmin, .provinceOfficer]),
                     summary: "Add a craft village") { request in
                if let principal = request.principal, principal.role == .provinceOfficer,
                   principal.provinceCode != HaNoiPlugin.provinceCode {
                    throw Problem.forbidden("Only Hà Nội officers may add Hà Nội craft villages.")
                }
                let input = try request.decode(NewCraftVillage.self)
                return try .json(try await store.create(input, in: request.context.database), status: 201)
            },
            Endpoint(.get, "/api/v1/ha-noi/craft-villages/{id}", access: .anyone, summary: "Get a craft village") { request in
                let raw = try request.parameter("id")
                guard let id = Int64(raw) else { throw Problem.notFound("No craft village '\(raw)'.") }
                guard let village = try await store.find(id, in: request.context.database) else {
                    throw Problem.notFound("No craft village \(id).")
                }
                return try .json(village)
            },
        ]
    }
}
