import Foundation
import Hummingbird
import OCOPPluginKit

/// Answers 405 (with `Allow`) when a path exists but not for the request's method, and for
/// methods the API never serves (TRACE, CONNECT, …), instead of the router's 404.
struct MethodMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Route templates as segments (`:id` matches any one segment) with their methods.
    let routes: [(segments: [Substring], method: String)]

    static var servedMethods: Set<String> { ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] }

    init(routes: [(path: String, method: String)]) {
        self.routes = routes.map { (Self.segments($0.path), $0.method) }
    }

    static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    func allowed(for path: String) -> [String] {
        let parts = Self.segments(path)
        var methods: [String] = []
        for route in routes where route.segments.count == parts.count {
            let matches = zip(route.segments, parts).allSatisfy { template, part in template.hasPrefix(":") || template == part }
            if matches, !methods.contains(route.method) { methods.append(route.method) }
        }
        if methods.contains("GET"), !methods.contains("HEAD") { methods.append("HEAD") }
        return methods
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let method = request.method.rawValue
        guard Self.servedMethods.contains(method) else { return notAllowed(request, allowed(for: request.uri.path)) }
        // Routes are matched first: only a path the router does not serve for this method costs
        // the scan of every route (the hot path stays free of it).
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = allowed(for: request.uri.path)
            if !allowed.isEmpty && !allowed.contains(method) { return notAllowed(request, allowed) }
            throw error
        }
    }

    private func notAllowed(_ request: Request, _ allowed: [String]) -> Response {
        let method = request.method.rawValue
        var response = ProblemRenderer.render(
            Problem(status: 405, title: "Method Not Allowed",
                    detail: allowed.isEmpty ? "\(method) is not served by this API."
                                            : "\(method) is not allowed on \(request.uri.path); use \(allowed.joined(separator: ", ")).")
            , instance: request.uri.path)
        response.headers[.allow] = allowed.joined(separator: ", ")
        return response
    }
}
