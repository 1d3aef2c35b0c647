import OCOPPluginKit

/// `/api/v1/products/{id}/photos`: writers of the product's area add and delete; anyone who
/// may see the product may fetch its photos.
struct PhotoRoutes {
    let photos: PhotoStore
    let service: RegistryService

    var endpoints: [Endpoint] {
        let photos = self.photos, service = self.service
        return [
            Endpoint(.post, "/api/v1/products/{id}/photos", access: RegistryRoutes.productWriters, summary: "Add a photo (JPEG, PNG or WebP body)",
                     maxBodyBytes: photos.maxBytes) { request in
                let id = try QueryFilters.id(request, kind: "product")
                try await service.requireWritable(product: id, scope: Scope(principal: request.principal), context: request.context)
                let photo = try await photos.add(request.body, declaredType: request.headers["content-type"], product: id,
                                                 context: request.context)
                return try .json(photo, status: 201)
            },
            Endpoint(.get, "/api/v1/products/{id}/photos/{photo_id}", access: .anyone, summary: "Get a photo") { request in
                let id = try QueryFilters.id(request, kind: "product")
                let photoID = try QueryFilters.id(request, "photo_id", kind: "photo")
                let product = try await service.product(id, scope: Scope(principal: request.principal), context: request.context)
                let (type, data) = try await photos.read(photo: photoID, product: id, on: request.context.database.sql)
                // Only a published product's photo may sit in shared caches; others are for this caller only.
                let published = product.status == ProductStatus.active.rawValue
                return EndpointResponse(status: 200, headers: [
                    ("Content-Type", type),
                    ("Cache-Control", published ? "public, max-age=86400" : "private, no-store"),
                    ("Vary", "Authorization, Cookie"),
                    ("X-Content-Type-Options", "nosniff"),
                ], body: data)
            },
            Endpoint(.delete, "/api/v1/products/{id}/photos/{photo_id}", access: RegistryRoutes.productWriters, summary: "Delete a photo") { request in
                let id = try QueryFilters.id(request, kind: "product")
                let photoID = try QueryFilters.id(request, "photo_id", kind: "photo")
                try await service.requireWritable(product: id, scope: Scope(principal: request.principal), context: request.context)
                try await photos.delete(photo: photoID, product: id, context: request.context)
                return .noContent()
            },
        ]
    }
}
