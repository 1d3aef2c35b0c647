import Foundation

// Usage: CompiledPluginsTool OUTPUT.swift Module…  (run by CompiledPluginsGenerator at build time)
let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: CompiledPluginsTool OUTPUT.swift MODULE…\n".utf8))
    exit(2)
}
let modules = Array(arguments.dropFirst())
var text = "// Generated at build time from the host's dependencies under Plugins/ (Package.swift's provincePlugins).\n"
text += "import OCOPPluginKit\n"
for module in modules { text += "import \(module)\n" }
text += "\n/// Province plugins compiled into this host, in ID-independent name order.\n"
text += "enum ProvincePlugins {\n    static let all: [PluginFactory] = [\n"
for module in modules { text += "        PluginFactory(\(module)Plugin.self),\n" }
text += "    ]\n}\n"
// Write only on change, so an unchanged list does not rebuild the host.
if (try? String(contentsOfFile: output, encoding: .utf8)) != text {
    do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
        FileHandle.standardError.write(Data("CompiledPluginsTool: cannot write \(output): \(error)\n".utf8))
        exit(1)
    }
}
