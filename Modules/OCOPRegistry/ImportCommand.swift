import ArgumentParser
import Foundation
import Logging
import OCOPDomain
import OCOPPluginKit

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a province's spreadsheet of subjects or products (CSV, see docs/import-format.md).",
        discussion: """
            Every row is checked first. Without --skip-invalid one bad row stops the import and nothing \
            is written; re-running the same file changes nothing (upserts by registration number).
            """)

    enum Kind: String, ExpressibleByArgument, CaseIterable { case subjects, products }

    @Argument(help: "What the file holds: subjects or products.") var kind: Kind
    @Argument(help: "The CSV file (UTF-8, with or without BOM).") var file: String
    @Option(help: "The province the file belongs to (2025 code, e.g. 01).") var province: String
    @Flag(help: "Check every row and report; write nothing.") var dryRun = false
    @Flag(help: "Import the valid rows and report the invalid ones.") var skipInvalid = false
    @Option(help: ArgumentHelp("A YAML file mapping this sheet's own headers to columns ('Tên SP: name', 'Ghi chú: ignore').",
                               valueName: "mapping.yaml")) var columns: String?
    @OptionGroup var options: ConfigOptions

    func run() async throws {
        guard let code = ProvinceCode(province), (try? AdminUnits.shared)?.province(code) != nil else {
            throw PluginCommands.fail(["--province: '\(province)' is not a current province code; valid codes: \((try? AdminUnits.shared)?.provinces.map(\.code.rawValue).joined(separator: ", ") ?? "")"])
        }
        guard FileManager.default.isReadableFile(atPath: file) else { throw PluginCommands.fail(["\(file): cannot read this file"]) }
        let progress = ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
        let started = Date()
        var importOptions = ImportOptions(province: code.rawValue, dryRun: dryRun, skipInvalid: skipInvalid)
        if let columns {
            do { importOptions.columns = try ColumnMapping.load(file: columns) } catch let error as ColumnMappingError {
                throw PluginCommands.fail(error.lines.map { "--columns: \($0)" })
            }
        }
        let kind = self.kind, file = self.file, sheetOptions = importOptions
        let report: ImportReport = try await PluginCommands.withContext(options, label: "ocop.import") { context in
            guard let environment = context.services.resolve(RegistryEnvironment.self) else {
                throw PluginCommands.fail(["ocop import: the registry plugin is not enabled; add 'ocop.registry: {}' under plugins"])
            }
            let importer = Importer(context: context, environment: environment, actor: nil)
            do {
                defer { progress.finish() }
                switch kind {
                case .subjects: return try await importer.importSubjects(.file(file), options: sheetOptions, progress: progress.update)
                case .products: return try await importer.importProducts(.file(file), options: sheetOptions, progress: progress.update)
                }
            } catch let error as Importer.FileError {
                throw PluginCommands.fail(["\(file): \(error.description)"])
            } catch let error as ColumnMappingError {
                throw PluginCommands.fail(error.lines.map { "--columns: \($0)" })
            } catch let error as ExitCode {
                throw error
            } catch {
                throw PluginCommands.fail(["\(file): import failed, nothing was written: \(error)"])
            }
        }

        let seconds = Date().timeIntervalSince(started)
        for issue in report.invalid {
            FileHandle.standardError.write(Data("\(file): \(issue.description)\n".utf8))
            if let vietnamese = issue.vietnamese { FileHandle.standardError.write(Data("    \(vietnamese)\n".utf8)) }
        }
        for issue in report.queued {
            FileHandle.standardError.write(Data("\(file): line \(issue.line): queued for review: \(issue.message)\n".utf8))
        }
        let verb = report.dryRun ? "would import" : (report.written ? "imported" : "imported nothing from")
        print("\(file): \(verb) \(report.rows) rows of \(kind.rawValue) into province \(report.province) in \(String(format: "%.2f", seconds)) s: "
              + "\(report.created) created, \(report.updated) updated, \(report.unchanged) unchanged, "
              + (kind == .products ? "\(report.certifications) certifications, " : "")
              + "\(report.invalid.count) invalid"
              + (report.queued.isEmpty ? "" : ", \(report.queued.count) queued for review (ocop review list)")
              + (report.importRun.map { " — import run \($0) (ocop imports undo \($0))" } ?? ""))
        if !report.invalid.isEmpty && !report.written && !report.dryRun {
            throw PluginCommands.fail(["\(file): \(report.invalid.count) invalid row(s); nothing was written (use --skip-invalid to import the valid rows)"])
        }
        if report.dryRun && !report.invalid.isEmpty { throw ExitCode(1) }
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export subjects or products as CSV (Excel-friendly, re-importable) or JSON.")

    @Argument(help: "subjects or products") var kind: ImportCommand.Kind
    @Option(help: "Only this province (2025 code).") var province: String?
    @Option(help: "csv or json") var format: String = "csv"
    @Flag(help: "Every decision of each product (a CSV row per decision), not only the latest.") var history = false
    @Option(help: "Write here instead of standard output.") var out: String?
    @OptionGroup var options: ConfigOptions

    func run() async throws {
        guard let format = Exporter.Format(rawValue: format) else { throw PluginCommands.fail(["--format: expected csv or json, found '\(format)'"]) }
        let kind = self.kind, province = self.province, history = self.history
        let handle: FileHandle
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil), let file = FileHandle(forWritingAtPath: out) else {
                throw PluginCommands.fail(["\(out): cannot write"])
            }
            handle = file
        } else {
            handle = FileHandle.standardOutput
        }
        let written = try await PluginCommands.withContext(options, label: "ocop.export") { context in
            try await Exporter(database: context.database).exportAll(subjects: kind == .subjects, province: province, format: format, history: history, to: handle)
        }
        if let out {
            try? handle.close()
            print("\(out): \(written) bytes")
        }
    }
}

/// A one-line progress bar on standard error, drawn only on a terminal.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    var update: ImportProgress {
        { [self] phase, done, total in
            guard enabled else { return }
            lock.withLock {
                let line: String
                if total > 0 {
                    let filled = min(30, done * 30 / total)
                    line = "\r\(phase) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 30 - filled))] \(done)/\(total)"
                } else {
                    line = "\r\(phase) \(done) rows…"
                }
                FileHandle.standardError.write(Data(line.utf8))
                drawn = true
            }
        }
    }

    func finish() {
        lock.withLock { if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
    }
}
