/// A string with `${…}` references, parsed once at validation time.
///
/// `$${` writes a literal `${`, so shell parameter expansion (`$${HOME}`) stays possible in
/// `run:` commands without being mistaken for a Gantry reference.
public struct Template: Sendable, Hashable, CustomStringConvertible {
    /// One piece of a template.
    public enum Segment: Sendable, Hashable {
        case literal(String)
        /// `raw` is true for `${raw:vars.NAME}`: inserted without shell quoting.
        case reference(Reference, raw: Bool)
    }

    /// The text as written in the pipeline file.
    public var source: String
    public var segments: [Segment]
    public var location: SourceLocation

    /// The text as written.
    public var description: String { source }

    /// Every reference, in order of appearance.
    public var references: [Reference] {
        segments.compactMap { if case .reference(let reference, _) = $0 { reference } else { nil } }
    }

    /// Parses `source`; the diagnostics name each bad reference at its own column when the
    /// text sits on one line of the file.
    ///
    /// - Parameters:
    ///   - source: The text with `${…}` references.
    ///   - location: Where the text starts; used for error positions.
    ///   - position: Maps a character offset in `source` to a file position.
    ///   - check: Returns a message for a reference that names nothing declared (a var, a secret).
    static func parse(_ source: String, at location: SourceLocation, position: (Int) -> SourceLocation,
                      check: (Reference) -> String? = { _ in nil }) -> (template: Template, diagnostics: [Diagnostic]) {
        var segments: [Segment] = []
        var diagnostics: [Diagnostic] = []
        var literal = ""
        let bytes = source.utf8
        var literalStart = bytes.startIndex
        var index = bytes.startIndex
        var column = 0    // in Unicode scalars, as libyaml counts columns
        let dollar = UInt8(ascii: "$"), open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        func byte(after position: String.Index, by distance: Int) -> UInt8? {
            bytes.index(position, offsetBy: distance, limitedBy: bytes.endIndex).flatMap { $0 < bytes.endIndex ? bytes[$0] : nil }
        }
        while index < bytes.endIndex {
            guard bytes[index] == dollar else {
                if bytes[index] & 0xC0 != 0x80 { column += 1 }
                index = bytes.index(after: index)
                continue
            }
            if byte(after: index, by: 1) == dollar, byte(after: index, by: 2) == open {
                literal += source[literalStart..<index] + "${"
                index = bytes.index(index, offsetBy: 3)
                literalStart = index
                column += 3
                continue
            }
            guard byte(after: index, by: 1) == open else {
                column += 1
                index = bytes.index(after: index)
                continue
            }
            let bodyStart = bytes.index(index, offsetBy: 2)
            guard let end = bytes[bodyStart...].firstIndex(of: close) else {
                diagnostics.append(Diagnostic("unclosed '${' (write '$${' for a literal '${')", at: position(column)))
                break
            }
            literal += source[literalStart..<index]
            var body = source[bodyStart..<end].drop(while: { $0 == " " })
            while body.last == " " { body = body.dropLast() }
            switch parseReference(String(body)) {
            case .success(let reference, let raw):
                if let problem = check(reference) { diagnostics.append(Diagnostic(problem, at: position(column))) }
                if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
                segments.append(.reference(reference, raw: raw))
            case .failure(let message):
                diagnostics.append(Diagnostic(message, at: position(column)))
            }
            column += source[index...end].unicodeScalars.count
            index = bytes.index(after: end)
            literalStart = index
        }
        if literalStart < bytes.endIndex { literal += source[literalStart...] }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return (Template(source: source, segments: segments, location: location), diagnostics)
    }

    /// A template without references, for defaults and tests.
    public init(literal text: String, location: SourceLocation) {
        self.init(source: text, segments: text.isEmpty ? [] : [.literal(text)], location: location)
    }

    init(source: String, segments: [Segment], location: SourceLocation) {
        self.source = source
        self.segments = segments
        self.location = location
    }

    private enum ParsedReference {
        case success(Reference, raw: Bool)
        case failure(String)
    }

    private static func parseReference(_ body: String) -> ParsedReference {
        var spelling = Substring(body)
        let raw = spelling.hasPrefix("raw:")
        if raw { spelling = spelling.dropFirst(4) }
        guard let reference = Reference(spelling: String(spelling)) else {
            let hint = Suggestion.closest(to: String(spelling), among: Reference.spellings)
                .map { " (did you mean '\($0)'?)" } ?? " (known: \(Reference.spellings.joined(separator: ", ")))"
            return .failure("unknown reference '${\(body)}'" + hint)
        }
        if raw, case .variable = reference { return .success(reference, raw: true) }
        if raw { return .failure("'raw:' applies only to vars.NAME, not '\(spelling)'") }
        return .success(reference, raw: false)
    }
}
