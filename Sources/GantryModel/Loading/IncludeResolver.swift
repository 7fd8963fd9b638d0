import Foundation

/// Reads a pipeline file and the files it includes, and merges them into one tree.
///
/// Merging happens on nodes, before decoding, so every value keeps the file and line it came
/// from and an error inside an included template points into that template.
struct IncludeResolver {
    static let maxIncludeDepth = 8

    private(set) var diagnostics: [Diagnostic] = []
    /// Every file read from disk (the pipeline file and its includes), in reading order.
    private(set) var filesRead: [SourceFile] = []

    /// The merged tree of `file` (display path) and everything it includes.
    mutating func load(_ file: String) -> YNode? {
        load(file, text: nil, stack: [], from: nil)
    }

    /// The merged tree of `text`, shown as `file`; its includes are read from disk.
    mutating func load(text: String, file: String) -> YNode? {
        load(file, text: text, stack: [], from: nil)
    }

    private mutating func load(_ file: String, text: String?, stack: [String], from includeNode: YNode?) -> YNode? {
        guard let root = compose(file, text: text, includedAt: includeNode) else { return nil }
        guard let pairs = root.pairs else {
            diagnostics.append(Diagnostic("a pipeline file must be a mapping of keys (version, environments, steps …), found \(root.typeName)",
                                          at: root.location))
            return nil
        }
        guard let includeValue = root["include"] else { return root }
        var includes: [YNode] = []
        if includeValue.scalar != nil, !includeValue.isNull {
            includes = [includeValue]
        } else if let items = includeValue.items {
            includes = items
        } else {
            diagnostics.append(Diagnostic("'include' must be a path or a list of paths, found \(includeValue.typeName)",
                                          at: includeValue.location))
        }
        var merged: YNode?
        for item in includes {
            guard let relative = item.scalar, !item.isNull else {
                diagnostics.append(Diagnostic("'include' entry must be a path, found \(item.typeName)", at: item.location))
                continue
            }
            let path = PathText.join(PathText.parent(file), relative)
            if stack.contains(path) || path == file {
                diagnostics.append(Diagnostic("include cycle: '\(path)' includes itself", at: item.location))
                continue
            }
            if stack.count >= Self.maxIncludeDepth {
                diagnostics.append(Diagnostic("includes nested deeper than \(Self.maxIncludeDepth) files", at: item.location))
                continue
            }
            guard let included = load(path, text: nil, stack: stack + [file], from: item) else { continue }
            merged = merged.map { Self.merge($0, over: included) } ?? included
        }
        let own = YNode(kind: .mapping(pairs.filter { $0.key != "include" }), location: root.location)
        return merged.map { Self.merge($0, over: own) } ?? own
    }

    private mutating func compose(_ file: String, text given: String?, includedAt includeNode: YNode?) -> YNode? {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if let given { return compose(given, file: file) }
        let data = FileManager.default.contents(atPath: file)
        if !filesRead.contains(where: { $0.path == file }) { filesRead.append(SourceFile(path: file, contents: data)) }
        guard let data else {
            if let includeNode {
                diagnostics.append(Diagnostic("included file '\(includeNode.scalar ?? file)' not found (looked for \(file))",
                                              at: includeNode.location))
            } else {
                diagnostics.append(Diagnostic("cannot read file", at: start))
            }
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.append(Diagnostic("not a text file (invalid UTF-8)", at: start))
            return nil
        }
        return compose(text, file: file)
    }

    private mutating func compose(_ text: String, file: String) -> YNode? {
        let start = SourceLocation(file: file, line: 1, column: 1)
        let composed = YAMLComposer.compose(text, file: file)
        diagnostics += composed.diagnostics
        if composed.root == nil, composed.diagnostics.isEmpty {
            diagnostics.append(Diagnostic("file is empty (a pipeline starts with 'version: 1')", at: start))
        }
        return composed.root
    }

    /// `over` deep-merged onto `base`: mappings merge key by key, anything else is replaced.
    static func merge(_ base: YNode, over: YNode) -> YNode {
        guard let basePairs = base.pairs, let overPairs = over.pairs else { return over }
        var result = basePairs
        for pair in overPairs {
            if let index = result.firstIndex(where: { $0.key == pair.key }) {
                result[index] = YPair(key: pair.key, keyNode: pair.keyNode, value: merge(result[index].value, over: pair.value))
            } else {
                result.append(pair)
            }
        }
        return YNode(kind: .mapping(result), location: over.location)
    }
}
