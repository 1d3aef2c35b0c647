/// Hà Nội's part of `/openapi.yaml`.
enum HaNoiOpenAPI {
    static let document = #"""
paths:
  /api/v1/ha-noi/craft-villages:
    get:
      operationId: listHaNoiCraftVillages
      summary: List Hà Nội craft villages (làng nghề)
      tags: [ha-noi]
      parameters:
        - {name: q, in: query, schema: {type: string}, description: 'Part of the name, with or without diacritics'}
        - {name: commune, in: query, schema: {type: string}}
        - {name: recognised, in: query, schema: {type: boolean}}
        - $ref: '#/components/parameters/limit'
        - $ref: '#/components/parameters/offset'
      responses:
        '200':
          description: A page of villages
          content:
            application/json:
              schema:
                type: object
                required: [items, total, limit, offset]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/HaNoiCraftVillage'}}
                  total: {type: integer}
                  limit: {type: integer}
                  offset: {type: integer}
        '422': {$ref: '#/components/responses/Problem'}
    post:
      operationId: createHaNoiCraftVillage
      summary: Add a craft village (Hà Nội officers, national admins)
      tags: [ha-noi]
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name, commune_code, craft, recognised]
              properties:
                name: {type: string, maxLength: 200}
                commune_code: {type: string}
                craft: {type: string, maxLength: 200}
                recognised: {type: boolean}
                year_recognised: {type: integer}
      responses:
        '201': {description: Added, content: {application/json: {schema: {$ref: '#/components/schemas/HaNoiCraftVillage'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/ha-noi/craft-villages/{id}:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getHaNoiCraftVillage
      summary: Get a craft village with its producers and currently certified products
      tags: [ha-noi]
      responses:
        '200': {description: The village, content: {application/json: {schema: {$ref: '#/components/schemas/HaNoiCraftVillage'}}}}
        '404': {$ref: '#/components/responses/Problem'}
  /api/v1/ha-noi/craft-villages/{id}/products:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: linkHaNoiVillageProduct
      summary: Name this village as a Hà Nội product's village (whoever may change the product)
      tags: [ha-noi]
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [product_id]
              properties:
                product_id: {type: integer}
      responses:
        '201': {description: The village after linking, content: {application/json: {schema: {$ref: '#/components/schemas/HaNoiCraftVillage'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/ha-noi/craft-villages/{id}/products/{product_id}:
    parameters:
      - $ref: '#/components/parameters/id'
      - {name: product_id, in: path, required: true, schema: {type: integer}}
    delete:
      operationId: unlinkHaNoiVillageProduct
      summary: Remove a product from its village
      tags: [ha-noi]
      security: [{bearer: []}]
      responses:
        '204': {description: Removed}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
components:
  schemas:
    HaNoiCraftVillage:
      type: object
      required: [id, name, commune_code, craft, recognised, tourism_linked]
      properties:
        id: {type: integer}
        name: {type: string}
        commune_code: {type: string}
        commune_name: {type: string}
        craft: {type: string}
        recognised: {type: boolean}
        year_recognised: {type: integer}
        tourism_linked: {type: boolean}
        subjects:
          type: array
          description: Producers with a product linked to the village (detail only)
          items: {type: object, required: [id, name], properties: {id: {type: integer}, name: {type: string}}}
        certified_products:
          type: array
          description: Linked products with a certificate valid today, most stars first (detail only)
          items:
            type: object
            required: [id, name, stars]
            properties: {id: {type: integer}, name: {type: string}, stars: {type: integer, minimum: 3, maximum: 5}}
"""#
}
