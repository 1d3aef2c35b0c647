import OCOPPluginKit

/// `/api/v1/ha-noi/craft-villages`: anyone may read (the registry is public information);
/// Hà Nội officers and national admins may add villages; whoever may change a product (its
/// producer, its commune's or the city's officers) may link it to its village.
struct CraftVillageRoutes {
    let store: CraftVillageStore
    let products: ServiceRef<any ProductLookup>

    struct LinkRequest: Decodable {
        var productID: Int64
        enum CodingKeys: String, CodingKey { case productID = "product_id" }
    }

    var endpoints: [Endpoint] {
        let store = self.store, products = self.products
        @Sendable func villageID(_ request: EndpointRequest) throws -> Int64 {
            let raw = try request.parameter("id")
            guard let id = Int64(raw) else { throw Problem.notFound("No craft village '\(raw)'.") }
            return id
        }
        /// The product, if the caller may change it and it is a Hà Nội product.
        @Sendable func writableProduct(_ id: Int64, _ request: EndpointRequest) async throws -> ProductFacts {
            let scope = Scope(principal: request.principal)
            guard let product = try await products().product(id, on: request.context.database.sql),
                  product.active || scope.seesFully(province: product.provinceCode, commune: product.communeCode, subjectID: product.subjectID) else {
                throw Problem.invalid([.init(path: "/product_id", message: "no product \(id)")])
            }
            guard scope.mayWrite(province: product.provinceCode, commune: product.communeCode, subjectID: product.subjectID) else {
                throw Problem.forbidden("Your role may not change product \(id).")
            }
            guard product.provinceCode == HaNoiPlugin.provinceCode else {
                throw Problem.invalid([.init(path: "/product_id", message: "product \(id) is not a Hà Nội product")])
            }
            return product
        }
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
                let input = try request.decode(NewCraftVillage.self)
                guard Scope(principal: request.principal).mayWrite(province: HaNoiPlugin.provinceCode, commune: input.communeCode, subjectID: nil) else {
                    throw Problem.forbidden("Only Hà Nội officers may add Hà Nội craft villages.")
                }
                return try .json(try await store.create(input, in: request.context.database), status: 201)
            },
            Endpoint(.get, "/api/v1/ha-noi/craft-villages/{id}", access: .anyone,
                     summary: "Get a craft village with its producers and certified products") { request in
                let id = try villageID(request)
                guard let village = try await store.detail(id, in: request.context.database) else {
                    throw Problem.notFound("No craft village \(id).")
                }
                return try .json(village)
            },
            Endpoint(.post, "/api/v1/ha-noi/craft-villages/{id}/products", access: .signedIn,
                     summary: "Name this village as a product's village") { request in
                let id = try villageID(request)
                guard try await store.find(id, in: request.context.database) != nil else { throw Problem.notFound("No craft village \(id).") }
                let input = try request.decode(LinkRequest.self)
                try await store.link(try await writableProduct(input.productID, request), to: id, in: request.context.database)
                return try .json(try await store.detail(id, in: request.context.database), status: 201)
            },
            Endpoint(.delete, "/api/v1/ha-noi/craft-villages/{id}/products/{product_id}", access: .signedIn,
                     summary: "Remove a product from its village") { request in
                let id = try villageID(request)
                let raw = try request.parameter("product_id")
                guard let productID = Int64(raw) else { throw Problem.notFound("No product '\(raw)' in village \(id).") }
                _ = try await writableProduct(productID, request)
                guard try await store.unlink(product: productID, from: id, in: request.context.database) else {
                    throw Problem.notFound("Product \(productID) is not linked to village \(id).")
                }
                return .noContent()
            },
        ]
    }
}
