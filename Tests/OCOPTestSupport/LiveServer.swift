import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import NIOCore
import OCOPPluginKit
import OCOPServer

/// Runs the real HTTP server on a free loopback port for the duration of a test and talks to
/// it over real HTTP (Foundation's URLSession).
public enum LiveServer {
    public struct Client: Sendable {
        public let baseURL: URL

        public struct Reply: Sendable {
            public let status: Int
            public let headers: [String: String]
            public let body: Data
            public var text: String { String(decoding: body, as: UTF8.self) }
            public func json() throws -> [String: Any] {
                (try JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
            }
        }

        public func send(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) async throws -> Reply {
            var request = URLRequest(url: URL(string: path, relativeTo: baseURL)!)
            request.httpMethod = method
            request.httpBody = body
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            if body != nil, headers["Content-Type"] == nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = response as? HTTPURLResponse
            var fields: [String: String] = [:]
            for (key, value) in http?.allHeaderFields ?? [:] { fields["\(key)".lowercased()] = "\(value)" }
            return Reply(status: http?.statusCode ?? 0, headers: fields, body: data)
        }

        public func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
            try await send("GET", path, headers: headers)
        }

        public func post(_ path: String, json: String, headers: [String: String] = [:]) async throws -> Reply {
            try await send("POST", path, body: Data(json.utf8), headers: headers)
        }
    }

    /// Serves `router` until `body` returns.
    public static func run<R: Sendable>(
        _ router: Router<BasicRequestContext>, settings: ServerSettings = ServerSettings(host: "127.0.0.1", port: 0),
        _ body: @escaping @Sendable (Client) async throws -> R
    ) async throws -> R {
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test.server")
        logger.logLevel = .warning
        let app = HTTPServer.application(
            router: router, settings: settings, logger: logger
        ) { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        }
        return try await withThrowingTaskGroup(of: R?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var port = 0
            for await value in portStream { port = value }
            let client = Client(baseURL: URL(string: "http://127.0.0.1:\(port)")!)
            let result = try await body(client)
            group.cancelAll()
            return result
        }
    }
}
