/// The rating module's part of `/openapi.yaml` (OpenAPI 3.1). Shared pieces (`Problem`, `limit`,
/// `offset`, `id`, bearer auth) come from the host's base document; every name this fragment
/// defines starts with `Rating`. Optional fields are absent when empty (never `null`).
enum RatingOpenAPI {
    static let document = #"""
paths:
  /api/v1/rating/criteria-sets:
    get:
      operationId: listRatingCriteriaSets
      summary: List the criteria sets (score sheets)
      description: 'Public, so that producers can self-assess. A set with problems is listed with them and cannot be scored (usable false).'
      tags: [rating]
      responses:
        '200':
          description: 'Every criteria set on this host, bundled and contributed'
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/RatingCriteriaSetSummary'}}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/criteria-sets/{act}/{code}:
    parameters:
      - {name: act, in: path, required: true, schema: {$ref: '#/components/schemas/RatingLegalAct'}, description: 'The act whose sheet it is (148 for QĐ 148/QĐ-TTg)'}
      - {name: code, in: path, required: true, schema: {type: string}, description: '1 to 26 for the official sets, a pilot set''s own code otherwise'}
    get:
      operationId: getRatingCriteriaSet
      summary: 'One criteria set with its parts, criteria, options and gates'
      tags: [rating]
      responses:
        '200': {description: The set as its file declares it (docs/rating.md), content: {application/json: {schema: {$ref: '#/components/schemas/RatingCriteriaSet'}}}}
        '404': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/dossiers:
    post:
      operationId: createRatingDossier
      summary: File a dossier (draft)
      description: >-
        By the producer of the product's subject or an officer of its area. The process and criteria set follow the act in force
        on the submission day; a product has at most one open dossier.
      tags: [rating]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/RatingNewDossier'}}}
      responses:
        '201': {description: Filed, content: {application/json: {schema: {$ref: '#/components/schemas/RatingDossier'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
    get:
      operationId: listRatingDossiers
      summary: 'List the dossiers the caller may see, newest first'
      description: 'Officers see their area''s, producers their own subject''s, council members those of their rounds, national admins all.'
      tags: [rating]
      security: [{bearer: []}]
      parameters:
        - {name: state, in: query, schema: {$ref: '#/components/schemas/RatingDossierState'}}
        - {name: round_id, in: query, schema: {type: integer, minimum: 1}}
        - {name: product_id, in: query, schema: {type: integer, minimum: 1}}
        - $ref: '#/components/parameters/limit'
        - $ref: '#/components/parameters/offset'
      responses:
        '200':
          description: A page of dossiers
          content:
            application/json:
              schema:
                type: object
                required: [items, total, limit, offset]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/RatingDossierSummary'}}
                  total: {type: integer}
                  limit: {type: integer}
                  offset: {type: integer}
        '401': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/dossiers/{id}:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getRatingDossier
      summary: 'One dossier: facts, papers, results, decisions'
      tags: [rating]
      security: [{bearer: []}]
      responses:
        '200': {description: The dossier, content: {application/json: {schema: {$ref: '#/components/schemas/RatingDossier'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/dossiers/{id}/self-assessment:
    parameters:
      - $ref: '#/components/parameters/id'
    put:
      operationId: saveRatingSelfAssessment
      summary: "Save the applicant's self-assessment (a filled sheet)"
      description: 'In draft or returned only. The sheet must be complete (every criterion answered with one of its options, one alternative per group).'
      tags: [rating]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/RatingPoints'}}}
      responses:
        '200': {description: The dossier with its self-assessment, content: {application/json: {schema: {$ref: '#/components/schemas/RatingDossier'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/dossiers/{id}/attachments:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: addRatingAttachment
      summary: 'Attach a paper (the body is the file; PDF or image, checked by content)'
      description: >-
        In draft or returned only. Sample photos must be JPEG, PNG or WebP; other papers may also be PDF. A declared Content-Type other
        than application/octet-stream must agree with the bytes. The same file attached twice under the same kind is stored once.
      tags: [rating]
      security: [{bearer: []}]
      parameters:
        - {name: kind, in: query, required: true, schema: {$ref: '#/components/schemas/RatingAttachmentKind'}}
      requestBody:
        required: true
        content:
          application/pdf: {schema: {type: string, contentEncoding: binary}}
          image/jpeg: {schema: {type: string, contentEncoding: binary}}
          image/png: {schema: {type: string, contentEncoding: binary}}
          image/webp: {schema: {type: string, contentEncoding: binary}}
          application/octet-stream: {schema: {type: string, contentEncoding: binary}}
      responses:
        '201': {description: Stored (or the identical paper already stored), content: {application/json: {schema: {$ref: '#/components/schemas/RatingAttachment'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '415': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/dossiers/{id}/attachments/{attachment}:
    parameters:
      - $ref: '#/components/parameters/id'
      - {name: attachment, in: path, required: true, schema: {type: integer, minimum: 1}}
    get:
      operationId: getRatingAttachment
      summary: Download a paper
      tags: [rating]
      security: [{bearer: []}]
      responses:
        '200':
          description: "The file's bytes, with the type found when it was stored"
          headers:
            Content-Disposition: {schema: {type: string, const: attachment}}
            X-Content-Type-Options: {schema: {type: string, const: nosniff}}
          content:
            application/pdf: {schema: {type: string, contentEncoding: binary}}
            image/jpeg: {schema: {type: string, contentEncoding: binary}}
            image/png: {schema: {type: string, contentEncoding: binary}}
            image/webp: {schema: {type: string, contentEncoding: binary}}
        '401': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/dossiers/{id}/transitions:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: transitionRatingDossier
      summary: 'Move a dossier (submit, check, return, declare eligible, cancel)'
      description: >-
        draft → submitted or cancelled; submitted → checking, returned or cancelled; checking → returned, eligible or cancelled;
        returned → submitted or cancelled; eligible and scoring → cancelled. Submitting freezes the product's facts and needs the
        self-assessment and the process's papers; returning and cancelling need a reason. Under QĐ 1489 the commune's pre-assessment,
        not this, makes a dossier eligible. Scoring and completed are reached through rounds only (409).
      tags: [rating]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/RatingTransition'}}}
      responses:
        '200': {description: The moved dossier, content: {application/json: {schema: {$ref: '#/components/schemas/RatingDossier'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/dossiers/{id}/pre-assessment:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: preAssessRatingDossier
      summary: "The commune's pre-assessment: forward or return (QĐ 1489)"
      description: >-
        Officers of the dossier's commune (or its province) on a submitted or checking dossier. Forwarding needs the form and all four
        local criteria met and makes the dossier eligible at the first scoring level; returning needs a note.
      tags: [rating]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/RatingPreAssessment'}}}
      responses:
        '200': {description: The forwarded or returned dossier, content: {application/json: {schema: {$ref: '#/components/schemas/RatingDossier'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/dossiers/{id}/history:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getRatingDossierHistory
      summary: "The dossier's hash-chained record (officers, admins and its round's members)"
      tags: [rating]
      security: [{bearer: []}]
      responses:
        '200':
          description: 'The chain, oldest entry first'
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/RatingChainEntry'}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/dossiers/{id}/advice:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getRatingUpgradeAdvice
      summary: Upgrade advice from the self-assessment
      description: The smallest change of answers that reaches the next star level. 409 when there is no self-assessment or no change can reach it.
      tags: [rating]
      security: [{bearer: []}]
      responses:
        '200': {description: The advice, content: {application/json: {schema: {$ref: '#/components/schemas/RatingAdvice'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/dossiers/{id}/sheet:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getRatingSheet
      summary: "The caller's own score sheet on the dossier"
      description: For the chair and members of the round scoring the dossier who declared no conflict with its producer.
      tags: [rating]
      security: [{bearer: []}]
      responses:
        '200': {description: The sheet (empty before the first answer), content: {application/json: {schema: {$ref: '#/components/schemas/RatingSheet'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
    put:
      operationId: saveRatingSheet
      summary: "Save answers on the caller's score sheet"
      description: "Any subset of criteria, merged into the sheet; each answer must be one of its criterion's options. Not after the sheet was submitted."
      tags: [rating]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/RatingPoints'}}}
      responses:
        '200': {description: The sheet, content: {application/json: {schema: {$ref: '#/components/schemas/RatingSheet'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/dossiers/{id}/sheet/submit:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: submitRatingSheet
      summary: "Submit the caller's score sheet (final)"
      description: The sheet must be complete; it is appended to the dossier's chain and cannot change afterwards.
      tags: [rating]
      security: [{bearer: []}]
      responses:
        '200': {description: The submitted sheet with its total, content: {application/json: {schema: {$ref: '#/components/schemas/RatingSheet'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/dossiers/{id}/sheets:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: listRatingSheetStatus
      summary: Which members have submitted on the dossier
      description: "The scoring seats of the dossier's current round (empty outside a round); not for producers."
      tags: [rating]
      security: [{bearer: []}]
      responses:
        '200':
          description: One entry per scoring seat
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/RatingSheetStatus'}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/dossiers/{id}/consistency:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getRatingConsistency
      summary: "Spread of the members' scores and outliers"
      description: "Over the submitted sheets of the dossier's current (or last) round; not for producers. 409 when it has not been in a round."
      tags: [rating]
      security: [{bearer: []}]
      responses:
        '200': {description: The spread, content: {application/json: {schema: {$ref: '#/components/schemas/RatingConsistency'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/dossiers/{id}/close:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: closeRatingDossier
      summary: 'The chair closes scoring: result, forwarding or completion'
      description: >-
        By the round's chair once every member without a conflict has submitted. The result is stored and chained; the dossier completes
        or becomes eligible at the next level. The body may be empty.
      tags: [rating]
      security: [{bearer: []}]
      requestBody:
        required: false
        content: {application/json: {schema: {$ref: '#/components/schemas/RatingClose'}}}
      responses:
        '200': {description: The closed dossier with its result, content: {application/json: {schema: {$ref: '#/components/schemas/RatingDossier'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/councils:
    post:
      operationId: createRatingCouncil
      summary: 'Set up a council (national admins, province and commune officers)'
      description: "National admins set up the central council, province officers their province's, commune officers their commune's."
      tags: [rating]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/RatingNewCouncil'}}}
      responses:
        '201': {description: Set up, content: {application/json: {schema: {$ref: '#/components/schemas/RatingCouncil'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
    get:
      operationId: listRatingCouncils
      summary: List the councils the caller may see
      tags: [rating]
      security: [{bearer: []}]
      responses:
        '200':
          description: The councils
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/RatingCouncil'}}
        '401': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/councils/{id}:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getRatingCouncil
      summary: One council with its rounds per year
      tags: [rating]
      security: [{bearer: []}]
      responses:
        '200': {description: The council, content: {application/json: {schema: {$ref: '#/components/schemas/RatingCouncil'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/councils/{id}/rounds:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: createRatingRound
      summary: 'Open a round with its seats (chair, members, secretary, advisors)'
      description: "By the officers of the council's area. Seats go to existing, active accounts other than producers'; exactly one chair, at least one scoring member, one seat per username (case-insensitive)."
      tags: [rating]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/RatingNewRound'}}}
      responses:
        '201': {description: Opened, content: {application/json: {schema: {$ref: '#/components/schemas/RatingRound'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/rounds/{id}:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getRatingRound
      summary: 'One round: seats and dossiers'
      tags: [rating]
      security: [{bearer: []}]
      responses:
        '200': {description: The round, content: {application/json: {schema: {$ref: '#/components/schemas/RatingRound'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/rounds/{id}/dossiers:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: assignRatingDossiers
      summary: 'Put eligible dossiers into the round (national admins, province officers)'
      description: "Each dossier must be eligible, in the council's area and waiting for the council's level; they are then being scored. Commune councils do not score (409)."
      tags: [rating]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/RatingDossierIDs'}}}
      responses:
        '200': {description: The round, content: {application/json: {schema: {$ref: '#/components/schemas/RatingRound'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/rounds/{id}/conflicts:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: declareRatingConflict
      summary: Declare a conflict of interest with a producer
      description: "By a member of the round, before submitting a sheet on any of the producer's dossiers in it (409 after): they will not score them. Once per member and producer."
      tags: [rating]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/RatingNewConflict'}}}
      responses:
        '201': {description: Declared, content: {application/json: {schema: {$ref: '#/components/schemas/RatingConflict'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/rounds/{id}/close:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: closeRatingRound
      summary: The chair closes every dossier of the round whose sheets are all in
      description: "As closing each dossier without gates; the dossiers still waiting for a member's sheet are listed and stay open."
      tags: [rating]
      security: [{bearer: []}]
      responses:
        '200': {description: What was closed and what was not, content: {application/json: {schema: {$ref: '#/components/schemas/RatingRoundClosing'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/rounds/{id}/results:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getRatingRoundResults
      summary: "The round's results, ranked"
      description: >-
        Best score first; ties in Vietnamese alphabetical order of the product name. For the round's
        seats and the officers of its area; a central round shows a province officer its own province's
        dossiers only. A member of another round of the council gets 403.
      tags: [rating]
      security: [{bearer: []}]
      responses:
        '200':
          description: The closed results
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/RatingRankedResult'}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/decisions:
    post:
      operationId: createRatingDecision
      summary: 'Record a decision recognising rated dossiers (national admins, province officers)'
      description: >-
        Each dossier needs a result due for a decision at the level; a provincial decision covers one province. The stars enter the
        registry's certification ledger (valid 36 months). Central decisions are national admins'.
      tags: [rating]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/RatingNewDecision'}}}
      responses:
        '201': {description: Recorded, content: {application/json: {schema: {$ref: '#/components/schemas/RatingDecision'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/decisions/{id}:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getRatingDecision
      summary: 'One decision: products, stars, certificates'
      description: Public once signed.
      tags: [rating]
      responses:
        '200': {description: The decision, content: {application/json: {schema: {$ref: '#/components/schemas/RatingDecision'}}}}
        '404': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/results:
    get:
      operationId: listRatingPublicResults
      summary: Decided stars (public)
      description: "The decisions' items, newest decision first."
      tags: [rating]
      parameters:
        - $ref: '#/components/parameters/rating_province'
        - $ref: '#/components/parameters/limit'
        - $ref: '#/components/parameters/offset'
      responses:
        '200':
          description: A page of decided stars
          content:
            application/json:
              schema:
                type: object
                required: [items, total, limit, offset]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/RatingPublicResult'}}
                  total: {type: integer}
                  limit: {type: integer}
                  offset: {type: integer}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/expiring:
    get:
      operationId: listRatingExpiring
      summary: 'Certificates ending soon (default: within 30 days)'
      description: "Soonest first, at most 5000; officers see their area's, producers their own. Not for council members (403)."
      tags: [rating]
      security: [{bearer: []}]
      parameters:
        - {name: within, in: query, schema: {type: integer, minimum: 0, maximum: 3660, default: 30}, description: Days from today}
        - $ref: '#/components/parameters/rating_province'
      responses:
        '200':
          description: Certificates still holding stars that end within the window
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/RatingExpiringCertificate'}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/inspections:
    post:
      operationId: createRatingInspection
      summary: 'Record an inspection with its findings (national admins, province officers)'
      description: A conclusion other than compliant rests on findings. The inspection is appended to the subject's chain.
      tags: [rating]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/RatingNewInspection'}}}
      responses:
        '201': {description: Recorded, content: {application/json: {schema: {$ref: '#/components/schemas/RatingInspection'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
    get:
      operationId: listRatingInspections
      summary: 'List inspections (national admins, province officers)'
      description: "Newest first, at most 500; province officers see their province's."
      tags: [rating]
      security: [{bearer: []}]
      parameters:
        - {name: subject_id, in: query, schema: {type: integer, minimum: 1}}
        - {name: product_id, in: query, schema: {type: integer, minimum: 1}}
      responses:
        '200':
          description: The inspections
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/RatingInspection'}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/products/{id}/downgrade:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: downgradeRatingProduct
      summary: "Downgrade a product's stars (national admins, province officers)"
      description: "To 3★ up to one below the stars held; the certificate keeps its term. Recorded in the registry's ledger. 409 when the product holds no valid certificate."
      tags: [rating]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/RatingStandingRequest'}}}
      responses:
        '201': {description: Recorded, content: {application/json: {schema: {$ref: '#/components/schemas/RatingStandingChange'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
  /api/v1/rating/products/{id}/revoke:
    parameters:
      - $ref: '#/components/parameters/id'
    post:
      operationId: revokeRatingProduct
      summary: "Revoke a product's recognition (national admins, province officers)"
      description: "The certificate ends on the decision's day; stars is ignored. Recorded in the registry's ledger. 409 when the product holds no valid certificate."
      tags: [rating]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/RatingStandingRequest'}}}
      responses:
        '201': {description: Recorded, content: {application/json: {schema: {$ref: '#/components/schemas/RatingStandingChange'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '413': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '503': {$ref: '#/components/responses/Problem'}
components:
  parameters:
    rating_province: {name: province, in: query, schema: {type: string, pattern: '^[0-9]{2}$'}, description: 'Province code (2 digits, e.g. 01)'}
  schemas:
    RatingLegalAct:
      type: string
      enum: ['490', '1048', '148', '1489']
      description: "The Prime Minister's decision: 490/QĐ-TTg, 1048/QĐ-TTg, 148/QĐ-TTg, 1489/QĐ-TTg"
    RatingDossierState:
      type: string
      enum: [draft, submitted, checking, returned, eligible, scoring, completed, cancelled]
    RatingDossierKind:
      type: string
      enum: [new, re_evaluation, upgrade]
      description: 'new; re_evaluation (renewal at expiry); upgrade (a higher star level while the certificate is valid)'
    RatingCouncilLevel:
      type: string
      enum: [commune, district, province, central]
    RatingIssuingLevel:
      type: string
      enum: [district, province, central]
    RatingSeat:
      type: string
      enum: [chair, member, secretary, advisor]
      description: The chair and members score; the secretary and advisors do not.
    RatingAttachmentKind:
      type: string
      enum: [registration_form, self_assessment, certificate, food_safety, sample_photo, other]
    RatingOutcome:
      type: string
      enum: [ended, not_recognised, recognised, potential_5]
    RatingDecisionGround:
      type: string
      enum: [not_renewed, fails_mandatory_criteria, food_safety_breach, process_not_followed, operation_suspended, false_declaration, other]
    RatingPoints:
      type: object
      required: [points]
      properties:
        points:
          type: object
          description: 'Points per criterion id, e.g. {"1a": 3}; each value one of the criterion''s options (0 where none is allowed)'
          additionalProperties: {type: integer}
    RatingNewDossier:
      type: object
      required: [product_id, kind]
      properties:
        product_id: {type: integer}
        kind: {$ref: '#/components/schemas/RatingDossierKind'}
        criteria_set: {type: string, description: "148/10, or a bare code for act 148; by default the process's act and the product's set"}
        submitted_on: {type: string, format: date, description: 'For recording a dossier of the past (officers only); not after today'}
    RatingTransition:
      type: object
      required: [to]
      properties:
        to: {$ref: '#/components/schemas/RatingDossierState'}
        reason: {type: string, maxLength: 2000, description: Required to return or cancel}
    RatingPreAssessment:
      type: object
      required: [origin_local_materials, local_labour, idea_origin, local_identity, form_complete, forward]
      properties:
        origin_local_materials: {type: boolean}
        local_labour: {type: boolean}
        idea_origin: {type: boolean}
        local_identity: {type: boolean}
        form_complete: {type: boolean}
        note: {type: string, maxLength: 2000, description: What the applicant must fix (required to return)}
        forward: {type: boolean, description: 'true: forward to the first scoring level; false: return to the applicant'}
    RatingClose:
      type: object
      properties:
        gates: {type: array, items: {type: string}, description: "Ids of the set's gates the council found to apply"}
    RatingNewCouncil:
      type: object
      required: [level, name, decision_number, established_on]
      properties:
        level: {$ref: '#/components/schemas/RatingCouncilLevel'}
        province_code: {type: string, description: Current province code; required except for the central council}
        commune_code: {type: string, description: Current commune code of the province; required for a commune council}
        name: {type: string, maxLength: 500}
        decision_number: {type: string, maxLength: 100, description: The decision that set the council up}
        established_on: {type: string, format: date}
    RatingNewRound:
      type: object
      required: [name, year, opens_on, members]
      properties:
        name: {type: string, maxLength: 500}
        year: {type: integer, minimum: 2019, maximum: 2100}
        opens_on: {type: string, format: date, description: A day of the year}
        members: {type: array, items: {$ref: '#/components/schemas/RatingMember'}}
    RatingDossierIDs:
      type: object
      required: [dossier_ids]
      properties:
        dossier_ids: {type: array, minItems: 1, maxItems: 5000, items: {type: integer}}
    RatingNewConflict:
      type: object
      required: [subject_id, reason]
      properties:
        subject_id: {type: integer}
        reason: {type: string, maxLength: 500}
    RatingNewDecision:
      type: object
      required: [number, decided_on, level, dossier_ids]
      properties:
        number: {type: string, maxLength: 100, description: 'The decision''s number, e.g. 1234/QĐ-UBND'}
        decided_on: {type: string, format: date, description: Not after today}
        level: {$ref: '#/components/schemas/RatingIssuingLevel'}
        dossier_ids: {type: array, minItems: 1, maxItems: 5000, uniqueItems: true, items: {type: integer}}
        certificate_numbers:
          type: object
          description: "Certificate numbers by dossier id; '<number>/<n>' (n-th dossier) otherwise"
          additionalProperties: {type: string, maxLength: 100}
    RatingNewInspection:
      type: object
      required: [subject_id, inspected_on, findings, conclusion]
      properties:
        subject_id: {type: integer}
        product_id: {type: integer, description: "One of the subject's products, when the inspection concerns one"}
        inspected_on: {type: string, format: date, description: Not after today}
        findings: {type: array, items: {$ref: '#/components/schemas/RatingFinding'}}
        conclusion: {type: string, enum: [compliant, remedy, downgrade, revoke]}
    RatingStandingRequest:
      type: object
      required: [ground, decision_number, decided_on]
      properties:
        stars: {type: integer, minimum: 3, maximum: 4, description: The stars after a downgrade (ignored by a revocation)}
        ground: {$ref: '#/components/schemas/RatingDecisionGround'}
        decision_number: {type: string, maxLength: 100}
        decided_on: {type: string, format: date, description: Not after today}
        inspection_id: {type: integer, description: "An inspection of the product's subject it rests on"}
        note: {type: string, maxLength: 2000}
    RatingCriteriaSetSummary:
      type: object
      required: [id, act, code, name, max_points, usable, problems]
      properties:
        id: {type: string, description: 'act/code, e.g. 148/11'}
        act: {$ref: '#/components/schemas/RatingLegalAct'}
        code: {type: string}
        name: {type: string}
        product_set: {type: integer, minimum: 1, maximum: 26}
        max_points: {type: integer}
        usable: {type: boolean}
        problems: {type: array, items: {type: string}}
    RatingCriteriaSet:
      type: object
      description: 'The criteria file format (docs/rating.md): its keys are as the files spell them (productSet), and line numbers point into the source sheet.'
      required: [format, act, code, name, source, parts, gates]
      properties:
        format: {type: integer}
        act: {$ref: '#/components/schemas/RatingLegalAct'}
        code: {type: string}
        productSet: {type: integer, minimum: 1, maximum: 26}
        name: {type: string}
        source: {type: string}
        parts:
          type: array
          items:
            type: object
            required: [id, title, points, line, groups]
            properties:
              id: {type: string}
              title: {type: string}
              points: {type: integer}
              line: {type: integer}
              groups:
                type: array
                items:
                  type: object
                  required: [id, title, points, line, pick, criteria]
                  properties:
                    id: {type: string}
                    title: {type: string}
                    note: {type: string}
                    points: {type: integer}
                    line: {type: integer}
                    pick: {type: string, enum: [all, one], description: 'all: every criterion is scored; one: alternatives, exactly one is scored'}
                    criteria:
                      type: array
                      items:
                        type: object
                        required: [id, title, line, options]
                        properties:
                          id: {type: string}
                          title: {type: string}
                          note: {type: string}
                          points: {type: integer}
                          stars: {type: integer, description: From this star level on at least the lowest option}
                          line: {type: integer}
                          options:
                            type: array
                            items:
                              type: object
                              required: [title, points, line]
                              properties:
                                title: {type: string}
                                points: {type: integer}
                                stars: {type: integer, description: The lowest star level that requires at least this option}
                                line: {type: integer}
                                note: {type: string}
        gates:
          type: array
          items:
            type: object
            required: [id, effect, text, criterion, line]
            properties:
              id: {type: string}
              effect: {type: string, enum: [disqualify, stop, not-assessed]}
              text: {type: string}
              criterion: {type: string}
              line: {type: integer}
    RatingFrozenFacts:
      type: object
      description: "The product's and producer's facts as they stood when the dossier was submitted"
      required: [product_id, product_name, product_set, subject_id, subject_name, province_code, commune_code, frozen_on]
      properties:
        product_id: {type: integer}
        product_name: {type: string}
        product_set: {type: integer}
        subject_id: {type: integer}
        subject_name: {type: string}
        province_code: {type: string}
        commune_code: {type: string}
        current_stars: {type: integer}
        frozen_on: {type: string, format: date}
    RatingSelfAssessment:
      type: object
      required: [points, total, stars, explanation]
      properties:
        points: {type: object, additionalProperties: {type: integer}}
        total: {type: integer}
        stars: {type: integer, minimum: 1, maximum: 5, description: 'The stars these answers would give (the applicant''s own expectation)'}
        explanation: {type: array, items: {type: string}}
    RatingAttachment:
      type: object
      required: [id, kind, content_type, bytes, sha256, uploaded_at]
      properties:
        id: {type: integer}
        kind: {$ref: '#/components/schemas/RatingAttachmentKind'}
        content_type: {type: string, enum: [application/pdf, image/jpeg, image/png, image/webp]}
        bytes: {type: integer}
        sha256: {type: string}
        uploaded_at: {type: string, format: date-time}
    RatingShortfall:
      type: object
      required: [stars, criterion, title, line, required_points, reached, text]
      properties:
        stars: {type: integer, description: The star level held back}
        criterion: {type: string}
        title: {type: string}
        line: {type: integer}
        required_points: {type: integer}
        reached: {type: number, description: "The members' average points on the criterion"}
        text: {type: string}
    RatingResult:
      type: object
      description: "A council's result for the dossier at one stage"
      required: [round_id, stage, members, total_sum, score, band, stars, outcome, forwarded, decision_due, explanation, shortfalls, gates, closed_at]
      properties:
        round_id: {type: integer}
        stage: {$ref: '#/components/schemas/RatingCouncilLevel'}
        members: {type: integer}
        total_sum: {type: integer}
        score: {type: number}
        band: {type: integer, minimum: 1, maximum: 5}
        stars: {type: integer, minimum: 1, maximum: 5}
        outcome: {$ref: '#/components/schemas/RatingOutcome'}
        forwarded: {type: boolean}
        decision_due: {type: boolean}
        explanation: {type: array, items: {type: string}}
        shortfalls: {type: array, items: {$ref: '#/components/schemas/RatingShortfall'}}
        gates: {type: array, items: {type: string}}
        closed_at: {type: string, format: date-time}
    RatingDecisionItem:
      type: object
      required: [decision_id, number, decided_on, level, stars, kind, certificate_number, valid_until, certification_id]
      properties:
        decision_id: {type: integer}
        number: {type: string}
        decided_on: {type: string, format: date}
        level: {$ref: '#/components/schemas/RatingIssuingLevel'}
        stars: {type: integer}
        kind: {type: string, enum: [recognised, potential_5]}
        certificate_number: {type: string}
        valid_until: {type: string, format: date}
        certification_id: {type: integer, description: "The registry ledger's record"}
    RatingDossier:
      type: object
      required: [id, product_id, subject_id, province_code, commune_code, product_name, subject_name, kind, state, process, act, criteria_set, stage, created_at, updated_at, attachments, results, decisions, decision_due]
      properties:
        id: {type: integer}
        product_id: {type: integer}
        subject_id: {type: integer}
        province_code: {type: string}
        commune_code: {type: string}
        product_name: {type: string}
        subject_name: {type: string}
        kind: {$ref: '#/components/schemas/RatingDossierKind'}
        state: {$ref: '#/components/schemas/RatingDossierState'}
        process: {type: string, description: "The evaluation process's id (148, 1489, … or a province's own)"}
        act: {$ref: '#/components/schemas/RatingLegalAct'}
        criteria_set: {type: string, description: 'act/code, e.g. 148/11'}
        stage: {$ref: '#/components/schemas/RatingCouncilLevel'}
        round_id: {type: integer, description: The round scoring it (or that closed it)}
        submitted_on: {type: string, description: 'YYYY-MM-DD: the day it was submitted, or the day an officer recorded for a dossier of the past'}
        created_at: {type: string, format: date-time}
        updated_at: {type: string, format: date-time}
        facts: {$ref: '#/components/schemas/RatingFrozenFacts'}
        self_assessment: {$ref: '#/components/schemas/RatingSelfAssessment'}
        pre_assessment: {$ref: '#/components/schemas/RatingPreAssessment'}
        attachments: {type: array, items: {$ref: '#/components/schemas/RatingAttachment'}}
        results: {type: array, items: {$ref: '#/components/schemas/RatingResult'}, description: 'Council results; a producer sees them once the dossier is decided'}
        decisions: {type: array, items: {$ref: '#/components/schemas/RatingDecisionItem'}}
        decision_due: {type: boolean}
    RatingDossierSummary:
      type: object
      required: [id, product_id, product_name, subject_name, province_code, commune_code, kind, state, stage, act, criteria_set]
      properties:
        id: {type: integer}
        product_id: {type: integer}
        product_name: {type: string}
        subject_name: {type: string}
        province_code: {type: string}
        commune_code: {type: string}
        kind: {$ref: '#/components/schemas/RatingDossierKind'}
        state: {$ref: '#/components/schemas/RatingDossierState'}
        stage: {$ref: '#/components/schemas/RatingCouncilLevel'}
        act: {$ref: '#/components/schemas/RatingLegalAct'}
        criteria_set: {type: string}
        round_id: {type: integer}
        submitted_on: {type: string, description: YYYY-MM-DD}
    RatingChainEntry:
      type: object
      required: [seq, kind, at, payload, hash]
      properties:
        seq: {type: integer}
        kind: {type: string, description: 'created, transition, attachment, pre_assessment, sheet, result, decision, …'}
        actor: {type: string}
        at: {type: string, format: date-time}
        payload: {type: string, description: The entry's canonical JSON}
        hash: {type: string, description: SHA-256 over the previous hash and this entry}
    RatingAdvice:
      type: object
      required: [reachable, steps]
      properties:
        reachable: {type: boolean, description: false when the self-assessment already rates 5★}
        from: {type: integer, minimum: 1, maximum: 4}
        target: {type: integer, minimum: 2, maximum: 5}
        gain: {type: integer, description: Points gained}
        steps:
          type: array
          items:
            type: object
            required: [criterion, title, from, to, reason]
            properties:
              criterion: {type: string}
              title: {type: string}
              from: {type: integer}
              to: {type: integer}
              reason: {type: string}
    RatingSheet:
      type: object
      required: [dossier_id, round_id, username, points, answered, remaining, submitted]
      properties:
        dossier_id: {type: integer}
        round_id: {type: integer}
        username: {type: string}
        points: {type: object, additionalProperties: {type: integer}}
        answered: {type: integer}
        remaining: {type: array, items: {type: string}, description: "Criteria without an answer ('a|b' for a group of alternatives)"}
        total: {type: integer, description: Once submitted}
        submitted: {type: boolean}
    RatingSheetStatus:
      type: object
      required: [username, seat, conflicted, submitted]
      properties:
        username: {type: string}
        seat: {$ref: '#/components/schemas/RatingSeat'}
        conflicted: {type: boolean}
        submitted: {type: boolean}
        total: {type: integer, description: Once submitted}
    RatingConsistency:
      type: object
      description: >-
        How far the members agree. Distances are in option steps; with at least 3 members an answer more than threshold steps from
        the median of the other members' answers is an outlier. The keys are as the engine names them (camelCase).
      required: [members, threshold, criteria, perMember, totalMin, totalMax, totalStandardDeviation]
      properties:
        members: {type: integer}
        threshold: {type: number}
        criteria:
          type: array
          items:
            type: object
            required: [criterion, title, points, min, max, standardDeviation, outliers]
            properties:
              criterion: {type: string}
              title: {type: string}
              points: {type: object, additionalProperties: {type: integer}, description: Points per member}
              min: {type: integer}
              max: {type: integer}
              standardDeviation: {type: number}
              outliers: {type: array, items: {$ref: '#/components/schemas/RatingOutlier'}}
        perMember:
          type: array
          items:
            type: object
            required: [member, total, offsetFromOthers, meanSteps, outliers]
            properties:
              member: {type: string}
              total: {type: integer}
              offsetFromOthers: {type: number}
              meanSteps: {type: number, description: '> 0 lenient, < 0 strict'}
              outliers: {type: integer}
        totalMin: {type: integer}
        totalMax: {type: integer}
        totalStandardDeviation: {type: number}
    RatingOutlier:
      type: object
      required: [criterion, member, points, othersMedian, steps]
      properties:
        criterion: {type: string}
        member: {type: string}
        points: {type: integer}
        othersMedian: {type: integer}
        steps: {type: integer, description: 'Signed option steps from the others'' median (positive: more lenient)'}
    RatingCouncil:
      type: object
      required: [id, level, province_code, name, decision_number, established_on, rounds_by_year]
      properties:
        id: {type: integer}
        level: {$ref: '#/components/schemas/RatingCouncilLevel'}
        province_code: {type: string, description: "'*' for the central council"}
        commune_code: {type: string}
        name: {type: string}
        decision_number: {type: string}
        established_on: {type: string, description: 'YYYY-MM-DD, as given'}
        rounds_by_year: {type: object, additionalProperties: {type: integer}, description: Rounds held per year}
        rounds_required_per_year: {type: integer, description: 'Provincial councils, when the process sets a number'}
    RatingMember:
      type: object
      required: [username, seat]
      properties:
        username: {type: string, maxLength: 100}
        seat: {$ref: '#/components/schemas/RatingSeat'}
    RatingRound:
      type: object
      required: [id, council_id, level, province_code, name, year, opens_on, members, dossiers]
      properties:
        id: {type: integer}
        council_id: {type: integer}
        level: {$ref: '#/components/schemas/RatingCouncilLevel'}
        province_code: {type: string}
        name: {type: string}
        year: {type: integer}
        opens_on: {type: string, description: 'YYYY-MM-DD, as given'}
        members: {type: array, items: {$ref: '#/components/schemas/RatingMember'}}
        dossiers: {type: integer, description: Dossiers being scored or closed in it}
    RatingConflict:
      type: object
      required: [round_id, username, subject_id, reason, declared_at]
      properties:
        round_id: {type: integer}
        username: {type: string}
        subject_id: {type: integer}
        reason: {type: string}
        declared_at: {type: string, format: date-time}
    RatingRoundClosing:
      type: object
      required: [closed, forwarded, decisions_due, skipped]
      properties:
        closed: {type: integer}
        forwarded: {type: integer, description: Closed dossiers that went on to the next level}
        decisions_due: {type: integer, description: Closed dossiers now due for a decision at this level}
        skipped:
          type: array
          description: Dossiers left open, with the members who have not submitted
          items:
            type: object
            required: [dossier_id, missing]
            properties:
              dossier_id: {type: integer}
              missing: {type: array, items: {type: string}}
    RatingRankedResult:
      type: object
      required: [rank, dossier_id, product_id, product_name, subject_name, score, stars, outcome, forwarded, decision_due]
      properties:
        rank: {type: integer, minimum: 1}
        dossier_id: {type: integer}
        product_id: {type: integer}
        product_name: {type: string}
        subject_name: {type: string}
        score: {type: number}
        stars: {type: integer, minimum: 1, maximum: 5}
        outcome: {$ref: '#/components/schemas/RatingOutcome'}
        forwarded: {type: boolean}
        decision_due: {type: boolean}
    RatingDecision:
      type: object
      required: [id, number, decided_on, level, act, province_code, items]
      properties:
        id: {type: integer}
        number: {type: string}
        decided_on: {type: string, format: date}
        level: {$ref: '#/components/schemas/RatingIssuingLevel'}
        act: {$ref: '#/components/schemas/RatingLegalAct'}
        province_code: {type: string, description: "'*' for a central decision"}
        items:
          type: array
          items:
            type: object
            required: [dossier_id, product_id, product_name, stars, kind, certificate_number, valid_until, certification_id]
            properties:
              dossier_id: {type: integer}
              product_id: {type: integer}
              product_name: {type: string}
              stars: {type: integer}
              kind: {type: string, enum: [recognised, potential_5]}
              certificate_number: {type: string}
              valid_until: {type: string, format: date}
              certification_id: {type: integer}
    RatingPublicResult:
      type: object
      required: [product_id, product_name, subject_name, province_code, stars, kind, decision_number, decided_on, valid_until, level]
      properties:
        product_id: {type: integer}
        product_name: {type: string}
        subject_name: {type: string}
        province_code: {type: string}
        stars: {type: integer}
        kind: {type: string, enum: [recognised, potential_5]}
        decision_number: {type: string}
        decided_on: {type: string, format: date}
        valid_until: {type: string, format: date}
        level: {$ref: '#/components/schemas/RatingIssuingLevel'}
    RatingFinding:
      type: object
      required: [topic, finding, severity]
      properties:
        topic: {type: string, maxLength: 200}
        finding: {type: string, maxLength: 4000}
        severity: {type: string, enum: [info, minor, major, critical]}
    RatingInspection:
      type: object
      required: [id, province_code, subject_id, inspected_on, findings, conclusion]
      properties:
        id: {type: integer}
        province_code: {type: string}
        subject_id: {type: integer}
        product_id: {type: integer}
        inspected_on: {type: string, description: 'YYYY-MM-DD, as given'}
        findings: {type: array, items: {$ref: '#/components/schemas/RatingFinding'}}
        conclusion: {type: string, enum: [compliant, remedy, downgrade, revoke]}
        recorded_by: {type: string}
    RatingStandingChange:
      type: object
      required: [product_id, certification_id, decision, stars, ground, decision_number, decided_on, valid_until]
      properties:
        product_id: {type: integer}
        certification_id: {type: integer, description: "The registry ledger's new record"}
        decision: {type: string, enum: [downgraded, revoked]}
        stars: {type: integer}
        ground: {type: string, description: 'The ground, then the note after a colon'}
        decision_number: {type: string}
        decided_on: {type: string, description: 'YYYY-MM-DD, as given'}
        valid_until: {type: string, description: 'YYYY-MM-DD: the certificate''s term after a downgrade, the decision''s day after a revocation'}
    RatingExpiringCertificate:
      type: object
      required: [product_id, product_name, subject_id, province_code, commune_code, stars, valid_until, days_left]
      properties:
        product_id: {type: integer}
        product_name: {type: string}
        subject_id: {type: integer}
        province_code: {type: string}
        commune_code: {type: string}
        stars: {type: integer}
        certificate_number: {type: string}
        valid_until: {type: string, format: date}
        days_left: {type: integer, minimum: 0}
        notified_on: {type: string, format: date, description: "When the registry's expiry notice reached rating"}
"""#
}
