import Foundation
import Testing
import OCOPConfig

/// Decoding that must fail, with the exact text an operator will read.
@Suite struct DecoderErrorTests {
    struct Server: Decodable {
        var host: String
        var port: Int
        var debug: Bool?
    }

    struct Root: Decodable {
        var server: Server
    }

    // MARK: Type errors

    @Test func integerFromString() throws {
        #expect(try Fixture.errors(Root.self, "server:\n  host: h\n  port: abc\n") == [
            "config.yaml:3:9: server.port: expected integer, found string \"abc\"",
        ])
    }

    @Test func quotedNumberIsAString() throws {
        #expect(try Fixture.errors(Root.self, "server:\n  host: h\n  port: \"8080\"\n") == [
            "config.yaml:3:9: server.port: expected integer, found string \"8080\"",
        ])
    }

    @Test func integerFromFloatAndBool() throws {
        #expect(try Fixture.errors(Root.self, "server: {host: h, port: 80.5}\n") == [
            "config.yaml:1:25: server.port: expected integer, found float 80.5",
        ])
        #expect(try Fixture.errors(Root.self, "server: {host: h, port: true}\n") == [
            "config.yaml:1:25: server.port: expected integer, found boolean true",
        ])
    }

    @Test func booleanFromYesNo() throws {
        #expect(try Fixture.errors(Root.self, "server:\n  host: h\n  port: 1\n  debug: no\n") == [
            "config.yaml:4:10: server.debug: expected boolean, found string \"no\"",
        ])
    }

    @Test func stringRejectsBooleanAndNull() throws {
        #expect(try Fixture.errors(Root.self, "server:\n  host: true\n  port: 1\n") == [
            "config.yaml:2:9: server.host: expected string, found boolean true",
        ])
        #expect(try Fixture.errors(Root.self, "server:\n  host: ~\n  port: 1\n") == [
            "config.yaml:2:9: server.host: expected string, found null",
        ])
    }

    @Test func mappingExpectedButSequenceOrScalarFound() throws {
        #expect(try Fixture.errors(Root.self, "server:\n  - a\n") == [
            "config.yaml:2:3: server: expected mapping, found sequence",
        ])
        #expect(try Fixture.errors(Root.self, "server: localhost\n") == [
            "config.yaml:1:9: server: expected mapping, found string \"localhost\"",
        ])
        #expect(try Fixture.errors(Root.self, "- a\n") == [
            "config.yaml:1:1: expected mapping, found sequence",
        ])
    }

    @Test func sequenceExpectedButMappingFound() throws {
        struct List: Decodable { var items: [String] }
        #expect(try Fixture.errors(List.self, "items:\n  a: 1\n") == [
            "config.yaml:2:3: items: expected sequence, found mapping",
        ])
        #expect(try Fixture.errors(List.self, "items: a, b\n") == [
            "config.yaml:1:8: items: expected sequence, found string \"a, b\"",
        ])
    }

    @Test func scalarExpectedButCollectionFound() throws {
        #expect(try Fixture.errors(Root.self, "server:\n  host: [a]\n  port: 1\n") == [
            "config.yaml:2:9: server.host: expected string, found sequence",
        ])
        #expect(try Fixture.errors(Root.self, "server:\n  host: h\n  port: {a: 1}\n") == [
            "config.yaml:3:9: server.port: expected integer, found mapping",
        ])
    }

    @Test func longValuesAreShortenedAndEscaped() throws {
        let long = String(repeating: "x", count: 100)
        let errors = try Fixture.errors(Root.self, "server:\n  host: h\n  port: \"\(long)\\n\\\"\"\n")
        #expect(errors == ["config.yaml:3:9: server.port: expected integer, found string \"\(String(repeating: "x", count: 60))…\""])
        #expect(try Fixture.errors(Root.self, "server:\n  host: h\n  port: \"a\\tb\\\"c\"\n") == [
            "config.yaml:3:9: server.port: expected integer, found string \"a\\tb\\\"c\"",
        ])
    }

    // MARK: Ranges

    @Test func integerRanges() throws {
        struct Sizes: Decodable { var a: Int8?; var b: UInt16?; var c: UInt?; var d: Int64? }
        #expect(try Fixture.errors(Sizes.self, "a: 128\n") == ["config.yaml:1:4: a: integer 128 is out of range for Int8 (-128...127)"])
        #expect(try Fixture.errors(Sizes.self, "b: 65536\n") == ["config.yaml:1:4: b: integer 65536 is out of range for UInt16 (0...65535)"])
        #expect(try Fixture.errors(Sizes.self, "b: 0x10000\n") == ["config.yaml:1:4: b: integer 0x10000 is out of range for UInt16 (0...65535)"])
        #expect(try Fixture.errors(Sizes.self, "c: -1\n") == ["config.yaml:1:4: c: integer -1 is out of range for UInt (0...18446744073709551615)"])
        #expect(try Fixture.errors(Sizes.self, "d: 9223372036854775808\n") == [
            "config.yaml:1:4: d: integer 9223372036854775808 is out of range for Int64 (-9223372036854775808...9223372036854775807)",
        ])
    }

    @Test func floatRanges() throws {
        struct Numbers: Decodable { var f: Float?; var d: Double? }
        #expect(try Fixture.errors(Numbers.self, "f: 1e39\n") == ["config.yaml:1:4: f: float 1e39 is out of range for Float"])
        #expect(try Fixture.errors(Numbers.self, "d: 1e309\n") == ["config.yaml:1:4: d: float 1e309 is out of range for Double"])
        #expect(try Fixture.errors(Numbers.self, "d: abc\n") == ["config.yaml:1:4: d: expected number, found string \"abc\""])
    }

    // MARK: Missing keys

    @Test func missingRequiredKeyIsLocatedAtTheParentMapping() throws {
        #expect(try Fixture.errors(Root.self, "# settings\nserver:\n  host: h\n  debug: true\n") == [
            "config.yaml:3:3: server: missing required key 'port'",
        ])
    }

    @Test func missingRequiredKeyAtRoot() throws {
        #expect(try Fixture.errors(Root.self, "other: 1\n") == [
            "config.yaml:1:1: missing required key 'server'",
        ])
    }

    @Test func blankSectionWithRequiredKeys() throws {
        // Read as an empty mapping, so the message names the missing key.
        let errors = try Fixture.errors(Root.self, "server:\nnext: 1\n")
        #expect(errors.first == "config.yaml:1:8: server: missing required key 'host'")
    }

    @Test func emptyDocumentWithRequiredKeys() throws {
        do {
            _ = try YAMLDecoder().decode(Root.self, from: nil)
            Issue.record("an empty document has no server")
        } catch {
            #expect(error.description == "missing required key 'server'")
        }
    }

    @Test func missingItemInFixedSizeSequence() throws {
        struct Pair: Decodable {
            var first: Int
            var second: Int
            init(from decoder: any Decoder) throws {
                var items = try decoder.unkeyedContainer()
                first = try items.decode(Int.self)
                second = try items.decode(Int.self)
            }
        }
        struct Holder: Decodable { var pair: Pair }
        #expect(try Fixture.errors(Holder.self, "pair: [1]\n") == [
            "config.yaml:1:7: pair: expected more items; the sequence has only 1",
        ])
    }

    // MARK: Several errors in one run

    @Test func typeErrorsUnknownKeysAndMissingKeysTogether() throws {
        struct Limits: Decodable { var body: Int; var rate: Double }
        struct App: Decodable { var server: Server; var limits: Limits; var name: String }
        let text = """
        server:
          port: eighty
          colour: blue
          debug: no
        limits:
          body: big
        """
        #expect(try Fixture.errors(App.self, text) == [
            "config.yaml:1:1: missing required key 'name'",
            "config.yaml:2:3: server: missing required key 'host'",
            "config.yaml:2:9: server.port: expected integer, found string \"eighty\"",
            "config.yaml:3:3: server.colour: unknown key 'colour'; expected one of: host, port, debug",
            "config.yaml:4:10: server.debug: expected boolean, found string \"no\"",
            "config.yaml:6:3: limits: missing required key 'rate'",
            "config.yaml:6:9: limits.body: expected integer, found string \"big\"",
        ])
    }

    @Test func everyBadItemInASequenceIsReported() throws {
        struct Ports: Decodable { var ports: [UInt16] }
        #expect(try Fixture.errors(Ports.self, "ports: [80, http, 443, 70000]\n") == [
            "config.yaml:1:13: ports[1]: expected integer, found string \"http\"",
            "config.yaml:1:24: ports[3]: integer 70000 is out of range for UInt16 (0...65535)",
        ])
    }

    @Test func everyBadEnumValueIsReported() throws {
        struct Levels: Decodable { var a: DecoderTests.LogLevel; var b: DecoderTests.LogLevel }
        #expect(try Fixture.errors(Levels.self, "a: loud\nb: quiet\n") == [
            "config.yaml:1:4: a: expected one of: debug, info, warning, error; found string \"loud\"",
            "config.yaml:2:4: b: expected one of: debug, info, warning, error; found string \"quiet\"",
        ])
    }

    @Test func aTypesOwnCheckOnAStandInValueIsNotReported() throws {
        struct Server: Decodable {
            struct Invalid: Error, CustomStringConvertible { var description: String }
            var port: Int
            var workers: Int
            enum Keys: String, CodingKey { case port, workers }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                port = try container.decode(Int.self, forKey: .port)
                workers = try container.decode(Int.self, forKey: .workers)
                guard port > 0 else { throw Invalid(description: "port must be positive, got \(port)") }
            }
        }
        struct Root: Decodable { var name: String; var server: Server }
        // The check would see the stand-in 0 for `port`; only real problems show.
        #expect(try Fixture.errors(Root.self, "name: [x]\nserver:\n  port: abc\n  workers: 2\n") == [
            "config.yaml:1:7: name: expected string, found sequence",
            "config.yaml:3:9: server.port: expected integer, found string \"abc\"",
        ])
        // Without a stand-in involved, the type's own check is reported.
        #expect(try Fixture.errors(Root.self, "name: [x]\nserver:\n  port: -1\n  workers: 2\n") == [
            "config.yaml:1:7: name: expected string, found sequence",
            "config.yaml:3:3: server: port must be positive, got -1",
        ])
    }

    @Test func aStructThatCannotBeBuiltStopsItsParentOnly() throws {
        struct Inner: Decodable { var a: Int }
        struct Middle: Decodable { var inner: Inner; var b: Int }
        struct Root: Decodable { var first: Int; var middle: Middle; var last: Int }
        // `middle.inner` is a sequence, so `middle` (and the root holding it)
        // cannot be finished; errors before it are still collected.
        #expect(try Fixture.errors(Root.self, "first: x\nmiddle:\n  inner: [1]\n  b: y\nlast: z\n") == [
            "config.yaml:1:8: first: expected integer, found string \"x\"",
            "config.yaml:3:10: middle.inner: expected mapping, found sequence",
        ])
    }

    @Test func tryFallbacksStayCorrectWhileCollectingErrors() throws {
        /// Accepts `30` or `"30s"` through a single-value `try?`.
        struct Timeout: Decodable {
            var seconds: Int
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let number = try? container.decode(Int.self) {
                    seconds = number
                } else {
                    seconds = Int(try container.decode(String.self).dropLast()) ?? 0
                }
            }
        }
        /// Accepts `retries: 3` or `retries: "none"` through a keyed `try?`.
        struct Policy: Decodable {
            var retries: Int
            enum Keys: String, CodingKey { case retries }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                if let count = try? container.decode(Int.self, forKey: .retries) {
                    retries = count
                } else {
                    retries = try container.decode(String.self, forKey: .retries) == "none" ? 0 : 1
                }
            }
        }
        struct Root: Decodable { var policy: Policy; var port: Int; var timeout: Timeout; var name: String }
        #expect(try Fixture.errors(Root.self, "policy: {retries: none}\nport: x\ntimeout: 45s\nname: n\n") == [
            "config.yaml:2:7: port: expected integer, found string \"x\"",
        ])
    }

    // MARK: Unknown keys

    @Test func unknownKeyListsExpectedKeys() throws {
        #expect(try Fixture.errors(Root.self, "server:\n  host: h\n  port: 1\n  prot: 2\n") == [
            "config.yaml:4:3: server.prot: unknown key 'prot'; expected one of: host, port, debug",
        ])
    }

    @Test func allUnknownKeysAreReportedTogether() throws {
        let text = """
        server:
          hots: h
          host: h
          port: 1
          colour: blue
        extra: 1
        """
        #expect(try Fixture.errors(Root.self, text) == [
            "config.yaml:2:3: server.hots: unknown key 'hots'; expected one of: host, port, debug",
            "config.yaml:5:3: server.colour: unknown key 'colour'; expected one of: host, port, debug",
            "config.yaml:6:1: extra: unknown key 'extra'; expected one of: server",
        ])
    }

    @Test func unknownKeysAreReportedAlongsideATypeError() throws {
        struct Logging: Decodable { var level: String }
        struct App: Decodable { var logging: Logging; var server: Server }
        let text = """
        logging:
          level: info
          format: json
        server:
          host: h
          port: eighty
        """
        #expect(try Fixture.errors(App.self, text) == [
            "config.yaml:3:3: logging.format: unknown key 'format'; expected one of: level",
            "config.yaml:6:9: server.port: expected integer, found string \"eighty\"",
        ])
    }

    @Test func unknownKeysInsideSequencesAndDictionaries() throws {
        struct Item: Decodable { var name: String }
        struct Catalog: Decodable { var items: [Item]; var byRegion: [String: Item] }
        let text = """
        items:
          - name: a
          - name: b
            nmae: c
        byRegion:
          north: {name: n, size: 3}
        """
        #expect(try Fixture.errors(Catalog.self, text) == [
            "config.yaml:4:5: items[1].nmae: unknown key 'nmae'; expected one of: name",
            "config.yaml:6:20: byRegion.north.size: unknown key 'size'; expected one of: name",
        ])
    }

    @Test func typeThatReadsNothingHasNoExpectedKeys() throws {
        struct Marker: Decodable {
            init(from decoder: any Decoder) throws {}
        }
        struct Holder: Decodable { var marker: Marker }
        #expect(try Fixture.errors(Holder.self, "marker:\n  anything: 1\n") == [
            "config.yaml:2:3: marker.anything: unknown key 'anything'",
        ])
    }

    @Test func keyCheckedWithContainsCountsAsExpected() throws {
        struct Feature: Decodable {
            var on: Bool
            enum Keys: String, CodingKey { case enabled, legacy }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                _ = container.contains(.legacy)
                on = try container.decode(Bool.self, forKey: .enabled)
            }
        }
        #expect(try Fixture.errors(Feature.self, "enabled: true\nlegacy: 1\nother: 2\n") == [
            "config.yaml:3:1: other: unknown key 'other'; expected one of: legacy, enabled",
        ])
    }

    @Test func typeErrorThroughAnAliasPointsAtTheAlias() throws {
        #expect(try Fixture.errors(Root.self, "name: &n abc\nserver:\n  host: *n\n  port: *n\n") == [
            "config.yaml:1:1: name: unknown key 'name'; expected one of: server",
            "config.yaml:4:9: server.port: expected integer, found string \"abc\"",
        ])
    }

    @Test func topLevelTypeErrorWithoutADocumentHasNoLocation() {
        do {
            _ = try YAMLDecoder().decode(Int.self, from: nil)
            Issue.record("nothing is not an integer")
        } catch {
            #expect(error.description == "expected integer, found null")
        }
    }

    @Test func unknownKeysFromAnAliasedMappingPointAtTheAnchorText() throws {
        struct Pool: Decodable { var size: Int }
        struct Pools: Decodable { var a: Pool; var b: Pool }
        #expect(try Fixture.errors(Pools.self, "a: &p\n  size: 1\n  sise: 2\nb: *p\n") == [
            "config.yaml:3:3: a.sise: unknown key 'sise'; expected one of: size",
            "config.yaml:3:3: b.sise: unknown key 'sise'; expected one of: size",
        ])
    }

    // MARK: Enums

    @Test func enumWrongValueListsTheCases() throws {
        struct Logging: Decodable { var level: DecoderTests.LogLevel }
        #expect(try Fixture.errors(Logging.self, "level: verbose\n") == [
            "config.yaml:1:8: level: expected one of: debug, info, warning, error; found string \"verbose\"",
        ])
        #expect(try Fixture.errors(Logging.self, "level:\n") == [
            "config.yaml:1:7: level: expected one of: debug, info, warning, error; found null",
        ])
        #expect(try Fixture.errors(Logging.self, "level: [info]\n") == [
            "config.yaml:1:8: level: expected one of: debug, info, warning, error; found sequence",
        ])
    }

    @Test func nonIterableEnumErrorIsStillLocated() throws {
        enum Mode: String, Decodable { case fast, safe }
        struct Settings: Decodable { var mode: Mode }
        #expect(try Fixture.errors(Settings.self, "mode: turbo\n") == [
            "config.yaml:1:7: mode: invalid value \"turbo\" for Mode",
        ])
    }

    // MARK: Errors thrown by the types themselves

    @Test func customValidationErrorIsLocated() throws {
        struct Port: Decodable {
            struct Invalid: Error, CustomStringConvertible { var description: String }
            var value: Int
            init(from decoder: any Decoder) throws {
                value = try decoder.singleValueContainer().decode(Int.self)
                guard value > 0 else { throw Invalid(description: "port must be positive, got \(value)") }
            }
        }
        struct Holder: Decodable { var port: Port }
        #expect(try Fixture.errors(Holder.self, "port: -3\n") == [
            "config.yaml:1:7: port: port must be positive, got -3",
        ])
    }

    @Test func dataCorruptedErrorUsesItsCodingPath() throws {
        struct Range: Decodable {
            var low: Int
            var high: Int
            enum Keys: String, CodingKey { case low, high }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                low = try container.decode(Int.self, forKey: .low)
                high = try container.decode(Int.self, forKey: .high)
                guard low <= high else {
                    throw DecodingError.dataCorruptedError(forKey: .high, in: container, debugDescription: "high must not be below low (\(low))")
                }
            }
        }
        struct Holder: Decodable { var range: Range }
        #expect(try Fixture.errors(Holder.self, "range:\n  low: 5\n  high: 2\n") == [
            "config.yaml:3:9: range.high: high must not be below low (5)",
        ])
    }

    @Test func invalidURL() throws {
        struct Holder: Decodable { var url: URLHolder }
        struct URLHolder: Decodable { var endpoint: Foundation.URL }
        #expect(try Fixture.errors(URLHolder.self, "endpoint: \"\"\n") == [
            "config.yaml:1:11: endpoint: invalid URL \"\"",
        ])
        #expect(try Fixture.errors(URLHolder.self, "endpoint: 3\n") == [
            "config.yaml:1:11: endpoint: expected URL string, found integer 3",
        ])
    }

    @Test func dictionaryKeyOfWrongType() throws {
        let errors = try Fixture.errors([Int: String].self, "1: one\nabc: x\n")
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("config.yaml:2:6: abc: ") == true)
    }

    // MARK: Rendering

    @Test func configErrorDescriptionFormats() {
        let location = SourceLocation(file: "config.yaml", line: 3, column: 5)
        #expect(ConfigError(location: location, path: "server.port", message: "m").description == "config.yaml:3:5: server.port: m")
        #expect(ConfigError(location: location, path: "", message: "m").description == "config.yaml:3:5: m")
        #expect(ConfigError(location: nil, path: "a", message: "m").description == "a: m")
        #expect(ConfigError(location: .environment("OCOP_PORT"), path: "server.port", message: "m").description == "env OCOP_PORT: server.port: m")
        let errors = ConfigErrors([
            ConfigError(location: location, path: "a", message: "one"),
            ConfigError(location: nil, path: "", message: "two"),
        ])
        #expect(errors.description == "config.yaml:3:5: a: one\ntwo")
    }
}
