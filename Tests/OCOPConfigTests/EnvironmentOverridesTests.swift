import Testing
import OCOPConfig

/// OCOP_* variables: aliases and generic OCOP__SECTION__KEY names.
@Suite struct EnvironmentOverridesTests {
    static let aliases = ["OCOP_PORT": "server.port", "OCOP_DATABASE_URL": "storage.url"]

    struct Server: Decodable { var host: String?; var port: Int; var maxBodySize: Int? }
    struct Storage: Decodable { var url: String }
    struct Root: Decodable { var server: Server; var storage: Storage? }

    func apply(_ environment: [String: String], to text: String) throws -> YAMLNode? {
        try EnvironmentOverrides(environment: environment, aliases: Self.aliases).apply(to: YAML.parse(text, file: "config.yaml"))
    }

    func applyError(_ environment: [String: String], to text: String) -> String? {
        do {
            _ = try apply(environment, to: text)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aliasOverridesAScalar() throws {
        let node = try #require(try apply(["OCOP_PORT": "9000"], to: "server:\n  host: h\n  port: 8080\n"))
        #expect(node.text("server.port") == "9000")
        #expect(node["server"]?["port"]?.location.description == "env OCOP_PORT")
        #expect(node["server"]?["port"]?.scalar?.kind == .int)
        #expect(node["server"]?["host"]?.location.description == "config.yaml:2:9")
        #expect(try YAMLDecoder().decode(Root.self, from: node).server.port == 9000)
    }

    @Test func genericNameOverridesAScalar() throws {
        let node = try #require(try apply(["OCOP__SERVER__PORT": "9001"], to: "server:\n  port: 8080\n"))
        #expect(node.text("server.port") == "9001")
        #expect(node["server"]?["port"]?.location.description == "env OCOP__SERVER__PORT")
    }

    @Test func genericNameMatchesExistingKeySpelling() throws {
        let node = try #require(try apply(["OCOP__SERVER__MAX_BODY_SIZE": "10"], to: "server:\n  port: 1\n  max-body-size: 5\n"))
        #expect(node.text("server.max-body-size") == "10")
        #expect(node["server"]?.mapping?.keys == ["port", "max-body-size"])
        let camel = try #require(try apply(["OCOP__SERVER__MAXBODYSIZE": "7"], to: "server:\n  port: 1\n  maxBodySize: 5\n"))
        #expect(camel.text("server.maxBodySize") == "7")
    }

    @Test func missingMappingsAreCreated() throws {
        let node = try #require(try apply(["OCOP_DATABASE_URL": "postgres://db"], to: "server:\n  port: 1\n"))
        #expect(node.text("storage.url") == "postgres://db")
        #expect(node["storage"]?.location.description == "env OCOP_DATABASE_URL")
        let root = try YAMLDecoder().decode(Root.self, from: node)
        #expect(root.storage?.url == "postgres://db")
    }

    @Test func overridesWorkWithoutAnyFile() throws {
        let node = try EnvironmentOverrides(environment: ["OCOP__SERVER__PORT": "1"], aliases: [:]).apply(to: nil)
        #expect(node?.text("server.port") == "1")
        #expect(node?.location.description == "env OCOP__SERVER__PORT")
    }

    @Test func blankSectionBecomesAMapping() throws {
        let node = try #require(try apply(["OCOP_PORT": "2"], to: "server:\n"))
        #expect(node.text("server.port") == "2")
    }

    @Test func unrelatedVariablesAreIgnored() throws {
        let text = "server:\n  port: 1\n"
        let node = try apply(["HOME": "/root", "OCOP_UNKNOWN": "x", "OCOPX__A": "y"], to: text)
        #expect(node == (try YAML.parse(text, file: "config.yaml")))
    }

    @Test func typeErrorFromEnvironmentIsLocatedAtTheVariable() throws {
        let node = try apply(["OCOP_PORT": "abc"], to: "server:\n  port: 8080\n")
        do {
            _ = try YAMLDecoder().decode(Root.self, from: node)
            Issue.record("abc is not a port")
        } catch {
            #expect(error.description == "env OCOP_PORT: server.port: expected integer, found string \"abc\"")
        }
    }

    @Test func unknownKeyFromGenericNameIsLocatedAtTheVariable() throws {
        let node = try apply(["OCOP__SERVER__PROT": "1"], to: "server:\n  port: 8080\n")
        do {
            _ = try YAMLDecoder().decode(Root.self, from: node)
            Issue.record("prot is not a key")
        } catch {
            #expect(error.description == "env OCOP__SERVER__PROT: server.prot: unknown key 'prot'; expected one of: host, port, maxBodySize")
        }
    }

    @Test func valuesArePlainScalars() throws {
        let node = try #require(try apply(["OCOP__A": "true", "OCOP__B": "", "OCOP__C": "no", "OCOP__D": "1.5"], to: ""))
        #expect(node["a"]?.scalar?.kind == .bool)
        #expect(node["b"]?.scalar?.kind == .null)
        #expect(node["c"]?.scalar?.kind == .string)
        #expect(node["d"]?.scalar?.kind == .float)
    }

    @Test func cannotDescendIntoAScalar() {
        #expect(applyError(["OCOP__SERVER__PORT": "1"], to: "server: localhost\n")
            == "env OCOP__SERVER__PORT: server: cannot set server.port: this is string \"localhost\" at config.yaml:1:9, not a mapping")
    }

    @Test func cannotReplaceACollectionWithAScalar() {
        #expect(applyError(["OCOP__SERVER": "x"], to: "server:\n  port: 1\n")
            == "env OCOP__SERVER: server: cannot replace the mapping at config.yaml:2:3 with a single value")
        #expect(applyError(["OCOP__REGIONS": "x"], to: "regions: [a]\n")
            == "env OCOP__REGIONS: regions: cannot replace the sequence at config.yaml:1:10 with a single value")
    }

    @Test func twoVariablesForTheSameKeyConflict() {
        #expect(applyError(["OCOP_PORT": "1", "OCOP__SERVER__PORT": "2"], to: "server:\n  port: 0\n")
            == "env OCOP__SERVER__PORT: server.port: both OCOP_PORT and OCOP__SERVER__PORT set this key; keep only one")
    }

    @Test func malformedGenericNameIsRejected() {
        #expect(applyError(["OCOP__SERVER____PORT": "1"], to: "")
            == "env OCOP__SERVER____PORT: invalid variable name: expected OCOP__SECTION__KEY with one double underscore between non-empty keys")
        #expect(applyError(["OCOP__": "1"], to: "") != nil)
    }

    @Test func malformedAliasIsRejected() {
        let overrides = EnvironmentOverrides(environment: ["OCOP_X": "1"], aliases: ["OCOP_X": "server..port"])
        #expect(throws: ConfigError.self) { try overrides.apply(to: nil) }
    }

    @Test func layeringThenEnvironment() throws {
        let base = try #require(try YAML.parse("server:\n  port: 1\n  host: a\n", file: "base.yaml"))
        let site = try #require(try YAML.parse("server:\n  host: b\n", file: "site.yaml"))
        let merged = ConfigLayers.merge([base, site])
        let final = try EnvironmentOverrides(environment: ["OCOP_PORT": "3"], aliases: Self.aliases).apply(to: merged)
        let root = try YAMLDecoder().decode(Root.self, from: final)
        #expect(root.server.port == 3)
        #expect(root.server.host == "b")
        #expect(final?["server"]?["host"]?.location.file == "site.yaml")
    }
}
