import OCOPDomain

/// The accounts module's part of `/openapi.yaml` (OpenAPI 3.1): sign-in and API tokens, the
/// signed-in account, account management and the audit trail. Shared pieces (`Problem`,
/// `limit`, `offset`, `id`, bearer auth) come from the host's base document.
enum AccountsOpenAPI {
    static var provinceCodes: String {
        ((try? AdminUnits.shared)?.provinces ?? []).map { "'\($0.code.rawValue)'" }.joined(separator: ", ")
    }

    static let document = #"""
paths:
  /api/v1/auth/tokens:
    post:
      operationId: issueToken
      summary: 'Sign in: exchange a username and password for an API token'
      description: Unknown usernames, wrong passwords and deactivated accounts all get the same 401. The token is shown only in this response.
      tags: [accounts]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/TokenRequest'}}}
      responses:
        '429': {description: 'Too many wrong passwords for this username: wait for Retry-After seconds', content: {application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        '201': {description: Signed in, content: {application/json: {schema: {$ref: '#/components/schemas/IssuedToken'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
    get:
      operationId: listTokens
      summary: "List the caller's API tokens (prefixes only), newest first, revoked and expired ones included"
      tags: [accounts]
      security: [{bearer: []}]
      responses:
        '200':
          description: The caller's tokens
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/TokenInfo'}}}}
        '401': {$ref: '#/components/responses/Problem'}
  /api/v1/auth/tokens/current:
    delete:
      operationId: revokeCurrentToken
      summary: 'Sign out: revoke the token this request uses'
      tags: [accounts]
      security: [{bearer: []}]
      responses:
        '204': {description: Revoked (or already revoked)}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
  /api/v1/me:
    get:
      operationId: getMe
      summary: The signed-in account
      tags: [accounts]
      security: [{bearer: []}]
      responses:
        '200': {description: The account, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
  /api/v1/me/password:
    put:
      operationId: changeMyPassword
      summary: Change the signed-in account's password
      description: The current password is checked (and wrong guesses throttled as at sign-in); the account's tokens stay valid.
      tags: [accounts]
      security: [{bearer: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [current_password, new_password]
              properties:
                current_password: {type: string}
                new_password: {type: string, minLength: 10, description: At least 10 characters and at most 72 bytes in UTF-8}
      responses:
        '204': {description: Changed}
        '401': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '429': {$ref: '#/components/responses/Problem'}
  /api/v1/users:
    get:
      operationId: listUsers
      summary: List accounts by username (national admins; province officers see their own province's)
      tags: [accounts]
      security: [{bearer: []}]
      parameters:
        - {name: q, in: query, schema: {type: string}, description: 'Part of the username or display name, ignoring case and diacritics'}
        - {name: role, in: query, schema: {$ref: '#/components/schemas/Role'}}
        - {name: province, in: query, schema: {type: string, enum: [\#(provinceCodes)]}, description: Current (2025) province code}
        - $ref: '#/components/parameters/limit'
        - $ref: '#/components/parameters/offset'
      responses:
        '200': {description: A page of accounts, content: {application/json: {schema: {$ref: '#/components/schemas/UserPage'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
    post:
      operationId: createUser
      summary: Create an account
      description: National admins create any account; province officers only commune officers, council members and producers of their own province.
      tags: [accounts]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/NewUser'}}}
      responses:
        '201': {description: Created, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
        '429': {description: 'An officer hit too many usernames that are already taken: wait for Retry-After seconds', content: {application/problem+json: {schema: {$ref: '#/components/schemas/Problem'}}}}
  /api/v1/users/{id}:
    parameters:
      - $ref: '#/components/parameters/id'
    get:
      operationId: getUser
      summary: Get an account
      description: "An account outside the caller's province is reported as not found."
      tags: [accounts]
      security: [{bearer: []}]
      responses:
        '200': {description: The account, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
    patch:
      operationId: changeUser
      summary: Activate or deactivate an account
      description: >-
        A deactivated account can neither sign in nor use its tokens, from this request on.
        National admins change any account but their own; province officers the commune officers,
        council members and producers of their province.
      tags: [accounts]
      security: [{bearer: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/UserChange'}}}
      responses:
        '200': {description: The changed account, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}
        '400': {$ref: '#/components/responses/Problem'}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '409': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
  /api/v1/audit:
    get:
      operationId: listAuditRecords
      summary: Audit trail, newest first (national admins; province officers see their own province's)
      tags: [accounts]
      security: [{bearer: []}]
      parameters:
        - {name: entity, in: query, schema: {type: string, example: user}, description: 'Kind of record changed, e.g. user, token, subject, product'}
        - {name: entity_id, in: query, schema: {type: string}, description: ID of the changed record (needs entity to be meaningful)}
        - {name: action, in: query, schema: {type: string, example: user.create}, description: 'What was done, e.g. user.create, token.issue, token.revoke'}
        - $ref: '#/components/parameters/limit'
        - $ref: '#/components/parameters/offset'
      responses:
        '200': {description: A page of audit records, content: {application/json: {schema: {$ref: '#/components/schemas/AuditPage'}}}}
        '401': {$ref: '#/components/responses/Problem'}
        '403': {$ref: '#/components/responses/Problem'}
        '422': {$ref: '#/components/responses/Problem'}
components:
  schemas:
    Role:
      type: string
      enum: [national_admin, province_officer, commune_officer, council_member, producer]
    User:
      type: object
      required: [id, username, display_name, role, active, created_at, updated_at]
      properties:
        id: {type: integer}
        username: {type: string}
        display_name: {type: string}
        role: {$ref: '#/components/schemas/Role'}
        province_code: {type: string, description: Province the role is scoped to (absent for national admins)}
        commune_code: {type: string, description: Commune of a commune officer or a producer}
        subject_id: {type: integer, description: "A producer's own subject"}
        active: {type: boolean}
        created_at: {type: string, format: date-time}
        updated_at: {type: string, format: date-time}
    NewUser:
      type: object
      additionalProperties: false
      description: >-
        The area fields depend on the role: national_admin none; province_officer and council_member
        province_code; commune_officer commune_code (province_code is derived); producer subject_id
        (province and commune are derived from the subject).
      required: [username, password, role]
      properties:
        username: {type: string, minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: Stored in lowercase}
        display_name: {type: string, minLength: 1, maxLength: 200, description: Defaults to the username}
        password: {type: string, minLength: 10, description: At least 10 characters and at most 72 bytes in UTF-8}
        role: {$ref: '#/components/schemas/Role'}
        province_code: {type: string, pattern: '^[0-9]{2}$'}
        commune_code: {type: string, pattern: '^[0-9]{5}$'}
        subject_id: {type: integer, minimum: 1}
    UserChange:
      type: object
      additionalProperties: false
      required: [active]
      properties:
        active: {type: boolean}
    TokenRequest:
      type: object
      required: [username, password]
      properties:
        username: {type: string}
        password: {type: string}
        name: {type: string, maxLength: 100, description: 'Label of the token, to tell tokens apart (default: api)'}
    IssuedToken:
      type: object
      required: [token, expires_at, user]
      properties:
        token: {type: string, pattern: '^ocop_[A-Za-z0-9_-]{43}$', description: 'Send as Authorization: Bearer …; never shown again'}
        expires_at: {type: string, format: date-time}
        user: {$ref: '#/components/schemas/User'}
    TokenInfo:
      type: object
      required: [id, name, prefix, created_at, expires_at]
      properties:
        id: {type: integer}
        name: {type: string}
        prefix: {type: string, description: The first 8 characters after ocop_}
        created_at: {type: string, format: date-time}
        expires_at: {type: string, format: date-time}
        revoked_at: {type: string, format: date-time}
    AuditRecord:
      type: object
      required: [id, at, action, entity, entity_id, summary]
      properties:
        id: {type: integer}
        at: {type: string, format: date-time}
        actor_user_id: {type: integer, description: Absent for changes made from the command line}
        actor_username: {type: string}
        actor_role: {$ref: '#/components/schemas/Role'}
        action: {type: string}
        entity: {type: string}
        entity_id: {type: string}
        province_code: {type: string}
        summary: {type: string}
        details: {type: string}
    UserPage:
      type: object
      required: [items, total, limit, offset]
      properties:
        items: {type: array, items: {$ref: '#/components/schemas/User'}}
        total: {type: integer}
        limit: {type: integer}
        offset: {type: integer}
    AuditPage:
      type: object
      required: [items, total, limit, offset]
      properties:
        items: {type: array, items: {$ref: '#/components/schemas/AuditRecord'}}
        total: {type: integer}
        limit: {type: integer}
        offset: {type: integer}
"""#
}
