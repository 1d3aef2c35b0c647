import Logging
import OCOPConfig
import OCOPStorage

/// The host's own part of the configuration (everything except `plugins`).
public struct HostSettings: Decodable, Sendable {
    public struct Server: Decodable, Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var maxBodyBytes = 2 * 1024 * 1024
        public var idleTimeoutSeconds = 30
        public var bodyTimeoutSeconds = 60
        public var shutdownGraceSeconds = 10

        enum CodingKeys: String, CodingKey {
            case host, port
            case maxBodyBytes = "max_body_bytes"
            case idleTimeoutSeconds = "idle_timeout_seconds"
            case bodyTimeoutSeconds = "body_timeout_seconds"
            case shutdownGraceSeconds = "shutdown_grace_seconds"
        }

        public init() {}
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            host = try c.decodeIfPresent(String.self, forKey: .host) ?? host
            port = try c.decodeIfPresent(Int.self, forKey: .port) ?? port
            maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? maxBodyBytes
            guard (0...65535).contains(port) else {
                throw DecodingError.dataCorruptedError(forKey: .port, in: c, debugDescription: "expected a port from 0 (any free port) to 65535, found \(port)")
            }
            guard maxBodyBytes >= 1024 else {
                throw DecodingError.dataCorruptedError(forKey: .maxBodyBytes, in: c, debugDescription: "expected at least 1024 bytes, found \(maxBodyBytes)")
            }
            idleTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds) ?? idleTimeoutSeconds
            bodyTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .bodyTimeoutSeconds) ?? bodyTimeoutSeconds
            shutdownGraceSeconds = try c.decodeIfPresent(Int.self, forKey: .shutdownGraceSeconds) ?? shutdownGraceSeconds
            for (key, value) in [(CodingKeys.idleTimeoutSeconds, idleTimeoutSeconds), (.bodyTimeoutSeconds, bodyTimeoutSeconds),
                                 (.shutdownGraceSeconds, shutdownGraceSeconds)] where !(1...3600).contains(value) {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "expected 1 to 3600 seconds, found \(value)")
            }
        }
    }

    public struct Storage: Decodable, Sendable {
        /// Decoded straight from `storage.url`: the one source of truth for where data lives.
        public var location = StorageLocation.sqlite(path: "./data/ocop.sqlite")
        /// Connections per event loop (the host runs one event loop per core).
        public var poolSize = 4

        enum CodingKeys: String, CodingKey {
            case url
            case poolSize = "pool_size"
        }

        public init() {}
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let url = try c.decodeIfPresent(String.self, forKey: .url) {
                do { location = try StorageLocation(url: url) } catch {
                    let message = error.message.hasPrefix("storage.url: ") ? String(error.message.dropFirst(13)) : error.message
                    throw DecodingError.dataCorruptedError(forKey: .url, in: c, debugDescription: message)
                }
            }
            poolSize = try c.decodeIfPresent(Int.self, forKey: .poolSize) ?? poolSize
            guard (1...64).contains(poolSize) else {
                throw DecodingError.dataCorruptedError(forKey: .poolSize, in: c, debugDescription: "expected 1 to 64 connections, found \(poolSize)")
            }
        }
    }

    public struct Log: Decodable, Sendable {
        public enum Level: String, Decodable, Sendable, CaseIterable {
            case trace, debug, info, notice, warning, error, critical
            public var swiftLog: Logger.Level { Logger.Level(rawValue: rawValue) ?? .info }
        }
        public var level = Level.info

        public init() {}
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            level = try c.decodeIfPresent(Level.self, forKey: .level) ?? level
        }
        enum CodingKeys: String, CodingKey { case level }
    }

    public var server = Server()
    public var storage = Storage()
    public var log = Log()

    public init() {}
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        server = try c.decodeIfPresent(Server.self, forKey: .server) ?? server
        storage = try c.decodeIfPresent(Storage.self, forKey: .storage) ?? storage
        log = try c.decodeIfPresent(Log.self, forKey: .log) ?? log
    }
    enum CodingKeys: String, CodingKey { case server, storage, log }

    /// Environment variables that set scalar settings (documented in docs/configuration.md).
    public static let environmentAliases: [String: String] = [
        "OCOP_HOST": "server.host",
        "OCOP_PORT": "server.port",
        "OCOP_DATABASE_URL": "storage.url",
        "OCOP_LOG_LEVEL": "log.level",
    ]
}
