#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CLibGit2

extension GitRepository {
    /// The tags whose short name matches a shell glob, sorted by name, each peeled to its commit.
    ///
    /// Matching follows `fnmatch(3)` without flags, on the raw bytes of the name: `*` also matches
    /// `/`, so `v*` matches `v1.0` and `v2/rc1`. Tags that point at something other than a commit
    /// (a tree or blob) are left out: no artifact can be built from them.
    /// - Parameter pattern: the glob, e.g. `v*` (an environment's `tags:`); `*` lists every tag.
    public func tags(matching pattern: String = "*") throws -> [GitTag] {
        try withHandle { repo in
            var tags: [GitTag] = []
            try forEachReference(repo, glob: "refs/tags/*") { ref, fullName in
                let prefix = "refs/tags/".utf8.count
                guard fnmatch(pattern, fullName + prefix, 0) == 0 else { return }
                guard let (commitSha, annotated) = try peel(repo, ref) else { return }
                let refName = cString(fullName)
                tags.append(GitTag(name: cString(fullName + prefix), refName: refName,
                                   commitSha: commitSha, isAnnotated: annotated))
            }
            return tags.sorted { $0.name < $1.name }
        }
    }

    /// The local branches, sorted by name, with their tip commits.
    ///
    /// Symbolic branch refs are followed; a branch whose target is missing is left out.
    public func branches() throws -> [GitBranch] {
        try withHandle { repo in
            var branches: [GitBranch] = []
            try forEachReference(repo, glob: "refs/heads/*") { ref, fullName in
                guard let (commitSha, _) = try peel(repo, ref) else { return }
                branches.append(GitBranch(name: cString(fullName + "refs/heads/".utf8.count),
                                          refName: cString(fullName), commitSha: commitSha))
            }
            return branches.sorted { $0.name < $1.name }
        }
    }

    /// Calls `body` with each reference matching `glob` and its raw name. Caller holds the lock.
    private func forEachReference(_ repo: OpaquePointer, glob: String,
                                  _ body: (OpaquePointer, UnsafePointer<CChar>) throws -> Void) throws {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, repo, glob), "git_reference_iterator_glob_new",
                  "cannot list \(glob)", repository: displayName, subject: glob)
        defer { git_reference_iterator_free(iterator) }
        while true {
            var ref: OpaquePointer?
            let rc = git_reference_next(&ref, iterator)
            if rc == GIT_ITEROVER.rawValue { return }
            try check(rc, "git_reference_next", "cannot list \(glob)", repository: displayName, subject: glob)
            guard let ref else { return }
            defer { git_reference_free(ref) }
            guard let name = git_reference_name(ref) else { continue }
            try body(ref, name)
        }
    }

    /// The commit a reference designates and whether a tag object was in between, or `nil` when it
    /// designates no commit (dangling, or a tag on a tree). Caller holds the lock.
    private func peel(_ repo: OpaquePointer, _ ref: OpaquePointer) throws -> (String, Bool)? {
        var resolved: OpaquePointer?
        guard git_reference_resolve(&resolved, ref) >= 0, let resolved else { return nil }
        defer { git_reference_free(resolved) }
        guard let target = git_reference_target(resolved) else { return nil }
        var object: OpaquePointer?
        guard git_object_lookup(&object, repo, target, GIT_OBJECT_ANY) >= 0, let object else { return nil }
        defer { git_object_free(object) }
        let type = git_object_type(object)
        if type == GIT_OBJECT_COMMIT { return (GitObjectID.hex(target), false) }
        var commit: OpaquePointer?
        guard type == GIT_OBJECT_TAG, git_object_peel(&commit, object, GIT_OBJECT_COMMIT) >= 0, let commit else {
            return nil
        }
        defer { git_object_free(commit) }
        return (GitObjectID.hex(git_object_id(commit)), true)
    }
}
