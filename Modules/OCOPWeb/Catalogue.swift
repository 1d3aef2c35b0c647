import Foundation

/// Every UI string, one JSON catalogue per language (`Resources/i18n/<lang>.json`, key → text).
/// Vietnamese is the default; a test fails when a key is missing in either language.
struct Catalogue: Sendable {
    static let languages = ["vi", "en"]
    static let defaultLanguage = "vi"

    let strings: [String: [String: String]]

    static func bundled() throws -> Catalogue {
        var strings: [String: [String: String]] = [:]
        for language in languages {
            let data = try Data(contentsOf: WebResources.url("i18n/\(language).json"))
            strings[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return Catalogue(strings: strings)
    }

    func table(_ language: String) -> [String: String] { strings[language] ?? strings[Self.defaultLanguage] ?? [:] }

    func text(_ key: String, _ language: String) -> String { table(language)[key] ?? key }
}

/// The module's bundled files (templates, catalogues, stylesheet).
enum WebResources {
    static func url(_ relative: String) -> URL {
        // `Bundle.module.resourceURL` differs between platforms; the copied folder is found by name.
        (Bundle.module.url(forResource: "Resources", withExtension: nil) ?? Bundle.module.bundleURL.appendingPathComponent("Resources"))
            .appendingPathComponent(relative)
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }

    /// Every `templates/*.mustache`, by name without the extension.
    static func templates() throws -> [String: String] {
        let folder = url("templates")
        var out: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
            out[String(name.dropLast(".mustache".count))] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return out
    }
}
