internal import CYaml

/// Turns YAML text into a `YNode` tree from libyaml's event stream, with hard limits.
///
/// Yams' own composer expands aliases and recurses without bound, so a billion-laughs file or
/// 5,000 nested brackets would exhaust memory or the stack. Reading libyaml events directly
/// (libyaml ships inside Yams) lets us stop at `maxDepth` levels and `maxExpandedNodes` nodes
/// before anything large is built, and report every duplicate key instead of the first.
struct YAMLComposer {
    static let maxDepth = 64
    static let maxExpandedNodes = 100_000

    /// A failure that ends composition of the file.
    struct Failure: Error { var diagnostic: Diagnostic }

    let file: String
    private let reader: YAMLEventReader
    private var anchors: [String: (node: YNode, size: Int)] = [:]
    private var expanded = 0
    private(set) var diagnostics: [Diagnostic] = []

    /// Composes the single document of `text`; nil root means the file holds no document.
    static func compose(_ text: String, file: String) -> (root: YNode?, diagnostics: [Diagnostic]) {
        let tabs = tabDiagnostics(text, file: file)
        if !tabs.isEmpty { return (nil, tabs) }
        var composer = YAMLComposer(file: file, reader: YAMLEventReader(text: text, file: file))
        do {
            let root = try composer.document()
            return (root, composer.diagnostics)
        } catch let failure as Failure {
            return (nil, composer.diagnostics + [failure.diagnostic])
        } catch {
            return (nil, [Diagnostic("YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))])
        }
    }

    /// Tabs in indentation are invalid YAML and libyaml's message for them is cryptic.
    static func tabDiagnostics(_ text: String, file: String) -> [Diagnostic] {
        var found: [Diagnostic] = []
        guard text.utf8.withContiguousStorageIfAvailable({ $0.contains(0x09) }) ?? true else { return found }
        var line = 1
        var column = 1
        var inIndentation = true
        for byte in text.utf8 {
            if byte == 0x0A {
                line += 1; column = 1; inIndentation = true
                continue
            }
            if inIndentation, byte == 0x09 {
                found.append(Diagnostic("tab character in indentation (YAML indents with spaces)",
                                        at: SourceLocation(file: file, line: line, column: column)))
                inIndentation = false
            } else if byte != 0x20 {
                inIndentation = false
            }
            if byte & 0xC0 != 0x80 { column += 1 }    // count scalars, as libyaml does
        }
        return found
    }

    private init(file: String, reader: YAMLEventReader) {
        self.file = file
        self.reader = reader
    }

    private mutating func document() throws -> YNode? {
        var event = try reader.next()               // stream start
        event = try reader.next()
        if event.type == YAML_STREAM_END_EVENT { return nil }
        let root = try node(from: try reader.next(), depth: 1).node
        _ = try reader.next()                       // document end
        let after = try reader.next()
        if after.type != YAML_STREAM_END_EVENT {
            throw Failure(diagnostic: Diagnostic("expected a single YAML document, found another", at: after.location))
        }
        return root
    }

    private mutating func node(from event: YAMLEvent, depth: Int) throws -> (node: YNode, size: Int) {
        if depth > Self.maxDepth {
            throw Failure(diagnostic: Diagnostic("nesting deeper than \(Self.maxDepth) levels", at: event.location))
        }
        expanded += 1
        try checkExpansion(at: event.location)
        switch event.type {
        case YAML_ALIAS_EVENT:
            let name = event.anchor ?? ""
            guard let target = anchors[name] else {
                throw Failure(diagnostic: Diagnostic("unknown alias '*\(name)'", at: event.location))
            }
            expanded += target.size
            try checkExpansion(at: event.location)
            var copy = target.node
            copy.location = event.location
            return (copy, target.size)
        case YAML_SCALAR_EVENT:
            let scalar = event.scalarNode ?? YNode(kind: .scalar("", plain: true), location: event.location)
            return register(scalar, size: 1, anchor: event.anchor)
        case YAML_SEQUENCE_START_EVENT:
            var items: [YNode] = []
            var size = 1
            var next = try reader.next()
            while next.type != YAML_SEQUENCE_END_EVENT {
                let child = try node(from: next, depth: depth + 1)
                items.append(child.node)
                size += child.size
                next = try reader.next()
            }
            return register(YNode(kind: .sequence(items), location: event.location), size: size, anchor: event.anchor)
        case YAML_MAPPING_START_EVENT:
            return try mapping(from: event, depth: depth)
        default:
            throw Failure(diagnostic: Diagnostic("unexpected YAML event", at: event.location))
        }
    }

    private mutating func mapping(from start: YAMLEvent, depth: Int) throws -> (node: YNode, size: Int) {
        var pairs: [YPair] = []
        var merged: [YPair] = []
        var index: [String: Int]?
        var size = 1
        var next = try reader.next()
        while next.type != YAML_MAPPING_END_EVENT {
            let key = try node(from: next, depth: depth + 1)
            let value = try node(from: try reader.next(), depth: depth + 1)
            size += key.size + value.size
            next = try reader.next()
            guard case .scalar(let name, let plain) = key.node.kind else {
                diagnostics.append(Diagnostic("mapping keys must be plain names, found \(key.node.typeName)",
                                              at: key.node.location))
                continue
            }
            if plain, name == "<<" {
                merged += mergeSources(value.node)
                continue
            }
            if let first = Self.find(name, in: pairs, index: &index) {
                diagnostics.append(Diagnostic("duplicate key '\(name)' (first defined at line \(first.keyNode.location.line))",
                                              at: key.node.location))
                continue
            }
            pairs.append(YPair(key: name, keyNode: key.node, value: value.node))
        }
        for pair in merged where Self.find(pair.key, in: pairs, index: &index) == nil {
            pairs.append(pair)
        }
        return register(YNode(kind: .mapping(pairs), location: start.location), size: size, anchor: start.anchor)
    }

    /// The pair already holding `key`, if any.
    ///
    /// Pipeline mappings are small, and a linear scan is cheaper than hashing every key; past
    /// 32 keys an index keeps a hostile 50,000-key mapping linear.
    private static func find(_ key: String, in pairs: [YPair], index: inout [String: Int]?) -> YPair? {
        guard pairs.count > 32 else { return pairs.first(where: { $0.key == key }) }
        var built = index ?? [:]
        index = nil    // leaves `built` the only owner, so it grows in place
        for position in built.count..<pairs.count where built[pairs[position].key] == nil {
            built[pairs[position].key] = position
        }
        index = built
        return built[key].map { pairs[$0] }
    }

    /// The pairs a `<<` merge key brings in: one mapping or a list of them.
    private mutating func mergeSources(_ value: YNode) -> [YPair] {
        if let pairs = value.pairs { return pairs }
        if let items = value.items, items.allSatisfy({ $0.pairs != nil }) { return items.flatMap { $0.pairs ?? [] } }
        diagnostics.append(Diagnostic("a '<<' merge key needs a mapping or a list of mappings", at: value.location))
        return []
    }

    private mutating func register(_ node: YNode, size: Int, anchor: String?) -> (node: YNode, size: Int) {
        if let anchor { anchors[anchor] = (node, size) }
        return (node, size)
    }

    private func checkExpansion(at location: SourceLocation) throws {
        if expanded > Self.maxExpandedNodes {
            throw Failure(diagnostic: Diagnostic(
                "document expands to more than \(Self.maxExpandedNodes) nodes through aliases; refusing to load it",
                at: location))
        }
    }
}
