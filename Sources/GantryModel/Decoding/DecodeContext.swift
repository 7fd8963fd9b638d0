import Foundation

/// Typed reads from `YNode`s that record a diagnostic instead of stopping at the first problem.
///
/// Each reader returns nil when the value is unusable and has already said why, so decoding
/// carries on and a file's every error is reported in one run.
final class DecodeContext {
    private(set) var diagnostics: [Diagnostic] = []
    /// Every file read while decoding (file templates), in reading order.
    private(set) var filesRead: [SourceFile] = []
    /// Checks a reference by name (unknown var, secret …); returns a message when it is wrong.
    var referenceCheck: (Reference) -> String? = { _ in nil }

    func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(message, at: location))
    }

    func append(_ more: [Diagnostic]) { diagnostics += more }

    /// Records what decoding read (nil contents: the file could not be read), so a cache built
    /// on this pipeline knows what it depends on.
    func noteRead(_ path: String, contents: Data?) {
        if !filesRead.contains(where: { $0.path == path }) { filesRead.append(SourceFile(path: path, contents: contents)) }
    }

    /// The pairs of a mapping whose keys are all in `keys`; unknown keys are reported at the key.
    ///
    /// - Parameters:
    ///   - what: Where the mapping sits, for messages ("environment 'production'"); nil at the top.
    func mapping(_ node: YNode, keys: [String], in what: String?, name: String) -> NodeMap? {
        guard let pairs = node.pairs else {
            typeError(node, expected: "a mapping", for: name)
            return nil
        }
        var known = NodeMap()
        for pair in pairs {
            if keys.contains(pair.key) {
                known.entries.append((pair.key, pair.value))
            } else {
                let place = what.map { " in \($0)" } ?? ""
                error("unknown key '\(pair.key)'\(place)" + Suggestion.hint(for: pair.key, among: keys, listing: "keys"),
                      at: pair.keyNode.location)
            }
        }
        return known
    }

    func typeError(_ node: YNode, expected: String, for name: String) {
        error("'\(name)' must be \(expected), found \(node.typeName)", at: node.location)
    }

    /// Any non-null scalar, as written.
    func string(_ node: YNode?, _ name: String) -> String? {
        guard let node else { return nil }
        guard let text = node.scalar, !node.isNull else {
            typeError(node, expected: "a string", for: name)
            return nil
        }
        return text
    }

    /// A plain integer scalar (a quoted "22" is a string, and refused).
    func int(_ node: YNode?, _ name: String) -> Int? {
        guard let node else { return nil }
        guard case .scalar(let text, true) = node.kind, let value = Int(text) else {
            typeError(node, expected: "a number", for: name)
            return nil
        }
        return value
    }

    /// A plain number, whole or with a fraction (`1`, `1.5`).
    func number(_ node: YNode?, _ name: String) -> Double? {
        guard let node else { return nil }
        guard case .scalar(let text, true) = node.kind, let value = Double(text), value.isFinite else {
            typeError(node, expected: "a number", for: name)
            return nil
        }
        return value
    }

    /// A duration no longer than `limit` seconds and above zero; an error names the limit.
    func boundedDuration(_ node: YNode?, _ name: String, limit: Double = Limits.longestTimeout) -> Double? {
        guard let seconds = duration(node, name), let node else { return nil }
        guard seconds > 0, seconds <= limit else {
            error("'\(name)' must be above 0 and at most \(DurationText.describe(limit)), found \(DurationText.describe(seconds))",
                  at: node.location)
            return nil
        }
        return seconds
    }

    /// A plain `true` or `false`.
    func bool(_ node: YNode?, _ name: String) -> Bool? {
        guard let node else { return nil }
        guard case .scalar(let text, true) = node.kind, text == "true" || text == "false" else {
            typeError(node, expected: "true or false", for: name)
            return nil
        }
        return text == "true"
    }

    /// A list of scalars, each with its node (for positions).
    func stringList(_ node: YNode?, _ name: String, allowSingle: Bool = false) -> [(String, YNode)]? {
        guard let node else { return nil }
        if allowSingle, let text = node.scalar, !node.isNull { return [(text, node)] }
        guard let items = node.items else {
            typeError(node, expected: allowSingle ? "a string or a list of strings" : "a list", for: name)
            return nil
        }
        var result: [(String, YNode)] = []
        for item in items {
            if let text = string(item, "\(name) entry") { result.append((text, item)) }
        }
        return result
    }

    /// A duration such as `500ms`, `30s`, `10m`, `24h`, `7d`, in seconds.
    func duration(_ node: YNode?, _ name: String) -> Double? {
        guard let text = string(node, name), let node else { return nil }
        guard let seconds = DurationText.seconds(text) else {
            error("bad duration '\(text)' for '\(name)' (use a whole number and a unit: 500ms, 30s, 10m, 24h, 7d)",
                  at: node.location)
            return nil
        }
        return seconds
    }

    /// A string with `${…}` references, parsed and checked.
    func template(_ node: YNode?, _ name: String) -> Template? {
        guard let text = string(node, name), let node else { return nil }
        return template(text, at: node.location) { node.location(atOffset: $0) }
    }

    /// Parses `text` as a template; `position` maps a character offset to its file position.
    func template(_ text: String, at location: SourceLocation, position: (Int) -> SourceLocation) -> Template {
        let parsed = Template.parse(text, at: location, position: position, check: referenceCheck)
        diagnostics += parsed.diagnostics
        return parsed.template
    }
}

/// The known keys of a mapping with their values.
///
/// Pipeline mappings hold a handful of keys, so a linear scan beats hashing every key of
/// thousands of small mappings.
struct NodeMap {
    var entries: [(key: String, value: YNode)] = []

    subscript(key: String) -> YNode? {
        entries.first(where: { $0.key == key })?.value
    }
}
