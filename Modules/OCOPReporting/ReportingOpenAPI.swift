/// The statistics and roll-up part of `/openapi.yaml` (OpenAPI 3.1). Names it defines start with
/// `ReportingStat` or `ReportingRollup` (the exports' fragment is the other part of the module).
enum ReportingOpenAPI {
    static let statistics = #"""
paths:
  /api/v1/reports/statistics:
    get:
      operationId: listReportingStatistics
      summary: The catalogue of statistics
      description: 'National admins, province officers, council members and commune officers. Producers and anonymous callers are refused.'
      tags: [reporting]
      security: [{bearer: []}]
      responses:
        '200':
          description: Every statistics table, with what it counts
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/ReportingStatEntry'}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
  /api/v1/reports/statistics/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}, description: 'A table id from the catalogue, e.g. by-province'}
      - {name: province, in: query, schema: {type: string, pattern: '^[0-9]{2}$'}, description: 'A 2025 province code; officers may name only their own (the default); a national admin without it reads the whole host'}
      - {name: as_of, in: query, schema: {type: string, format: date}, description: 'The day standings are taken on (default today, Vietnam time)'}
      - {name: year, in: query, schema: {type: integer, minimum: 2018, maximum: 2100}, description: 'The year of year-bound tables (expiry months, promotion); default the as-of year'}
    get:
      operationId: getReportingStatistic
      summary: One statistics table
      description: >-
        The table's columns, rows, exact definition, as-of day and query time. Unknown, repeated or malformed parameters are 400 problems
        naming the parameter.
      tags: [reporting]
      security: [{bearer: []}]
      responses:
        '200': {description: The table, content: {application/json: {schema: {$ref: '#/components/schemas/ReportingStatTable'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
  /api/v1/reports/bundles:
    post:
      operationId: importReportingRollupBundle
      summary: "Import a province's signed summary bundle"
      description: >-
        National admins only. The body is the file `ocop report bundle export` writes. Refused with nothing stored (422, the field named) when it is
        not a bundle, of another format version, unsigned, from a province without a trusted key, signed by another key or changed after signing;
        409 when older than (or different from, at the same sequence) the stored bundle of its province. The same bundle again answers 200 unchanged.
      tags: [reporting]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/ReportingRollupBundle'}}}
      responses:
        '200': {description: Already imported; nothing changed, content: {application/json: {schema: {$ref: '#/components/schemas/ReportingRollupImport'}}}}
        '201': {description: Imported, content: {application/json: {schema: {$ref: '#/components/schemas/ReportingRollupImport'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/reports/nation:
    get:
      operationId: getReportingRollupNation
      summary: 'The nation: imported provinces and their sum'
      tags: [reporting]
      security: [{bearer: []}]
      responses:
        '200':
          description: Each province's newest bundle and the total
          content:
            application/json:
              schema:
                type: object
                required: [provinces, total, table]
                properties:
                  provinces:
                    type: array
                    items:
                      type: object
                      required: [province_code, province, sequence, as_of, generated_at, imported_at, summary]
                      properties:
                        province_code: {type: string}
                        province: {type: string}
                        sequence: {type: integer}
                        as_of: {type: string, format: date}
                        generated_at: {type: string, format: date-time}
                        imported_at: {type: string, format: date-time}
                        summary: {$ref: '#/components/schemas/ReportingRollupSummary'}
                  total: {$ref: '#/components/schemas/ReportingRollupSummary'}
                  table: {$ref: '#/components/schemas/ReportingStatTable'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
components:
  schemas:
    ReportingStatEntry:
      type: object
      required: [id, title, definition]
      properties:
        id: {type: string}
        title: {type: string}
        definition: {type: string}
    ReportingStatTable:
      type: object
      required: [id, title, definition, as_of, queried_at, columns, rows]
      properties:
        id: {type: string}
        title: {type: string}
        definition: {type: string, description: What is counted, exactly}
        as_of: {type: string, format: date}
        queried_at: {type: string, format: date-time}
        columns:
          type: array
          items:
            type: object
            required: [name, title, kind]
            properties:
              name: {type: string}
              title: {type: string}
              kind: {type: string, enum: [text, integer, percent, vnd, date]}
        rows:
          type: array
          items: {type: array, items: {type: [string, integer, number, 'null']}}
    ReportingRollupStars:
      type: object
      required: [stars_3, stars_4, potential_5, stars_5]
      properties:
        stars_3: {type: integer}
        stars_4: {type: integer}
        potential_5: {type: integer}
        stars_5: {type: integer}
    ReportingRollupSummary:
      type: object
      required: [products, subjects_by_legal_form, certificates_by_year]
      properties:
        products:
          type: array
          items:
            type: object
            required: [sector, legal_form, stars_3, stars_4, potential_5, stars_5]
            properties:
              sector: {type: integer}
              legal_form: {type: string}
              stars_3: {type: integer}
              stars_4: {type: integer}
              potential_5: {type: integer}
              stars_5: {type: integer}
        subjects_by_legal_form: {type: object, additionalProperties: {type: integer}}
        certificates_by_year: {type: object, additionalProperties: {$ref: '#/components/schemas/ReportingRollupStars'}}
        events_by_kind:
          type: object
          additionalProperties:
            type: object
            required: [events, closed, visitors, orders, revenue_total, revenue_ocop]
            properties:
              events: {type: integer}
              closed: {type: integer}
              visitors: {type: integer}
              orders: {type: integer}
              revenue_total: {type: integer}
              revenue_ocop: {type: integer}
    ReportingRollupBundle:
      type: object
      required: [format, format_version, province_code, as_of, generated_at, sequence, public_key, summary, signature]
      properties:
        format: {type: string, const: ocop.reporting.bundle}
        format_version: {type: integer, const: 1}
        province_code: {type: string}
        as_of: {type: string, format: date}
        generated_at: {type: string, format: date-time}
        sequence: {type: integer, minimum: 1}
        public_key: {type: string, description: 'Ed25519 public key, base64'}
        summary: {$ref: '#/components/schemas/ReportingRollupSummary'}
        signature: {type: string, description: 'Ed25519 over the canonical JSON of the bundle without signature (docs/reporting.md), base64'}
    ReportingRollupImport:
      type: object
      required: [outcome, province_code, sequence, as_of]
      properties:
        outcome: {type: string, enum: [imported, unchanged]}
        province_code: {type: string}
        sequence: {type: integer}
        as_of: {type: string, format: date}
"""#
}
