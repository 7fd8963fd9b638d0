internal import CYaml

/// Owns a libyaml parser over a private copy of the input.
///
/// The parser keeps a pointer into its input, so the bytes live as long as the reader does;
/// both are freed in `deinit`.
final class YAMLEventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let file: String

    init(text: String, file: String) {
        self.file = file
        let utf8 = Array(text.utf8)
        bytes = .allocate(capacity: max(utf8.count, 1))
        _ = bytes.initialize(from: utf8)
        parser = .allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, bytes.baseAddress, utf8.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        bytes.deallocate()
    }

    /// The next event, or a `Failure` carrying libyaml's own message and line.
    func next() throws -> YAMLEvent {
        var raw = yaml_event_t()
        guard yaml_parser_parse(parser, &raw) == 1 else { throw failure() }
        // Copy what composing needs into a value and free the C event at once: one heap object
        // per event was a large share of validation time.
        defer { yaml_event_delete(&raw) }
        return YAMLEvent(raw, file: file)
    }

    private func failure() -> YAMLComposer.Failure {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown problem"
        var location = SourceLocation(file: file, line: Int(state.problem_mark.line) + 1,
                                      column: Int(state.problem_mark.column) + 1)
        var message = "YAML syntax: \(problem)"
        if problem.contains("nesting level") {
            // libyaml's own limit, hit before ours on flow collections; its text names a C function.
            message = "nesting deeper than \(YAMLComposer.maxDepth) levels"
        }
        if state.error == YAML_READER_ERROR {
            location = locationOf(byteOffset: Int(state.problem_offset))
            message = "not a text file: \(problem)"
        } else if let context = state.context, !problem.contains("nesting level") {
            message += " (\(String(cString: context)) at line \(state.context_mark.line + 1))"
        }
        return YAMLComposer.Failure(diagnostic: Diagnostic(message, at: location))
    }

    private func locationOf(byteOffset: Int) -> SourceLocation {
        var line = 1, column = 1
        for byte in bytes.prefix(min(byteOffset, bytes.count)) {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}

/// What composing needs of one libyaml event, copied out so the C event can be freed at once.
struct YAMLEvent {
    let type: yaml_event_type_t
    let location: SourceLocation
    let anchor: String?
    /// The node of a scalar event; nil for other events.
    let scalarNode: YNode?

    init(_ event: yaml_event_t, file: String) {
        type = event.type
        location = SourceLocation(file: file, line: Int(event.start_mark.line) + 1,
                                  column: Int(event.start_mark.column) + 1)
        let pointer: UnsafeMutablePointer<yaml_char_t>?
        switch event.type {
        case YAML_ALIAS_EVENT: pointer = event.data.alias.anchor
        case YAML_SCALAR_EVENT: pointer = event.data.scalar.anchor
        case YAML_SEQUENCE_START_EVENT: pointer = event.data.sequence_start.anchor
        case YAML_MAPPING_START_EVENT: pointer = event.data.mapping_start.anchor
        default: pointer = nil
        }
        anchor = pointer.map { String(cString: UnsafePointer($0)) }
        guard event.type == YAML_SCALAR_EVENT else {
            scalarNode = nil
            return
        }
        let scalar = event.data.scalar
        let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
        let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE && scalar.tag == nil
        let quoted = scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE || scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
        let block = scalar.style == YAML_LITERAL_SCALAR_STYLE || scalar.style == YAML_FOLDED_SCALAR_STYLE
        scalarNode = YNode(kind: .scalar(text, plain: plain), location: location, contentOffset: quoted ? 1 : 0,
                           multiline: block || event.end_mark.line != event.start_mark.line)
    }
}
