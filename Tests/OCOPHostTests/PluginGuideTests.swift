import Foundation
import Testing

/// docs/plugin-guide.md quotes real files: each code block after `<!-- file: PATH -->` must
/// stand, line for line, in that file — so the guide shows code that compiles and is tested.
@Suite struct PluginGuideTests {
    struct Quote {
        var file: String
        var lines: [String]
    }

    static func quotes() throws -> [Quote] {
        let guide = try String(contentsOf: Host.packageRoot.appendingPathComponent("docs/plugin-guide.md"), encoding: .utf8)
        var quotes: [Quote] = []
        var pending: String?
        var current: Quote?
        for line in guide.components(separatedBy: "\n") {
            if var quote = current {
                if line.hasPrefix("```") { quotes.append(quote); current = nil } else { quote.lines.append(line); current = quote }
            } else if let range = line.range(of: #"^<!-- file: (.+) -->$"#, options: .regularExpression) {
                pending = String(line[range].dropFirst("<!-- file: ".count).dropLast(" -->".count))
            } else if line.hasPrefix("```"), let file = pending {
                current = Quote(file: file, lines: [])
                pending = nil
            }
        }
        return quotes
    }

    @Test func everyQuotedBlockStandsInItsFile() throws {
        let quotes = try Self.quotes()
        #expect(quotes.count >= 8, "the guide quotes its example")
        for quote in quotes {
            let text = try String(contentsOf: Host.packageRoot.appendingPathComponent(quote.file), encoding: .utf8)
            let block = quote.lines.joined(separator: "\n")
            #expect(!block.isEmpty)
            #expect(text.contains(block), "docs/plugin-guide.md quotes \(quote.file), which no longer reads:\n\(block)")
        }
    }

    @Test func theGuidesPluginIsListedLikeAnyOther() throws {
        let guide = try String(contentsOf: Host.packageRoot.appendingPathComponent("docs/plugin-guide.md"), encoding: .utf8)
        #expect(guide.contains("`Plugins/BacNinh`"))
        #expect(OneLinePluginTests.listed(in: try OneLinePluginTests.manifest).contains("BacNinh"))
        #expect(FileManager.default.fileExists(atPath: Host.packageRoot.appendingPathComponent("docs/regions/bac-ninh.yaml").path))
    }
}
