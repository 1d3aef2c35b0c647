import OCOPPluginKit

/// `GET /api/v1/audit`: national admins read the whole trail, province officers their province's.
struct AuditRoutes {
    var endpoints: [Endpoint] {
        [
            Endpoint(.get, "/api/v1/audit", access: .roles([.nationalAdmin, .provinceOfficer]),
                     summary: "Audit trail, newest first (province officers: their province's)") { request in
                var filter = AuditTrail.Filter()
                filter.entity = request.query("entity")
                filter.entityID = request.query("entity_id")
                filter.action = request.query("action")
                filter.limit = try Paging.limit(request)
                filter.offset = try Paging.offset(request)
                let page = try await AuditTrail(database: request.context.database).entries(filter, visibleTo: request.principal)
                return try .json(Page(items: page.items, total: page.total, limit: filter.limit, offset: filter.offset))
            },
        ]
    }
}
