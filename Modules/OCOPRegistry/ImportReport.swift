import Crypto
import Foundation
/// What an import did (or, in a dry run, would do), with every rejected row.
public struct ImportReport: Codable, Sendable, Equatable {
    public struct RowIssue: Codable, Sendable, Equatable {
        public var line: Int
        public var column: Int?
        public var field: String?
        public var message: String

        public var description: String {
            var text = "line \(line)"
            if let column { text += ", column \(column)" }
            if let field { text += " (\(field))" }
            return text + ": " + message
        }

        /// The message as a province clerk reads it (see ``ImportWording``), when known.
        public var vietnamese: String? { ImportWording.vietnamese(message) }

        /// Both wordings, for places that show one text.
        var bilingual: String { vietnamese.map { message + " — " + $0 } ?? message }

        enum CodingKeys: String, CodingKey {
            case line, column, field, message
            case messageVi = "message_vi"
        }

        public init(line: Int, column: Int?, field: String?, message: String) {
            self.line = line
            self.column = column
            self.field = field
            self.message = message
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            line = try c.decode(Int.self, forKey: .line)
            column = try c.decodeIfPresent(Int.self, forKey: .column)
            field = try c.decodeIfPresent(String.self, forKey: .field)
            message = try c.decode(String.self, forKey: .message)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(line, forKey: .line)
            try c.encodeIfPresent(column, forKey: .column)
            try c.encodeIfPresent(field, forKey: .field)
            try c.encode(message, forKey: .message)
            try c.encodeIfPresent(vietnamese, forKey: .messageVi)
        }
    }

    public var kind: String
    public var province: String
    public var rows: Int
    public var created: Int
    public var updated: Int
    public var unchanged: Int
    public var certifications: Int
    public var invalid: [RowIssue]
    /// What was repaired on the way (leading zeros Excel dropped), row by row.
    public var warnings: [RowIssue] = []
    /// Rows kept for an officer to decide (a divided pre-2025 commune the address does not settle).
    public var queued: [RowIssue] = []
    public var dryRun: Bool
    /// The import run that was committed (`GET /api/v1/imports`, `ocop import runs`); nil when nothing was.
    public var importRun: Int64?
    /// False when nothing was written: a dry run, or invalid rows without `skip_invalid`.
    public var written: Bool

    enum CodingKeys: String, CodingKey {
        case kind, province, rows, created, updated, unchanged, certifications, invalid, warnings, queued, written
        case importRun = "import_run"
        case dryRun = "dry_run"
    }
}

extension ImportReport {
    init(kind: String, province: String, dryRun: Bool) {
        self.init(kind: kind, province: province, rows: 0, created: 0, updated: 0, unchanged: 0, certifications: 0, invalid: [],
                  dryRun: dryRun, written: false)
    }
}

/// Where an import reads its CSV from: bytes in memory, or a file streamed window by window.
public enum ImportInput: Sendable {
    case bytes([UInt8], name: String? = nil)
    case file(String, name: String? = nil)

    /// The file's name as the import run records it.
    var name: String? {
        switch self {
        case .bytes(_, let name): name
        case .file(let path, let name): name ?? URL(fileURLWithPath: path).lastPathComponent
        }
    }

    /// SHA-256 of the content, hex (read in 1 MiB steps for a file).
    func sha256() throws -> String {
        var hash = SHA256()
        switch self {
        case .bytes(let bytes, _): hash.update(data: bytes)
        case .file(let path, _):
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(data: chunk) }
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// How to import.
public struct ImportOptions: Sendable {
    /// Every row must be in this province (2025 code).
    public var province: String
    /// Check everything, write nothing.
    public var dryRun: Bool
    /// Write the valid rows and report the others, instead of refusing the whole file.
    public var skipInvalid: Bool
    /// The user's own headers (`--columns`, `columns=`).
    var columns = ColumnMapping()

    public init(province: String, dryRun: Bool = false, skipInvalid: Bool = false) {
        self.province = province
        self.dryRun = dryRun
        self.skipInvalid = skipInvalid
    }
}

/// Reports progress of long imports (the CLI draws a bar on a terminal).
public typealias ImportProgress = @Sendable (_ phase: String, _ done: Int, _ total: Int) -> Void
