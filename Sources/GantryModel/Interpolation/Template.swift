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
        // Unicode scalars, because libyaml counts columns in scalars; offsets below are columns.
        let scalars = Array(source.unicodeScalars)
        var literal = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let isDollar = scalars[index] == "$"
            if isDollar, index + 2 < scalars.count, scalars[index + 1] == "$", scalars[index + 2] == "{" {
                literal.append(contentsOf: "${".unicodeScalars)
                index += 3
                continue
            }
            guard isDollar, index + 1 < scalars.count, scalars[index + 1] == "{" else {
                literal.append(scalars[index])
                index += 1
                continue
            }
            guard let close = scalars[(index + 2)...].firstIndex(of: "}") else {
                diagnostics.append(Diagnostic("unclosed '${' (write '$${' for a literal '${')", at: position(index)))
                break
            }
            var body = scalars[(index + 2)..<close]
            while body.first == " " { body = body.dropFirst() }
            while body.last == " " { body = body.dropLast() }
            switch parseReference(String(String.UnicodeScalarView(body))) {
            case .success(let reference, let raw):
                if let problem = check(reference) { diagnostics.append(Diagnostic(problem, at: position(index))) }
                if !literal.isEmpty { segments.append(.literal(String(literal))); literal = String.UnicodeScalarView() }
                segments.append(.reference(reference, raw: raw))
            case .failure(let message):
                diagnostics.append(Diagnostic(message, at: position(index)))
            }
            index = close + 1
        }
        if !literal.isEmpty { segments.append(.literal(String(literal))) }
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
