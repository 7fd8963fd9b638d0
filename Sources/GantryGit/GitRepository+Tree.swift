internal import CLibGit2

extension GitRepository {
    /// The bytes of the file at `path` in the tree of `revision`, without a checkout.
    ///
    /// - Parameters:
    ///   - path: `/`-separated from the repository root, e.g. `db/migrations/001_init.sql`.
    ///   - revision: any revision ``commit(_:)`` accepts.
    /// - Throws: ``GitError`` `.notFound` when the path is absent, `.wrongType` when it is a folder.
    public func readFile(_ path: String, at revision: String) throws -> [UInt8] {
        try withHandle { repo in
            try withTreeEntry(repo, path: path, at: revision) { entry in
                let mode = git_tree_entry_filemode(entry)
                guard mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE || mode == GIT_FILEMODE_LINK else {
                    throw GitError(.wrongType, "'\(path)' at \(revision) is not a file", repository: displayName, subject: path)
                }
                return try readBlob(repo, git_tree_entry_id(entry), path: path)
            }
        }
    }

    /// The entries of the folder at `path` in the tree of `revision`, sorted by name.
    ///
    /// - Parameters:
    ///   - path: `/`-separated from the repository root; `""` is the root.
    ///   - revision: any revision ``commit(_:)`` accepts.
    /// - Throws: ``GitError`` `.notFound` when the folder is absent, `.wrongType` when it is a file.
    public func listFolder(_ path: String, at revision: String) throws -> [GitTreeEntry] {
        try withHandle { repo in
            try withTree(repo, path: path, at: revision) { tree in
                let prefix = normalized(path).isEmpty ? "" : normalized(path) + "/"
                var entries: [GitTreeEntry] = []
                for index in 0..<git_tree_entrycount(tree) {
                    guard let entry = git_tree_entry_byindex(tree, index) else { continue }
                    let name = cString(git_tree_entry_name(entry))
                    entries.append(GitTreeEntry(name: name, path: prefix + name, kind: kind(of: entry),
                                                objectSha: GitObjectID.hex(git_tree_entry_id(entry))))
                }
                return entries.sorted { $0.name < $1.name }
            }
        }
    }

    /// The regular and executable files directly in the folder at `path`, with their bytes.
    ///
    /// Sub-folders, symlinks and submodules are left out. This is how migrations are read from an
    /// artifact's commit.
    public func files(in path: String, at revision: String) throws -> [GitFile] {
        let wanted = try listFolder(path, at: revision).filter { $0.kind == .file || $0.kind == .executable }
        return try wanted.map { entry in
            GitFile(name: entry.name, path: entry.path, objectSha: entry.objectSha,
                    contents: try readFile(entry.path, at: revision))
        }
    }

    /// Calls `body` with the root tree of `revision`. Caller holds the lock.
    func withRootTree<T>(_ repo: OpaquePointer, at revision: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        let commit = try lookupCommit(repo, revision)
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commit), "git_commit_tree", "cannot read the tree of \(revision)",
                  repository: displayName, subject: revision)
        guard let tree else { throw GitError(.library, "no tree for \(revision)", repository: displayName, subject: revision) }
        defer { git_tree_free(tree) }
        return try body(tree)
    }

    /// Reads a blob's bytes. Caller holds the lock.
    func readBlob(_ repo: OpaquePointer, _ oid: UnsafePointer<git_oid>, path: String) throws -> [UInt8] {
        try withBlob(repo, oid, path: path) { Array($0) }
    }

    /// Calls `body` with a blob's bytes, valid only during the call (no copy). Caller holds the lock.
    func withBlob<T>(_ repo: OpaquePointer, _ oid: UnsafePointer<git_oid>, path: String,
                     _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, repo, oid), "git_blob_lookup", "cannot read '\(path)'",
                  repository: displayName, subject: path)
        guard let blob else { throw GitError(.library, "cannot read '\(path)'", repository: displayName, subject: path) }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        return try body(UnsafeRawBufferPointer(start: size > 0 ? git_blob_rawcontent(blob) : nil, count: size))
    }

    func kind(of entry: OpaquePointer) -> GitTreeEntry.Kind {
        switch git_tree_entry_filemode(entry) {
        case GIT_FILEMODE_BLOB_EXECUTABLE: return .executable
        case GIT_FILEMODE_LINK: return .symlink
        case GIT_FILEMODE_TREE: return .folder
        case GIT_FILEMODE_COMMIT: return .submodule
        default: return .file
        }
    }

    private func normalized(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.joined(separator: "/")
    }

    /// Calls `body` with the entry at `path` (owned by this call). Caller holds the lock.
    private func withTreeEntry<T>(_ repo: OpaquePointer, path: String, at revision: String,
                                  _ body: (OpaquePointer) throws -> T) throws -> T {
        let clean = normalized(path)
        guard !clean.isEmpty else {
            throw GitError(.wrongType, "the repository root is a folder, not a file", repository: displayName, subject: path)
        }
        return try withRootTree(repo, at: revision) { root in
            var entry: OpaquePointer?
            let rc = git_tree_entry_bypath(&entry, root, clean)
            guard rc >= 0, let entry else {
                throw GitError(rc == GIT_ENOTFOUND.rawValue ? .notFound : .library,
                               "no '\(clean)' at \(revision)", repository: displayName, subject: path)
            }
            defer { git_tree_entry_free(entry) }
            return try body(entry)
        }
    }

    /// Calls `body` with the tree at `path` (the root for `""`). Caller holds the lock.
    private func withTree<T>(_ repo: OpaquePointer, path: String, at revision: String,
                             _ body: (OpaquePointer) throws -> T) throws -> T {
        if normalized(path).isEmpty { return try withRootTree(repo, at: revision, body) }
        return try withTreeEntry(repo, path: path, at: revision) { entry in
            guard git_tree_entry_filemode(entry) == GIT_FILEMODE_TREE else {
                throw GitError(.wrongType, "'\(path)' at \(revision) is not a folder", repository: displayName, subject: path)
            }
            var tree: OpaquePointer?
            try check(git_tree_lookup(&tree, repo, git_tree_entry_id(entry)), "git_tree_lookup",
                      "cannot read folder '\(path)'", repository: displayName, subject: path)
            guard let tree else { throw GitError(.library, "cannot read folder '\(path)'", repository: displayName, subject: path) }
            defer { git_tree_free(tree) }
            return try body(tree)
        }
    }
}
