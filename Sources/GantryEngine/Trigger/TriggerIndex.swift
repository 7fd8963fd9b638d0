import Crypto
import Foundation
import GantryModel
import GantryShell
import GantryStore

/// What every pipeline of one folder listens to, kept in a small file beside the state so that a
/// push which maps to nothing is decided without parsing a single pipeline.
///
/// The index is a cache, never a source of truth. It is current only while
/// - this same gantry binary reads it (a new build may validate differently),
/// - the folder lists the same pipeline files, and
/// - every file the loader read (pipeline files, includes, file templates) holds the same bytes,
///   compared by SHA-256 of the bytes the loader actually parsed, so an edit racing the hook
///   can only make the index stale, never wrong.
/// It is written only when every pipeline of the folder validates: a broken pipeline is reported
/// by the full path on every push.
public struct TriggerIndex: Sendable, Equatable {
    /// A file the pipelines were built from, and the SHA-256 (hex) of the bytes read.
    public struct Input: Sendable, Equatable {
        public var path: String
        public var sha256: String
    }

    static let header = "gantry-trigger-index 1"

    /// The gantry binary that wrote the index (device, inode, size, modification time).
    public var binary: String
    /// The pipelines folder, absolute.
    public var folder: String
    /// The pipeline file names the folder held, sorted.
    public var listing: [String]
    /// Every file read to load the pipelines, with absolute paths.
    public var inputs: [Input]
    /// Every environment's branch and tag route.
    public var routes: [TriggerRoute]

    /// The index of a loaded folder; nil when a pipeline does not validate or this binary cannot be identified.
    ///
    /// - Parameter currentDirectory: What relative paths of the set are relative to.
    public init?(set: PipelineSet, currentDirectory: String) {
        guard let binary = Self.binaryStamp(),
              set.entries.allSatisfy({ $0.pipeline != nil }) else { return nil }
        var inputs: [Input] = []
        for entry in set.entries {
            for file in entry.inputs {
                guard let contents = file.contents else { return nil }
                let path = PathText.join(currentDirectory, file.path)
                if !inputs.contains(where: { $0.path == path }) {
                    inputs.append(Input(path: path, sha256: Hex.encode(SHA256.hash(data: contents))))
                }
            }
        }
        self.binary = binary
        folder = PathText.join(currentDirectory, set.directory)
        listing = set.entries.map { String($0.file.split(separator: "/").last ?? "") }.sorted()
        self.inputs = inputs
        routes = set.pipelines.flatMap { TriggerRoute.routes(of: $0, currentDirectory: currentDirectory) }
    }

    init(binary: String, folder: String, listing: [String], inputs: [Input], routes: [TriggerRoute]) {
        self.binary = binary
        self.folder = folder
        self.listing = listing
        self.inputs = inputs
        self.routes = routes
    }

    /// Where the index of the pipelines folder `folder` (absolute) lives for the store at `statePath`:
    /// beside the database, named after the folder so several folders can share one store.
    public static func path(forPipelines folder: String, statePath: String) -> String {
        let name = Hex.encode(SHA256.hash(data: Array(folder.utf8))).prefix(16)
        return PathText.join(PathText.parent(statePath), "trigger-index-\(name)")
    }

    // MARK: Currency

    /// Whether the index still describes `folder`: same binary, same pipeline files, same bytes in
    /// every input. Any doubt (an unreadable file, a vanished folder) answers false.
    public func isCurrent(folder: String) -> Bool {
        guard folder == self.folder, Self.binaryStamp() == binary,
              let names = Self.directoryListing(folder) else { return false }
        guard names.filter(PipelineSet.isPipelineFileName).sorted() == listing else { return false }
        for input in inputs {
            guard let bytes = Self.readFile(input.path),
                  Hex.encode(SHA256.hash(data: bytes)) == input.sha256 else { return false }
        }
        return true
    }

    // MARK: Reading and writing

    /// The index stored at `path`; nil when there is none or it cannot be read as one.
    public static func stored(at path: String) -> TriggerIndex? {
        readFile(path).flatMap(TriggerIndex.init(decoding:))
    }

    /// Stores the index at `path`, replacing any older one whole.
    public func write(to path: String) throws(StoreError) {
        try AtomicFile.replace(path, with: encoded(), what: "writing the trigger index")
    }

    /// One record per line, fields separated by tabs; `\`, tab and newline escaped inside fields,
    /// and an absent value written as a lone `-` (a present one gains a leading `=`).
    func encoded() -> [UInt8] {
        var lines = [Self.header, "binary\t" + Self.escape(binary), "folder\t" + Self.escape(folder)]
        lines += listing.map { "file\t" + Self.escape($0) }
        lines += inputs.map { "input\t\($0.sha256)\t" + Self.escape($0.path) }
        lines += routes.map { route in
            ["route", route.pipeline, route.environment, route.repository].map(Self.escape).joined(separator: "\t")
                + "\t" + Self.optional(route.branch) + "\t" + Self.optional(route.tags)
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Parses `encoded()` output; nil for anything else.
    init?(decoding bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map(String.init) == Self.header, lines.last == "" else { return nil }
        lines.removeFirst()
        lines.removeLast()
        var binary: String?, folder: String?
        var listing: [String] = [], inputs: [Input] = [], routes: [TriggerRoute] = []
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            switch (fields.first, fields.count) {
            case ("binary", 2): binary = Self.unescape(fields[1])
            case ("folder", 2): folder = Self.unescape(fields[1])
            case ("file", 2): listing.append(Self.unescape(fields[1]))
            case ("input", 3): inputs.append(Input(path: Self.unescape(fields[2]), sha256: fields[1]))
            case ("route", 6):
                guard let branch = Self.parseOptional(fields[4]), let tags = Self.parseOptional(fields[5]) else {
                    return nil
                }
                routes.append(TriggerRoute(pipeline: Self.unescape(fields[1]), environment: Self.unescape(fields[2]),
                                           repository: Self.unescape(fields[3]), branch: branch, tags: tags))
            default:
                return nil
            }
        }
        guard let binary, let folder else { return nil }
        self.init(binary: binary, folder: folder, listing: listing, inputs: inputs, routes: routes)
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    private static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out = ""
        var escaping = false
        for character in text.unicodeScalars {
            if escaping {
                out += character == "t" ? "\t" : character == "n" ? "\n" : String(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(character)
            }
        }
        return out
    }

    private static func optional(_ value: String?) -> String {
        value.map { "=" + escape($0) } ?? "-"
    }

    /// `.some(nil)` for an absent value, `.some(value)` for a present one, nil when malformed.
    private static func parseOptional(_ field: String) -> String?? {
        if field == "-" { return .some(nil) }
        guard field.hasPrefix("=") else { return nil }
        return .some(unescape(String(field.dropFirst())))
    }

    // MARK: The file system, through POSIX: this runs on every push and must stay cheap

    /// Identifies the running binary; nil when it cannot be found.
    static func binaryStamp() -> String? {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return nil }
        return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    /// The names in `folder`, without `.` and `..`; nil when it cannot be read.
    static func directoryListing(_ folder: String) -> [String]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func readFile(_ path: String) -> [UInt8]? { FileBytes.contents(ofFile: path) }
}
