import Foundation
import Testing
@testable import OCOPConfig

/// Shared helpers: parse text as `config.yaml` and decode, returning error
/// descriptions so tests can compare the exact operator-facing text.
enum Fixture {
    static let file = "config.yaml"

    static func parse(_ text: String, file: String = file) throws(ConfigError) -> YAMLNode? {
        try YAML.parse(text, file: file)
    }

    /// The single parse error's description, or nil if parsing succeeded.
    static func parseError(_ text: String, file: String = file) -> String? {
        do {
            _ = try YAML.parse(text, file: file)
            return nil
        } catch {
            return error.description
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try YAMLDecoder().decode(type, from: YAML.parse(text, file: file))
    }

    /// Every decoding error's description; empty if decoding succeeded.
    static func errors<T: Decodable>(_ type: T.Type, _ text: String, path: [String] = []) throws -> [String] {
        let node = try YAML.parse(text, file: file)
        do {
            _ = try YAMLDecoder().decode(type, from: node, path: path)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    /// A fresh file under the temporary directory holding `bytes`.
    static func temporaryFile(_ bytes: [UInt8], name: String = "config.yaml") throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ocop-config-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}

extension Fixture {
    /// Deletes a file made by `temporaryFile` and its directory.
    static func removeTemporary(_ path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
}

extension YAMLNode {
    /// Scalar text at a key path, for short assertions.
    func text(_ path: String) -> String? {
        node(at: path.split(separator: ".").map(String.init))?.scalar?.value
    }
}
