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
        return YAMLWriter().write(ConfigLayers.merge(layers))
    }
}
