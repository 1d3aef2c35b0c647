import OCOPConfig
import OCOPPluginKit
import OCOPServer

/// Composes `/openapi.yaml` from the server's base document and each loaded plugin's fragment.
public enum APIDocument {
    public static func compose(_ registry: Registry) throws(ConfigErrors) -> String {
        var layers: [YAMLNode] = []
        do {
            if let base = try YAML.parse(HTTPServer.baseOpenAPI, file: "OCOPServer/BaseOpenAPI") { layers.append(base) }
            for description in registry.apiDescriptions {
                if let fragment = try YAML.parse(description.yaml, file: "openapi fragment of \(description.plugin)") { layers.append(fragment) }
            }
        } catch {
            throw ConfigErrors([error])
        }
        let merged = ConfigLayers.merge(layers)
        let server: YAMLNode?
        do {
            server = try YAML.parse(serverResponses(merged), file: "OCOPHost/APIDocument (server-wide responses)")
        } catch {
            throw ConfigErrors([error])
        }
        return YAMLWriter().write(server.map { ConfigLayers.merge([merged, $0].compactMap { $0 }) } ?? merged)
    }

    /// Answers the server gives for any endpoint, whatever its plugin documented: 400, 408, 413
    /// and 422 for request bodies, 401 where a token is accepted, 503 when the database is busy.
    /// Only codes an operation does not document already are added.
    static func serverResponses(_ document: YAMLNode?) -> String {
        var out = "paths:\n"
        for (key, value) in document?["paths"]?.mapping?.entries ?? [] where key.value.hasPrefix("/api/") {
            var operations = ""
            for (method, operation) in value.mapping?.entries ?? [] where ["get", "post", "put", "patch", "delete"].contains(method.value) {
                let documented = Set(operation["responses"]?.mapping?.keys ?? [])
                var codes = ["503"]
                if operation["requestBody"] != nil { codes += ["400", "408", "413", "422"] }
                if operation["security"] != nil { codes.append("401") }
                let missing = codes.filter { !documented.contains($0) }.sorted()
                guard !missing.isEmpty else { continue }
                operations += "    \(method.value):\n      responses:\n"
                for code in missing { operations += "        '\(code)': {$ref: '#/components/responses/Problem'}\n" }
            }
            if !operations.isEmpty { out += "  \(key.value):\n" + operations }
        }
        return out
    }
}
