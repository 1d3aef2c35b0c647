import Foundation
import OCOPPluginKit
@testable import OCOPWeb
import Testing

/// Every UI string exists in every language, and every `{{t.key}}` a template uses exists.
@Suite struct CatalogueTests {
    @Test func everyKeyIsInEveryLanguage() throws {
        let catalogue = try Catalogue.bundled()
        let vi = Set(catalogue.table("vi").keys), en = Set(catalogue.table("en").keys)
        #expect(vi.subtracting(en).sorted() == [], "keys missing in en.json")
        #expect(en.subtracting(vi).sorted() == [], "keys missing in vi.json")
        for language in Catalogue.languages {
            let empty = catalogue.table(language).filter { $0.value.trimmingCharacters(in: .whitespaces).isEmpty }.keys.sorted()
            #expect(empty == [], "empty strings in \(language).json")
        }
        #expect(vi.count > 50)
    }

    @Test func everyTemplateKeyIsInTheCatalogue() throws {
        let catalogue = try Catalogue.bundled()
        let keys = Set(catalogue.table("vi").keys)
        let pattern = try NSRegularExpression(pattern: #"\{\{[#^/]?t\.([a-z0-9_]+)\}\}"#)
        var used: Set<String> = []
        for (name, source) in try WebResources.templates() {
            let range = NSRange(source.startIndex..., in: source)
            for match in pattern.matches(in: source, range: range) {
                let key = String(source[Range(match.range(at: 1), in: source)!])
                used.insert(key)
                #expect(keys.contains(key), "template \(name) uses t.\(key), which vi.json and en.json lack")
            }
        }
        #expect(used.count > 20)
    }

    /// Triple braces (unescaped output) appear once: the layout's already-rendered page body.
    @Test func onlyTheLayoutWritesUnescapedHTML() throws {
        for (name, source) in try WebResources.templates() {
            let count = source.components(separatedBy: "{{{").count - 1 + source.components(separatedBy: "{{&").count - 1
            #expect(count == (name == "layout" ? 1 : 0), "\(name) has \(count) unescaped outputs")
        }
    }
}
