import Testing
@testable import OCOPConfig

/// `YAMLWriter` output parses back to the tree it was written from.
@Suite struct YAMLWriterTests {
    /// A tree without locations or styles: what a reader of the document sees. Nulls compare
    /// equal however they are spelled (`~`, `null`, nothing).
    indirect enum Shape: Equatable, CustomStringConvertible {
        case scalar(String, YAMLScalar.Kind)
        case mapping([Entry])
        case sequence([Shape])

        struct Entry: Equatable {
            var key: String
            var value: Shape
        }

        init(_ node: YAMLNode) {
            switch node {
            case .scalar(let scalar): self = .scalar(scalar.kind == .null ? "" : scalar.value, scalar.kind)
            case .mapping(let mapping): self = .mapping(mapping.entries.map { Entry(key: $0.key.value, value: Shape($0.value)) })
            case .sequence(let sequence): self = .sequence(sequence.items.map(Shape.init))
            }
        }

        var description: String {
            switch self {
            case .scalar(let value, let kind): "\(kind)(\(value.debugDescription))"
            case .mapping(let entries): "{" + entries.map { "\($0.key.debugDescription): \($0.value)" }.joined(separator: ", ") + "}"
            case .sequence(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
            }
        }
    }

    static let here = OCOPConfig.SourceLocation(file: "test", line: 1, column: 1)

    /// Writes `node`, parses the output, and returns both the text and the re-read tree.
    static func roundTrip(_ node: YAMLNode) throws -> (text: String, shape: Shape?) {
        let text = YAMLWriter().write(node)
        return (text, try YAML.parse(text, file: "written.yaml").map(Shape.init))
    }

    static func expectRoundTrip(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let node = try #require(try YAML.parse(source, file: "source.yaml"), sourceLocation: sourceLocation)
        let (text, shape) = try roundTrip(node)
        #expect(shape == Shape(node), "written as:\n\(text)", sourceLocation: sourceLocation)
    }

    @Test func openAPIFragmentRoundTrips() throws {
        try Self.expectRoundTrip(#"""
            openapi: 3.1.0
            info:
              title: OCOP platform API
              version: 0.1.0
              description: |
                Mỗi xã một sản phẩm — One Commune One Product.
                Errors are "problem documents": see RFC 9457.
              license: {name: MIT, identifier: MIT}
            paths:
              /api/v1/subjects/{id}:
                parameters:
                  - $ref: '#/components/parameters/id'
                get:
                  security: [{bearer: []}]
                  parameters:
                    - {name: q, in: query, schema: {type: string}, description: 'Part of the name, with or without diacritics'}
                    - {name: stars, in: query, schema: {type: string, example: '4,5', pattern: '^[0-9]{2}$'}}
                    - {name: sort, in: query, schema: {type: string, enum: [name, '-name'], default: name}}
                  responses:
                    '200': {description: OK, content: {application/json: {schema: {type: array, items: {type: object}}}}}
                    '404': {$ref: '#/components/responses/Problem'}
            components:
              schemas:
                Empty: {}
                Folded:
                  description: >-
                    Folded text
                    on two lines.
                  oneOf: [{type: integer, minimum: 1, maximum: 26}, {type: string}]
            """#)
    }

    @Test func nullsNestedSequencesAndEmptyCollectionsRoundTrip() throws {
        try Self.expectRoundTrip("""
            a:
            b: ~
            c: null
            d: [[1, 2], [], {}, [{x: 1, y: [a, b]}], [[]]]
            e: [~, '', "", 'null', true, 'true', 0x1F, 1.5e3, .inf]
            key with spaces: value with spaces
            """)
    }

    @Test func tagsAreKept() throws {
        let source = """
            a: !!int "5"
            b: !!str 8080
            c: !!float 1
            d: !!null ""
            e: ! 12
            f: !!bool "true"
            """
        try Self.expectRoundTrip(source)
        let text = YAMLWriter().write(try YAML.parse(source, file: "source.yaml"))
        #expect(text.contains(#"a: !!int "5""#), "\(text)")
        #expect(text.contains(#"b: !!str "8080""#), "\(text)")
    }

    @Test func controlAndLineBreakCharactersAreEscaped() throws {
        let source = #"""
            text: "del \x7f, nel \N, ls \L, ps \P, bom \uFEFF, esc \x1b, c1 \x9f, nonchar \uFFFE, tab \t, cr \r, nl \n, end"
            """#
        try Self.expectRoundTrip(source)
        let text = YAMLWriter().write(try YAML.parse(source, file: "source.yaml"))
        for raw: Unicode.Scalar in ["\u{7F}", "\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{1B}", "\u{9F}", "\u{FFFE}", "\t", "\r"] {
            #expect(!text.unicodeScalars.contains(raw), "U+\(String(raw.value, radix: 16)) written unescaped: \(text)")
        }
    }

    /// Environment overrides make plain scalars from any text; written unquoted, many would
    /// read back as something else or not parse at all.
    @Test func plainTextThatWouldNotReadBackIsQuoted() throws {
        let awkward = ["a: b", " leading", "trailing ", "#x", "- x", "-", "?", "? x", ": x", "[1", "]", "{x}", "}", ",x",
                       "*alias", "&anchor", "!tag", "|", ">", "%x", "@x", "`x", "'q'", "\"q\"", "x #y", "x:", "---", "...",
                       "a\nb", "tab\there", "cr\rhere", "nel\u{85}here", "del\u{7F}", "", "-1", "-name", "x#y", "a:b", "http://h:1/p"]
        let entries = awkward.enumerated().map { index, text in
            (key: YAMLScalar(value: "k\(index)", location: Self.here), value: YAMLNode.scalar(YAMLScalar(value: text, location: Self.here)))
        }
        let keys = ["- k", "{id}", "-", "on", "a b", "x: y", "#k"].map {
            (key: YAMLScalar(value: $0, location: Self.here), value: YAMLNode.scalar(YAMLScalar(value: "v", location: Self.here)))
        }
        let items = awkward.map { YAMLNode.scalar(YAMLScalar(value: $0, location: Self.here)) }
        let node = YAMLNode.mapping(YAMLMapping(entries: entries + keys + [
            (key: YAMLScalar(value: "items", location: Self.here), value: .sequence(YAMLSequence(items: items, location: Self.here))),
        ], location: Self.here))
        let (text, shape) = try Self.roundTrip(node)
        #expect(shape == Shape(node), "written as:\n\(text)")
        for plain in ["-name", "a:b", "x#y", "-1", "http://h:1/p"] {
            let index = try #require(awkward.firstIndex(of: plain))
            #expect(text.contains("k\(index): \(plain)\n"), "safe plain text stays plain: \(text)")
        }
    }

    /// PyYAML and other YAML 1.1 readers (openapi-spec-validator among them) take these for
    /// booleans, dates or numbers; YAML 1.2 and this parser read strings.
    @Test func stringsYAML11WouldMistypeAreQuoted() throws {
        let source = """
            a: yes
            b: on
            c: N
            d: 2025-01-01
            e: 12:30
            f: 1_000
            g: 0b101
            h: =
            on: key
            version: 0.1.0
            count: 42
            flag: true
            word: yesterday
            code: '00577'
            """
        try Self.expectRoundTrip(source)
        let text = YAMLWriter().write(try YAML.parse(source, file: "source.yaml"))
        for line in [#"a: "yes""#, #"b: "on""#, #"c: "N""#, #"d: "2025-01-01""#, #"e: "12:30""#, #"f: "1_000""#,
                     #"g: "0b101""#, #"h: "=""#, #""on": key"#, "version: 0.1.0", "count: 42", "flag: true", "word: yesterday"] {
            #expect(text.contains(line + "\n"), "expected \(line) in:\n\(text)")
        }
    }

    @Test func redactedValuesLoseTheirTagButStayValid() throws {
        var writer = YAMLWriter()
        writer.transform = { key, value in key == "password" ? "***" : value }
        let text = writer.write(try YAML.parse("password: !!int 1234\nuser: !!str 7\n", file: "source.yaml"))
        let parsed = try #require(try YAML.parse(text, file: "written.yaml"))
        #expect(parsed["password"]?.scalar?.value == "***")
        #expect(parsed["user"]?.scalar?.kind == .string)
        #expect(parsed["user"]?.scalar?.value == "7")
    }
}
