import CYAML

/// Turns libyaml's error state into a located `ConfigError`.
///
/// Scanner and parser errors carry a mark; reader errors (bad UTF-8,
/// control characters) only carry a byte offset, so their line and column
/// are computed from the input.
enum LibYAMLError {
    static func make(_ parser: yaml_parser_t, input: UnsafeBufferPointer<UInt8>, file: String) -> ConfigError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return ConfigError(location: SourceLocation(file: file, line: 0, column: 0), message: "out of memory while parsing YAML")
        case YAML_READER_ERROR:
            var offset = min(Int(parser.problem_offset), input.count)
            if problem.contains("trailing") {
                // libyaml points at the bad continuation byte; show the
                // character it was meant to continue.
                while offset > 0, input[offset - 1] & 0xC0 == 0x80 { offset -= 1 }
                if offset > 0, input[offset - 1] >= 0xC0 { offset -= 1 }
            }
            var message = problem
            if parser.problem_value != -1 {
                let value = Int(parser.problem_value)
                message += problem.contains("octet")
                    ? " (byte 0x\(hex(value, width: 2)))"
                    : " (U+\(hex(value, width: 4)))"
            }
            return ConfigError(location: location(ofByte: offset, in: input, file: file), message: message)
        default:
            var message = problem
            let mark = parser.problem_mark
            if let context = parser.context {
                message += " " + String(cString: context)
                // An unclosed quote or bracket is found far from where it
                // opened; point at the opening too.
                let start = parser.context_mark
                if start.line != mark.line {
                    message += " that started at \(start.line + 1):\(start.column + 1)"
                }
            }
            if !problem.contains("tab"), isTab(line: Int(mark.line), column: Int(mark.column), in: input) {
                message += " (tabs are not allowed in indentation; use spaces)"
            }
            return ConfigError(location: SourceLocation(file: file, mark: mark), message: message)
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func location(ofByte offset: Int, in input: UnsafeBufferPointer<UInt8>, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        for byte in input[0..<offset] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Whether the character at a 0-based line and column is a tab.
    private static func isTab(line: Int, column: Int, in input: UnsafeBufferPointer<UInt8>) -> Bool {
        var currentLine = 0
        var index = 0
        while currentLine < line, index < input.count {
            if input[index] == UInt8(ascii: "\n") { currentLine += 1 }
            index += 1
        }
        var currentColumn = 0
        while currentColumn < column, index < input.count, input[index] != UInt8(ascii: "\n") {
            index += 1
            while index < input.count, input[index] & 0xC0 == 0x80 { index += 1 }
            currentColumn += 1
        }
        return index < input.count && input[index] == UInt8(ascii: "\t")
    }

    private static func hex(_ value: Int, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
