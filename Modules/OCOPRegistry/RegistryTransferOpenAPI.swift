/// The registry's imports, exports and photos in `/openapi.yaml`.
enum RegistryTransferOpenAPI {
    static let document = #"""
paths:
  /api/v1/imports/subjects:
    post:
      operationId: importSubjects
      summary: Import a spreadsheet of subjects (CSV, docs/import-format.md)
      description: Every row is checked first. Without skip_invalid one invalid row means nothing is written (422 listing every row); re-importing the same file changes nothing.
      tags: [registry]
      security: [{bearer: []}]
      parameters:
        - $ref: '#/components/parameters/import_province'
        - $ref: '#/components/parameters/dry_run'
        - $ref: '#/components/parameters/skip_invalid'
        - $ref: '#/components/parameters/columns'
        - $ref: '#/components/parameters/file_name'
      requestBody:
        required: true
        content: {text/csv: {schema: {type: string}}}
      responses:
        '200': {description: What was (or in a dry run would be) imported, content: {application/json: {schema: {$ref: '#/components/schemas/ImportReport'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/imports/products:
    post:
      operationId: importProducts
      summary: Import a spreadsheet of products (CSV); subjects must be imported first
      tags: [registry]
      security: [{bearer: []}]
      parameters:
        - $ref: '#/components/parameters/import_province'
        - $ref: '#/components/parameters/dry_run'
        - $ref: '#/components/parameters/skip_invalid'
        - $ref: '#/components/parameters/columns'
        - $ref: '#/components/parameters/file_name'
      requestBody:
        required: true
        content: {text/csv: {schema: {type: string}}}
      responses:
        '200': {description: What was (or in a dry run would be) imported, content: {application/json: {schema: {$ref: '#/components/schemas/ImportReport'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/imports:
    get:
      operationId: listImportRuns
      summary: Import runs, newest first (officers see their province's)
      tags: [registry]
      security: [{bearer: []}]
      parameters:
        - $ref: '#/components/parameters/province'
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 200, default: 50}}
        - {name: offset, in: query, schema: {type: integer, minimum: 0, default: 0}}
      responses:
        '200': {description: The runs, content: {application/json: {schema: {$ref: '#/components/schemas/ImportRunPage'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/imports/{id}/undo:
    post:
      operationId: undoImportRun
      summary: Undo an import run while nothing depends on it (what it created and the decisions it recorded are removed)
      tags: [registry]
      security: [{bearer: []}]
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        '200': {description: Undone, content: {application/json: {schema: {$ref: '#/components/schemas/ImportUndone'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
  /api/v1/exports/subjects:
    get:
      operationId: exportSubjects
      summary: Export a subject search (CSV in the import format with a BOM for Excel, or JSON)
      tags: [registry]
      parameters:
        - $ref: '#/components/parameters/export_format'
        - {name: q, in: query, schema: {type: string}}
        - $ref: '#/components/parameters/province'
        - $ref: '#/components/parameters/commune'
        - $ref: '#/components/parameters/legal_form'
        - {name: sales_channel, in: query, schema: {type: string}}
      responses:
        '200':
          description: The file
          content:
            text/csv: {schema: {type: string}}
            application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Subject'}}}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/exports/products:
    get:
      operationId: exportProducts
      summary: Export a product search (CSV in the import format with a BOM for Excel, or JSON)
      tags: [registry]
      parameters:
        - $ref: '#/components/parameters/export_format'
        - {name: q, in: query, schema: {type: string}}
        - $ref: '#/components/parameters/province'
        - $ref: '#/components/parameters/commune'
        - $ref: '#/components/parameters/legal_form'
        - {name: sector, in: query, schema: {type: integer, minimum: 1, maximum: 6}}
        - {name: product_group, in: query, schema: {type: string}}
        - {name: product_set, in: query, schema: {type: integer, minimum: 1, maximum: 26}}
        - {name: stars, in: query, schema: {type: string}}
        - {name: status, in: query, schema: {type: string, enum: [draft, active, discontinued]}}
        - {name: subject_id, in: query, schema: {type: integer}}
        - {name: history, in: query, description: 'Every decision of each product (a CSV row per decision), not only the latest', schema: {type: boolean, default: false}}
      responses:
        '200':
          description: The file
          content:
            text/csv: {schema: {type: string}}
            application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Product'}}}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/products/{id}/photos:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: addProductPhoto
      summary: Add a photo (the body is the image; JPEG, PNG or WebP, checked by content)
      tags: [registry]
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          image/jpeg: {schema: {type: string, contentEncoding: binary}}
          image/png: {schema: {type: string, contentEncoding: binary}}
          image/webp: {schema: {type: string, contentEncoding: binary}}
      responses:
        '201': {description: Stored, content: {application/json: {schema: {$ref: '#/components/schemas/Photo'}}}}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '415': {$ref: '#/components/responses/Problem'}
  /api/v1/products/{id}/photos/{photo_id}:
    parameters:
      - $ref: '#/components/parameters/id'
      - {name: photo_id, in: path, required: true, schema: {type: integer, minimum: 1}}
    get:
      operationId: getProductPhoto
      summary: The photo's bytes
      tags: [registry]
      responses:
        '200':
          description: The image
          content:
            image/jpeg: {schema: {type: string, contentEncoding: binary}}
            image/png: {schema: {type: string, contentEncoding: binary}}
            image/webp: {schema: {type: string, contentEncoding: binary}}
        '404': {$ref: '#/components/responses/Problem'}
    delete:
      operationId: deleteProductPhoto
      summary: Delete a photo
      tags: [registry]
      security: [{bearer: []}]
      responses:
        '204': {description: Deleted}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
  /api/v1/review-queue:
    get:
      operationId: listReviewQueue
      summary: Rows an import could not place without a guess (province officers see their province)
      tags: [imports]
      security: [{bearer: []}]
      parameters:
        - $ref: '#/components/parameters/province'
        - {name: state, in: query, schema: {type: string, enum: [open, resolved]}}
        - $ref: '#/components/parameters/limit'
        - $ref: '#/components/parameters/offset'
      responses:
        '200':
          description: A page of review items
          content:
            application/json:
              schema:
                type: object
                required: [items, total, limit, offset]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/ReviewItem'}}
                  total: {type: integer}
                  limit: {type: integer}
                  offset: {type: integer}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/review-queue/{id}/resolve:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: resolveReviewItem
      summary: Choose the commune (or product set) of a queued row among its candidates; the record is registered
      tags: [imports]
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              description: One of the two, as the item's field says
              properties:
                commune_code: {type: string}
                product_set: {type: integer, minimum: 1, maximum: 26}
      responses:
        '200': {description: The resolved item, content: {application/json: {schema: {$ref: '#/components/schemas/ReviewItem'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
components:
  parameters:
    import_province: {name: province, in: query, schema: {type: string}, description: 'The province the file belongs to; required for national admins, officers import into their own'}
    dry_run: {name: dry_run, in: query, schema: {type: boolean, default: false}, description: Check every row and report; write nothing}
    skip_invalid: {name: skip_invalid, in: query, schema: {type: boolean, default: false}, description: Import the valid rows and report the others}
    columns: {name: columns, in: query, schema: {type: string}, description: 'The sheet''s own headers as a JSON object of header to column (null to skip one), e.g. {"Tên SP": "name", "Ghi chú": null}'}
    file_name: {name: file_name, in: query, schema: {type: string, maxLength: 255}, description: "The file's name, recorded with the import run"}
    export_format: {name: format, in: query, schema: {type: string, enum: [csv, json], default: csv}}
  schemas:
    ImportReport:
      type: object
      required: [kind, province, rows, created, updated, unchanged, invalid, dry_run, written]
      properties:
        kind: {type: string, enum: [subjects, products]}
        province: {type: string}
        rows: {type: integer}
        created: {type: integer}
        updated: {type: integer}
        unchanged: {type: integer}
        certifications: {type: integer}
        dry_run: {type: boolean}
        written: {type: boolean}
        import_run: {type: integer, description: The committed import run (absent when nothing was written)}
        invalid:
          type: array
          items: {$ref: '#/components/schemas/ImportRowIssue'}
        queued:
          type: array
          description: Rows kept in the review queue (a divided pre-2025 commune the address does not settle)
          items: {$ref: '#/components/schemas/ImportRowIssue'}
        warnings:
          type: array
          description: Values repaired on the way (leading zeros Excel dropped), which were imported as repaired
          items: {$ref: '#/components/schemas/ImportRowIssue'}
    ImportRun:
      type: object
      required: [id, kind, province_code, file_sha256, actor, started_at, rows, created, updated, unchanged, certifications, queued, rejected, state]
      properties:
        id: {type: integer}
        kind: {type: string, enum: [subjects, products]}
        province_code: {type: string}
        file_name: {type: string}
        file_sha256: {type: string}
        actor: {type: string}
        started_at: {type: string, format: date-time}
        rows: {type: integer}
        created: {type: integer}
        updated: {type: integer}
        unchanged: {type: integer}
        certifications: {type: integer}
        queued: {type: integer}
        rejected: {type: integer}
        state: {type: string, enum: [done, undone]}
        undone_at: {type: string, format: date-time}
        undone_by: {type: string}
    ImportRunPage:
      type: object
      required: [items, total, limit, offset]
      properties:
        items: {type: array, items: {$ref: '#/components/schemas/ImportRun'}}
        total: {type: integer}
        limit: {type: integer}
        offset: {type: integer}
    ImportUndone:
      type: object
      required: [run, records_removed, decisions_removed]
      properties:
        run: {$ref: '#/components/schemas/ImportRun'}
        records_removed: {type: integer}
        decisions_removed: {type: integer}
    ReviewItem:
      type: object
      required: [id, province_code, sheet, line, field, reason, candidates, record, state, created_at]
      properties:
        id: {type: integer}
        province_code: {type: string}
        sheet: {type: string, enum: [subjects, products]}
        field: {type: string, enum: [commune_code, product_set], description: What the candidates are for}
        line: {type: integer, description: The row's line in the imported file}
        reason: {type: string}
        candidates:
          type: array
          items: {type: object, required: [code, name], properties: {code: {type: string}, name: {type: string}}}
        record: {type: string, description: The row as read (JSON), registered once the commune is chosen}
        state: {type: string, enum: [open, resolved]}
        created_at: {type: string, format: date-time}
        resolved_by: {type: string}
        resolved_at: {type: string, format: date-time}
        record_id: {type: integer, description: The subject or product registered from it}
    ImportRowIssue:
      type: object
      required: [line, message]
      properties:
        line: {type: integer}
        column: {type: integer}
        field: {type: string}
        message: {type: string}
        message_vi: {type: string, description: 'The same in Vietnamese, for the clerks who fix the sheet (absent when no wording is known)'}
    Photo:
      type: object
      required: [id, content_type, bytes, sha256, url]
      properties:
        id: {type: integer}
        content_type: {type: string}
        bytes: {type: integer}
        sha256: {type: string}
        url: {type: string}
"""#
}
