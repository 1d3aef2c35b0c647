import Foundation
import OCOPCSV
import OCOPConfig
import OCOPPluginKit

/// A user's own headers for a sheet: `Tên SP: name` reads that header as the `name` column;
/// `Ghi chú: ignore` (or an empty value) skips it, values and all. Given as a YAML file to
/// `ocop import --columns`, or as a JSON object in the API's `columns` parameter. A header named
/// here wins over the built-in and plugin aliases, so a mapping can also correct them.
struct ColumnMapping: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var header: String
        /// Nil: skip the column.
        var column: String?
        /// `file:line:col` or `columns.<header>`, for messages.
        var location: String
    }

    var entries: [Entry] = []

    static let ignoreWords: Set<String> = ["ignore", "skip", "bo qua", "bỏ qua", ""]

    /// Reads a YAML mapping of header to column.
    static func load(file path: String) throws -> ColumnMapping {
        let node: YAMLNode?
        do { node = try YAML.load(file: path) } catch { throw ColumnMappingError(lines: [error.description]) }
        guard let node else { return ColumnMapping() }
        guard let mapping = node.mapping else {
            throw ColumnMappingError(lines: ["\(node.location): expected a mapping of headers to columns, e.g. 'Tên SP: name'"])
        }
        var out = ColumnMapping()
        for (key, value) in mapping.entries {
            guard value.isNull || value.scalar != nil else {
                throw ColumnMappingError(lines: ["\(value.location): \(key.value): expected a column name or 'ignore'"])
            }
            let target = value.isNull ? nil : value.scalar?.value.trimmingCharacters(in: .whitespaces)
            out.entries.append(Entry(header: key.value, column: target.flatMap { Self.ignoreWords.contains($0.lowercased()) ? nil : $0 },
                                     location: "\(key.location)"))
        }
        return out
    }

    /// Reads `{"Tên SP": "name", "Ghi chú": null}`.
    static func parse(json text: String) throws -> ColumnMapping {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw ColumnMappingError(lines: ["columns: expected a JSON object of headers to columns, e.g. {\"Tên SP\": \"name\", \"Ghi chú\": null}"])
        }
        var out = ColumnMapping()
        for header in object.keys.sorted() {
            let value = object[header]
            if value is NSNull { out.entries.append(Entry(header: header, column: nil, location: "columns.\(header)")); continue }
            guard let target = value as? String else {
                throw ColumnMappingError(lines: ["columns.\(header): expected a column name or null"])
            }
            let trimmed = target.trimmingCharacters(in: .whitespaces)
            out.entries.append(Entry(header: header, column: ignoreWords.contains(trimmed.lowercased()) ? nil : trimmed,
                                     location: "columns.\(header)"))
        }
        return out
    }

    /// Every entry naming a column the sheet does not have, reported together.
    func check(against columns: [CSVColumn], sheet: String) throws {
        let names = Set(columns.map(\.name))
        let wrong = entries.filter { entry in entry.column.map { !names.contains($0) } ?? false }
        guard wrong.isEmpty else {
            throw ColumnMappingError(lines: wrong.map {
                "\($0.location): '\($0.header)': no \(sheet) column '\($0.column ?? "")'; columns are: \(columns.map(\.name).joined(separator: ", ")), or ignore"
            })
        }
    }

    /// `columns` with this mapping's headers first; a header the mapping sends elsewhere (or
    /// skips) no longer means its built-in column.
    func applied(to columns: [CSVColumn]) -> (columns: [CSVColumn], ignoring: Set<String>) {
        guard !entries.isEmpty else { return (columns, []) }
        let taken = Set(entries.map { HeaderKey.fold($0.header) })
        let mapped = columns.map { column in
            let own = entries.filter { $0.column == column.name }.map(\.header)
            let kept = column.aliases.filter { !taken.contains(HeaderKey.fold($0)) }
            return CSVColumn(column.name, aliases: own + kept, required: column.isRequired)
        }
        return (mapped, Set(entries.filter { $0.column == nil }.map(\.header)))
    }
}

/// A mapping that cannot be used: one line per problem, located.
struct ColumnMappingError: Error, CustomStringConvertible, Sendable {
    var lines: [String]
    var description: String { lines.joined(separator: "\n") }
}
