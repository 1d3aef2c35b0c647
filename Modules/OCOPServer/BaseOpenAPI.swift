/// The server's own part of `/openapi.yaml`: document info, its own routes, and the shared
/// components every plugin's fragment may reference.
extension HTTPServer {
    public static let baseOpenAPI = #"""
openapi: 3.1.0
info:
  title: OCOP platform API
  version: 0.1.0
  description: |
    API of the OCOP programme platform (Mỗi xã một sản phẩm — One Commune One Product):
    registries of producers and products, evaluation, certification and promotion.
    Errors are RFC 9457 problem documents; every response carries an X-Request-ID header.
  license: {name: MIT, identifier: MIT}
servers:
  - url: /
paths:
  /health:
    get:
      operationId: getHealth
      summary: Liveness, database engine and loaded plugins
      tags: [operations]
      responses:
        '200': {description: Healthy, content: {application/json: {schema: {$ref: '#/components/schemas/Health'}}}}
        '503': {description: The database does not answer, content: {application/json: {schema: {$ref: '#/components/schemas/Health'}}}}
  /metrics:
    get:
      operationId: getMetrics
      summary: Prometheus metrics (text exposition format)
      tags: [operations]
      responses:
        '200': {description: Metrics, content: {text/plain: {schema: {type: string}}}}
  /openapi.yaml:
    get:
      operationId: getOpenAPI
      summary: This document
      tags: [operations]
      responses:
        '200': {description: The OpenAPI document, content: {application/yaml: {schema: {type: string}}}}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer, description: 'An API token from POST /api/v1/auth/tokens or `ocop users token`'}
  parameters:
    id: {name: id, in: path, required: true, schema: {type: integer, minimum: 1}}
    limit: {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 500, default: 50}}
    offset: {name: offset, in: query, schema: {type: integer, minimum: 0, default: 0}}
  responses:
    Problem:
      description: An RFC 9457 problem document
      content: {application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}}
  schemas:
    Problem:
      type: object
      required: [type, title, status]
      properties:
        type: {type: string}
        title: {type: string}
        status: {type: integer}
        detail: {type: string}
        instance: {type: string}
        errors:
          type: array
          items:
            type: object
            required: [path, message]
            properties:
              path: {type: string, description: 'JSON-pointer-like path of the field, e.g. /commune_code'}
              message: {type: string}
    Health:
      type: object
      required: [status, version, database, plugins]
      properties:
        status: {type: string, enum: [ok, degraded]}
        version: {type: string}
        uptime_seconds: {type: integer}
        database:
          type: object
          properties:
            engine: {type: string, enum: [sqlite, postgresql]}
            ok: {type: boolean}
        plugins:
          type: array
          items:
            type: object
            properties:
              id: {type: string}
              version: {type: string}
"""#
}
