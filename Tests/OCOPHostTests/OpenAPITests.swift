import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OCOPConfig
@testable import OCOPHost
import OCOPPluginKit
import OCOPRuntime
import OCOPServer
import Testing

/// `/openapi.yaml` against what the host really serves: every registered endpoint is
/// documented and nothing else is, references resolve, path parameters are declared.
@Suite struct OpenAPITests {
    /// Routes the server adds itself, outside any plugin.
    static let serverRoutes: Set<String> = ["GET /health", "GET /metrics", "GET /openapi.yaml"]
    static let httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// Every compiled-in plugin enabled with its defaults (as `ocop openapi --all-plugins`), and
    /// the document composed from it: a new plugin is covered without editing this test.
    static func shipped() throws -> (registry: Registry, text: String, document: YAMLNode) {
        let registry = try AllPlugins.registry()
        let text = try APIDocument.compose(registry)
        let document = try #require(try YAML.parse(text, file: "openapi.yaml"))
        return (registry, text, document)
    }

    /// One documented operation.
    struct Operation {
        var key: String  // "GET /api/v1/users/{id}"
        var path: String
        var pathItem: YAMLMapping
        var operation: YAMLMapping
    }

    static func operations(_ document: YAMLNode) -> [Operation] {
        guard let paths = document["paths"]?.mapping else { return [] }
        return paths.entries.flatMap { entry -> [Operation] in
            guard let item = entry.value.mapping else { return [] }
            return item.entries.compactMap { method in
                guard httpMethods.contains(method.key.value), let operation = method.value.mapping else { return nil }
                return Operation(key: "\(method.key.value.uppercased()) \(entry.key.value)", path: entry.key.value,
                                 pathItem: item, operation: operation)
            }
        }
    }

