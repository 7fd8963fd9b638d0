import Foundation
internal import CLibGit2

/// Reading a remote repository's refs without a local copy: `git ls-remote` through libgit2.
public enum GitRemote {
    /// The branches and tags of the remote, by full ref name (`refs/heads/main`, `refs/tags/v1`),
    /// each with the object it points at (for an annotated tag, the tag object).
    ///
    /// Blocks its thread for a network round trip; keep it off the cooperative pool.
    /// - Throws: ``GitError`` of kind `.remote` when the remote cannot be read, its host key is
    ///   refused or its credentials are.
    public static func heads(_ access: GitRemoteAccess) throws -> [String: String] {
        _ = LibGit2.ready
        var remote: OpaquePointer?
        try check(git_remote_create_detached(&remote, access.url), "git_remote_create_detached",
                  "cannot use the remote \(access.url)", subject: access.url)
        defer { git_remote_free(remote) }
        let context = RemoteCallbacks(access)
        var callbacks = git_remote_callbacks()
        git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION))
        context.install(into: &callbacks)
        let rc = withExtendedLifetime(context) {
            git_remote_connect(remote, GIT_DIRECTION_FETCH, &callbacks, nil, nil)
        }
        if rc < 0 { throw context.failure ?? remoteError(rc, "git_remote_connect", "cannot read the refs of \(access.url)", access) }
        defer { git_remote_disconnect(remote) }
        var list: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        try check(git_remote_ls(&list, &count, remote), "git_remote_ls", "cannot list the refs of \(access.url)",
                  subject: access.url)
        var heads: [String: String] = [:]
        for index in 0..<count {
            guard let head = list?[index]?.pointee, let name = head.name else { continue }
            let ref = String(cString: name)
            guard ref.hasPrefix("refs/heads/") || ref.hasPrefix("refs/tags/"), !ref.hasSuffix("^{}") else { continue }
            heads[ref] = GitObjectID.hex(head.oid)
        }
        return heads
    }

    /// A remote failure with libgit2's message: unreachable, refused, or not a repository.
    static func remoteError(_ rc: Int32, _ function: String, _ what: String, _ access: GitRemoteAccess) -> GitError {
        let error = GitError.library(rc, function, what, repository: nil, subject: access.url)
        return GitError(.remote, what, subject: access.url, libraryMessage: error.libraryMessage)
    }
}
