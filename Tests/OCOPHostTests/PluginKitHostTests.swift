import Foundation
@testable import OCOPHost
import OCOPPluginKit
import OCOPRuntime
import Testing

/// The plugin kit as an operator and a plugin developer meet it: configuration layers,
/// `ocop plugins show`, plugin commands, events surviving `kill -9`, one-line plugins.
@Suite(.serialized) struct PluginKitHostTests {
    /// Bắc Ninh's region file on a workspace whose database lives in it.
    static func bacNinhWorkspace() throws -> URL {
        let directory = try Host.workspace()
        try Host.write("storage:\n  url: sqlite:./data/bac-ninh.sqlite\n", to: "local.yaml", in: directory)
        return directory
    }

    static let bacNinh = ["--config", "config.yaml", "--config", "docs/regions/bac-ninh.yaml", "--config", "local.yaml"]

    @Test func aLaterLayerDisablesAPluginAndEveryErrorIsLocated() throws {
        let directory = try Host.workspace()
        try Host.write("plugins:\n  vn.ha-noi: false\n", to: "off.yaml", in: directory)
        let off = try Host.run(["config", "check", "--config", "config.yaml", "--config", "docs/regions/ha-noi.yaml", "--config", "off.yaml"], in: directory)
        #expect(off.status == 0, "\(off.stderr)")
        #expect(!off.stdout.contains("vn.ha-noi"), "\(off.stdout)")

        // Disabling what another plugin requires names where it was disabled.
        try Host.write("plugins:\n  ocop.registry: false\n", to: "no-registry.yaml", in: directory)
        let broken = try Host.run(["config", "check", "--config", "config.yaml", "--config", "docs/regions/bac-ninh.yaml",
                                   "--config", "no-registry.yaml"], in: directory)
        #expect(broken.status == 1)
        let region = try String(contentsOf: directory.appendingPathComponent("docs/regions/bac-ninh.yaml"), encoding: .utf8)
        let line = (region.components(separatedBy: "\n").firstIndex { $0.hasPrefix("  vn.bac-ninh:") } ?? -2) + 1
        #expect(broken.stderr.contains("docs/regions/bac-ninh.yaml:\(line):3: plugins.vn.bac-ninh: plugin 'vn.bac-ninh' requires 'ocop.registry', which is disabled at no-registry.yaml:2:3"), "\(broken.stderr)")
        #expect(broken.stderr.contains("requires service ProductLookup, which no enabled plugin provides"), "\(broken.stderr)")

        // An unknown plugin is located too.
        try Host.write("plugins:\n  vn.nowhere: {}\n", to: "unknown.yaml", in: directory)
        let unknown = try Host.run(["config", "check", "--config", "config.yaml", "--config", "unknown.yaml"], in: directory)
        #expect(unknown.stderr.hasPrefix("unknown.yaml:2:3: plugins.vn.nowhere: unknown plugin 'vn.nowhere'"), "\(unknown.stderr)")
    }

    @Test func pluginsShowTellsWhatAPluginProvidesRequiresContributesAndOwns() throws {
        let directory = try Host.workspace()
        let registry = try Host.run(["plugins", "show", "ocop.registry"], in: directory)
        #expect(registry.status == 0, "\(registry.stderr)")
        for text in ["Requires:", "service AuditLog ← ocop.accounts", "Provides:", "service CertificationRecorder",
                     "Owns extension points:", "ocop.registry.import-aliases", "to ocop.host.commands", "import", "GET /api/v1/products/{id}"] {
            #expect(registry.stdout.contains(text), "missing \(text) in\n\(registry.stdout)")
        }
        let haNoi = try Host.run(["plugins", "show", "vn.ha-noi"], in: directory)
        #expect(haNoi.stdout.contains("not enabled in config.yaml; shown with its default settings"), "\(haNoi.stdout)")
        #expect(haNoi.stdout.contains("to ocop.registry.import-aliases (owned by ocop.registry):"), "\(haNoi.stdout)")
        #expect(haNoi.stdout.contains("products: 'Tên sản phẩm OCOP' → name"), "\(haNoi.stdout)")
        #expect(haNoi.stdout.contains("vn.ha-noi/village-stars ← registry.certification-recorded"), "\(haNoi.stdout)")
        let unknown = try Host.run(["plugins", "show", "vn.nowhere"], in: directory)
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown plugin 'vn.nowhere'"))
    }

