import Foundation
import Testing
import OCOPConfig

/// `YAML.load(file:)`: reading errors, raw-byte errors and size limits.
@Suite struct FileLoadingTests {
    @Test func loadsAFileAndUsesItsPathInLocations() throws {
        let path = try Fixture.temporaryFile(Array("server:\n  port: 1\n".utf8))
        defer { Fixture.removeTemporary(path) }
        let node = try #require(try YAML.load(file: path))
        #expect(node["server"]?["port"]?.location.description == "\(path):2:9")
    }

    @Test func emptyFileIsNoDocument() throws {
        let path = try Fixture.temporaryFile([])
        defer { Fixture.removeTemporary(path) }
        #expect(try YAML.load(file: path) == nil)
    }

    @Test func missingFileNamesThePath() {
        #expect(throws: ConfigError.self) { try YAML.load(file: "/nonexistent/ocop/config.yaml") }
        do {
            _ = try YAML.load(file: "/nonexistent/ocop/config.yaml")
        } catch {
            #expect(error.description == "/nonexistent/ocop/config.yaml: cannot read file: No such file or directory")
            #expect(error.location?.file == "/nonexistent/ocop/config.yaml")
        }
    }

    @Test func directoryIsRefused() throws {
        let path = try Fixture.temporaryFile([])
        defer { Fixture.removeTemporary(path) }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            _ = try YAML.load(file: directory)
            Issue.record("a directory is not a config file")
        } catch {
            #expect(error.description == "\(directory): cannot read file: is a directory")
        }
    }

    @Test func oversizedFileIsRefusedBeforeReading() throws {
        let path = try Fixture.temporaryFile(Array(repeating: UInt8(ascii: "#"), count: YAML.maxInputBytes + 1))
        defer { Fixture.removeTemporary(path) }
        do {
            _ = try YAML.load(file: path)
            Issue.record("the file is over the limit")
        } catch {
            #expect(error.description == "\(path): file too large (4194305 bytes; limit 4194304 bytes)")
        }
    }

    @Test func invalidUTF8IsLocated() throws {
        let bytes = Array("server:\n  name: caf".utf8) + [0xFF] + Array("\n".utf8)
        let path = try Fixture.temporaryFile(bytes)
        defer { Fixture.removeTemporary(path) }
        do {
            _ = try YAML.load(file: path)
            Issue.record("0xFF is not UTF-8")
        } catch {
            #expect(error.description == "\(path):2:12: invalid leading UTF-8 octet (byte 0xFF)")
        }
    }

    @Test func truncatedUTF8SequenceIsLocated() throws {
        // "é" is C3 A9; the A9 is missing and a newline follows.
        let bytes = Array("a: 1\nb: x".utf8) + [0xC3] + Array("\n".utf8)
        let path = try Fixture.temporaryFile(bytes)
        defer { Fixture.removeTemporary(path) }
        do {
            _ = try YAML.load(file: path)
            Issue.record("truncated UTF-8")
        } catch {
            #expect(error.description == "\(path):2:5: invalid trailing UTF-8 octet (byte 0x0A)")
        }
    }

    @Test func utf8ByteOrderMarkIsAccepted() throws {
        let path = try Fixture.temporaryFile([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8))
        defer { Fixture.removeTemporary(path) }
        #expect(try YAML.load(file: path)?.text("a") == "1")
    }

    @Test func tabIndentedFileIsLocated() throws {
        let path = try Fixture.temporaryFile(Array("server:\n\tport: 1\n".utf8))
        defer { Fixture.removeTemporary(path) }
        do {
            _ = try YAML.load(file: path)
            Issue.record("tabs are not indentation")
        } catch {
            #expect(error.description == "\(path):2:1: found character that cannot start any token while scanning for the next token (tabs are not allowed in indentation; use spaces)")
        }
    }
}
