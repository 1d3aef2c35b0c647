import OCOPPluginKit

/// `/api/v1/bac-ninh/rewards`: the province's officers (and national admins) list and export
/// the rewards due.
struct RewardRoutes {
    let store: RewardStore
    let province: String

    struct Listing: Encodable, Sendable {
        var items: [Reward]
        var total: Int
        var limit: Int
        var offset: Int
        /// Sum of every matching reward, in đồng.
        var amountVND: Int

        enum CodingKeys: String, CodingKey {
            case items, total, limit, offset
            case amountVND = "amount_vnd"
        }
    }

    static let readers: Access = .roles([.nationalAdmin, .provinceOfficer])

    var endpoints: [Endpoint] {
        let store = self.store, province = self.province
        @Sendable func authorize(_ request: EndpointRequest) throws {
            if let principal = request.principal, principal.role == .provinceOfficer, principal.provinceCode != province {
                throw Problem.forbidden("Only officers of province \(province) may read its rewards.")
            }
        }
        @Sendable func year(_ request: EndpointRequest) throws -> Int? {
            guard let raw = request.query("year") else { return nil }
            guard let value = Int(raw), (2019...2100).contains(value) else {
                throw Problem.invalid([.init(path: "/year", message: "expected a year from 2019 to 2100, found '\(raw)'")])
            }
            return value
        }
        return [
            Endpoint(.get, "/api/v1/bac-ninh/rewards", access: Self.readers, summary: "List rewards for new star levels") { request in
                try authorize(request)
                let filter = RewardStore.Filter(year: try year(request), limit: try Paging.limit(request), offset: try Paging.offset(request))
                let page = try await store.list(filter, on: request.context.database.sql)
                return try .json(Listing(items: page.items, total: page.total, limit: filter.limit, offset: filter.offset, amountVND: page.amount))
            },
            Endpoint(.get, "/api/v1/bac-ninh/rewards/export", access: Self.readers, summary: "Export a year's rewards as CSV") { request in
                try authorize(request)
                let year = try year(request)
                let data = try await store.csv(year: year, on: request.context.database.sql)
                return EndpointResponse(status: 200, headers: [
                    ("Content-Type", "text/csv; charset=utf-8"),
                    ("Content-Disposition", "attachment; filename=\"bac-ninh-rewards-\(year.map(String.init) ?? "all").csv\""),
                ], body: data)
            },
        ]
    }
}
