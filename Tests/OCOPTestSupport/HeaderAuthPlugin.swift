import Foundation
import OCOPPluginKit

/// Signs in from `Authorization: Test ROLE PROVINCE`. The accounts module provides the real
/// authenticator; tests of the server and of plugins use this one to act as any role.
public struct HeaderAuthPlugin: Plugin {
    public static let manifest = PluginManifest(id: "test.header-auth", version: "1.0.0", summary: "test sign-in by header",
                                                provides: [ServiceName((any Authenticator).self)])
    public init(config: NoConfig) {}

    public func register(with registrar: Registrar) throws {
        try registrar.provide((any Authenticator).self, HeaderAuthenticator())
    }

    public static func header(_ role: Role, province: String) -> [String: String] {
        ["Authorization": "Test \(role.rawValue) \(province)"]
    }
}

struct HeaderAuthenticator: Authenticator {
    func principal(authorization: String?, cookie: String?, context: PluginContext) async throws -> Principal? {
        guard let authorization else { return nil }
        let parts = authorization.split(separator: " ").map(String.init)
        guard parts.count == 3, parts[0] == "Test", let role = Role(rawValue: parts[1]) else {
            throw Problem(status: 401, title: "Unauthorized", detail: "Bad credentials.")
        }
        return Principal(userID: 1, username: "tester", role: role, provinceCode: parts[2])
    }
}

/// Decodes `{}` for plugins configured with nothing.
public struct EmptyConfig: PluginConfigSource {
    public init() {}
    public func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: Data("{}".utf8)) }
}