    @Test func helpListsTheEnabledPluginsCommands() throws {
        let directory = try Self.bacNinhWorkspace()
        let plain = try Host.run(["--help"], in: directory)
        #expect(plain.stdout.contains("import") && plain.stdout.contains("users"), "\(plain.stdout)")
        #expect(!plain.stdout.contains("bac-ninh"))
        let bacNinh = try Host.run(["--help"] + Self.bacNinh, in: directory)
        #expect(bacNinh.stdout.contains("bac-ninh"), "\(bacNinh.stdout)")
        // A broken configuration hides plugin commands, and says so.
        try Host.write("server: [\n", to: "config.yaml", in: directory)
        let broken = try Host.run(["import", "subjects", "x.csv", "--province", "01"], in: directory)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("'import' is not a built-in command, and the configuration above is invalid"), "\(broken.stderr)")
    }

    /// Certification events committed by an import are delivered by `ocop serve`; killing it
    /// with `kill -9` mid-delivery loses none, and a restart delivers the rest exactly once as
    /// far as rewards go.
    @Test func eventsSurviveKill9AndRewardsAreCountedOnce() async throws {
        let directory = try Self.bacNinhWorkspace()
        let generated = try Host.run(["generate", "--province", "24", "--products", "2500", "--seed", "11", "--out", "demo"], in: directory)
        #expect(generated.status == 0, "\(generated.stderr)")
        for kind in ["subjects", "products"] {
            let imported = try Host.run(["import", kind, "demo/\(kind).csv", "--province", "24"] + Self.bacNinh, in: directory)
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        let before = try Self.status(in: directory)
        #expect(before.pending > 1000, "the import published the decisions: \(before)")

        // Serve, and kill it while it delivers.
        let first = try ServeProcess(directory: directory, arguments: Self.bacNinh)
        _ = try await first.waitForPort()
        try await Task.sleep(for: .milliseconds(150))
        #expect(first.kill9() == SIGKILL)
        let killed = try Self.status(in: directory)
        #expect(killed.pending > 0 && killed.pending < before.pending, "killed between commit and delivery: \(killed) of \(before)")

        // Restart: the rest is delivered.
        let second = try ServeProcess(directory: directory, arguments: Self.bacNinh)
        _ = try await second.waitForPort()
        var after = killed
        for _ in 0..<300 where after.pending > 0 {
            try await Task.sleep(for: .milliseconds(100))
            after = try Self.status(in: directory)
        }
        #expect(second.terminate() == 0, "\(second.stderr)")
        #expect(after.pending == 0 && after.failed == 0, "\(after)")
        #expect(try Host.run(["events", "failed"] + Self.bacNinh, in: directory).stdout.contains("no failed deliveries"))

        // One reward per product that reached 3★ or 4★ on or after 2024-01-01 (the generator
        // gives each product one decision; the 2024 policy pays nothing for a new 5★).
        let records = CSVRecords.parse(try String(contentsOf: directory.appendingPathComponent("demo/products.csv"), encoding: .utf8))
        let header = try #require(records.first)
        let starsIndex = try #require(header.firstIndex(of: "stars")), dateIndex = try #require(header.firstIndex(of: "certified_on"))
        let expected = records.dropFirst().filter { row in
            row.count == header.count && (row[starsIndex] == "3" || row[starsIndex] == "4") && row[dateIndex] >= "2024-01-01"
        }.count
        #expect(expected > 1000)
        let rewards = try Host.run(["bac-ninh", "rewards", "--format", "csv"] + Self.bacNinh, in: directory)
        #expect(rewards.status == 0, "\(rewards.stderr)")
        let rows = CSVRecords.parse(rewards.stdout).dropFirst()
        // Exactly as many as due: a lost event would make fewer, a doubled reward more.
        #expect(rows.count == expected, "rewards \(rows.count), products due \(expected)")
        let table = try Host.run(["bac-ninh", "rewards", "--year", "2025"] + Self.bacNinh, in: directory)
        #expect(table.stdout.contains("decided in 2025, total") && table.stdout.contains(" ₫"), "\(table.stdout)")
    }

    struct Status: CustomStringConvertible {
        var pending: Int
        var failed: Int
        var description: String { "pending \(pending), failed \(failed)" }
    }

    /// `ocop events status`, summed over subscribers.
    static func status(in directory: URL) throws -> Status {
        let result = try Host.run(["events", "status"] + bacNinh, in: directory)
        var status = Status(pending: 0, failed: 0)
        for line in result.stdout.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            guard cells.count == 5, let pending = Int(cells[3]), let failed = Int(cells[4]) else { continue }
            status.pending += pending
            status.failed += failed
        }
        return status
    }

    @Test func eventsReplayNeedsATarget() throws {
        let directory = try Host.workspace()
        let bad = try Host.run(["events", "replay"], in: directory)
        #expect(bad.status != 0 && bad.stderr.contains("give either --id N or --all"), "\(bad.stderr)")
        let none = try Host.run(["events", "replay", "--all"], in: directory)
        #expect(none.status == 0 && none.stdout.contains("no failed deliveries"), "\(none.stdout)\(none.stderr)")
    }
}

