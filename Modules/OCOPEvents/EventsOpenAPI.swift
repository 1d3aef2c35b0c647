/// `ocop.events`' part of `/openapi.yaml`.
enum EventsOpenAPI {
    static let document = #"""
paths:
  /api/v1/events/kinds:
    get:
      operationId: listEventKinds
      summary: Kinds of event (bundled and contributed) with their typed fields, and the eligibility rules
      tags: [events]
      responses:
        '200':
          description: Kinds and rules
          content:
            application/json:
              schema:
                type: object
                required: [kinds, rules]
                properties:
                  kinds: {type: array, items: {$ref: '#/components/schemas/EventKind'}}
                  rules:
                    type: array
                    items: {type: object, required: [id, summary], properties: {id: {type: string}, summary: {type: string}}}
  /api/v1/events:
    get:
      operationId: listEvents
      summary: List events (published ones to everyone; drafts to their organisers)
      tags: [events]
      parameters:
        - {name: province, in: query, schema: {type: string}, description: Organising province (2025 code)}
        - {name: kind, in: query, schema: {type: string}}
        - {name: q, in: query, schema: {type: string}, description: 'Part of the title, with or without diacritics'}
        - {name: state, in: query, schema: {type: string, enum: [planned, open, closed, cancelled]}}
        - {name: from, in: query, schema: {type: string, format: date}, description: 'Events ending on or after this date'}
        - {name: upcoming, in: query, schema: {type: boolean}, description: 'Only events not over yet (Vietnam''s calendar)'}
        - $ref: '#/components/parameters/limit'
        - $ref: '#/components/parameters/offset'
      responses:
        '200':
          description: A page of events
          content:
            application/json:
              schema:
                type: object
                required: [items, total, limit, offset]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/PromotionEvent'}}
                  total: {type: integer}
                  limit: {type: integer}
                  offset: {type: integer}
        '422': {$ref: '#/components/responses/Problem'}
    post:
      operationId: createEvent
      summary: Create an event (national admins, officers of the organising province); it starts planned
      tags: [events]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/EventInput'}}}
      responses:
        '201': {description: Created, content: {application/json: {schema: {$ref: '#/components/schemas/PromotionEvent'}}}}
        '403': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/events/calendar/{province}:
    parameters:
      - name: province
        in: path
        required: true
        description: 2025 province code, optionally with `.ics` (`31` or `31.ics`)
        schema: {type: string}
    get:
      operationId: getEventCalendar
      summary: iCalendar (RFC 5545) of the province's upcoming open (and cancelled, marked so) events, one all-day VEVENT each
      tags: [events]
      responses:
        '200': {description: The calendar, content: {text/calendar: {schema: {type: string}}}}
        '404': {$ref: '#/components/responses/Problem'}
  /api/v1/events/{id}:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getEvent
      summary: Get an event
      tags: [events]
      responses:
        '200': {description: The event, content: {application/json: {schema: {$ref: '#/components/schemas/PromotionEvent'}}}}
        '404': {$ref: '#/components/responses/Problem'}
    put:
      operationId: updateEvent
      summary: Edit a planned or open event (its organisers); the kind stays
      tags: [events]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/EventInput'}}}
      responses:
        '200': {description: The event, content: {application/json: {schema: {$ref: '#/components/schemas/PromotionEvent'}}}}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/events/{id}/transitions:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: moveEvent
      summary: Open (registration starts), close (results final; publishes events.event-closed) or cancel an event
      tags: [events]
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [to]
              properties:
                to: {type: string, enum: [open, closed, cancelled]}
      responses:
        '200': {description: The event, content: {application/json: {schema: {$ref: '#/components/schemas/PromotionEvent'}}}}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/events/{id}/registrations:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: listEventRegistrations
      summary: Registrations (accepted ones to everyone; waiting and withdrawn to organisers and the applicant)
      tags: [events]
      responses:
        '200':
          description: Registrations in order of application
          content:
            application/json:
              schema:
                type: object
                required: [items, total, limit, offset]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/EventRegistration'}}
                  total: {type: integer}
                  limit: {type: integer}
                  offset: {type: integer}
        '404': {$ref: '#/components/responses/Problem'}
    post:
      operationId: registerForEvent
      summary: Register a subject's products (the producer, officers over the subject, the organisers); a booth, or the waiting list when full
      tags: [events]
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [subject_id, product_ids]
              properties:
                subject_id: {type: integer}
                product_ids: {type: array, minItems: 1, maxItems: 50, items: {type: integer}}
                booth: {type: integer, minimum: 1, description: 'A booth of your choice; otherwise the lowest free one'}
      responses:
        '201': {description: 'Registered: accepted with a booth, or waiting', content: {application/json: {schema: {$ref: '#/components/schemas/EventRegistration'}}}}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/events/{id}/registrations/{registration_id}/withdraw:
    parameters:
      - $ref: '#/components/parameters/id'
      - {name: registration_id, in: path, required: true, schema: {type: integer, minimum: 1}}
    post:
      operationId: withdrawEventRegistration
      summary: Withdraw a registration; the first waiting registration takes the freed booth
      tags: [events]
      security: [{bearer: []}]
      responses:
        '200': {description: The withdrawn registration, content: {application/json: {schema: {$ref: '#/components/schemas/EventRegistration'}}}}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
  /api/v1/events/{id}/results:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getEventResults
      summary: An event's results, row by row, with totals
      tags: [events]
      responses:
        '200': {description: Results, content: {application/json: {schema: {$ref: '#/components/schemas/EventResults'}}}}
        '404': {$ref: '#/components/responses/Problem'}
    post:
      operationId: enterEventResults
      summary: Enter results (organisers, while the event is open); all rows or none; a row repeating a stored booth/session replaces it
      tags: [events]
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [rows]
              properties:
                rows: {type: array, minItems: 1, maxItems: 5000, items: {$ref: '#/components/schemas/EventResultInput'}}
      responses:
        '200': {description: Results after the entry, content: {application/json: {schema: {$ref: '#/components/schemas/EventResults'}}}}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/events/{id}/results/import:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: importEventResults
      summary: 'Import results from CSV (columns registration_id, booth, session, visitors, orders, revenue_total, revenue_ocop and the kind''s result fields); errors by line, nothing stored when any'
      tags: [events]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {text/csv: {schema: {type: string}}}
      responses:
        '200':
          description: Stored
          content:
            application/json:
              schema:
                type: object
                required: [event_id, rows, stored, invalid, written]
                properties:
                  event_id: {type: integer}
                  rows: {type: integer}
                  stored: {type: integer}
                  written: {type: boolean}
                  invalid:
                    type: array
                    items:
                      type: object
                      required: [line, message]
                      properties: {line: {type: integer}, column: {type: integer}, field: {type: string}, message: {type: string}}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/outlets:
    get:
      operationId: listOutlets
      summary: List OCOP points of sale and design centres
      tags: [outlets]
      parameters:
        - {name: province, in: query, schema: {type: string}}
        - {name: kind, in: query, schema: {type: string, enum: [point_of_sale, design_centre]}}
        - {name: q, in: query, schema: {type: string}, description: 'Part of the name, with or without diacritics'}
        - $ref: '#/components/parameters/limit'
        - $ref: '#/components/parameters/offset'
      responses:
        '200':
          description: A page of outlets
          content:
            application/json:
              schema:
                type: object
                required: [items, total, limit, offset]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/Outlet'}}
                  total: {type: integer}
                  limit: {type: integer}
                  offset: {type: integer}
        '422': {$ref: '#/components/responses/Problem'}
    post:
      operationId: createOutlet
      summary: Add a point of sale or design centre (national admins, officers of its province)
      tags: [outlets]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/OutletInput'}}}
      responses:
        '201': {description: Added, content: {application/json: {schema: {$ref: '#/components/schemas/Outlet'}}}}
        '403': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/outlets/{id}:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getOutlet
      summary: An outlet with its shelf (products with a valid certificate, most stars first)
      tags: [outlets]
      responses:
        '200': {description: The outlet, content: {application/json: {schema: {$ref: '#/components/schemas/Outlet'}}}}
        '404': {$ref: '#/components/responses/Problem'}
    put:
      operationId: updateOutlet
      summary: Edit an outlet
      tags: [outlets]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/OutletInput'}}}
      responses:
        '200': {description: The outlet, content: {application/json: {schema: {$ref: '#/components/schemas/Outlet'}}}}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/outlets/{id}/products:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: addOutletProduct
      summary: Put a product on the shelf (only with a certificate valid today of 3★ or more)
      tags: [outlets]
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [product_id]
              properties:
                product_id: {type: integer}
      responses:
        '201': {description: The outlet with its shelf, content: {application/json: {schema: {$ref: '#/components/schemas/Outlet'}}}}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/outlets/{id}/products/{product_id}:
    parameters:
      - $ref: '#/components/parameters/id'
      - {name: product_id, in: path, required: true, schema: {type: integer, minimum: 1}}
    delete:
      operationId: removeOutletProduct
      summary: Take a product off the shelf
      tags: [outlets]
      security: [{bearer: []}]
      responses:
        '204': {description: Removed}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
components:
  schemas:
    EventFieldValues:
      type: object
      description: The kind's own fields, by name (text, dates, URLs and choices as strings; counts and đồng as integers)
      additionalProperties: {type: [string, integer]}
    EventKindField:
      type: object
      required: [name, label, type, required]
      properties:
        name: {type: string}
        label: {type: string}
        type: {type: string, enum: [text, count, vnd, date, url, choice]}
        required: {type: boolean}
        choices: {type: array, items: {type: string}}
    EventKind:
      type: object
      required: [id, name_vi, name_en, online, fields, result_fields, plugin]
      properties:
        id: {type: string}
        name_vi: {type: string}
        name_en: {type: string}
        online: {type: boolean, description: 'Held on a platform rather than at a place'}
        fields: {type: array, items: {$ref: '#/components/schemas/EventKindField'}}
        result_fields: {type: array, items: {$ref: '#/components/schemas/EventKindField'}}
        plugin: {type: string}
    EventInput:
      type: object
      additionalProperties: false
      required: [kind, title, organiser, province_code, starts_on, ends_on, booth_capacity]
      properties:
        kind: {type: string, description: 'A kind from GET /api/v1/events/kinds'}
        title: {type: string, maxLength: 300}
        organiser: {type: string, maxLength: 300}
        province_code: {type: string, description: Organising province (2025 code)}
        starts_on: {type: string, format: date}
        ends_on: {type: string, format: date}
        venue:
          type: object
          additionalProperties: false
          description: 'A 2025 commune code and/or an address; the platform for online kinds'
          properties:
            commune_code: {type: string}
            address: {type: string, maxLength: 500}
            platform: {type: string, maxLength: 200}
        booth_capacity: {type: integer, minimum: 1, maximum: 10000}
        participating_provinces: {type: array, items: {type: string}}
        eligibility: {type: array, items: {type: string}, description: 'Rule ids; default [only-certified]'}
        fields: {type: object, additionalProperties: {type: [string, integer, number, boolean, 'null']}}
    PromotionEvent:
      type: object
      required: [id, kind, title, organiser, province_code, starts_on, ends_on, venue, booth_capacity, participating_provinces,
                 eligibility, fields, state, booths_taken, waiting, created_at, updated_at]
      properties:
        id: {type: integer}
        kind: {type: string}
        title: {type: string}
        organiser: {type: string}
        province_code: {type: string}
        starts_on: {type: string, format: date}
        ends_on: {type: string, format: date}
        venue:
          type: object
          properties:
            commune_code: {type: string}
            commune_name: {type: string}
            address: {type: string}
            platform: {type: string}
        booth_capacity: {type: integer}
        participating_provinces: {type: array, items: {type: string}}
        eligibility: {type: array, items: {type: string}}
        fields: {$ref: '#/components/schemas/EventFieldValues'}
        state: {type: string, enum: [planned, open, closed, cancelled]}
        booths_taken: {type: integer}
        waiting: {type: integer}
        created_at: {type: string}
        updated_at: {type: string}
    EventRegistration:
      type: object
      required: [id, event_id, subject_id, subject_name, state, products, created_at]
      properties:
        id: {type: integer}
        event_id: {type: integer}
        subject_id: {type: integer}
        subject_name: {type: string}
        state: {type: string, enum: [accepted, waiting, withdrawn]}
        booth: {type: integer}
        waiting_position: {type: integer}
        products:
          type: array
          items:
            type: object
            required: [id, name]
            properties: {id: {type: integer}, name: {type: string}, stars: {type: integer}}
        created_at: {type: string}
    EventResultInput:
      type: object
      additionalProperties: false
      description: 'One row: per booth (registration_id or booth), per session, or for the whole event. Money in whole đồng.'
      properties:
        registration_id: {type: integer}
        booth: {type: integer}
        session: {type: string, maxLength: 100}
        visitors: {type: integer, minimum: 0}
        orders: {type: integer, minimum: 0}
        revenue_total: {type: integer, minimum: 0}
        revenue_ocop: {type: integer, minimum: 0}
        fields: {type: object, additionalProperties: {type: [string, integer, number, boolean, 'null']}}
    EventResults:
      type: object
      required: [event_id, visitors, orders, revenue_total, revenue_ocop, rows]
      properties:
        event_id: {type: integer}
        visitors: {type: integer}
        orders: {type: integer}
        revenue_total: {type: integer}
        revenue_ocop: {type: integer}
        rows:
          type: array
          items:
            type: object
            required: [id, visitors, orders, revenue_total, revenue_ocop, fields, entered_at]
            properties:
              id: {type: integer}
              registration_id: {type: integer}
              booth: {type: integer}
              subject_name: {type: string}
              session: {type: string}
              visitors: {type: integer}
              orders: {type: integer}
              revenue_total: {type: integer}
              revenue_ocop: {type: integer}
              fields: {$ref: '#/components/schemas/EventFieldValues'}
              entered_at: {type: string}
    OutletInput:
      type: object
      additionalProperties: false
      required: [kind, name, location_type, operator, commune_code, opened_on]
      properties:
        kind: {type: string, enum: [point_of_sale, design_centre]}
        name: {type: string, maxLength: 300}
        location_type: {type: string, enum: [station, airport, highway_stop, supermarket, market, tourist_site, hotel, craft_village, other]}
        operator: {type: string, maxLength: 300}
        commune_code: {type: string, description: 2025 commune code}
        legacy_district_code: {type: string, description: 'Pre-2025 district, where known'}
        address: {type: string, maxLength: 300}
        opened_on: {type: string, format: date}
        closed_on: {type: string, format: date}
    Outlet:
      type: object
      required: [id, kind, name, location_type, operator, province_code, commune_code, opened_on]
      properties:
        id: {type: integer}
        kind: {type: string, enum: [point_of_sale, design_centre]}
        name: {type: string}
        location_type: {type: string}
        operator: {type: string}
        province_code: {type: string}
        commune_code: {type: string}
        commune_name: {type: string}
        legacy_district_code: {type: string}
        address: {type: string}
        opened_on: {type: string, format: date}
        closed_on: {type: string, format: date}
        products:
          type: array
          description: The shelf (detail only)
          items:
            type: object
            required: [product_id, product_name, subject_id, subject_name, stars, added_at]
            properties:
              product_id: {type: integer}
              product_name: {type: string}
              subject_id: {type: integer}
              subject_name: {type: string}
              stars: {type: integer}
              added_at: {type: string}
"""#
}
