/// What the HTTP server needs from the configuration.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    /// Largest request body accepted, in bytes; larger bodies get 413.
    public var maxBodyBytes: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 2 * 1024 * 1024) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
    }
}
