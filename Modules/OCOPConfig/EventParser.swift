import CYAML

/// Drives libyaml's event parser over a byte buffer and feeds a `TreeBuilder`.
///
/// The event API is used rather than `yaml_parser_load` because the loader
/// replaces a missing tag with `!!str`, so `port: !!str 8080` and
/// `port: 8080` would look the same; events keep "no tag" distinct and let
/// us expand aliases under our own size limit.
enum EventParser {
    static func parse(_ bytes: [UInt8], file: String) throws(ConfigError) -> YAMLNode? {
        if bytes.count > YAML.maxInputBytes {
            throw ConfigError(
                location: SourceLocation(file: file, line: 0, column: 0),
                message: "file too large (\(bytes.count) bytes; limit \(YAML.maxInputBytes) bytes)"
            )
        }
        if bytes.isEmpty { return nil }
        let result = bytes.withUnsafeBufferPointer { buffer in
            run(buffer, file: file)
        }
        return try result.get()
    }

    private static func run(_ input: UnsafeBufferPointer<UInt8>, file: String) -> Result<YAMLNode?, ConfigError> {
        // libyaml keeps a pointer to the parser inside itself, so it must not move.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            return .failure(ConfigError(location: SourceLocation(file: file, line: 0, column: 0), message: "cannot start YAML parser (out of memory)"))
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, input.baseAddress, input.count)

        var builder = TreeBuilder(file: file)
        var documents = 0
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) != 0 else {
                return .failure(LibYAMLError.make(parser.pointee, input: input, file: file))
            }
            defer { yaml_event_delete(&event) }
            let location = SourceLocation(file: file, mark: event.start_mark)
            do throws(ConfigError) {
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return .success(documentRoot(builder.root))
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 {
                        return .failure(ConfigError(location: location, message: "a second YAML document starts here; a config file must hold exactly one document"))
                    }
                case YAML_SCALAR_EVENT:
                    let data = event.data.scalar
                    let scalar = YAMLScalar(
                        value: string(data.value, length: data.length),
                        style: style(data.style),
                        tag: optionalString(data.tag),
                        location: location
                    )
                    try builder.scalar(scalar, anchor: optionalString(data.anchor))
                case YAML_SEQUENCE_START_EVENT:
                    let data = event.data.sequence_start
                    try builder.startSequence(at: location, anchor: optionalString(data.anchor), tag: optionalString(data.tag))
                case YAML_MAPPING_START_EVENT:
                    let data = event.data.mapping_start
                    try builder.startMapping(at: location, anchor: optionalString(data.anchor), tag: optionalString(data.tag))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    try builder.endCollection()
                case YAML_ALIAS_EVENT:
                    try builder.alias(optionalString(event.data.alias.anchor) ?? "", at: location)
                default:
                    break
                }
            } catch {
                return .failure(error)
            }
        }
    }

    /// An empty document (`---` alone) counts as no document.
    private static func documentRoot(_ root: YAMLNode?) -> YAMLNode? {
        if case .scalar(let scalar) = root, scalar.value.isEmpty, scalar.style == .plain, scalar.tag == nil {
            return nil
        }
        return root
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE: .quoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private static func optionalString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

extension SourceLocation {
    /// Converts libyaml's 0-based mark.
    init(file: String, mark: yaml_mark_t) {
        self.init(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}
