/// A response body produced piece by piece, so that a large export never sits in memory
/// whole: the server calls `next` for the following piece as the client reads (nil ends the
/// body). Whatever the producer holds (a slot of a concurrency limit, say) should be released
/// when it is deinitialised, since a client may leave half-way or ask with HEAD.
public struct ResponseStream: Sendable {
    public var next: @Sendable () async throws -> [UInt8]?

    public init(next: @escaping @Sendable () async throws -> [UInt8]?) {
        self.next = next
    }
}

extension EndpointResponse {
    /// A response whose body is `stream`'s pieces.
    public static func streamed(status: Int = 200, headers: [(String, String)], _ stream: ResponseStream) -> EndpointResponse {
        var response = EndpointResponse(status: status, headers: headers)
        response.stream = stream
        return response
    }
}
