/// One entry of a folder read at a commit.
public struct GitTreeEntry: Sendable, Hashable {
    /// What an entry is, from its git file mode.
    public enum Kind: Sendable, Hashable {
        case file
        case executable
        case symlink
        case folder
        /// A submodule: a commit of another repository, with no content here.
        case submodule
    }

    /// The entry's name within its folder (invalid UTF-8 repaired).
    public let name: String
    /// The path from the repository root, `/`-separated.
    public let path: String
    /// File, executable, symlink, folder or submodule.
    public let kind: Kind
    /// The git object id of the content: for files, a checksum of exactly their bytes.
    public let objectSha: String

    public init(name: String, path: String, kind: Kind, objectSha: String) {
        self.name = name
        self.path = path
        self.kind = kind
        self.objectSha = objectSha
    }
}

/// A file read at a commit: its place, its git object id and its bytes.
public struct GitFile: Sendable, Hashable {
    /// The file's name within its folder (invalid UTF-8 repaired).
    public let name: String
    /// The path from the repository root, `/`-separated.
    public let path: String
    /// The git blob id: equal ids mean equal contents.
    public let objectSha: String
    /// The file's bytes exactly as committed.
    public let contents: [UInt8]

    public init(name: String, path: String, objectSha: String, contents: [UInt8]) {
        self.name = name
        self.path = path
        self.objectSha = objectSha
        self.contents = contents
    }
}
