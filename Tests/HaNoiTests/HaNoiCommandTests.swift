import Foundation
import Testing

/// The real `ocop` executable (built beside the tests): `ocop ha-noi ntm`, `ocop report targets`
/// and `ocop report workbook` on an SQLite file, and a bad target stopping the command before the
/// database is opened.
@Suite struct HaNoiCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var executable: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ocop")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return root.appendingPathComponent(".build/debug/ocop")
    }

    static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OCOP_") }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    static func workspace(_ reporting: String = "{}") throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-hanoi-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("""
            storage:
              url: sqlite:./cli.sqlite
            log:
              level: warning
            plugins:
              ocop.accounts: {bcrypt_cost: 4}
              ocop.registry: {}
              ocop.rating: {}
              ocop.events: {}
              ocop.reporting: \(reporting)
              vn.ha-noi: {}
            """.utf8).write(to: directory.appendingPathComponent("config.yaml"))
        return directory
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path), "build the ocop executable first"))
    func marksCommunesAndReportsTargets() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Self.run(["migrate"], in: directory).status == 0)
        let bad = try Self.run(["ha-noi", "ntm", "mark", "25747", "--recognised-on", "2024-01-01"], in: directory)
        #expect(bad.status != 0)
        #expect(bad.err.contains("COMMUNE: '25747' is not a current (2025) commune code of Hà Nội"), "\(bad.err)")
        let marked = try Self.run(["ha-noi", "ntm", "mark", "00004", "--recognised-on", "2024-01-01", "--decision", "QĐ 12/QĐ-UBND"], in: directory)
        #expect(marked.status == 0, "\(marked.err)")
        #expect(try Self.run(["ha-noi", "ntm", "list"], in: directory).out.contains("00004  Phường Ba Đình  advanced  2024-01-01  QĐ 12/QĐ-UBND"))

        let json = try Self.run(["report", "targets", "--province", "01", "--year", "2025", "--as-of", "2025-06-30", "--format", "json"], in: directory)
        #expect(json.status == 0, "\(json.err)")
        let packs = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]] ?? []
        let targets = packs.first { $0["id"] as? String == "ha-noi-2025" }?["targets"] as? [[String: Any]] ?? []
        #expect(targets.count == 9)
        let ntm = targets.first { $0["indicator"] as? String == "vn.ha-noi.ntm_advanced_coverage" }
        #expect(ntm?["numerator"] as? Int == 0 && ntm?["denominator"] as? Int == 1, "one marked commune, no product yet")
        let table = try Self.run(["report", "targets", "--province", "01", "--year", "2025", "--as-of", "2025-06-30"], in: directory)
        #expect(table.out.contains("ha-noi-2025") && table.out.contains("0/9 met"), "\(table.out)")
        #expect(table.out.contains("points_of_sale_new_per_former_district  ≥ 2 "), "\(table.out)")

        let workbook = try Self.run(["report", "workbook", "--province", "01", "--as-of", "2025-06-30", "--out", "hn.xlsx"], in: directory)
        #expect(workbook.status == 0, "\(workbook.err)")
        #expect(workbook.err.contains("wrote hn.xlsx"))
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        zip.arguments = ["-p", directory.appendingPathComponent("hn.xlsx").path, "xl/workbook.xml"]
        let pipe = Pipe()
        zip.standardOutput = pipe
        try zip.run()
        let names = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        zip.waitUntilExit()
        #expect(names.contains("name=\"Mục lục\"") && names.contains("name=\"chi-tieu\"") && names.contains("name=\"by-sector\""), "\(names)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path), "build the ocop executable first"))
    func anUnknownIndicatorStopsBeforeTheDatabase() throws {
        let directory = try Self.workspace("""
            {targets: [{id: hn-2025, province: "01", year: 2025, title: T, targets: [{indicator: vn.ha-noi.ntm_coverage, at_least: 100}]}]}
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Self.run(["report", "targets", "--province", "01"], in: directory)
        #expect(result.status != 0)
        #expect(result.err.contains("config.yaml:"), "\(result.err)")
        #expect(result.err.contains("target pack 'hn-2025' (config plugins.ocop.reporting.targets[0])"), "\(result.err)")
        #expect(result.err.contains("unknown indicator 'vn.ha-noi.ntm_coverage'"), "\(result.err)")
        #expect(result.err.contains("vn.ha-noi.ntm_advanced_coverage"), "the known ones are listed: \(result.err)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("cli.sqlite").path), "nothing stored")
    }
}
