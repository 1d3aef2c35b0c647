import Foundation
import Hummingbird
import Logging
import OCOPPluginKit

/// Turns every error into an RFC 9457 problem document and stamps each response with its
/// request ID, so clients always get JSON and operators can find the log line. The server
/// never answers with a stack trace or a dropped connection.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            response = Self.render(problem, instance: request.uri.path)
        } catch let error as DomainError {
            response = Self.render(Problem(error), instance: request.uri.path)
        } catch let retry as RetryLater {
            response = Self.render(retry.problem, instance: request.uri.path)
            response.headers[.retryAfter] = String(retry.seconds)
        } catch let error as any HTTPResponseError {
            let problem = Problem(status: Int(error.status.code), title: error.status.reasonPhrase,
                                  detail: (error as? HTTPError)?.body ?? Self.detail(for: error.status, request: request))
            response = Self.render(problem, instance: request.uri.path)
        } catch {
            // String(reflecting:) because some drivers hide details from "\(error)".
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            let problem = Problem(status: 500, title: "Internal Server Error",
                                  detail: "The server could not complete the request; quote request ID \(context.id) when reporting it.")
            response = Self.render(problem, instance: request.uri.path)
        }
        if let name = ProblemRenderer.requestIDHeader { response.headers[name] = context.id }
        return response
    }

    private static func detail(for status: HTTPResponse.Status, request: Request) -> String? {
        switch status {
        case .notFound: return "No route for \(request.method.rawValue) \(request.uri.path)."
        case .methodNotAllowed: return "\(request.method.rawValue) is not allowed on \(request.uri.path)."
        case .contentTooLarge: return "The request body is larger than the server accepts."
        default: return nil
        }
    }

    static func render(_ problem: Problem, instance: String) -> Response {
        ProblemRenderer.render(problem, instance: instance)
    }
}

/// Renders problems as `application/problem+json` responses.
enum ProblemRenderer {
    static let requestIDHeader = HTTPFields.Element.Name("X-Request-ID")

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func render(_ problem: Problem, instance: String) -> Response {
        var problem = problem
        if problem.instance == nil { problem.instance = instance }
        let body = (try? encoder.encode(problem)) ?? Data(#"{"title":"Internal Server Error","status":500}"#.utf8)
        return Response(
            status: .init(code: problem.status),
            headers: [.contentType: "application/problem+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
