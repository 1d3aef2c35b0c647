import Foundation
import Testing
import OCOPConfig

/// Decoding that should succeed: the shapes real configuration types use.
@Suite struct DecoderTests {
    enum LogLevel: String, Decodable, CaseIterable {
        case debug, info, warning, error
    }

    struct Server: Decodable, Equatable {
        var host: String
        var port: UInt16
        var tls: Bool?
    }

    struct Database: Decodable, Equatable {
        var url: URL
        var poolSize: Int
        var timeout: Double
    }

    struct App: Decodable, Equatable {
        var server: Server
        var database: Database
        var logLevel: LogLevel
        var tags: [String]
    }

    @Test func nestedStructs() throws {
        let app = try Fixture.decode(App.self, """
        server:
          host: 0.0.0.0
          port: 8080
        database:
          url: postgres://ocop@db:5432/ocop
          poolSize: 0x10
          timeout: 5
        logLevel: warning
        tags: [a, "b", 3]
        """)
        #expect(app == App(
            server: Server(host: "0.0.0.0", port: 8080, tls: nil),
            database: Database(url: try #require(URL(string: "postgres://ocop@db:5432/ocop")), poolSize: 16, timeout: 5),
            logLevel: .warning,
            tags: ["a", "b", "3"]
        ))
    }

    @Test func stringAcceptsPlainNumbersKeepingTheirText() throws {
        struct Secret: Decodable { var password: String; var version: String; var ratio: String }
        let secret = try Fixture.decode(Secret.self, "password: 012345\nversion: 1.10\nratio: 0x1F\n")
        #expect(secret.password == "012345")
        #expect(secret.version == "1.10")
        #expect(secret.ratio == "0x1F")
    }

    @Test func numbersInEveryWidth() throws {
        struct Numbers: Decodable {
            var i8: Int8; var i16: Int16; var i32: Int32; var i64: Int64
            var u8: UInt8; var u16: UInt16; var u32: UInt32; var u64: UInt64; var u: UInt
            var f: Float; var d: Double; var inf: Double; var nan: Double
        }
        let numbers = try Fixture.decode(Numbers.self, """
        i8: -128
        i16: 0o777
        i32: -2147483648
        i64: 9223372036854775807
        u8: 0xFF
        u16: 65535
        u32: +4294967295
        u64: 18446744073709551615
        u: 7
        f: 1.5
        d: -2.5e-3
        inf: -.inf
        nan: .NaN
        """)
        #expect(numbers.i8 == -128)
        #expect(numbers.i16 == 511)
        #expect(numbers.i32 == Int32.min)
        #expect(numbers.i64 == Int64.max)
        #expect(numbers.u8 == 255)
        #expect(numbers.u16 == 65535)
        #expect(numbers.u32 == UInt32.max)
        #expect(numbers.u64 == UInt64.max)
        #expect(numbers.u == 7)
        #expect(numbers.f == 1.5)
        #expect(numbers.d == -0.0025)
        #expect(numbers.inf == -.infinity)
        #expect(numbers.nan.isNaN)
    }

    @Test func boolOnlyFromCoreForms() throws {
        struct Flags: Decodable { var a: Bool; var b: Bool; var c: Bool }
        let flags = try Fixture.decode(Flags.self, "a: true\nb: FALSE\nc: !!bool True\n")
        #expect(flags.a && !flags.b && flags.c)
    }

    @Test func optionalsAreNilWhenNullOrMissing() throws {
        struct Options: Decodable { var a: Int?; var b: String?; var c: [Int]?; var d: Int? }
        let options = try Fixture.decode(Options.self, "a: ~\nb:\nc: null\n")
        #expect(options.a == nil && options.b == nil && options.c == nil && options.d == nil)
        let present = try Fixture.decode(Options.self, "a: 1\nb: x\nc: [2]\nd: 0\n")
        #expect(present.a == 1 && present.b == "x" && present.c == [2] && present.d == 0)
    }

    @Test func blankSectionOfOptionalsDecodesAsEmpty() throws {
        struct Province: Decodable { var enabled: Bool?; var communes: [String]? }
        struct Plugins: Decodable {
            var vn: [String: Province]
        }
        struct Root: Decodable { var plugins: Plugins }
        let root = try Fixture.decode(Root.self, """
        plugins:
          vn:
            ha-noi:
            hai-phong:
              enabled: true
        """)
        #expect(root.plugins.vn.keys.sorted() == ["ha-noi", "hai-phong"])
        #expect(root.plugins.vn["ha-noi"]?.enabled == nil)
        #expect(root.plugins.vn["hai-phong"]?.enabled == true)
    }

    @Test func blankSectionForNonOptionalStructOfOptionals() throws {
        struct Limits: Decodable { var maxBody: Int?; var maxConnections: Int? }
        struct Root: Decodable { var limits: Limits }
        let root = try Fixture.decode(Root.self, "limits:\n")
        #expect(root.limits.maxBody == nil && root.limits.maxConnections == nil)
    }

    @Test func emptyDocumentDecodesAsEmptyMappingForAllOptionalRoot() throws {
        struct Root: Decodable { var server: Server? }
        let root = try YAMLDecoder().decode(Root.self, from: nil)
        #expect(root.server == nil)
        let fromComments = try Fixture.decode(Root.self, "# nothing configured\n")
        #expect(fromComments.server == nil)
    }

    @Test func arraysOfStructs() throws {
        struct Listener: Decodable, Equatable { var name: String; var port: Int }
        struct Root: Decodable { var listeners: [Listener] }
        let root = try Fixture.decode(Root.self, """
        listeners:
          - name: http
            port: 80
          - {name: https, port: 443}
        """)
        #expect(root.listeners == [Listener(name: "http", port: 80), Listener(name: "https", port: 443)])
    }

    @Test func sequenceOfOptionals() throws {
        #expect(try Fixture.decode([Int?].self, "[1, ~, 3, ]\n") == [1, nil, 3])
        #expect(try Fixture.decode([Int?].self, "- 1\n-\n- null\n") == [1, nil, nil])
    }

    @Test func nullSequenceIsEmpty() throws {
        struct Root: Decodable { var items: [Int] }
        #expect(try Fixture.decode(Root.self, "items:\n").items == [])
    }

    @Test func dictionaries() throws {
        struct Root: Decodable { var limits: [String: Int]; var nested: [String: [String: Bool]] }
        let root = try Fixture.decode(Root.self, """
        limits:
          upload: 10
          download: 20
        nested:
          a: {x: true}
          b: {}
        """)
        #expect(root.limits == ["upload": 10, "download": 20])
        #expect(root.nested == ["a": ["x": true], "b": [:]])
    }

    @Test func dictionaryWithIntegerKeys() throws {
        let value = try Fixture.decode([Int: String].self, "1: one\n-16: minus sixteen\n")
        #expect(value == [1: "one", -16: "minus sixteen"])
    }

    @Test func topLevelScalarsAndSequences() throws {
        #expect(try Fixture.decode(Int.self, "42\n") == 42)
        #expect(try Fixture.decode([String].self, "- a\n- b\n") == ["a", "b"])
        #expect(try Fixture.decode(String?.self, "~\n") == nil)
    }

    @Test func enumsWithRawValues() throws {
        struct Root: Decodable { var level: LogLevel; var levels: [LogLevel] }
        let root = try Fixture.decode(Root.self, "level: debug\nlevels: [info, error]\n")
        #expect(root.level == .debug)
        #expect(root.levels == [.info, .error])
    }

    @Test func aliasesDecode() throws {
        struct Pool: Decodable, Equatable { var size: Int; var timeout: Int }
        struct Root: Decodable { var primary: Pool; var replica: Pool }
        let root = try Fixture.decode(Root.self, """
        primary: &pool
          size: 10
          timeout: 5
        replica: *pool
        """)
        #expect(root.replica == Pool(size: 10, timeout: 5))
        #expect(root.primary == root.replica)
    }

    @Test func singleValueContainerForWrapperTypes() throws {
        struct Port: Decodable, Equatable {
            var value: UInt16
            init(from decoder: any Decoder) throws {
                value = try decoder.singleValueContainer().decode(UInt16.self)
            }
        }
        struct Root: Decodable { var port: Port }
        #expect(try Fixture.decode(Root.self, "port: 443\n").port.value == 443)
    }

    @Test func nestedContainersAndCustomKeys() throws {
        struct Endpoint: Decodable {
            var host: String
            var port: Int
            var first: String
            enum Keys: String, CodingKey { case address, aliases }
            enum AddressKeys: String, CodingKey { case host, port }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                let address = try container.nestedContainer(keyedBy: AddressKeys.self, forKey: .address)
                host = try address.decode(String.self, forKey: .host)
                port = try address.decode(Int.self, forKey: .port)
                var aliases = try container.nestedUnkeyedContainer(forKey: .aliases)
                first = try aliases.decode(String.self)
                while !aliases.isAtEnd { _ = try aliases.decode(String.self) }
            }
        }
        let endpoint = try Fixture.decode(Endpoint.self, "address: {host: h, port: 1}\naliases: [x, y]\n")
        #expect(endpoint.host == "h" && endpoint.port == 1 && endpoint.first == "x")
    }

    @Test func superDecoderForClassHierarchies() throws {
        class Base: Decodable {
            var name: String
            enum Keys: String, CodingKey { case name }
            required init(from decoder: any Decoder) throws {
                name = try decoder.container(keyedBy: Keys.self).decode(String.self, forKey: .name)
            }
        }
        final class Derived: Base {
            var extra: Int
            enum DerivedKeys: String, CodingKey { case extra }
            required init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: DerivedKeys.self)
                extra = try container.decode(Int.self, forKey: .extra)
                try super.init(from: container.superDecoder())
            }
        }
        let value = try Fixture.decode(Derived.self, "extra: 2\nsuper:\n  name: base\n")
        #expect(value.name == "base" && value.extra == 2)
    }

    @Test func superDecoderForKeyAndSameDecoderReuse() throws {
        struct Wrapper: Decodable {
            var inner: Int
            var name: String
            enum Keys: String, CodingKey { case inner, name }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                inner = try Int(from: container.superDecoder(forKey: .inner))
                // A second view of the same mapping; together they read every key.
                name = try decoder.container(keyedBy: Keys.self).decode(String.self, forKey: .name)
            }
        }
        let value = try Fixture.decode(Wrapper.self, "inner: 5\nname: n\n")
        #expect(value.inner == 5 && value.name == "n")
    }

    @Test func fallbackWithTryIsNotAnError() throws {
        /// Accepts `30` or `"30s"`, the common polymorphic pattern.
        struct Timeout: Decodable {
            var seconds: Int
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let number = try? container.decode(Int.self) {
                    seconds = number
                } else {
                    let text = try container.decode(String.self)
                    seconds = Int(text.dropLast()) ?? 0
                }
            }
        }
        struct Root: Decodable { var a: Timeout; var b: Timeout }
        let root = try Fixture.decode(Root.self, "a: 30\nb: 45s\n")
        #expect(root.a.seconds == 30 && root.b.seconds == 45)
    }

    @Test func abandonedMappingAttemptDoesNotCountItsKeys() throws {
        struct Long: Decodable { var host: String; var port: Int; var scheme: String }
        struct Short: Decodable { var host: String }
        enum Target: Decodable {
            case long(Long), short(Short)
            init(from decoder: any Decoder) throws {
                if let long = try? Long(from: decoder) {
                    self = .long(long)
                } else {
                    self = .short(try Short(from: decoder))
                }
            }
        }
        // `port` was read only by the abandoned `Long` attempt: it is unknown.
        #expect(try Fixture.errors(Target.self, "host: h\nport: 1\n") == [
            "config.yaml:2:1: port: unknown key 'port'; expected one of: host",
        ])
        guard case .short(let short) = try Fixture.decode(Target.self, "host: h\n") else {
            Issue.record("expected the short form")
            return
        }
        #expect(short.host == "h")
    }

    @Test func subtreeDecodingPrefixesPaths() throws {
        struct Plugin: Decodable { var communes: [Int] }
        let root = try #require(try Fixture.parse("plugins:\n  vn:\n    communes: [1, 2, x]\n"))
        let node = root.node(at: ["plugins", "vn"])
        #expect(throws: ConfigErrors.self) {
            try YAMLDecoder().decode(Plugin.self, from: node, path: ["plugins", "vn"])
        }
        do {
            _ = try YAMLDecoder().decode(Plugin.self, from: node, path: ["plugins", "vn"])
        } catch {
            #expect(error.description == "config.yaml:3:22: plugins.vn.communes[2]: expected integer, found string \"x\"")
        }
    }

    @Test func enumWithItsOwnDecoderMayAcceptMoreSpellings() throws {
        enum Level: String, Decodable, CaseIterable {
            case warning, error
            init(from decoder: any Decoder) throws {
                let text = try decoder.singleValueContainer().decode(String.self)
                guard let level = Level(rawValue: text == "warn" ? "warning" : text) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad level"))
                }
                self = level
            }
        }
        struct Logging: Decodable { var level: Level }
        #expect(try Fixture.decode(Logging.self, "level: warn\n").level == .warning)
        #expect(try Fixture.errors(Logging.self, "level: loud\n") == [
            "config.yaml:1:8: level: expected one of: warning, error; found string \"loud\"",
        ])
    }

    @Test func largeDictionaryDecodesInLinearTime() throws {
        var text = ""
        for index in 0..<10_000 { text += "key\(index): \(index)\n" }
        let clock = ContinuousClock()
        let start = clock.now
        let value = try Fixture.decode([String: Int].self, text)
        #expect(value.count == 10_000)
        #expect(value["key9999"] == 9_999)
        #expect(clock.now - start < .seconds(5))
    }
}
