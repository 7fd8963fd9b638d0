/// A YAML node with its source position, composed by `YAMLComposer`.
///
/// Gantry builds its own small tree instead of Yams' `Node` so that depth and alias expansion
/// are bounded while composing, duplicate keys are all reported, and every scalar keeps whether
/// it was quoted (a quoted `"22"` is a string, a plain `22` an integer).
struct YNode: Sendable {
    enum Kind: Sendable {
        case scalar(String, plain: Bool)
        case mapping([YPair])
        case sequence([YNode])
    }

    var kind: Kind
    var location: SourceLocation
    /// Columns between the node's mark and its first character of content (the opening quote).
    var contentOffset: Int = 0
    /// True when the scalar spans several lines, so columns inside it cannot be computed.
    var multiline: Bool = false

    /// A short noun for type errors: "a string", "a mapping", "a list".
    var typeName: String {
        switch kind {
        case .scalar(let text, let plain):
            if plain, text.isEmpty || text == "~" || text == "null" { return "nothing (null)" }
            if plain, Int(text) != nil { return "a number" }
            if plain, ["true", "false"].contains(text) { return "a boolean" }
            return "a string"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    var scalar: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    var pairs: [YPair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    var items: [YNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    var isNull: Bool {
        if case .scalar(let text, let plain) = kind { return plain && (text.isEmpty || text == "~" || text == "null") }
        return false
    }

    /// The location of the character at `offset` inside a scalar's text, when computable.
    func location(atOffset offset: Int) -> SourceLocation {
        multiline ? location : location.shifted(by: contentOffset + offset)
    }

    /// The value under `key` in a mapping.
    subscript(key: String) -> YNode? {
        pairs?.last(where: { $0.key == key })?.value
    }
}

/// One `key: value` entry of a mapping; keys are always scalars.
struct YPair: Sendable {
    var key: String
    var keyNode: YNode
    var value: YNode
}
