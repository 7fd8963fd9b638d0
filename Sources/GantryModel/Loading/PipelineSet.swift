import Foundation

/// Every pipeline of a `pipelines/` directory, each validated on its own.
///
/// A broken file blocks only the commands that need that pipeline: the set keeps each file's
/// findings beside its (possibly absent) pipeline instead of failing as a whole.
public struct PipelineSet: Sendable {
    /// One `pipelines/*.yml` file.
    public struct Entry: Sendable {
        /// `name:` from the file, or its stem.
        public var name: String
        /// The file's path as shown to users.
        public var file: String
        /// The pipeline, when the file validated.
        public var pipeline: Pipeline?
        /// Every finding, sorted by position; empty when the file validated.
        public var diagnostics: [Diagnostic]
        /// Every file read to build this entry, with the bytes read: the pipeline file, its
        /// includes and its file templates (relative paths are relative to the current folder).
        /// Anything derived from the pipeline stays true while these files hold these bytes.
        public var inputs: [SourceFile] = []
    }

    /// The directory as given (normalised), e.g. `pipelines`.
    public var directory: String
    /// Entries sorted by file name.
    public var entries: [Entry]

    /// All findings of all files.
    public var diagnostics: [Diagnostic] { entries.flatMap(\.diagnostics) }

    /// Pipeline names in file order.
    public var names: [String] { entries.map(\.name) }

    /// Reads and validates every `*.yml` directly in `directory`.
    ///
    /// - Parameter directory: The pipelines folder; its parent is the project root that template
    ///   and repository paths are relative to.
    public static func load(directory: String = "pipelines") throws(GantryModelError) -> PipelineSet {
        let folder = PathText.normalize(directory)
        let listing: [String]
        do {
            listing = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw .unreadableDirectory(path: folder, reason: (error as NSError).localizedDescription)
        }
        let files = listing.filter(isPipelineFileName).sorted().map { PathText.join(folder, $0) }
        let root = PathText.parent(folder)
        var entries = [Entry?](repeating: nil, count: files.count)
        entries.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            // Files are independent; validating them in parallel keeps `validate` fast on big repos.
            DispatchQueue.concurrentPerform(iterations: files.count) { index in
                slots[index] = loadFile(files[index], projectRoot: root)
            }
        }
        var set = PipelineSet(directory: folder, entries: entries.compactMap { $0 })
        set.reportDuplicateNames()
        return set
    }

    /// Whether a name in the pipelines folder is a pipeline file: `*.yml`, not hidden.
    public static func isPipelineFileName(_ name: String) -> Bool {
        name.hasSuffix(".yml") && !name.hasPrefix(".")
    }

    /// Reads and validates one pipeline file.
    ///
    /// - Parameters:
    ///   - file: The file's path as it should appear in messages.
    ///   - projectRoot: The folder template and repository paths are relative to.
    public static func loadFile(_ file: String, projectRoot: String) -> Entry {
        var resolver = IncludeResolver()
        return decode(resolver.load(file), resolver: resolver, file: file, projectRoot: projectRoot)
    }

    /// Validates pipeline text that is not in a file (tests, generated pipelines).
    ///
    /// - Parameters:
    ///   - text: The YAML.
    ///   - file: The path messages show and includes are relative to.
    ///   - projectRoot: The folder template and repository paths are relative to.
    public static func loadText(_ text: String, file: String = "pipelines/pipeline.yml",
                                projectRoot: String = ".") -> Entry {
        var resolver = IncludeResolver()
        return decode(resolver.load(text: text, file: file), resolver: resolver, file: file, projectRoot: projectRoot)
    }

    private static func decode(_ root: YNode?, resolver: IncludeResolver, file: String, projectRoot: String) -> Entry {
        let stem = PathText.stem(file)
        guard let root else {
            return Entry(name: stem, file: file, pipeline: nil, diagnostics: resolver.diagnostics,
                         inputs: resolver.filesRead)
        }
        let decoder = PipelineDecoder(root: root, file: file, projectRoot: projectRoot, defaultName: stem)
        let decoded = decoder.decode()
        let diagnostics = (resolver.diagnostics + decoded.diagnostics).sorted {
            ($0.location.file != file ? 1 : 0, $0.location.file, $0.location.line, $0.location.column)
                < ($1.location.file != file ? 1 : 0, $1.location.file, $1.location.line, $1.location.column)
        }
        let name = decoded.pipeline?.name ?? root["name"]?.scalar ?? stem
        return Entry(name: name, file: file, pipeline: diagnostics.isEmpty ? decoded.pipeline : nil,
                     diagnostics: diagnostics, inputs: resolver.filesRead + decoder.filesRead)
    }

    /// The entry named `name`, valid or not.
    public func entry(named name: String) throws(GantryModelError) -> Entry {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw .unknownPipeline(name: name, known: names)
        }
        return entry
    }

    /// The entry of pipeline `name`, or of the folder's file at the path `name`
    /// (`pipelines/shop.yml`, as people type it after `ls`); a path to a file elsewhere is refused
    /// with the folder that was read.
    public func entry(namedOrAt name: String) throws(GantryModelError) -> Entry {
        if let entry = entries.first(where: { $0.name == name }) { return entry }
        guard name.contains("/") || Self.isPipelineFileName(name) else { throw .unknownPipeline(name: name, known: names) }
        let current = FileManager.default.currentDirectoryPath
        let wanted = PathText.join(current, name)
        if let entry = entries.first(where: { PathText.join(current, $0.file) == wanted }) { return entry }
        throw .notInPipelinesFolder(path: name, directory: directory, known: names)
    }

    /// The validated pipeline named `name`; its findings when it does not validate.
    public func pipeline(named name: String) throws(GantryModelError) -> Pipeline {
        let entry = try entry(named: name)
        guard let pipeline = entry.pipeline else { throw .invalid(entry.diagnostics) }
        return pipeline
    }

    /// Every valid pipeline.
    public var pipelines: [Pipeline] { entries.compactMap(\.pipeline) }

    private mutating func reportDuplicateNames() {
        var firstFile: [String: String] = [:]
        for index in entries.indices {
            let name = entries[index].name
            if let other = firstFile[name] {
                entries[index].diagnostics.append(Diagnostic(
                    "pipeline name '\(name)' is already used by \(other)",
                    at: SourceLocation(file: entries[index].file, line: 1, column: 1)))
                entries[index].pipeline = nil
            } else {
                firstFile[name] = entries[index].file
            }
        }
    }
}
