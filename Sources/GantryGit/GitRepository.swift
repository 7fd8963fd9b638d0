import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CLibGit2
import Synchronization

/// An open git repository (bare or with a work tree), read through libgit2.
///
/// A `git_repository` may be used by one thread at a time, so every operation holds this object's
/// lock for its whole duration: one `GitRepository` can be shared between tasks, and operations on
/// it run one after another. Open one per task when reads should run in parallel. Every call
/// blocks its thread; keep long ones (exports, large histories) off the cooperative pool.
public final class GitRepository: Sendable {
    /// The raw repository, reached only under this mutex (``withHandle(_:)``); never leaves this module.
    private let handle: Mutex<RawRepository>

    /// The repository's git directory (the bare repository itself, or a work tree's `.git`), with a trailing `/`.
    public let gitDirectory: String
    /// The git directory shared by all work trees (where hooks and refs live), with a trailing `/`.
    public let commonDirectory: String
    /// The work tree, or `nil` for a bare repository.
    public let workTree: String?
    /// Whether the repository has no work tree.
    public var isBare: Bool { workTree == nil }

    /// Opens the repository at `path`: a bare repository, a `.git` folder, or a work tree's root.
    ///
    /// Does not search parent folders; use ``discover(containing:)`` for that.
    /// - Throws: ``GitError`` of kind `.notARepository` when `path` is not a repository.
    public convenience init(path: String) throws {
        _ = LibGit2.ready
        var handle: OpaquePointer?
        let rc = git_repository_open_ext(&handle, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        guard rc >= 0, let handle else {
            let error = GitError.library(rc, "git_repository_open_ext", "not a git repository: \(path)",
                                         repository: nil, subject: path)
            throw GitError(.notARepository, error.message, subject: path, libraryMessage: error.libraryMessage)
        }
        self.init(owning: handle)
    }

    /// Opens the repository that contains `folder`, searching it and then its parents.
    ///
    /// This is "the repository that contains pipelines/" when a pipeline names no `repository:`.
    /// - Throws: ``GitError`` of kind `.notARepository` when no parent folder is in a repository.
    public static func discover(containing folder: String) throws -> GitRepository {
        _ = LibGit2.ready
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let rc = git_repository_discover(&buffer, folder, 0, nil)
        guard rc >= 0, let found = buffer.ptr else {
            let error = GitError.library(rc, "git_repository_discover", "no git repository contains \(folder)",
                                         repository: nil, subject: folder)
            throw GitError(.notARepository, error.message, subject: folder, libraryMessage: error.libraryMessage)
        }
        return try GitRepository(path: String(cString: found))
    }

    private init(owning handle: OpaquePointer) {
        gitDirectory = cString(git_repository_path(handle))
        let common = cString(git_repository_commondir(handle))
        commonDirectory = common.isEmpty ? gitDirectory : common
        workTree = git_repository_is_bare(handle) == 1 ? nil : git_repository_workdir(handle).map { String(cString: $0) }
        self.handle = Mutex(RawRepository(pointer: handle))
    }

    deinit { handle.withLock { git_repository_free($0.pointer) } }

    /// Runs `body` with the raw repository while holding the lock.
    ///
    /// Every libgit2 object made inside `body` must be freed before it returns, so no libgit2 state
    /// outlives the lock.
    func withHandle<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        _ = LibGit2.ready
        return try handle.withLock { raw in try body(raw.pointer) }
    }

    /// The shared git directory with symlinks and `..` resolved: two `GitRepository` values are the
    /// same repository exactly when this is equal (e.g. "does this pipeline's `repository:` name the
    /// repository this hook runs in?").
    public var canonicalPath: String {
        let trimmed = commonDirectory.count > 1 && commonDirectory.hasSuffix("/") ? String(commonDirectory.dropLast()) : commonDirectory
        guard let resolved = realpath(trimmed, nil) else { return trimmed }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// A short name for error messages: the work tree, or the git directory when bare.
    var displayName: String {
        let path = workTree ?? gitDirectory
        return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}

/// A `git_repository` pointer. It is sendable only because ``GitRepository`` keeps it inside a
/// mutex: the pointer moves between threads, its uses never overlap.
private struct RawRepository: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// Decodes a C string from libgit2, repairing invalid UTF-8 (ref names and messages are bytes, not text).
func cString(_ pointer: UnsafePointer<CChar>?) -> String {
    guard let pointer else { return "" }
    return String(cString: pointer)
}

extension GitRepository {
    /// A configuration value as git would read it for this repository, or `nil` when unset.
    func configString(_ key: String) throws -> String? {
        try withHandle { repo in
            var config: OpaquePointer?
            try check(git_repository_config_snapshot(&config, repo), "git_repository_config_snapshot",
                      "cannot read the configuration", repository: displayName, subject: key)
            defer { git_config_free(config) }
            var value: UnsafePointer<CChar>?
            let rc = git_config_get_string(&value, config, key)
            if rc == GIT_ENOTFOUND.rawValue { return nil }
            try check(rc, "git_config_get_string", "cannot read \(key)", repository: displayName, subject: key)
            return value.map { String(cString: $0) }
        }
    }
}
