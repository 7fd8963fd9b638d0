import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CLibGit2
import GantryShell

/// What ``GitRepository/exportTree(of:to:)`` wrote.
public struct GitExportSummary: Sendable, Hashable {
    /// The exported commit.
    public let commit: GitCommit
    /// Regular and executable files written.
    public let files: Int
    /// Symbolic links written.
    public let symlinks: Int
    /// Folders created below the destination (submodules become empty folders).
    public let folders: Int
}

extension GitRepository {
    /// Writes the tree of `revision` into `destination`: files with their executable bit, symbolic
    /// links as links, nested folders, and nothing else — no `.git`, no work-tree changes, no
    /// ignored files. Builds run in such an export so that they depend on the commit alone.
    ///
    /// Files are written 0644 or 0755 whatever the umask. Submodules become empty folders, as with
    /// `git archive`. Entries that could escape or disturb the folder (`.`, `..`, `.git`, names with
    /// `/`) are refused rather than skipped, so an export is all of the tree or an error.
    /// - Parameters:
    ///   - revision: any revision ``commit(_:)`` accepts.
    ///   - destination: a folder that does not exist yet (created) or is empty.
    /// - Throws: ``GitError`` `.invalidArgument` when `destination` is not empty, `.io` when writing
    ///   fails. After an error the destination may hold part of the tree: discard it.
    @discardableResult
    public func exportTree(of revision: String, to destination: String) throws -> GitExportSummary {
        try prepareDestination(destination)
        let root = open(destination, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { throw ioError("cannot open", destination) }
        defer { close(root) }
        return try withHandle { repo in
            let commit = try lookupCommit(repo, revision)
            defer { git_commit_free(commit) }
            var tree: OpaquePointer?
            try check(git_commit_tree(&tree, commit), "git_commit_tree", "cannot read the tree of \(revision)",
                      repository: displayName, subject: revision)
            defer { git_tree_free(tree) }
            var counts = (files: 0, symlinks: 0, folders: 0)
            if let tree { try exportEntries(repo, tree, into: root, path: destination, counts: &counts) }
            return GitExportSummary(commit: makeCommit(commit), files: counts.files,
                                    symlinks: counts.symlinks, folders: counts.folders)
        }
    }

    private func prepareDestination(_ destination: String) throws {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: destination, isDirectory: &isFolder) {
            guard isFolder.boolValue, (try? manager.contentsOfDirectory(atPath: destination))?.isEmpty == true else {
                throw GitError(.invalidArgument, "export destination \(destination) must be an empty folder",
                               repository: displayName, subject: destination)
            }
        } else {
            do {
                try manager.createDirectory(atPath: destination, withIntermediateDirectories: true)
            } catch {
                throw GitError(.io, "cannot create export folder \(destination): \(error.localizedDescription)",
                               repository: displayName, subject: destination)
            }
        }
    }

    /// Writes every entry of `tree` relative to the open folder `folder`. Caller holds the lock.
    ///
    /// Everything is created relative to folder descriptors with `O_EXCL`/`O_NOFOLLOW`, so a
    /// symlink written earlier can never redirect a later write outside the export.
    private func exportEntries(_ repo: OpaquePointer, _ tree: OpaquePointer, into folder: Int32, path: String,
                               counts: inout (files: Int, symlinks: Int, folders: Int)) throws {
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index), let name = git_tree_entry_name(entry),
                  let oid = git_tree_entry_id(entry) else { continue }
            let entryPath = path + "/" + cString(name)
            guard isSafeName(name) else {
                throw GitError(.invalidArgument, "refusing to export tree entry '\(entryPath)'",
                               repository: displayName, subject: entryPath)
            }
            switch git_tree_entry_filemode(entry) {
            case GIT_FILEMODE_TREE:
                guard mkdirat(folder, name, 0o755) == 0 else { throw ioError("cannot create folder", entryPath) }
                let child = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else { throw ioError("cannot open folder", entryPath) }
                defer { close(child) }
                var subtree: OpaquePointer?
                try check(git_tree_lookup(&subtree, repo, oid), "git_tree_lookup", "cannot read folder '\(entryPath)'",
                          repository: displayName, subject: entryPath)
                defer { git_tree_free(subtree) }
                counts.folders += 1
                if let subtree { try exportEntries(repo, subtree, into: child, path: entryPath, counts: &counts) }
            case GIT_FILEMODE_LINK:
                var target = try readBlob(repo, oid, path: entryPath).map { CChar(bitPattern: $0) }
                target.append(0)
                guard symlinkat(target, folder, name) == 0 else { throw ioError("cannot create symlink", entryPath) }
                counts.symlinks += 1
            case GIT_FILEMODE_COMMIT:
                guard mkdirat(folder, name, 0o755) == 0 else { throw ioError("cannot create folder", entryPath) }
                counts.folders += 1
            default:
                let mode: mode_t = git_tree_entry_filemode(entry) == GIT_FILEMODE_BLOB_EXECUTABLE ? 0o755 : 0o644
                try withBlob(repo, oid, path: entryPath) { bytes in
                    try writeFile(bytes, in: folder, name: name, mode: mode, path: entryPath)
                }
                counts.files += 1
            }
        }
    }

    private func writeFile(_ bytes: UnsafeRawBufferPointer, in folder: Int32, name: UnsafePointer<CChar>, mode: mode_t, path: String) throws {
        let fd = openat(folder, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw ioError("cannot create file", path) }
        defer { close(fd) }
        guard FileBytes.writeAll(bytes, to: fd) else { throw ioError("cannot write file", path) }
        // The umask must not decide whether a build script is executable.
        guard fchmod(fd, mode) == 0 else { throw ioError("cannot set the mode of", path) }
    }

    /// Whether a tree entry name stays inside its folder and is not git's own folder.
    private func isSafeName(_ name: UnsafePointer<CChar>) -> Bool {
        let bytes = Array(UnsafeBufferPointer(start: name, count: strlen(name))).map { UInt8(bitPattern: $0) }
        if bytes.isEmpty || bytes == [0x2E] || bytes == [0x2E, 0x2E] || bytes.contains(0x2F) { return false }
        return String(decoding: bytes, as: UTF8.self).lowercased() != ".git"
    }

    private func ioError(_ what: String, _ path: String) -> GitError {
        let reason = String(cString: strerror(errno))
        return GitError(.io, "\(what) \(path): \(reason)", repository: displayName, subject: path)
    }
}
