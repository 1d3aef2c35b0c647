import Logging
import OCOPConfig

/// The host's own part of the configuration (everything except `plugins`).
struct HostSettings: Decodable, Sendable {
    struct Server: Decodable, Sendable {
        var host = "127.0.0.1"
        var port = 8080
        var maxBodyBytes = 2 * 1024 * 1024
        var idleTimeoutSeconds = 30
        var bodyTimeoutSeconds = 60
        var shutdownGraceSeconds = 10

        enum CodingKeys: String, CodingKey {
            case host, port
            case maxBodyBytes = "max_body_bytes"
            case idleTimeoutSeconds = "idle_timeout_seconds"
            case bodyTimeoutSeconds = "body_timeout_seconds"
            case shutdownGraceSeconds = "shutdown_grace_seconds"
        }

        init() {}
        init(from decoder: any Decoder) throws {
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

    struct Storage: Decodable, Sendable {
        var url = "sqlite:./data/ocop.sqlite"
        /// Connections per event loop (the host runs one event loop per core).
        var poolSize = 4

        enum CodingKeys: String, CodingKey {
            case url
            case poolSize = "pool_size"
        }

        init() {}
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            url = try c.decodeIfPresent(String.self, forKey: .url) ?? url
            poolSize = try c.decodeIfPresent(Int.self, forKey: .poolSize) ?? poolSize
            guard (1...64).contains(poolSize) else {
                throw DecodingError.dataCorruptedError(forKey: .poolSize, in: c, debugDescription: "expected 1 to 64 connections, found \(poolSize)")
            }
        }
    }

    struct Log: Decodable, Sendable {
        enum Level: String, Decodable, Sendable, CaseIterable {
            case trace, debug, info, notice, warning, error, critical
            var swiftLog: Logger.Level { Logger.Level(rawValue: rawValue) ?? .info }
        }
        var level = Level.info

        init() {}
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            level = try c.decodeIfPresent(Level.self, forKey: .level) ?? level
        }
        enum CodingKeys: String, CodingKey { case level }
    }

    var server = Server()
    var storage = Storage()
    var log = Log()

    init() {}
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        server = try c.decodeIfPresent(Server.self, forKey: .server) ?? server
        storage = try c.decodeIfPresent(Storage.self, forKey: .storage) ?? storage
        log = try c.decodeIfPresent(Log.self, forKey: .log) ?? log
    }
    enum CodingKeys: String, CodingKey { case server, storage, log }

    /// Environment variables that set scalar settings (documented in docs/configuration.md).
    static let environmentAliases: [String: String] = [
        "OCOP_HOST": "server.host",
        "OCOP_PORT": "server.port",
        "OCOP_DATABASE_URL": "storage.url",
        "OCOP_LOG_LEVEL": "log.level",
    ]
}
