import OCOPDomain

/// The registry's part of `/openapi.yaml` (OpenAPI 3.1). Shared pieces (`Problem`, `limit`,
/// `offset`, `id`, bearer auth) come from the host's base document.
enum RegistryOpenAPI {
    /// The 34 current province codes: the only values `?province=` accepts.
    static var provinceCodes: String {
        ((try? AdminUnits.shared)?.provinces ?? []).map { "'\($0.code.rawValue)'" }.joined(separator: ", ")
    }

    static let document = #"""
paths:
  /api/v1/subjects:
    get:
      operationId: searchSubjects
      summary: Search subjects (chủ thể)
      description: Diacritic- and case-insensitive search; sorted in Vietnamese alphabetical order. Records outside the caller's area are returned in their published form only.
      tags: [registry]
      parameters:
        - {name: q, in: query, schema: {type: string}, description: Part of the name (any diacritics) or the exact registration number}
        - $ref: '#/components/parameters/province'
        - $ref: '#/components/parameters/commune'
        - $ref: '#/components/parameters/legal_form'
        - {name: sales_channel, in: query, schema: {type: string}}
        - $ref: '#/components/parameters/sort'
        - $ref: '#/components/parameters/limit'
        - $ref: '#/components/parameters/offset'
      responses:
        '200': {description: A page of subjects, content: {application/json: {schema: {$ref: '#/components/schemas/SubjectPage'}}}}
        '422': {$ref: '#/components/responses/Problem'}
    post:
      operationId: createSubject
      summary: Register a subject
      tags: [registry]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/SubjectInput'}}}
      responses:
        '201': {description: Registered, content: {application/json: {schema: {$ref: '#/components/schemas/Subject'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/subjects/{id}:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getSubject
      summary: Get a subject
      tags: [registry]
      responses:
        '200': {description: The subject, content: {application/json: {schema: {$ref: '#/components/schemas/Subject'}}}}
        '404': {$ref: '#/components/responses/Problem'}
    patch:
      operationId: updateSubject
      summary: Change a subject (fields given replace the stored ones; the previous version is kept in its history)
      tags: [registry]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/SubjectInput'}}}
      responses:
        '200': {description: The changed subject, content: {application/json: {schema: {$ref: '#/components/schemas/Subject'}}}}
        '202':
          description: >-
            A producer asked to change scored facts (legal form, tax code, woman or ethnic-minority representative):
            a request for an officer was filed and the rest of the edit applied
          content: {application/json: {schema: {$ref: '#/components/schemas/ChangeRequest'}}}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/subjects/{id}/change-requests:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: listSubjectChangeRequests
      summary: Producers' requests to change scored facts, newest first (callers who see the subject fully)
      tags: [registry]
      security: [{bearer: []}]
      responses:
        '200': {description: The requests, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/ChangeRequest'}}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
  /api/v1/subjects/{id}/change-requests/{request_id}/approve:
    parameters:
      - $ref: '#/components/parameters/id'
      - {name: request_id, in: path, required: true, schema: {type: integer}}
    post:
      operationId: approveSubjectChangeRequest
      summary: Approve a pending change of scored facts (officers of the subject's area); the change applies
      tags: [registry]
      security: [{bearer: []}]
      responses:
        '200': {description: The decided request, content: {application/json: {schema: {$ref: '#/components/schemas/ChangeRequest'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/subjects/{id}/change-requests/{request_id}/reject:
    parameters:
      - $ref: '#/components/parameters/id'
      - {name: request_id, in: path, required: true, schema: {type: integer}}
    post:
      operationId: rejectSubjectChangeRequest
      summary: Reject a pending change of scored facts, with the reason (officers of the subject's area)
      tags: [registry]
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [reason]
              properties:
                reason: {type: string, minLength: 1, maxLength: 500}
      responses:
        '200': {description: The decided request, content: {application/json: {schema: {$ref: '#/components/schemas/ChangeRequest'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/subjects/{id}/history:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getSubjectHistory
      summary: Earlier versions of a subject, newest first
      tags: [registry]
      security: [{bearer: []}]
      responses:
        '200':
          description: Superseded versions
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/SubjectVersion'}}}}
        '404': {$ref: '#/components/responses/Problem'}
  /api/v1/products/{id}/history:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getProductHistory
      summary: Earlier versions of a product, newest first (callers who see it fully)
      tags: [registry]
      security: [{bearer: []}]
      responses:
        '200':
          description: Superseded versions
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/ProductVersion'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
  /api/v1/products:
    get:
      operationId: searchProducts
      summary: Search products
      description: Diacritic- and case-insensitive search; Vietnamese alphabetical order; stable under paging. Outside the caller's area only active products, in published form.
      tags: [registry]
      parameters:
        - {name: q, in: query, schema: {type: string}, description: 'Part of the product name, with or without diacritics'}
        - $ref: '#/components/parameters/province'
        - $ref: '#/components/parameters/commune'
        - $ref: '#/components/parameters/legal_form'
        - {name: sector, in: query, schema: {type: integer, minimum: 1, maximum: 6}}
        - {name: product_group, in: query, schema: {type: string, example: '1.3'}}
        - {name: product_set, in: query, schema: {type: integer, minimum: 1, maximum: 26}}
        - {name: stars, in: query, schema: {type: string, example: '4,5'}, description: 'Current star levels, comma-separated'}
        - {name: status, in: query, schema: {type: string, enum: [draft, active, discontinued]}}
        - {name: subject_id, in: query, schema: {type: integer}}
        - $ref: '#/components/parameters/sort'
        - $ref: '#/components/parameters/limit'
        - $ref: '#/components/parameters/offset'
      responses:
        '200': {description: A page of products, content: {application/json: {schema: {$ref: '#/components/schemas/ProductPage'}}}}
        '422': {$ref: '#/components/responses/Problem'}
    post:
      operationId: createProduct
      summary: Register a product
      tags: [registry]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/ProductInput'}}}
      responses:
        '201': {description: Registered, content: {application/json: {schema: {$ref: '#/components/schemas/Product'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/products/{id}:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getProduct
      summary: Get a product with its current certificate
      tags: [registry]
      responses:
        '200': {description: The product, content: {application/json: {schema: {$ref: '#/components/schemas/Product'}}}}
        '404': {$ref: '#/components/responses/Problem'}
    patch:
      operationId: updateProduct
      summary: Change a product (its stars come from certification decisions, not from here)
      tags: [registry]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/ProductInput'}}}
      responses:
        '200': {description: The changed product, content: {application/json: {schema: {$ref: '#/components/schemas/Product'}}}}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/taxonomy:
    get:
      operationId: getTaxonomy
      summary: The 6 sectors, 17 groups and 26 product sets of QĐ 148/QĐ-TTg
      tags: [registry]
      responses:
        '200':
          description: Sectors with their groups and sets
          content: {application/json: {schema: {type: array, items: {type: object}}}}
components:
  parameters:
    province: {name: province, in: query, schema: {type: string, enum: [\#(provinceCodes)]}, description: Current (2025) province code}
    commune: {name: commune, in: query, schema: {type: string, pattern: '^[0-9]{5}$'}, description: Current (2025) commune or ward code}
    legal_form: {name: legal_form, in: query, schema: {$ref: '#/components/schemas/LegalForm'}}
    sort: {name: sort, in: query, schema: {type: string, enum: [name, '-name'], default: name}}
  schemas:
    LegalForm:
      type: string
      enum: [doanh_nghiep, hop_tac_xa, to_hop_tac, ho_kinh_doanh]
    ChangeRequest:
      type: object
      required: [id, subject_id, changes, state, requested_at]
      properties:
        id: {type: integer}
        subject_id: {type: integer}
        changes:
          type: object
          description: The scored fields asked for, with their new values
          properties:
            registration_number: {type: string}
            legal_form: {type: string}
            representative_is_woman: {type: boolean}
            representative_is_ethnic_minority: {type: boolean}
        state: {type: string, enum: [pending, approved, rejected]}
        requested_by: {type: string}
        requested_at: {type: string, format: date-time}
        decided_by: {type: string}
        decided_at: {type: string, format: date-time}
        reason: {type: string}
    SubjectInput:
      type: object
      additionalProperties: false
      properties:
        registration_number: {type: string, description: 'Tax code (10 digits, or 10-3) or registration number'}
        name: {type: string, maxLength: 300}
        legal_form: {type: string, description: 'doanh_nghiep, hop_tac_xa, to_hop_tac, ho_kinh_doanh (Vietnamese names accepted)'}
        commune_code: {type: string, description: Current (2025) commune code}
        legacy_commune_code: {type: string, description: Pre-2025 commune code; mapped to today's commune and kept}
        address: {type: string}
        representative: {type: string}
        representative_is_woman: {type: boolean}
        representative_is_ethnic_minority: {type: boolean}
        phone: {type: string}
        email: {type: string}
        website: {type: string}
        founded_year: {type: integer}
        employees: {type: integer, minimum: 0}
        local_labour_percent: {type: integer, minimum: 0, maximum: 100}
        value_chain: {type: string}
        sales_channels: {type: array, items: {type: string}}
    Subject:
      type: object
      required: [id, registration_number, name, legal_form, province_code, commune_code, sales_channels]
      properties:
        id: {type: integer}
        registration_number: {type: string}
        name: {type: string}
        legal_form: {$ref: '#/components/schemas/LegalForm'}
        legal_form_name: {type: string}
        province_code: {type: string}
        commune_code: {type: string}
        commune_name: {type: string}
        legacy_commune_code: {type: string}
        address: {type: string}
        phone: {type: string}
        email: {type: string}
        website: {type: string}
        sales_channels: {type: array, items: {type: string}}
        representative: {type: string}
        representative_is_woman: {type: boolean, description: Only in the subject's own area}
        representative_is_ethnic_minority: {type: boolean, description: Only in the subject's own area}
        founded_year: {type: integer}
        employees: {type: integer}
        local_labour_percent: {type: integer}
        value_chain: {type: string}
        version: {type: integer}
        created_at: {type: string, format: date-time}
        updated_at: {type: string, format: date-time}
    SubjectPage:
      type: object
      required: [items, total, limit, offset]
      properties:
        items: {type: array, items: {$ref: '#/components/schemas/Subject'}}
        total: {type: integer}
        limit: {type: integer}
        offset: {type: integer}
    SubjectVersion:
      type: object
      properties:
        version: {type: integer}
        changed_at: {type: string, format: date-time}
        changed_by: {type: string}
        snapshot: {$ref: '#/components/schemas/Subject'}
    ProductVersion:
      type: object
      properties:
        version: {type: integer}
        changed_at: {type: string, format: date-time}
        changed_by: {type: string}
        snapshot: {$ref: '#/components/schemas/Product'}
    ProductInput:
      type: object
      additionalProperties: false
      properties:
        subject_id: {type: integer}
        name: {type: string, maxLength: 300}
        product_set: {oneOf: [{type: integer, minimum: 1, maximum: 26}, {type: string}]}
        commune_code: {type: string}
        legacy_commune_code: {type: string}
        description: {type: string}
        packaging: {type: string}
        ingredients: {type: string}
        raw_material_origin: {type: string}
        status: {type: string, enum: [draft, active, discontinued]}
    Certificate:
      type: object
      description: A recognition decision with its provenance; the product's latest decision decides its standing.
      properties:
        stars: {type: integer, minimum: 1, maximum: 5}
        certificate_number: {type: string, description: The certificate's own number (one decision covers a whole round)}
        decision_number: {type: string, description: "The decision's number, e.g. 1234/QĐ-UBND"}
        decided_on: {type: string, format: date, description: The decision's day; 1 January when only the year is known}
        date_precision: {type: string, enum: [day, year]}
        valid_until: {type: string, format: date, description: 36 months after the decision (from 1 January for a year alone)}
        issuing_level: {type: string, enum: [district, province, central]}
        legal_act: {type: string, enum: ['490', '1048', '148', '1489'], description: The Prime Minister's decision in force}
        decision: {type: string, enum: [recognised, potential_5, downgraded, revoked, withdrawn]}
        ground: {type: string, description: 'Why it revoked, withdrew or downgraded'}
        standing: {type: string, enum: [valid, potential_5, expired, revoked, withdrawn], description: Where the product stands by this decision today}
        source: {type: string}
        recorded_by: {type: string}
        import_run: {type: integer}
    Product:
      type: object
      required: [id, subject_id, name, product_set, product_group, sector, province_code, commune_code, status]
      properties:
        id: {type: integer}
        subject_id: {type: integer}
        subject_name: {type: string}
        legal_form: {$ref: '#/components/schemas/LegalForm'}
        province_code: {type: string}
        commune_code: {type: string}
        commune_name: {type: string}
        legacy_commune_code: {type: string}
        name: {type: string}
        product_set: {type: integer}
        product_set_name: {type: string}
        product_group: {type: string}
        sector: {type: integer}
        sector_name: {type: string}
        description: {type: string}
        packaging: {type: string}
        ingredients: {type: string}
        raw_material_origin: {type: string}
        status: {type: string, enum: [draft, active, discontinued]}
        stars: {type: integer, description: Current stars from a valid certificate}
        certificate: {$ref: '#/components/schemas/Certificate'}
        certifications:
          type: array
          description: Every decision, oldest first (exports with history=true)
          items: {$ref: '#/components/schemas/Certificate'}
        photos: {type: array, items: {$ref: '#/components/schemas/Photo'}, description: Only when reading one product}
        version: {type: integer}
        created_at: {type: string, format: date-time}
        updated_at: {type: string, format: date-time}
    ProductPage:
      type: object
      required: [items, total, limit, offset]
      properties:
        items: {type: array, items: {$ref: '#/components/schemas/Product'}}
        total: {type: integer}
        limit: {type: integer}
        offset: {type: integer}
"""#
}
