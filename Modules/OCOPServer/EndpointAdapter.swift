import Foundation
import Hummingbird
import OCOPPluginKit

/// Serves one plugin endpoint: signs the caller in, checks the endpoint's declared access,
/// reads the body within the size limit and calls the handler.
struct EndpointAdapter: Sendable {
    let endpoint: Endpoint
    let context: PluginContext
    let authenticator: (any Authenticator)?
    let maxBodyBytes: Int
    let bodyTimeout: Duration

    /// `{id}` in OpenAPI templates is `:id` in Hummingbird's router.
    var routerPath: String { Self.routerPath(endpoint.path) }

    static func routerPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }.joined(separator: "/")
    }

    /// The body, or 408 when it has not all arrived within `timeout` (a stalled or trickling client).
    static func collect(_ request: Request, upTo limit: Int, within timeout: Duration) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                var request = request
                return try await request.collectBody(upTo: limit)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                throw Problem(status: 408, title: "Request Timeout",
                              detail: "The request body did not arrive within \(timeout.components.seconds) seconds.")
            }
            return buffer
        }
    }

    static func tooLarge(_ limit: Int) -> Problem {
        Problem(status: 413, title: "Content Too Large", detail: "The request body exceeds the limit of \(limit) bytes.")
    }

    /// Writes the body to a private temporary file as it arrives (memory stays flat in its size);
    /// 413 past `limit`, 408 when it has not all arrived within `timeout`. Returns the file's path.
    static func spool(_ request: Request, upTo limit: Int, within timeout: Duration) async throws -> String {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge(limit) }
        let path = NSTemporaryDirectory() + "/ocop-upload-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw Problem(status: 503, title: "Service Unavailable", detail: "The upload could not be stored; try again later.")
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            let arrived = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    var total = 0
                    for try await buffer in request.body {
                        total += buffer.readableBytes
                        if total > limit { throw tooLarge(limit) }
                        try handle.write(contentsOf: Data(buffer.readableBytesView))
                    }
                    return true
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return false
                }
                defer { group.cancelAll() }
                return try await group.next() ?? false
            }
            guard arrived else {
                throw Problem(status: 408, title: "Request Timeout",
                              detail: "The request body did not arrive within \(timeout.components.seconds) seconds.")
            }
            return path
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    /// `?q=` is the API's search text on every endpoint, plugins' included: bounded, so no
    /// database is handed a LIKE pattern it refuses, and free of control characters.
    static let maxSearchCharacters = 200

    static func checkSearch(_ q: String) throws(Problem) {
        if q.count > maxSearchCharacters {
            throw Problem.invalid([.init(path: "/q", message: "is longer than \(maxSearchCharacters) characters")])
        }
        if q.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw Problem.invalid([.init(path: "/q", message: "contains a control character")])
        }
    }

    func respond(to request: Request, context requestContext: BasicRequestContext) async throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        // HTTP/1.1's Host travels as the authority pseudo-header, not among the fields; endpoints see it as "host".
        if headers["host"] == nil, let authority = request.head.authority { headers["host"] = authority }

        var principal: Principal?
        if let authenticator {
            principal = try await authenticator.principal(
                authorization: headers["authorization"], cookie: headers["cookie"], context: context)
        }
        guard endpoint.access.admits(principal) else {
            if principal == nil {
                throw Problem(status: 401, title: "Unauthorized", detail: "Sign in to use \(endpoint.method.rawValue) \(endpoint.path).")
            }
            throw Problem.forbidden("Your role may not use \(endpoint.method.rawValue) \(endpoint.path).")
        }

        var body = Data()
        var bodyFile: String?
        let limit = endpoint.maxBodyBytes ?? maxBodyBytes
        if endpoint.method != .get && endpoint.spoolsBody {
            bodyFile = try await Self.spool(request, upTo: limit, within: bodyTimeout)
        } else if endpoint.method != .get {
            let buffer: ByteBuffer
            do {
                buffer = try await Self.collect(request, upTo: limit, within: bodyTimeout)
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                throw Self.tooLarge(limit)
            }
            body = Data(buffer.readableBytesView)
        }
        defer { if let bodyFile { try? FileManager.default.removeItem(atPath: bodyFile) } }

        var parameters: [String: String] = [:]
        for name in endpoint.parameterNames {
            if let value = requestContext.parameters.get(name) { parameters[name] = value.removingPercentEncoding ?? value }
        }
        var query: [String: [String]] = [:]
        for (key, value) in request.uri.queryParameters {
            query[String(key), default: []].append(String(value))
        }
        for q in query["q"] ?? [] { try Self.checkSearch(q) }

        var logger = requestContext.logger
        logger[metadataKey: "plugin.endpoint"] = "\(endpoint.method.rawValue) \(endpoint.path)"
        let endpointRequest = EndpointRequest(
            method: endpoint.method, path: request.uri.path, parameters: parameters, query: query,
            headers: headers, body: body, bodyFile: bodyFile, principal: principal, requestID: requestContext.id,
            logger: logger, context: context, rawQuery: request.uri.query)
        return Response(try await endpoint.handler(endpointRequest))
    }
}
