import OCOPDomain
import OCOPPluginKit

/// `/api/v1/subjects` and `/api/v1/products`. Reading is open to everyone (published data
/// only, unless the record is in the caller's area); writing needs an officer of the area or,
/// for products, the producer itself.
struct RegistryRoutes {
    let service: RegistryService

    static let writers: Access = .roles([.nationalAdmin, .provinceOfficer, .communeOfficer])
    static let productWriters: Access = .roles([.nationalAdmin, .provinceOfficer, .communeOfficer, .producer])

    var endpoints: [Endpoint] {
        let service = self.service
        return [
            Endpoint(.get, "/api/v1/subjects", access: .anyone, summary: "Search subjects") { request in
                let filter = try QueryFilters.subjects(request)
                return try .json(try await service.subjects(filter, scope: Scope(principal: request.principal), context: request.context))
            },
            Endpoint(.post, "/api/v1/subjects", access: Self.writers, summary: "Register a subject") { request in
                let draft = try request.decode(SubjectDraft.self, allowedKeys: SubjectDraft.fieldNames)
                return try .json(try await service.createSubject(draft, scope: Scope(principal: request.principal), context: request.context), status: 201)
            },
            Endpoint(.get, "/api/v1/subjects/{id}", access: .anyone, summary: "Get a subject") { request in
                try .json(try await service.subject(try QueryFilters.id(request, kind: "subject"), scope: Scope(principal: request.principal), context: request.context))
            },
            Endpoint(.patch, "/api/v1/subjects/{id}", access: Self.productWriters, summary: "Change a subject") { request in
                let patch = try request.decode(SubjectDraft.self, allowedKeys: SubjectDraft.fieldNames)
                switch try await service.updateSubject(try QueryFilters.id(request, kind: "subject"), patch: patch,
                                                       scope: Scope(principal: request.principal), context: request.context) {
                case .updated(let subject): return try .json(subject)
                case .requested(let changeRequest): return try .json(changeRequest, status: 202)
                }
            },
            Endpoint(.get, "/api/v1/subjects/{id}/change-requests", access: .signedIn,
                     summary: "Producers' requests to change scored facts, newest first") { request in
                try .json(try await service.changeRequests(try QueryFilters.id(request, kind: "subject"), scope: Scope(principal: request.principal),
                                                           context: request.context))
            },
            Endpoint(.post, "/api/v1/subjects/{id}/change-requests/{request_id}/approve", access: Self.writers,
                     summary: "Approve a change of scored facts") { request in
                try .json(try await service.decide(try QueryFilters.id(request, "request_id", kind: "change request"),
                                                   subject: try QueryFilters.id(request, kind: "subject"), approve: true, reason: nil,
                                                   scope: Scope(principal: request.principal), context: request.context))
            },
            Endpoint(.post, "/api/v1/subjects/{id}/change-requests/{request_id}/reject", access: Self.writers,
                     summary: "Reject a change of scored facts, with the reason") { request in
                struct Body: Decodable { var reason: String }
                let body = try request.decode(Body.self, allowedKeys: ["reason"])
                return try .json(try await service.decide(try QueryFilters.id(request, "request_id", kind: "change request"),
                                                          subject: try QueryFilters.id(request, kind: "subject"), approve: false, reason: body.reason,
                                                          scope: Scope(principal: request.principal), context: request.context))
            },
            Endpoint(.get, "/api/v1/subjects/{id}/history", access: .signedIn, summary: "Earlier versions of a subject") { request in
                try .json(try await service.subjectHistory(try QueryFilters.id(request, kind: "subject"), scope: Scope(principal: request.principal), context: request.context))
            },
            Endpoint(.get, "/api/v1/products/{id}/history", access: .signedIn, summary: "Earlier versions of a product") { request in
                try .json(try await service.productHistory(try QueryFilters.id(request, kind: "product"), scope: Scope(principal: request.principal), context: request.context))
            },
            Endpoint(.get, "/api/v1/products", access: .anyone, summary: "Search products") { request in
                let filter = try QueryFilters.products(request)
                return try await service.productsResponse(filter, scope: Scope(principal: request.principal), context: request.context)
            },
            Endpoint(.post, "/api/v1/products", access: Self.productWriters, summary: "Register a product") { request in
                let draft = try request.decode(ProductDraft.self, allowedKeys: ProductDraft.fieldNames)
                return try .json(try await service.createProduct(draft, scope: Scope(principal: request.principal), context: request.context), status: 201)
            },
            Endpoint(.get, "/api/v1/products/{id}", access: .anyone, summary: "Get a product") { request in
                try await service.productResponse(try QueryFilters.id(request, kind: "product"), scope: Scope(principal: request.principal), context: request.context)
            },
            Endpoint(.patch, "/api/v1/products/{id}", access: Self.productWriters, summary: "Change a product") { request in
                let patch = try request.decode(ProductDraft.self, allowedKeys: ProductDraft.fieldNames)
                return try .json(try await service.updateProduct(try QueryFilters.id(request, kind: "product"), patch: patch,
                                                                 scope: Scope(principal: request.principal), context: request.context))
            },
            Endpoint(.get, "/api/v1/taxonomy", access: .anyone, summary: "Sectors, groups and product sets (QĐ 148)") { _ in
                try .json(Taxonomy.document)
            },
        ]
    }
}

/// The programme taxonomy as JSON, for forms and filters.
enum Taxonomy {
    struct SetItem: Encodable { var code: Int; var name: String; var name_en: String }
    struct GroupItem: Encodable { var code: String; var name: String; var name_en: String; var product_sets: [SetItem] }
    struct SectorItem: Encodable { var code: Int; var name: String; var name_en: String; var groups: [GroupItem] }

    static let document: [SectorItem] = Sector.allCases.map { sector in
        SectorItem(code: sector.rawValue, name: sector.vietnameseName, name_en: sector.englishName, groups: sector.groups.map { group in
            GroupItem(code: group.rawValue, name: group.vietnameseName, name_en: group.englishName, product_sets: group.productSets.map {
                SetItem(code: $0.rawValue, name: $0.vietnameseName, name_en: $0.englishName)
            })
        })
    }
}
