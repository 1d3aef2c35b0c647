import OCOPPluginKit

/// `/api/v1/review-queue`: rows an import could not place without a guess, for the officers of
/// their province.
struct ReviewRoutes {
    let service: RegistryService
    static let reviewers: Access = .roles([.nationalAdmin, .provinceOfficer])

    /// The officer's choice: a commune, or a product set (by its code).
    struct Resolution: Decodable {
        var communeCode: String?
        var productSet: Int?
        enum CodingKeys: String, CodingKey {
            case communeCode = "commune_code"
            case productSet = "product_set"
        }

        var choice: String? { communeCode ?? productSet.map(String.init) }
    }

    var endpoints: [Endpoint] {
        let service = self.service
        return [
            Endpoint(.get, "/api/v1/review-queue", access: Self.reviewers, summary: "Rows waiting for an officer's decision") { request in
                let requested = try QueryFilters.province(request)
                var province = requested
                if let principal = request.principal, principal.role == .provinceOfficer {
                    guard requested == nil || requested == principal.provinceCode else {
                        throw Problem.forbidden("Officers see their own province's review queue.")
                    }
                    province = principal.provinceCode
                }
                let state: ReviewItem.State
                switch request.query("state") ?? "open" {
                case "open": state = .open
                case "resolved": state = .resolved
                case let other: throw Problem.invalid([.init(path: "/state", message: "expected open or resolved, found '\(other)'")])
                }
                return try .json(try await ReviewQueueStore().list(province: province, state: state, limit: try Paging.limit(request),
                                                                  offset: try Paging.offset(request), on: request.context.database.sql))
            },
            Endpoint(.post, "/api/v1/review-queue/{id}/resolve", access: Self.reviewers,
                     summary: "Choose the commune of a queued row; the record is registered") { request in
                let input = try request.decode(Resolution.self, allowedKeys: ["commune_code", "product_set"])
                guard let choice = input.choice, (input.communeCode == nil) != (input.productSet == nil) else {
                    throw Problem.invalid([.init(path: "/commune_code", message: "give commune_code or product_set (one of the item's candidates)")])
                }
                return try .json(try await service.resolve(review: try QueryFilters.id(request, kind: "review item"), choice: choice,
                                                           scope: Scope(principal: request.principal), context: request.context))
            },
        ]
    }
}
