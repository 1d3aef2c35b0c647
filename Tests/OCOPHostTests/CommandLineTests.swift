import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The real `ocop` executable, as an operator runs it.
@Suite(.serialized) struct CommandLineTests {
    @Test func configCheckPassesOnShippedFiles() throws {
        let directory = try Host.workspace()
        let plain = try Host.run(["config", "check"], in: directory)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("config.yaml: OK"))
        let region = try Host.run(["config", "check", "--config", "config.yaml", "--config", "docs/regions/ha-noi.yaml"], in: directory)
        #expect(region.status == 0, "\(region.stderr)")
        #expect(region.stdout.contains("vn.ha-noi "))
    }

    @Test func configCheckOnABrokenCopyPrintsLocatedErrors() throws {
        let directory = try Host.workspace()
        let original = try String(contentsOf: directory.appendingPathComponent("config.yaml"), encoding: .utf8)
        try Host.write(original.replacingOccurrences(of: "port: 8080", with: "port: [8080"), to: "config.yaml", in: directory)
        let result = try Host.run(["config", "check"], in: directory)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("config.yaml:"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test func configCheckReportsWrongTypesWithLineAndColumn() throws {
        let directory = try Host.workspace()
        let original = try String(contentsOf: directory.appendingPathComponent("config.yaml"), encoding: .utf8)
        try Host.write(original.replacingOccurrences(of: "level: info", with: "level: loud"), to: "config.yaml", in: directory)
        let result = try Host.run(["config", "check"], in: directory)
        #expect(result.status == 1)
        let line = original.components(separatedBy: "\n").firstIndex { $0.contains("level: info") }.map { $0 + 1 } ?? 0
        #expect(result.stderr.hasPrefix("config.yaml:\(line):10: log.level:"), "\(result.stderr)")
    }

    @Test func pluginsListShowsEveryCompiledInPlugin() throws {
        let directory = try Host.workspace()
        let plain = try Host.run(["plugins", "list"], in: directory)
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("vn.ha-noi"))
        let row = plain.stdout.split(separator: "\n").first { $0.hasPrefix("vn.ha-noi") }
        #expect(row?.contains("  no  ") == true)
        let enabled = try Host.run(["plugins", "list", "--config", "config.yaml", "--config", "docs/regions/ha-noi.yaml"], in: directory)
        #expect(enabled.stdout.split(separator: "\n").first { $0.hasPrefix("vn.ha-noi") }?.contains("  yes  ") == true)
    }

    @Test func migrateAppliesOnceThenIsUpToDate() throws {
        let directory = try Host.workspace()
        let args = ["migrate", "--config", "config.yaml", "--config", "docs/regions/ha-noi.yaml"]
        let first = try Host.run(args, in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("applied vn.ha-noi 0001_create_craft_villages"))
        #expect(first.stdout.contains("applied ocop.registry 0002_products"))
        let second = try Host.run(args, in: directory)
        #expect(second.stdout.contains("up to date"))
    }

    @Test func unreachableDatabaseIsAOneLineError() throws {
        let directory = try Host.workspace()
        let result = try Host.run(["migrate"], in: directory, environment: ["OCOP_DATABASE_URL": "postgres://ocop:secret@127.0.0.1:1/ocop"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("storage.url: cannot open postgres://ocop:***@127.0.0.1:1/ocop"), "\(result.stderr)")
        #expect(!result.stderr.contains("secret"))
    }

    @Test func serveAnswersHealthAndStopsOnSIGTERM() async throws {
        let directory = try Host.workspace()
        let server = try ServeProcess(directory: directory, arguments: ["--config", "config.yaml", "--config", "docs/regions/ha-noi.yaml"])
        let port = try await server.waitForPort()
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/health")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let health = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(health?["status"] as? String == "ok")
        #expect((health?["plugins"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["ocop.accounts", "ocop.registry", "ocop.events", "ocop.rating", "ocop.reporting", "ocop.web", "vn.ha-noi"],
                "plugins start in dependency order: rating records through the registry, events and reporting read it")

        let (villages, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/api/v1/ha-noi/craft-villages?q=bat%20trang")!)
        let list = try JSONSerialization.jsonObject(with: villages) as? [String: Any]
        #expect((list?["items"] as? [[String: Any]])?.first?["name"] as? String == "Làng gốm Bát Tràng")

        let (metrics, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
        let text = String(decoding: metrics, as: UTF8.self)
        #expect(text.contains("ocop_db_query_duration_seconds"))
        #expect(text.contains("http_server_request_duration"))

        let status = server.terminate()
        #expect(status == 0, "\(server.stderr)")
        #expect(server.stderr.contains("ocop stopped"))
    }

    @Test func aPortInUseIsAOneLineError() async throws {
        let directory = try Host.workspace()
        let first = try ServeProcess(directory: directory, arguments: [])
        let port = try await first.waitForPort()
        let second = try Host.run(["serve"], in: directory, environment: ["OCOP_PORT": "\(port)", "OCOP_DATABASE_URL": "sqlite:./data/second.sqlite"])
        _ = first.terminate()
        #expect(second.status == 1)
        #expect(second.stderr.contains("server: cannot serve on 127.0.0.1:\(port): the port is already in use"), "\(second.stderr)")
    }
}

/// `ocop serve` on a free port, in the background.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    private let errors = Pipe()
    private let lock = NSLock()
    private var collected = Data()

    init(directory: URL, arguments: [String]) throws {
        process.executableURL = Host.executable
        process.arguments = ["serve"] + arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OCOP_") }
        environment["OCOP_PORT"] = "0"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.collected.append(data) }
        }
        try process.run()
    }

    var stderr: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }

    func waitForPort() async throws -> Int {
        for _ in 0..<200 {
            if let range = stderr.range(of: #"address=http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                return Int(stderr[range].split(separator: ":").last ?? "") ?? 0
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CancellationError()
    }

    /// `kill -9`: no shutdown, no flush, nothing after the signal.
    func kill9() -> Int32 {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        errors.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }

    func terminate() -> Int32 {
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        errors.fileHandleForReading.readabilityHandler = nil
        // What the handler had not picked up yet (the last lines, e.g. "ocop stopped").
        let rest = errors.fileHandleForReading.readDataToEndOfFile()
        lock.withLock { collected.append(rest) }
        return process.terminationStatus
    }
}

/// `ocop generate` then `ocop import` as an operator runs them.
@Suite(.serialized) struct ImportCommandLineTests {
    @Test func generateDryRunImportReimport() throws {
        let directory = try Host.workspace()
        let generated = try Host.run(["generate", "--province", "01", "--products", "300", "--seed", "5", "--out", "demo"], in: directory)
        #expect(generated.status == 0, "\(generated.stderr)")
        let again = try Host.run(["generate", "--province", "01", "--products", "300", "--seed", "5", "--out", "demo2"], in: directory)
        #expect(again.status == 0)
        let first = try Data(contentsOf: directory.appendingPathComponent("demo/products.csv"))
        #expect(first == (try Data(contentsOf: directory.appendingPathComponent("demo2/products.csv"))), "same seed, same bytes")

        let dry = try Host.run(["import", "subjects", "demo/subjects.csv", "--province", "01", "--dry-run"], in: directory)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would import"))
        let subjects = try Host.run(["import", "subjects", "demo/subjects.csv", "--province", "01"], in: directory)
        #expect(subjects.status == 0, "\(subjects.stderr)")
        #expect(subjects.stdout.contains("0 invalid"))
        let products = try Host.run(["import", "products", "demo/products.csv", "--province", "01"], in: directory)
        #expect(products.status == 0, "\(products.stderr)")
        #expect(products.stdout.contains("300 created"), "\(products.stdout)")
        let rerun = try Host.run(["import", "products", "demo/products.csv", "--province", "01"], in: directory)
        #expect(rerun.stdout.contains("0 created, 0 updated, 300 unchanged"), "\(rerun.stdout)")

        let exported = try Host.run(["export", "products", "--province", "01", "--format", "json", "--out", "out.json"], in: directory)
        #expect(exported.status == 0, "\(exported.stderr)")
        let items = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("out.json"))) as? [[String: Any]]
        #expect(items?.count == 300)
    }

    @Test func invalidRowsAreListedAndNothingIsWritten() throws {
        let directory = try Host.workspace()
        try Host.write("""
            Mã số thuế,Tên chủ thể,Loại hình,Mã xã
            0101234565,HTX Bát Tràng,Hợp tác xã,00577
            12,Bad number,Hợp tác xã,00577
            0101234572,Unknown commune,Hợp tác xã,99999
            """, to: "subjects.csv", in: directory)
        let refused = try Host.run(["import", "subjects", "subjects.csv", "--province", "01"], in: directory)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("subjects.csv: line 3, column 1 (registration_number): '12' is not a tax code"), "\(refused.stderr)")
        #expect(refused.stderr.contains("subjects.csv: line 4, column 4 (commune_code): '99999' is not a current (2025) commune code"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was written"))
        let list = try Host.run(["export", "subjects", "--format", "json"], in: directory)
        #expect(list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(list.stdout)")

        let skipped = try Host.run(["import", "subjects", "subjects.csv", "--province", "01", "--skip-invalid"], in: directory)
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stdout.contains("1 created"))

        let badProvince = try Host.run(["import", "subjects", "subjects.csv", "--province", "99"], in: directory)
        #expect(badProvince.status == 1)
        #expect(badProvince.stderr.hasPrefix("--province: '99' is not a current province code"))
        let noFile = try Host.run(["import", "subjects", "missing.csv", "--province", "01"], in: directory)
        #expect(noFile.status == 1)
        #expect(noFile.stderr.hasPrefix("missing.csv: cannot read"))
    }

    /// A sheet with the office's own headers, mapped by `--columns`; the run listed and undone.
    @Test func ownHeadersThenRunsListedAndUndone() throws {
        let directory = try Host.workspace()
        try Host.write("""
            Mã số thuế,Tên chủ thể,Loại hình,Mã xã
            0101234565,HTX Bát Tràng,Hợp tác xã,00577
            """, to: "subjects.csv", in: directory)
        #expect(try Host.run(["import", "subjects", "subjects.csv", "--province", "01"], in: directory).status == 0)
        try Host.write("""
            STT,Tên chủ thể,Tên SP,Nhóm hàng,Hạng sao,Năm công nhận,Ghi chú
            1,HTX Bát Tràng,Bình gốm,21,4 sao,2024,mẫu mới
            """, to: "products.csv", in: directory)
        let unknown = try Host.run(["import", "products", "products.csv", "--province", "01"], in: directory)
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown column 'Tên SP'") && unknown.stderr.contains("--columns"), "\(unknown.stderr)")
        try Host.write("Tên SP: nam\n", to: "wrong.yaml", in: directory)
        let wrong = try Host.run(["import", "products", "products.csv", "--province", "01", "--columns", "wrong.yaml"], in: directory)
        #expect(wrong.status == 1 && wrong.stderr.hasPrefix("--columns: wrong.yaml:1:1: 'Tên SP': no products column 'nam'"), "\(wrong.stderr)")
        try Host.write("Tên SP: name\nNhóm hàng: product_set\nGhi chú: ignore\n", to: "mapping.yaml", in: directory)
        let imported = try Host.run(["import", "products", "products.csv", "--province", "01", "--columns", "mapping.yaml"], in: directory)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("1 created") && imported.stdout.contains("1 certifications") && imported.stdout.contains("import run 2"),
                "\(imported.stdout)")

        let runs = try Host.run(["imports", "list"], in: directory)
        #expect(runs.stdout.contains("products.csv") && runs.stdout.contains("subjects.csv"), "\(runs.stdout)")
        let undone = try Host.run(["imports", "undo", "2"], in: directory)
        #expect(undone.status == 0 && undone.stdout.contains("1 products and 1 decisions removed"), "\(undone.stdout) \(undone.stderr)")
        let list = try Host.run(["export", "products", "--format", "json"], in: directory)
        #expect(list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(list.stdout)")
        let again = try Host.run(["imports", "undo", "2"], in: directory)
        #expect(again.status == 1 && again.stderr.contains("already undone"), "\(again.stderr)")
    }
}
