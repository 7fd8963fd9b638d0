internal import CLibGit2

/// Commits reachable from one commit but not from another, newest first, possibly cut short.
public struct GitCommitList: Sendable, Hashable {
    /// The commits, newest first (by commit time, parents after children).
    public let commits: [GitCommit]
    /// Whether more commits were reachable than the limit allowed.
    public let isTruncated: Bool

    public init(commits: [GitCommit], isTruncated: Bool) {
        self.commits = commits
        self.isTruncated = isTruncated
    }
}

extension GitRepository {
    /// Whether `ancestor` is reachable from `descendant` by following parents.
    ///
    /// Like `git merge-base --is-ancestor`, a commit counts as its own ancestor.
    /// - Parameters:
    ///   - ancestor: a revision (see ``commit(_:)``).
    ///   - descendant: a revision.
    public func isAncestor(_ ancestor: String, of descendant: String) throws -> Bool {
        try withHandle { repo in
            let older = try lookupCommit(repo, ancestor)
            defer { git_commit_free(older) }
            let newer = try lookupCommit(repo, descendant)
            defer { git_commit_free(newer) }
            let olderID = git_commit_id(older), newerID = git_commit_id(newer)
            if git_oid_equal(olderID, newerID) != 0 { return true }
            let rc = git_graph_descendant_of(repo, newerID, olderID)
            try check(rc, "git_graph_descendant_of", "cannot compare \(ancestor) with \(descendant)",
                      repository: displayName, subject: descendant)
            return rc == 1
        }
    }

    /// The commits reachable from `newer` but not from `older`, newest first, at most `limit`.
    ///
    /// This is "the commits since what runs in E now": `older` is the commit running there, `newer`
    /// the candidate. When `older` is not an ancestor of `newer` (a rollback, a rewritten branch) the
    /// list still holds only what `newer` adds; it is empty when `newer` adds nothing.
    /// - Parameters:
    ///   - newer: a revision.
    ///   - older: a revision, or `nil` for the whole history of `newer`.
    ///   - limit: the most commits to return (at least 0).
    public func commits(from newer: String, excluding older: String?, limit: Int = 100) throws -> GitCommitList {
        try withHandle { repo in
            var walk: OpaquePointer?
            try check(git_revwalk_new(&walk, repo), "git_revwalk_new", "cannot walk history",
                      repository: displayName, subject: newer)
            defer { git_revwalk_free(walk) }
            try check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue),
                      "git_revwalk_sorting", "cannot walk history", repository: displayName, subject: newer)
            let start = try lookupCommit(repo, newer)
            defer { git_commit_free(start) }
            try check(git_revwalk_push(walk, git_commit_id(start)), "git_revwalk_push",
                      "cannot walk from \(newer)", repository: displayName, subject: newer)
            if let older {
                let stop = try lookupCommit(repo, older)
                defer { git_commit_free(stop) }
                try check(git_revwalk_hide(walk, git_commit_id(stop)), "git_revwalk_hide",
                          "cannot walk past \(older)", repository: displayName, subject: older)
            }
            var commits: [GitCommit] = []
            var oid = git_oid()
            while true {
                let rc = git_revwalk_next(&oid, walk)
                if rc == GIT_ITEROVER.rawValue { return GitCommitList(commits: commits, isTruncated: false) }
                try check(rc, "git_revwalk_next", "cannot walk history", repository: displayName, subject: newer)
                if commits.count >= max(limit, 0) { return GitCommitList(commits: commits, isTruncated: true) }
                var commit: OpaquePointer?
                try check(git_commit_lookup(&commit, repo, &oid), "git_commit_lookup",
                          "cannot read commit \(GitObjectID.hex(oid))", repository: displayName, subject: newer)
                guard let commit else { continue }
                defer { git_commit_free(commit) }
                commits.append(makeCommit(commit))
            }
        }
    }
}
