import Foundation
import Logging
import OCOPPluginKit

/// Calls registered endpoints without a socket, for pages that show what the API gives their
/// user: the same route matching (literal segments before `{parameters}`), the same declared
/// `Access`, body limit, `?q=` check and problem mapping as `EndpointAdapter`.
final class InProcessDispatcher: InProcessAPI, @unchecked Sendable {
    private struct Route {
        let segments: [Substring]
        let endpoint: Endpoint
    }

    private let routes: [HTTPMethod: [Route]]
    private let declared: [String: Access]
    private let maxBodyBytes: Int
    private let lock = NSLock()
    private var boundContext: PluginContext?

    init(endpoints: [Endpoint], maxBodyBytes: Int) {
        var routes: [HTTPMethod: [Route]] = [:]
        var declared: [String: Access] = [:]
        for endpoint in endpoints {
            routes[endpoint.method, default: []].append(Route(segments: endpoint.path.split(separator: "/"), endpoint: endpoint))
            declared["\(endpoint.method.rawValue) \(endpoint.path)"] = endpoint.access
        }
        // Literal segments win over parameters, position by position (as the router does).
        for method in routes.keys {
            routes[method]?.sort { a, b in
                for (x, y) in zip(a.segments, b.segments) {
                    let xp = x.hasPrefix("{"), yp = y.hasPrefix("{")
                    if xp != yp { return !xp }
                }
                return a.segments.count > b.segments.count
            }
        }
        self.routes = routes
        self.declared = declared
        self.maxBodyBytes = maxBodyBytes
    }

    /// The context handlers receive (it carries this dispatcher); set once by the server.
    func bind(_ context: PluginContext) { lock.withLock { boundContext = context } }

    func access(_ method: HTTPMethod, _ template: String) -> Access? { declared["\(method.rawValue) \(template)"] }

    private func match(_ method: HTTPMethod, _ path: String) -> (Endpoint, [String: String])? {
        let parts = path.split(separator: "/")
        for route in routes[method] ?? [] where route.segments.count == parts.count {
            var parameters: [String: String] = [:]
            var matched = true
            for (template, part) in zip(route.segments, parts) {
                if template.hasPrefix("{") && template.hasSuffix("}") {
                    parameters[String(template.dropFirst().dropLast())] = part.removingPercentEncoding ?? String(part)
                } else if template != part {
                    matched = false
                    break
                }
            }
            if matched { return (route.endpoint, parameters) }
        }
        return nil
    }

    func call(_ call: APICall) async -> APIResponse {
        let requestID = UUID().uuidString
        guard let context = lock.withLock({ boundContext }) else {
            return Self.response(Problem(status: 503, title: "Service Unavailable", detail: "The server is not started."), nil, call.path)
        }
        var bodyFile: String?
        defer { if let bodyFile { try? FileManager.default.removeItem(atPath: bodyFile) } }
        var call = call
        // A query written into the path (`/api/v1/products?q=…`) is read as HTTP would read it.
        if let mark = call.path.firstIndex(of: "?") {
            for pair in call.path[call.path.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
                call.query[key, default: []].append(value)
            }
            call.path = String(call.path[..<mark])
        }
        do {
            guard let (endpoint, parameters) = match(call.method, call.path) else {
                throw Problem.notFound("No route for \(call.method.rawValue) \(call.path).")
            }
            guard endpoint.access.admits(call.principal) else {
                if call.principal == nil {
                    throw Problem(status: 401, title: "Unauthorized", detail: "Sign in to use \(endpoint.method.rawValue) \(endpoint.path).")
                }
                throw Problem.forbidden("Your role may not use \(endpoint.method.rawValue) \(endpoint.path).")
            }
            let limit = endpoint.maxBodyBytes ?? maxBodyBytes
            if call.body.count > limit { throw EndpointAdapter.tooLarge(limit) }
            for q in call.query["q"] ?? [] { try EndpointAdapter.checkSearch(q) }
            var body = call.body
            if endpoint.spoolsBody && endpoint.method != .get {
                let path = NSTemporaryDirectory() + "/ocop-upload-\(UUID().uuidString)"
                guard FileManager.default.createFile(atPath: path, contents: call.body, attributes: [.posixPermissions: 0o600]) else {
                    throw Problem(status: 503, title: "Service Unavailable", detail: "The upload could not be stored; try again later.")
                }
                bodyFile = path
                body = Data()
            }
            var logger = context.logger
            logger[metadataKey: "plugin.endpoint"] = "\(endpoint.method.rawValue) \(endpoint.path)"
            logger[metadataKey: "in-process"] = "true"
            let request = EndpointRequest(method: endpoint.method, path: call.path, parameters: parameters, query: call.query,
                                          headers: call.headers, body: body, bodyFile: bodyFile, principal: call.principal,
                                          requestID: requestID, logger: logger, context: context)
            let response = try await endpoint.handler(request)
            var data = response.body
            if let stream = response.stream {
                data = Data()
                while let piece = try await stream.next() { data.append(contentsOf: piece) }
            }
            return APIResponse(status: response.status, headers: response.headers, body: data)
        } catch {
            let (problem, retryAfter) = ProblemRenderer.problem(for: error, request: nil, requestID: requestID, logger: context.logger)
            return Self.response(problem, retryAfter, call.path)
        }
    }

    private static func response(_ problem: Problem, _ retryAfter: Int?, _ path: String) -> APIResponse {
        var problem = problem
        if problem.instance == nil { problem.instance = path }
        var headers = [("Content-Type", "application/problem+json")]
        if let retryAfter { headers.append(("Retry-After", String(retryAfter))) }
        return APIResponse(status: problem.status, headers: headers, body: ProblemRenderer.encode(problem))
    }
}
