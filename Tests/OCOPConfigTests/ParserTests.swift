import Testing
@testable import OCOPConfig

/// The node tree: values, styles, tags and 1-based locations.
@Suite struct ParserTests {
    @Test func emptyTextIsNoDocument() throws {
        #expect(try Fixture.parse("") == nil)
        #expect(try Fixture.parse("\n\n   \n") == nil)
    }

    @Test func onlyCommentsIsNoDocument() throws {
        #expect(try Fixture.parse("# server:\n#   port: 8080\n\n  # indented comment\n") == nil)
    }

    @Test func bareDocumentMarkerIsNoDocument() throws {
        #expect(try Fixture.parse("---\n") == nil)
        #expect(try Fixture.parse("--- # nothing here\n...\n") == nil)
    }

    @Test func explicitNullDocumentIsANullScalar() throws {
        let node = try #require(try Fixture.parse("~\n"))
        #expect(node.isNull)
    }

    @Test func nodesCarryOneBasedLocations() throws {
        let text = """
        # comment
        server:
          host: "0.0.0.0"
          port: 8080
        list:
          - a
          -   b
        """
        let root = try #require(try Fixture.parse(text))
        let server = try #require(root["server"])
        #expect(server.location == SourceLocation(file: "config.yaml", line: 3, column: 3))
        #expect(root["server"]?["port"]?.location.description == "config.yaml:4:9")
        let keys = try #require(root.mapping?.entries.map(\.key.location.description))
        #expect(keys == ["config.yaml:2:1", "config.yaml:5:1"])
        let items = try #require(root["list"]?.sequence?.items)
        #expect(items.map(\.location.description) == ["config.yaml:6:5", "config.yaml:7:7"])
        #expect(root.location.description == "config.yaml:2:1")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let root = try #require(try Fixture.parse("tỉnh: Hà Nội\nxã: [Đông Anh, Sóc Sơn]\n"))
        #expect(root["tỉnh"]?.location.description == "config.yaml:1:7")
        #expect(root["xã"]?.sequence?.items[1].location.description == "config.yaml:2:16")
        #expect(root.text("tỉnh") == "Hà Nội")
    }

    @Test func keysKeepDocumentOrder() throws {
        let root = try #require(try Fixture.parse("zeta: 1\nalpha: 2\nmid: 3\n"))
        #expect(root.mapping?.keys == ["zeta", "alpha", "mid"])
    }

    @Test func scalarStylesAreRecorded() throws {
        let text = """
        plain: a
        single: 'b'
        double: "c"
        literal: |
          line 1
          line 2
        folded: >
          one
          two
        """
        let root = try #require(try Fixture.parse(text))
        #expect(root["plain"]?.scalar?.style == .plain)
        #expect(root["single"]?.scalar?.style == .quoted)
        #expect(root["double"]?.scalar?.style == .quoted)
        #expect(root["literal"]?.scalar?.style == .literal)
        #expect(root.text("literal") == "line 1\nline 2\n")
        #expect(root["folded"]?.scalar?.style == .folded)
        #expect(root.text("folded") == "one two")
    }

    @Test func flowCollectionsParse() throws {
        let root = try #require(try Fixture.parse("a: {x: 1, y: [2, 3]}\n"))
        #expect(root["a"]?["y"]?.sequence?.items.compactMap(\.scalar?.value) == ["2", "3"])
        #expect(root["a"]?["x"]?.location.description == "config.yaml:1:8")
    }

    @Test func explicitTagsAreKeptInLongForm() throws {
        let root = try #require(try Fixture.parse("a: !!str 8080\nb: !!int \"42\"\nc: ! 12\n"))
        #expect(root["a"]?.scalar?.tag == "tag:yaml.org,2002:str")
        #expect(root["a"]?.scalar?.kind == .string)
        #expect(root["b"]?.scalar?.kind == .int)
        #expect(root["c"]?.scalar?.tag == "!")
        #expect(root["c"]?.scalar?.kind == .string)
    }

    @Test func escapedNullCharacterSurvives() throws {
        let root = try #require(try Fixture.parse("a: \"x\\0y\"\n"))
        #expect(root.text("a")?.utf8.count == 3)
    }

    // MARK: Anchors and aliases

    @Test func aliasesExpandToTheAnchoredValue() throws {
        let text = """
        defaults: &defaults
          timeout: 30
          retries: 3
        primary: *defaults
        port: &p 8080
        ports: [*p, *p]
        """
        let root = try #require(try Fixture.parse(text))
        #expect(root["primary"]?.text("timeout") == "30")
        #expect(root["primary"]?.mapping?.keys == ["timeout", "retries"])
        #expect(root["ports"]?.sequence?.items.compactMap(\.scalar?.value) == ["8080", "8080"])
        // The alias is where the value is used; the copied children keep
        // the anchored text's locations.
        #expect(root["primary"]?.location.description == "config.yaml:4:10")
        #expect(root["primary"]?["timeout"]?.location.description == "config.yaml:2:12")
    }

