/// What the HTTP server needs from the configuration.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// Largest request body accepted, in bytes; larger bodies get 413.
    public var maxBodyBytes: Int
    /// A connection that sends nothing (no complete header, no body bytes, no next request)
    /// for this long is closed; so is one whose client stops reading a response for this long.
    public var idleTimeoutSeconds: Int
    /// The whole body of a request must arrive within this time; slower gets 408.
    public var bodyTimeoutSeconds: Int
    /// On SIGTERM/SIGINT, requests in progress get this long to finish before they are cancelled.
    public var shutdownGraceSeconds: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 2 * 1024 * 1024,
                idleTimeoutSeconds: Int = 30, bodyTimeoutSeconds: Int = 60, shutdownGraceSeconds: Int = 10) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.bodyTimeoutSeconds = bodyTimeoutSeconds
        self.shutdownGraceSeconds = shutdownGraceSeconds
    }
}
