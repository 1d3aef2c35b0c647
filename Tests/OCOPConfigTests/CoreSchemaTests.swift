import Testing
@testable import OCOPConfig

/// YAML 1.2 core schema resolution of untagged plain scalars, and the
/// rule that quoted and block scalars are always strings.
@Suite struct CoreSchemaTests {
    static let nulls = ["~", "null", "Null", "NULL", ""]
    static let bools = ["true", "True", "TRUE", "false", "False", "FALSE"]
    static let ints = ["0", "42", "-17", "+8", "007", "0o17", "0x1F", "0xff", "9223372036854775808"]
    static let floats = ["1.5", "-0.5", "+.5", ".5", "1.", "1e3", "1E-3", "-2.5e+10", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", ".NAN"]
    static let strings = [
        "yes", "no", "on", "off", "y", "n", "nil", "NuLL", "tRue", "0b101", "1_000", "0x", "0o8", "0xG",
        "-0x1F", "+0o7", "1.2.3", "e3", ".", "+", "1e", "inf", "nan", ".infinity", "12:30", "0.0.0.0", "abc", "-a",
    ]

    @Test(arguments: nulls) func nullForms(_ text: String) throws {
        let value = try #require(try Fixture.parse("v: \(text)\n")?["v"]?.scalar)
        #expect(value.kind == .null)
    }

    @Test(arguments: bools) func boolForms(_ text: String) throws {
        let value = try #require(try Fixture.parse("v: \(text)\n")?["v"]?.scalar)
        #expect(value.kind == .bool)
        #expect(value.boolValue == text.lowercased().hasPrefix("t"))
    }

    @Test(arguments: ints) func intForms(_ text: String) throws {
        #expect(try Fixture.parse("v: \(text)\n")?["v"]?.scalar?.kind == .int)
    }

    @Test(arguments: floats) func floatForms(_ text: String) throws {
        #expect(try Fixture.parse("v: \(text)\n")?["v"]?.scalar?.kind == .float)
    }

    @Test(arguments: strings) func everythingElseIsAString(_ text: String) throws {
        #expect(try Fixture.parse("v: \(text)\n")?["v"]?.scalar?.kind == .string)
    }

    @Test(arguments: ["'true'", "\"42\"", "'~'", "\"1.5\"", "''"]) func quotedScalarsAreStrings(_ text: String) throws {
        #expect(try Fixture.parse("v: \(text)\n")?["v"]?.scalar?.kind == .string)
    }

    @Test func blockScalarsAreStrings() throws {
        let root = try #require(try Fixture.parse("a: |\n  42\nb: >\n  true\n"))
        #expect(root["a"]?.scalar?.kind == .string)
        #expect(root["b"]?.scalar?.kind == .string)
    }

    @Test func explicitTagsOverrideResolution() throws {
        let root = try #require(try Fixture.parse("""
        s: !!str 42
        i: !!int '42'
        f: !!float 1
        b: !!bool "true"
        n: !!null ''
        """))
        #expect(root["s"]?.scalar?.kind == .string)
        #expect(root["i"]?.scalar?.kind == .int)
        #expect(root["f"]?.scalar?.kind == .float)
        #expect(root["b"]?.scalar?.kind == .bool)
        #expect(root["n"]?.scalar?.kind == .null)
    }

    @Test func integerReadingSeparatesOverflowFromBadText() {
        guard case .value(let hex) = CoreSchema.integer("0xFF", as: UInt8.self) else {
            Issue.record("0xFF should fit UInt8")
            return
        }
        #expect(hex == 255)
        guard case .value(let octal) = CoreSchema.integer("0o17", as: Int.self) else {
            Issue.record("0o17 should read as 15")
            return
        }
        #expect(octal == 15)
        guard case .outOfRange = CoreSchema.integer("256", as: UInt8.self) else {
            Issue.record("256 overflows UInt8")
            return
        }
        guard case .outOfRange = CoreSchema.integer("-1", as: UInt.self) else {
            Issue.record("-1 is out of range for UInt")
            return
        }
        guard case .invalid = CoreSchema.integer("1.5", as: Int.self) else {
            Issue.record("1.5 is not an integer")
            return
        }
    }

    @Test func doubleReading() {
        #expect(CoreSchema.double("0x10") == 16)
        #expect(CoreSchema.double("-.inf") == -.infinity)
        #expect(CoreSchema.double(".nan")?.isNaN == true)
        #expect(CoreSchema.double("1e400") == nil)
        #expect(CoreSchema.double("2.5e-1") == 0.25)
    }
}
