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
        } catch {
            let (problem, retryAfter) = ProblemRenderer.problem(for: error, request: request, requestID: context.id, logger: context.logger)
            response = Self.render(problem, instance: request.uri.path)
            if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        }
        if let name = ProblemRenderer.requestIDHeader { response.headers[name] = context.id }
        return response
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

    /// The problem (and Retry-After seconds) for any error a handler throws: the one mapping
    /// used over HTTP and by in-process calls.
    static func problem(for error: any Error, request: Request?, requestID: String, logger: Logger) -> (Problem, Int?) {
        switch error {
        case let problem as Problem:
            return (problem, nil)
        case let error as DomainError:
            return (Problem(error), nil)
        case let retry as RetryLater:
            return (retry.problem, retry.seconds)
        case let error as any HTTPResponseError:
            let text = (error as? HTTPError)?.body ?? request.flatMap { Self.detail(for: error.status, request: $0) }
            return (Problem(status: Int(error.status.code), title: error.status.reasonPhrase, detail: text), nil)
        default:
            // String(reflecting:) because some drivers hide details from "\(error)".
            logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request?.uri.path ?? "in-process")"])
            return (Problem(status: 500, title: "Internal Server Error",
                            detail: "The server could not complete the request; quote request ID \(requestID) when reporting it."), nil)
        }
    }

    private static func detail(for status: HTTPResponse.Status, request: Request) -> String? {
        switch status {
        case .notFound: return "No route for \(request.method.rawValue) \(request.uri.path)."
        case .methodNotAllowed: return "\(request.method.rawValue) is not allowed on \(request.uri.path)."
        case .contentTooLarge: return "The request body is larger than the server accepts."
        default: return nil
        }
    }

    static func encode(_ problem: Problem) -> Data {
        (try? encoder.encode(problem)) ?? Data(#"{"title":"Internal Server Error","status":500}"#.utf8)
    }

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
