import Foundation
import OCOPPluginKit

/// A product photo as the signed-in visitor may see it: the registry's photo endpoint called
/// with the session's principal, so a draft's photo shows to its officers and producer only.
struct PhotoProxy {
    let server: PageServer

    var endpoint: Endpoint {
        let server = self.server
        return Endpoint(.get, "/products/{id}/photos/{photo_id}", access: .anyone, summary: "A product photo, as the signed-in visitor may see it") { request in
            let id = request.parameters["id"] ?? "", photo = request.parameters["photo_id"] ?? ""
            guard Int64(id) != nil, Int64(photo) != nil, let visit = try? await server.begin(request) else {
                return EndpointResponse(status: 404, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data("404 Not Found\n".utf8))
            }
            let response = await visit.api.call(APICall(.get, "/api/v1/products/\(id)/photos/\(photo)", principal: visit.principal))
            guard response.ok else {
                return EndpointResponse(status: response.status, headers: [("Content-Type", "text/plain; charset=utf-8")],
                                        body: Data("\(response.status)\n".utf8))
            }
            let keep = ["content-type", "cache-control", "x-content-type-options"]
            return EndpointResponse(status: 200, headers: response.headers.filter { keep.contains($0.0.lowercased()) } + [("Vary", "Cookie")],
                                    body: response.body)
        }
    }

    static let openAPI = """
        paths:
          /products/{id}/photos/{photo_id}:
            get:
              summary: A product photo, as the signed-in visitor may see it
              operationId: webGetProductsIdPhotosPhotoId
              tags: [web pages]
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {name: photo_id, in: path, required: true, schema: {type: string}}
              responses:
                '200': {description: The image, content: {image/jpeg: {schema: {type: string, format: binary}}, image/png: {schema: {type: string, format: binary}}, image/webp: {schema: {type: string, format: binary}}}}
                '404': {description: 'No such photo, or not visible to this visitor', content: {text/plain: {schema: {type: string}}}}
        """
}