/// A province plugin is one folder, one line in Package.swift and one YAML entry.
@Suite struct OneLinePluginTests {
    static var manifest: String {
        get throws { try String(contentsOf: Host.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8) }
    }

    /// Names in `provincePlugins`, in the order written.
    static func listed(in manifest: String) -> [String] {
        manifest.components(separatedBy: "\n").compactMap { line in
            guard let range = line.range(of: #"^\s*ProvincePlugin\("([A-Za-z0-9]+)""#, options: .regularExpression) else { return nil }
            return line[range].components(separatedBy: "\"").dropFirst().first
        }
    }

    @Test func everyFolderUnderPluginsIsListedAndCompiledIn() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Host.packageRoot.appendingPathComponent("Plugins").path)
            .filter { !$0.hasPrefix(".") }.sorted()
        let listed = Self.listed(in: try Self.manifest)
        #expect(!folders.isEmpty)
        #expect(Set(listed) == Set(folders), "Plugins/ holds \(folders); Package.swift lists \(listed)")
        for folder in folders {
            #expect(FileManager.default.fileExists(atPath: Host.packageRoot.appendingPathComponent("Tests/\(folder)Tests").path),
                    "Plugins/\(folder) has no Tests/\(folder)Tests")
        }
        // The generated list holds them all: every one is compiled into the host.
        #expect(ProvincePlugins.all.count == folders.count)
        #expect(CompiledPlugins.all.count == CompiledPlugins.core.count + folders.count)
    }

    /// Adding a third province plugin is one line: SwiftPM derives its target, its test target and
    /// the host's dependency (and the build plugin then lists it in the host).
    @Test func aThirdPluginTakesOneLine() throws {
        let original = try Self.manifest
        var lines = original.components(separatedBy: "\n")
        let last = try #require(lines.lastIndex { $0.range(of: #"^\s*ProvincePlugin\("#, options: .regularExpression) != nil })
        lines.insert(#"    ProvincePlugin("HaiDuong"),"#, at: last + 1)
        let edited = lines.joined(separator: "\n")
        #expect(edited.components(separatedBy: "\n").count == original.components(separatedBy: "\n").count + 1)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(edited.utf8).write(to: directory.appendingPathComponent("Package.swift"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "package", "dump-package"]
        process.currentDirectoryURL = directory
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        let package = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let targets = try #require(package["targets"] as? [[String: Any]])
        func target(_ name: String) -> [String: Any]? { targets.first { $0["name"] as? String == name } }
        func dependencies(_ name: String) -> [String] {
            ((target(name)?["dependencies"] as? [[String: Any]]) ?? []).compactMap { dependency in
                ((dependency["byName"] ?? dependency["target"]) as? [Any])?.first as? String
            }
        }
        #expect(target("HaiDuong")?["path"] as? String == "Plugins/HaiDuong")
        #expect(dependencies("HaiDuong").contains("OCOPPluginKit"))
        #expect(target("HaiDuongTests")?["type"] as? String == "test")
        #expect(dependencies("HaiDuongTests").contains("HaiDuong") && dependencies("HaiDuongTests").contains("OCOPTestSupport"))
        #expect(dependencies("OCOPHost").contains("HaiDuong"))
    }
}

/// RFC 4180 records (quotes, doubled quotes, line breaks in fields), BOM dropped: enough to
/// read what the platform writes without trusting the code under test.
enum CSVRecords {
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = [], field = "", record: [String] = [], quoted = false
        var characters = text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else { field.append(character) }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                record.append(field); field = ""
            } else if character == "\n" || character == "\r\n" || character == "\r" {
                record.append(field); field = ""
                records.append(record); record = []
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
