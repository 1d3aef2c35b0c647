import Foundation
import OCOPPluginKit
import PostgresKit

/// Where the data lives, parsed from `storage.url`.
///
/// - `sqlite:PATH` or `sqlite://PATH` (relative to the working directory), `sqlite:///ABS/PATH`
/// - `postgres://user:password@host:port/database` (also `postgresql://`; `?sslmode=` honoured)
public enum StorageLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public init(url: String) throws(StorageError) {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("sqlite:") {
            var path = String(trimmed.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw StorageError(.invalidURL, "storage.url: 'sqlite:' needs a file path, e.g. sqlite:./data/ocop.sqlite")
            }
            self = .sqlite(path: path)
        } else if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            do {
                _ = try SQLPostgresConfiguration(url: trimmed)
            } catch {
                throw StorageError(.invalidURL, "storage.url: not a valid PostgreSQL URL (expected postgres://user:password@host:port/database): \(Self.redact(trimmed))")
            }
            self = .postgres(url: trimmed)
        } else {
            throw StorageError(.invalidURL, "storage.url: expected 'sqlite:PATH' or 'postgres://…', found '\(Self.redact(trimmed))'")
        }
    }

    public var engine: DatabaseEngine { self.isSQLite ? .sqlite : .postgresql }
    var isSQLite: Bool { if case .sqlite = self { return true } else { return false } }

    /// The URL with any password replaced, safe for logs and `config show`.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url): return Self.redact(url)
        }
    }

    public static func redact(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