    @Test func anchorMayBeRedefined() throws {
        let root = try #require(try Fixture.parse("a: &x 1\nb: &x 2\nc: *x\n"))
        #expect(root.text("c") == "2")
    }

    @Test func undefinedAliasIsLocated() {
        #expect(Fixture.parseError("a: 1\nb: *nope\n") == "config.yaml:2:4: b: unknown alias '*nope' (no anchor '&nope' before it)")
    }

    @Test func selfReferencingAliasIsRefused() {
        #expect(Fixture.parseError("a: &x\n  - 1\n  - *x\n") == "config.yaml:3:5: a[1]: alias '*x' refers to its own enclosing node")
    }

    @Test func aliasAsKeyMustBeScalar() throws {
        let root = try #require(try Fixture.parse("k: &k name\n*k : value\n"))
        #expect(root.text("name") == "value")
        #expect(Fixture.parseError("k: &k [1]\n? *k\n: value\n") == "config.yaml:2:3: mapping keys must be scalars, found sequence")
    }

    @Test func billionLaughsIsRefused() {
        var text = "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            let items = Array(repeating: previous, count: 9).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(items)]\n"
        }
        let error = Fixture.parseError(text)
        #expect(error?.hasSuffix("document too large after alias expansion (limit 100000 nodes)") == true)
        // Refused at the alias that crosses the limit, on the sixth line.
        #expect(error?.hasPrefix("config.yaml:6:") == true)
    }

    @Test func manyAliasesUnderTheLimitAreFine() throws {
        var text = "base: &b [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nall:\n"
        for _ in 0..<1000 { text += "  - *b\n" }
        let root = try #require(try Fixture.parse(text))
        #expect(root["all"]?.sequence?.items.count == 1000)
    }

    @Test func aliasCountsTowardNestingDepth() {
        let deep = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        let text = "d: &d \(deep)\nx: [[[[[*d]]]]]\n"
        #expect(Fixture.parseError(text) == "config.yaml:2:9: x[0][0][0][0][0]: nesting too deep (limit 64 levels)")
    }

    // MARK: Limits

    @Test func nestingDepthIsCapped() {
        let text = "a: " + String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + "\n"
        let error = Fixture.parseError(text)
        #expect(error == "config.yaml:1:67: a" + String(repeating: "[0]", count: 63) + ": nesting too deep (limit 64 levels)")
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let text = "a: " + String(repeating: "[", count: 63) + "1" + String(repeating: "]", count: 63) + "\n"
        #expect(try Fixture.parse(text) != nil)
    }

    @Test func documentWithoutAliasesHasANodeLimitToo() {
        let text = "[" + Array(repeating: "1", count: 100_000).joined(separator: ",") + "]"
        #expect(Fixture.parseError(text)?.hasSuffix(": [99999]: document too large (limit 100000 nodes)") == true)
    }

    @Test func inputSizeIsCapped() {
        let text = "a: \"" + String(repeating: "x", count: 4 * 1024 * 1024) + "\"\n"
        #expect(Fixture.parseError(text) == "config.yaml: file too large (4194310 bytes; limit 4194304 bytes)")
    }

    // MARK: Structural errors libyaml does not catch

    @Test func duplicateKeyNamesBothPlaces() {
        let text = """
        server:
          host: localhost
          port: 8080
          port: 9090
        """
        #expect(Fixture.parseError(text) == "config.yaml:4:3: server.port: duplicate key 'port' (first at config.yaml:3:3)")
    }

    @Test func duplicateKeyAtRootAndInFlowMapping() {
        #expect(Fixture.parseError("a: 1\nb: 2\na: 3\n") == "config.yaml:3:1: a: duplicate key 'a' (first at config.yaml:1:1)")
        #expect(Fixture.parseError("list:\n  - {x: 1, x: 2}\n") == "config.yaml:2:12: list[0].x: duplicate key 'x' (first at config.yaml:2:6)")
    }

    @Test func quotedAndPlainSpellingOfAKeyAreTheSameKey() {
        #expect(Fixture.parseError("port: 1\n\"port\": 2\n") == "config.yaml:2:1: port: duplicate key 'port' (first at config.yaml:1:1)")
    }

    @Test func nonScalarKeyIsRefused() {
        #expect(Fixture.parseError("? [a, b]\n: value\n") == "config.yaml:1:3: mapping keys must be scalars, found sequence")
        #expect(Fixture.parseError("outer:\n  ? {a: 1}\n  : value\n") == "config.yaml:2:5: outer: mapping keys must be scalars, found mapping")
    }

    @Test func secondDocumentIsRefusedAtItsStart() {
        let text = "server:\n  port: 1\n---\nserver:\n  port: 2\n"
        #expect(Fixture.parseError(text) == "config.yaml:3:1: a second YAML document starts here; a config file must hold exactly one document")
    }

    @Test func secondDocumentAfterEndMarkerIsRefused() {
        #expect(Fixture.parseError("a: 1\n...\n---\nb: 2\n") == "config.yaml:3:1: a second YAML document starts here; a config file must hold exactly one document")
        // libyaml wants `---` before a document that follows `...`.
        #expect(Fixture.parseError("a: 1\n...\nb: 2\n") == "config.yaml:3:1: did not find expected <document start>")
    }

    @Test func unsupportedTagsAreRefused() {
        #expect(Fixture.parseError("a: !secret x\n") == "config.yaml:1:4: a: unsupported tag '!secret'")
        #expect(Fixture.parseError("a: !!timestamp 2001-12-14\n") == "config.yaml:1:4: a: unsupported tag '!!timestamp'")
        #expect(Fixture.parseError("a: !!str [1]\n") == "config.yaml:1:4: a: unsupported tag '!!str'")
        #expect(Fixture.parseError("a: !!seq [1]\nb: !!map {}\n") == nil)
    }

    @Test func taggedScalarMustMatchItsTag() {
        #expect(Fixture.parseError("a: !!int abc\n") == "config.yaml:1:4: a: invalid !!int value \"abc\"")
        #expect(Fixture.parseError("list: [!!bool yes]\n") == "config.yaml:1:8: list[0]: invalid !!bool value \"yes\"")
        #expect(Fixture.parseError("a: !!float x1\n") == "config.yaml:1:4: a: invalid !!float value \"x1\"")
        #expect(Fixture.parseError("a: !!null 0\n") == "config.yaml:1:4: a: invalid !!null value \"0\"")
    }

    // MARK: Syntax errors from libyaml

    @Test func missingColonAfterSimpleKey() {
        let text = """
        server:
          host: localhost
          port: 8080
          debug
        other: 1
        """
        #expect(Fixture.parseError(text) == "config.yaml:5:1: could not find expected ':' while scanning a simple key that started at 4:3")
    }

    @Test func missingColonOnSameLine() {
        #expect(Fixture.parseError("a: 1\nb\n") == "config.yaml:3:1: could not find expected ':' while scanning a simple key that started at 2:1")
    }

    @Test func mappingValueInPlainScalar() {
        #expect(Fixture.parseError("a: b: c\n") == "config.yaml:1:5: mapping values are not allowed in this context")
    }

    @Test func badIndentation() {
        #expect(Fixture.parseError("key: value\n  bad: indent\n") == "config.yaml:2:6: mapping values are not allowed in this context")
        #expect(Fixture.parseError("a:\n  - 1\n  b: 2\n") == "config.yaml:3:3: did not find expected '-' indicator while parsing a block collection that started at 2:3")
    }

    @Test func unclosedFlowSequencePointsAtItsStart() {
        #expect(Fixture.parseError("a: [1, 2\nb: 3\n") == "config.yaml:2:2: did not find expected ',' or ']' while parsing a flow sequence that started at 1:4")
    }

    @Test func unterminatedQuotePointsAtItsStart() {
        #expect(Fixture.parseError("a: 1\nb: 'open\n") == "config.yaml:3:1: found unexpected end of stream while scanning a quoted scalar that started at 2:4")
    }

    @Test func badEscape() {
        #expect(Fixture.parseError("a: \"\\q\"\n") == "config.yaml:1:5: found unknown escape character while parsing a quoted scalar")
    }

    @Test func reservedIndicator() {
        #expect(Fixture.parseError("a: @x\n") == "config.yaml:1:4: found character that cannot start any token while scanning for the next token")
    }

    @Test func tabIndentationGetsAHint() {
        #expect(Fixture.parseError("server:\n\tport: 1\n") == "config.yaml:2:1: found character that cannot start any token while scanning for the next token (tabs are not allowed in indentation; use spaces)")
        #expect(Fixture.parseError("a:\n  b: 1\n\tc: 2\n") == "config.yaml:3:1: found a tab character that violates indentation while scanning a plain scalar that started at 2:6")
    }

    @Test func tabAsSeparatorIsFine() throws {
        let root = try #require(try Fixture.parse("a:\t1\n"))
        #expect(root.text("a") == "1")
    }

    @Test func controlCharacterIsLocated() {
        #expect(Fixture.parseError("a: 1\nb: x\u{7}y\n") == "config.yaml:2:5: control characters are not allowed (U+0007)")
    }
}
