import Foundation
import OCOPPluginKit

/// Sign-in, sign-out and password change. Credentials are checked by the accounts module's
/// own endpoints (called in process); a session keeps the API token they issue.
struct AccountPages {
    let server: PageServer
    var catalogue: Catalogue { server.catalogue }

    /// Sign-in and sign-out set cookies, so they are endpoints served by `PageServer` directly.
    var endpoints: [Endpoint] {
        let server = self.server
        return [
            Endpoint(.post, "/sign-in", access: .anyone, summary: "Sign in with a username and password (form)") { request in
                await Self.signIn(request, server: server)
            },
            Endpoint(.post, "/sign-out", access: .anyone, summary: "Sign out (form)") { request in
                await Self.signOut(request, server: server)
            },
        ]
    }

    var pages: [WebPage] {
        let catalogue = self.catalogue
        return [
            WebPage(.get, "/sign-in", access: .anyone, summary: "The sign-in form") { request in
                if request.principal != nil { return .redirect("/dashboard") }
                return .page(template: "sign-in", title: catalogue.text("sign_in_title", request.language), context: [
                    "next": .string(request.query("next") ?? ""),
                    "expired": .bool(request.query("expired") == "1"),
                ])
            },
            WebPage(.get, "/account/password", access: .signedIn, summary: "The password change form") { request in
                .page(template: "password", title: catalogue.text("password_title", request.language), context: [:])
            },
            WebPage(.post, "/account/password", access: .signedIn, summary: "Change the signed-in account's password (form)") { request in
                let current = request.form("current_password") ?? "", new = request.form("new_password") ?? ""
                var errors: [String: String] = [:]
                if current.isEmpty { errors["current_password"] = catalogue.text("field_required", request.language) }
                if new != request.form("confirm_password") { errors["confirm_password"] = catalogue.text("password_mismatch", request.language) }
                if errors.isEmpty {
                    let response = try await request.call(.put, "/api/v1/me/password",
                                                          json: ["current_password": current, "new_password": new])
                    if response.ok {
                        return .page(template: "password", title: catalogue.text("password_title", request.language), context: ["changed": true])
                    }
                    guard let problem = response.problem, [400, 401, 422].contains(problem.status) else { return .refusal(response) }
                    errors = WebSupport.fieldErrors(problem, language: request.language, catalogue: catalogue)
                    if problem.status == 401 || errors.isEmpty || errors["current_password"] != nil {
                        errors["current_password"] = catalogue.text("password_wrong", request.language)
                    }
                }
                return .page(template: "password", title: catalogue.text("password_title", request.language),
                             context: .object(WebSupport.errorFields(errors)), status: 422)
            },
        ]
    }

    struct Issued: Decodable {
        struct User: Decodable { var id: Int64 }
        var token: String
        var user: User
    }

    static func signIn(_ request: EndpointRequest, server: PageServer) async -> EndpointResponse {
        let catalogue = server.catalogue
        var visit: PageServer.Visit
        do { visit = try await server.begin(request) } catch {
            return PageServer.bare(status: 400, title: "Bad Request")
        }
        // An ended session does not stop a new sign-in; the form's token is the visitor's own.
        visit.expired = false
        if let refusal = server.csrfRefusal(visit) { return server.respond(.refusal(refusal), page: nil, visit: visit) }
        let username = (visit.form["username"]?.first ?? "").trimmingCharacters(in: .whitespaces)
        let password = visit.form["password"]?.first ?? ""
        let next = visit.form["next"]?.first ?? ""
        let key = LoginThrottle.key(username: username, address: WebSupport.clientAddress(request.headers, trustForwardedFor: server.config.trustForwardedFor))
        let db = request.context.database.sql
        if let wait = try? await server.throttle.retryAfter(key, on: db) {
            return server.respond(.refusal(Problem(status: 429, title: "Too Many Requests", detail: "web.too_many_sign_ins"), retryAfter: wait),
                                  page: nil, visit: visit)
        }
        func form(_ errorKey: String, status: Int) -> EndpointResponse {
            server.respond(.page(template: "sign-in", title: catalogue.text("sign_in_title", visit.language), context: [
                "next": .string(next), "username": .string(username), "error": .string(catalogue.text(errorKey, visit.language)),
            ], status: status), page: nil, visit: visit)
        }
        if username.isEmpty || password.isEmpty { return form("sign_in_missing", status: 422) }
        let call: APICall
        do {
            call = try APICall.json(.post, "/api/v1/auth/tokens", ["username": username, "password": password, "name": "web session"], principal: nil)
        } catch { return form("sign_in_failed", status: 401) }
        let response = await visit.api.call(call)
        switch response.status {
        case 201:
            guard let issued = try? JSONDecoder().decode(Issued.self, from: response.body) else { return form("sign_in_failed", status: 500) }
            try? await server.throttle.succeeded(key, on: db)
            do {
                if let old = visit.cookies[PageServer.sessionCookie] { try await server.sessions.delete(old, on: db) }
                let session = try await server.sessions.create(userID: issued.user.id, token: issued.token, on: db)
                visit.setCookies.removeAll { $0.hasPrefix(PageServer.sessionCookie + "=") }
                visit.setCookies.append(server.cookie(PageServer.sessionCookie, session.id, maxAge: server.config.sessionAbsoluteSeconds))
            } catch {
                request.logger.error("session not stored", metadata: ["error": "\(error)"])
                return server.respond(.refusal(Problem(status: 503, title: "Service Unavailable", detail: "web.internal")), page: nil, visit: visit)
            }
            let target = next.hasPrefix("/") && !next.hasPrefix("//") && !next.hasPrefix("/sign-") ? next : "/dashboard"
            return server.redirect(target, visit: visit)
        case 401, 422, 400:
            do { try await server.throttle.failed(key, on: db) } catch {
                request.logger.error("sign-in failure not stored", metadata: ["error": "\(error)"])
            }
            return form("sign_in_failed", status: 401)
        case 429:
            return server.respond(.refusal(Problem(status: 429, title: "Too Many Requests", detail: "web.too_many_sign_ins"),
                                           retryAfter: response.header("Retry-After").flatMap { Int($0) }), page: nil, visit: visit)
        default:
            return server.respond(.refusal(response), page: nil, visit: visit)
        }
    }

    static func signOut(_ request: EndpointRequest, server: PageServer) async -> EndpointResponse {
        guard let visit = try? await server.begin(request) else { return EndpointResponse(status: 303, headers: [("Location", "/")]) }
        guard let session = visit.session else { return server.redirect("/", visit: visit) }
        if let refusal = server.csrfRefusal(visit) { return server.respond(.refusal(refusal), page: nil, visit: visit) }
        // Revoke the session's API token through the accounts module, then forget the session.
        _ = await visit.api.call(APICall(.delete, "/api/v1/auth/tokens/current", headers: ["authorization": "Bearer \(session.token)"],
                                         principal: visit.principal))
        try? await server.sessions.delete(session.id, on: request.context.database.sql)
        var out = visit
        out.setCookies.append(server.cookie(PageServer.sessionCookie, "", maxAge: 0))
        return server.redirect("/", visit: out)
    }
}