    /// The node a local reference (`#/components/schemas/User`) points at, if any.
    static func resolve(_ reference: String, in document: YAMLNode) -> YAMLNode? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: YAMLNode? = document
        for token in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch node {
            case .mapping(let mapping)?: node = mapping[key]
            case .sequence(let sequence)?: node = Int(key).flatMap { sequence.items.indices.contains($0) ? sequence.items[$0] : nil }
            default: return nil
            }
        }
        return node
    }

    /// Every `$ref` value in the tree, with where it was found.
    static func references(in node: YAMLNode, at path: String = "") -> [(path: String, reference: String)] {
        switch node {
        case .mapping(let mapping):
            return mapping.entries.flatMap { entry -> [(path: String, reference: String)] in
                let here = path + "/" + entry.key.value
                if entry.key.value == "$ref", let reference = entry.value.scalar?.value { return [(here, reference)] }
                return references(in: entry.value, at: here)
            }
        case .sequence(let sequence):
            return sequence.items.enumerated().flatMap { index, item in references(in: item, at: "\(path)/\(index)") }
        case .scalar:
            return []
        }
    }

    @Test func documentIsOpenAPI31() throws {
        let (_, _, document) = try Self.shipped()
        #expect(document["openapi"]?.scalar?.value == "3.1.0")
        #expect(document["info"]?["title"]?.scalar != nil)
        #expect(document["info"]?["version"]?.scalar != nil)
    }

    @Test func everyRegisteredEndpointIsDocumentedAndNothingElse() throws {
        let (registry, _, document) = try Self.shipped()
        let registered = Set(registry.endpoints.map { "\($0.endpoint.method.rawValue) \($0.endpoint.path)" })
        let expected = registered.union(Self.serverRoutes)
        let documented = Set(Self.operations(document).map(\.key))
        let undocumented = expected.subtracting(documented).sorted()
        let unserved = documented.subtracting(expected).sorted()
        #expect(undocumented.isEmpty && unserved.isEmpty, """
            registered but not in /openapi.yaml: \(undocumented)
            in /openapi.yaml but not registered: \(unserved)
            """)
        #expect(registered.count == registry.endpoints.count, "an endpoint is registered twice")
    }

    @Test func signedInEndpointsRequireBearerAuth() throws {
        let (registry, _, document) = try Self.shipped()
        let operations = Dictionary(Self.operations(document).map { ($0.key, $0.operation) }) { first, _ in first }
        var wrong: [String] = []
        for entry in registry.endpoints {
            let key = "\(entry.endpoint.method.rawValue) \(entry.endpoint.path)"
            guard let operation = operations[key] else { continue }  // reported by the test above
            let schemes = operation["security"]?.sequence?.items.compactMap(\.mapping).flatMap(\.keys) ?? []
            let needsSignIn = entry.endpoint.access != .anyone
            if needsSignIn != schemes.contains("bearer") {
                wrong.append("\(key) (\(needsSignIn ? "needs sign-in but has no" : "is public but has a") bearer security requirement)")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }

    @Test func everyReferenceResolvesToAComponent() throws {
        let (_, _, document) = try Self.shipped()
        let references = Self.references(in: document)
        #expect(!references.isEmpty)
        let broken = references.filter { !$0.reference.hasPrefix("#/components/") || Self.resolve($0.reference, in: document) == nil }
        #expect(broken.isEmpty, "\(broken.map { "\($0.path): \($0.reference)" }.joined(separator: "\n"))")
    }

    @Test func everyPathParameterIsDeclared() throws {
        let (_, _, document) = try Self.shipped()
        var problems: [String] = []
        for operation in Self.operations(document) {
            let templated = Set(operation.path.split(separator: "/").compactMap { segment -> String? in
                segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
            })
            let declared = (operation.pathItem["parameters"]?.sequence?.items ?? []) + (operation.operation["parameters"]?.sequence?.items ?? [])
            var inPath: Set<String> = []
            for parameter in declared {
                let resolved = parameter["$ref"]?.scalar.flatMap { Self.resolve($0.value, in: document) } ?? parameter
                guard resolved["in"]?.scalar?.value == "path", let name = resolved["name"]?.scalar?.value else { continue }
                inPath.insert(name)
                if resolved["required"]?.scalar?.boolValue != true { problems.append("\(operation.key): path parameter '\(name)' is not required: true") }
            }
            for name in templated.subtracting(inPath).sorted() { problems.append("\(operation.key): {\(name)} has no parameter with in: path") }
            for name in inPath.subtracting(templated).sorted() { problems.append("\(operation.key): path parameter '\(name)' is not in the path") }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func operationIDsAreUnique() throws {
        let (_, _, document) = try Self.shipped()
        var owners: [String: [String]] = [:]
        var missing: [String] = []
        for operation in Self.operations(document) {
            if let id = operation.operation["operationId"]?.scalar?.value { owners[id, default: []].append(operation.key) } else { missing.append(operation.key) }
        }
        let duplicates = owners.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
        #expect(duplicates.isEmpty, "\(duplicates.map { "\($0.key): \($0.value.joined(separator: ", "))" }.joined(separator: "\n"))")
        #expect(missing.isEmpty, "operations without an operationId: \(missing)")
    }

    /// Fragments are merged key by key, so two plugins defining the same component or path
    /// operation would silently blend into one; each name must have a single author.
    @Test func fragmentsDoNotRedefineEachOthersNames() throws {
        let (registry, _, _) = try Self.shipped()
        var sources: [(owner: String, yaml: String)] = [("the server's base document", HTTPServer.baseOpenAPI)]
        sources += registry.apiDescriptions.map { ("\($0.plugin)", $0.yaml) }
        var authors: [String: [String]] = [:]
        for source in sources {
            let fragment = try #require(try YAML.parse(source.yaml, file: source.owner))
            for section in fragment["components"]?.mapping?.entries ?? [] {
                for name in section.value.mapping?.keys ?? [] {
                    authors["components/\(section.key.value)/\(name)", default: []].append(source.owner)
                }
            }
            for operation in Self.operations(fragment) { authors[operation.key, default: []].append(source.owner) }
        }
        let clashes = authors.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
        #expect(clashes.isEmpty, "\(clashes.map { "\($0.key) defined by \($0.value.joined(separator: " and "))" }.joined(separator: "\n"))")
    }
}

/// The running server answers `/openapi.yaml` with the document `ocop openapi` composes.
@Suite(.serialized) struct ServedOpenAPITests {
    @Test func serveAnswersTheComposedDocument() async throws {
        let directory = try Host.workspace()
        let files = ["config.yaml", "docs/regions/ha-noi.yaml"]
        let boot = try Boot.prepare(files: files.map { directory.appendingPathComponent($0).path }, available: CompiledPlugins.all, environment: [:])
        let expected = try APIDocument.compose(boot.registry)

        let server = try ServeProcess(directory: directory, arguments: files.flatMap { ["--config", $0] })
        let port = try await server.waitForPort()
        let url = try #require(URL(string: "http://127.0.0.1:\(port)/openapi.yaml"))
        let (data, response) = try await URLSession.shared.data(from: url)
        let status = server.terminate()

        let http = try #require(response as? HTTPURLResponse)
        #expect(http.statusCode == 200)
        #expect(http.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("application/yaml") == true)
        let served = String(decoding: data, as: UTF8.self)
        #expect(served == expected, "the served document differs from APIDocument.compose")
        #expect(served.contains("/api/v1/ha-noi/craft-villages/{id}:"))
        #expect(served.contains("/api/v1/auth/tokens:"))
        #expect(status == 0, "\(server.stderr)")
    }
}
