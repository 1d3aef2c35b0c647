/// Bắc Ninh's part of `/openapi.yaml`.
enum BacNinhOpenAPI {
    static let document = #"""
paths:
  /api/v1/bac-ninh/rewards:
    get:
      operationId: listBacNinhRewards
      summary: Rewards due for new OCOP star levels (Bắc Ninh officers, national admins)
      tags: [bac-ninh]
      security: [{bearer: []}]
      parameters:
        - {name: year, in: query, schema: {type: integer, minimum: 2019, maximum: 2100}, description: 'Only decisions of this year'}
        - $ref: '#/components/parameters/limit'
        - $ref: '#/components/parameters/offset'
      responses:
        '200':
          description: A page of rewards and the total amount of every matching one
          content:
            application/json:
              schema:
                type: object
                required: [items, total, limit, offset, amount_vnd]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/BacNinhReward'}}
                  total: {type: integer}
                  limit: {type: integer}
                  offset: {type: integer}
                  amount_vnd: {type: integer, description: Sum in đồng}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/bac-ninh/rewards/export:
    get:
      operationId: exportBacNinhRewards
      summary: A year's rewards as CSV (Excel-friendly)
      tags: [bac-ninh]
      security: [{bearer: []}]
      parameters:
        - {name: year, in: query, schema: {type: integer, minimum: 2019, maximum: 2100}}
      responses:
        '200': {description: CSV with a BOM, content: {text/csv: {schema: {type: string}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
components:
  schemas:
    BacNinhReward:
      type: object
      required: [id, event_id, product_id, product_name, subject_id, subject_name, stars, previous_stars, kind, amount_vnd, decided_on]
      properties:
        id: {type: integer}
        event_id: {type: integer, description: The certification event that made it due}
        product_id: {type: integer}
        product_name: {type: string}
        subject_id: {type: integer}
        subject_name: {type: string}
        stars: {type: integer, minimum: 3, maximum: 5}
        previous_stars: {type: integer, minimum: 0, maximum: 5, description: 0 when the product had never been certified}
        kind: {type: string, enum: [new_level, upgrade]}
        amount_vnd: {type: integer, minimum: 0}
        decided_on: {type: string, format: date}
        certificate_number: {type: [string, 'null']}
"""#
}
