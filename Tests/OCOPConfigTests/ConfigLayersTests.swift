import Testing
import OCOPConfig

/// Merging files: later wins by key path, locations follow the values.
@Suite struct ConfigLayersTests {
    static let base = """
    server:
      host: 0.0.0.0
      port: 8080
      limits:
        body: 1024
        connections: 100
    storage:
      url: sqlite:///var/lib/ocop.db
    regions: [north, south]
    """

    static let site = """
    server:
      port: 9090
      limits:
        body: 4096
    regions: [central]
    metrics: true
    """

    func layers() throws -> (base: YAMLNode, site: YAMLNode) {
        let base = try #require(try YAML.parse(Self.base, file: "base.yaml"))
        let site = try #require(try YAML.parse(Self.site, file: "site.yaml"))
        return (base, site)
    }

    @Test func laterLayerWinsAndLocationsComeFromTheRightFile() throws {
        let (base, site) = try layers()
        let merged = try #require(ConfigLayers.merge([base, site]))
        #expect(merged.text("server.port") == "9090")
        #expect(merged["server"]?["port"]?.location.description == "site.yaml:2:9")
        #expect(merged.text("server.host") == "0.0.0.0")
        #expect(merged["server"]?["host"]?.location.description == "base.yaml:2:9")
        #expect(merged.text("server.limits.body") == "4096")
        #expect(merged["server"]?["limits"]?["body"]?.location.description == "site.yaml:4:11")
        #expect(merged.text("server.limits.connections") == "100")
        #expect(merged["server"]?["limits"]?["connections"]?.location.description == "base.yaml:6:18")
        #expect(merged.text("storage.url") == "sqlite:///var/lib/ocop.db")
    }

    @Test func sequencesAreReplacedNotConcatenated() throws {
        let (base, site) = try layers()
        let merged = try #require(ConfigLayers.merge([base, site]))
        #expect(merged["regions"]?.sequence?.items.compactMap(\.scalar?.value) == ["central"])
        #expect(merged["regions"]?.location.description == "site.yaml:5:10")
    }

    @Test func keyOrderIsFirstAppearance() throws {
        let (base, site) = try layers()
        let merged = try #require(ConfigLayers.merge([base, site]))
        #expect(merged.mapping?.keys == ["server", "storage", "regions", "metrics"])
        #expect(merged["server"]?.mapping?.keys == ["host", "port", "limits"])
    }

    @Test func scalarReplacesMappingAndMappingReplacesScalar() throws {
        let a = try #require(try YAML.parse("x: {a: 1}\ny: 2\n", file: "a.yaml"))
        let b = try #require(try YAML.parse("x: off\ny: {b: 3}\n", file: "b.yaml"))
        let merged = try #require(ConfigLayers.merge([a, b]))
        #expect(merged.text("x") == "off")
        #expect(merged.text("y.b") == "3")
    }

    @Test func blankSectionDoesNotEraseEarlierSettings() throws {
        let a = try #require(try YAML.parse("server:\n  port: 1\nname: x\n", file: "a.yaml"))
        let b = try #require(try YAML.parse("server:\n  # port: 2\nname: ~\n", file: "b.yaml"))
        let merged = try #require(ConfigLayers.merge([a, b]))
        #expect(merged.text("server.port") == "1")
        #expect(merged["name"]?.isNull == true)
    }

    @Test func mergeOfNothingAndOfOne() throws {
        #expect(ConfigLayers.merge([]) == nil)
        let (base, _) = try layers()
        #expect(ConfigLayers.merge([base]) == base)
    }

    @Test func threeLayersApplyInOrder() throws {
        let nodes = try ["a", "b", "c"].map { name in
            try #require(try YAML.parse("value: \(name)\n\(name): 1\n", file: "\(name).yaml"))
        }
        let merged = try #require(ConfigLayers.merge(nodes))
        #expect(merged.text("value") == "c")
        #expect(merged["value"]?.location.file == "c.yaml")
        #expect(merged.mapping?.keys == ["value", "a", "b", "c"])
    }

    @Test func decodeErrorsPointAtTheFileTheValueCameFrom() throws {
        struct Limits: Decodable { var body: Int; var connections: Int }
        struct Server: Decodable { var host: String; var port: Int; var limits: Limits }
        struct Root: Decodable { var server: Server; var storage: [String: String]; var regions: [String]; var metrics: Bool }
        let base = try #require(try YAML.parse(Self.base, file: "base.yaml"))
        let site = try #require(try YAML.parse("server:\n  limits:\n    body: lots\n  debug: true\n", file: "site.yaml"))
        let merged = ConfigLayers.merge([base, site])
        do {
            _ = try YAMLDecoder().decode(Root.self, from: merged)
            Issue.record("decoding should fail")
        } catch {
            // The merged root's location is the last file's root mapping.
            #expect(error.errors.map(\.description) == [
                "site.yaml:1:1: missing required key 'metrics'",
                "site.yaml:3:11: server.limits.body: expected integer, found string \"lots\"",
                "site.yaml:4:3: server.debug: unknown key 'debug'; expected one of: host, port, limits",
            ])
        }
        let fixed = try #require(try YAML.parse("server:\n  debug: true\nmetrics: false\n", file: "site.yaml"))
        do {
            _ = try YAMLDecoder().decode(Root.self, from: ConfigLayers.merge([base, fixed]))
            Issue.record("decoding should fail")
        } catch {
            #expect(error.description == "site.yaml:2:3: server.debug: unknown key 'debug'; expected one of: host, port, limits")
        }
    }
}
