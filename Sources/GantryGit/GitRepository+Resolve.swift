import Foundation
internal import CLibGit2

extension GitRepository {
    /// Resolves a revision to the commit it names.
    ///
    /// Accepts what `git rev-parse` accepts: a branch, a tag (lightweight or annotated), a full or
    /// abbreviated sha, `HEAD`, a full ref name (`refs/heads/main`), and forms such as `main~1`.
    /// Symbolic refs are followed and tag objects are peeled, so the sha of an annotated tag object
    /// (what a post-receive hook receives for a pushed annotated tag) resolves to its commit.
    /// - Parameter revision: the revision to resolve.
    /// - Throws: ``GitError`` `.notFound` when nothing has that name, `.ambiguous` for a short sha
    ///   matching several objects, `.wrongType` when it names a tree or blob.
    public func commit(_ revision: String) throws -> GitCommit {
        try withHandle { repo in
            let commit = try lookupCommit(repo, revision)
            defer { git_commit_free(commit) }
            return makeCommit(commit)
        }
    }

    /// The commit at the tip of branch `name` (`refs/heads/<name>`), never a tag of the same name.
    public func commit(branch name: String) throws -> GitCommit {
        try commit("refs/heads/" + name)
    }

    /// The commit tag `name` (`refs/tags/<name>`) designates, never a branch of the same name.
    public func commit(tag name: String) throws -> GitCommit {
        try commit("refs/tags/" + name)
    }

    /// The branch `HEAD` names (e.g. `main`), or `nil` when `HEAD` is detached or not symbolic.
    ///
    /// The branch need not exist yet (a fresh repository's `HEAD` names an unborn branch).
    public func currentBranch() throws -> String? {
        try withHandle { repo in
            var head: OpaquePointer?
            guard git_reference_lookup(&head, repo, "HEAD") >= 0, let head else { return nil }
            defer { git_reference_free(head) }
            guard git_reference_type(head) == GIT_REFERENCE_SYMBOLIC,
                  let target = git_reference_symbolic_target(head) else { return nil }
            let name = cString(target)
            return name.hasPrefix("refs/heads/") ? String(name.dropFirst("refs/heads/".count)) : nil
        }
    }

    /// Whether `revision` resolves to a commit; a cheap test that throws nothing for a missing name.
    public func hasCommit(_ revision: String) -> Bool {
        (try? commit(revision)) != nil
    }

    /// Looks up the commit `revision` names; the caller frees it. Caller holds the lock.
    func lookupCommit(_ repo: OpaquePointer, _ revision: String) throws -> OpaquePointer {
        guard !revision.isEmpty, !revision.utf8.contains(0) else {
            throw GitError(.invalidArgument, "an empty revision names no commit", repository: displayName, subject: revision)
        }
        var object: OpaquePointer?
        let rc = git_revparse_single(&object, repo, revision)
        guard rc >= 0, let object else {
            let error = GitError.library(rc, "git_revparse_single", "unknown revision '\(revision)'",
                                         repository: displayName, subject: revision)
            // revparse reports a malformed spec and a missing name alike to the user: it is not there.
            throw error.kind == .invalidArgument
                ? GitError(.notFound, error.message, repository: displayName, subject: revision, libraryMessage: error.libraryMessage)
                : error
        }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        let peelRC = git_object_peel(&peeled, object, GIT_OBJECT_COMMIT)
        guard peelRC >= 0, let peeled else {
            let error = GitError.library(peelRC, "git_object_peel", "'\(revision)' does not point at a commit",
                                         repository: displayName, subject: revision)
            throw GitError(.wrongType, error.message, repository: displayName, subject: revision, libraryMessage: error.libraryMessage)
        }
        return peeled
    }

    /// Reads a commit's metadata. Caller holds the lock.
    func makeCommit(_ commit: OpaquePointer) -> GitCommit {
        let sha = GitObjectID.hex(git_commit_id(commit))
        var name = "", email = "", time = Date(timeIntervalSince1970: 0)
        if let author = git_commit_author(commit) {
            name = cString(author.pointee.name)
            email = cString(author.pointee.email)
            time = Date(timeIntervalSince1970: TimeInterval(author.pointee.when.time))
        }
        var parents: [String] = []
        for index in 0..<git_commit_parentcount(commit) {
            if let oid = git_commit_parent_id(commit, index) { parents.append(GitObjectID.hex(oid)) }
        }
        let message = cString(git_commit_message(commit))
        return GitCommit(sha: sha, authorName: name, authorEmail: email, authoredAt: time,
                         summary: cString(git_commit_summary(commit)), message: message, parentShas: parents)
    }
}
