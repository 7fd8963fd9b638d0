import Foundation
internal import CLibGit2

extension GitRepository {
    /// Opens the bare repository at `path`, creating it (and its parent folders) when missing.
    ///
    /// Gantry keeps one such mirror per webhook remote beside its state; pushes are fetched into
    /// it and builds export from it, exactly as from a bare repository a hook runs in.
    public static func openOrCreateBare(at path: String) throws -> GitRepository {
        _ = LibGit2.ready
        if FileManager.default.fileExists(atPath: path + "/HEAD") { return try GitRepository(path: path) }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw GitError(.io, "cannot create the mirror folder \(path)", subject: path, libraryMessage: "\(error)")
        }
        var handle: OpaquePointer?
        try check(git_repository_init(&handle, path, 1), "git_repository_init", "cannot create a bare repository at \(path)",
                  subject: path)
        git_repository_free(handle)
        return try GitRepository(path: path)
    }

    /// Fetches `refs` (full names, `refs/heads/main`, `refs/tags/v1`) from the remote into the same
    /// names here, moving them even when the remote was force-pushed.
    ///
    /// - Returns: the object each fetched ref now points at here; a ref the remote does not have
    ///   is missing from the result.
    /// - Throws: ``GitError`` of kind `.remote` when the remote cannot be read, its host key is
    ///   refused or its credentials are.
    @discardableResult
    public func fetch(_ refs: [String], from access: GitRemoteAccess) throws -> [String: String] {
        for ref in refs where !(ref.hasPrefix("refs/heads/") || ref.hasPrefix("refs/tags/")) || ref.contains(":") {
            throw GitError(.invalidArgument, "only branches and tags can be fetched, not '\(ref)'", subject: ref)
        }
        let context = RemoteCallbacks(access)
        let refspecs = refs.map { "+\($0):\($0)" }
        let rc: Int32 = try withHandle { repo in
            var remote: OpaquePointer?
            try check(git_remote_create_anonymous(&remote, repo, access.url), "git_remote_create_anonymous",
                      "cannot use the remote \(access.url)", repository: displayName, subject: access.url)
            defer { git_remote_free(remote) }
            var options = git_fetch_options()
            git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION))
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            context.install(into: &options.callbacks)
            let code = withStringArray(refspecs) { specs in
                withExtendedLifetime(context) { git_remote_fetch(remote, specs, &options, "gantry: fetch") }
            }
            if code < 0, context.failure == nil {
                throw GitRemote.remoteError(code, "git_remote_fetch", "cannot fetch \(refs.joined(separator: ", ")) from \(access.url)",
                                            access)
            }
            return code
        }
        if rc < 0, let failure = context.failure { throw failure }
        var fetched: [String: String] = [:]
        for ref in refs {
            if let sha = try? resolveRef(ref) { fetched[ref] = sha }
        }
        return fetched
    }

    /// The object a full ref name points at here (not peeled).
    func resolveRef(_ name: String) throws -> String {
        try withHandle { repo in
            var oid = git_oid()
            try check(git_reference_name_to_id(&oid, repo, name), "git_reference_name_to_id", "no ref \(name)",
                      repository: displayName, subject: name)
            return GitObjectID.hex(oid)
        }
    }

    /// Whether the object `sha` (full hex) is in this repository.
    public func contains(object sha: String) -> Bool {
        (try? withHandle { repo -> Bool in
            var oid = git_oid()
            guard git_oid_fromstr(&oid, sha) == 0 else { return false }
            var odb: OpaquePointer?
            guard git_repository_odb(&odb, repo) == 0 else { return false }
            defer { git_odb_free(odb) }
            return git_odb_exists(odb, &oid) == 1
        }) ?? false
    }
}

/// Runs `body` with `strings` as a `git_strarray` whose C strings live for the call.
func withStringArray<T>(_ strings: [String], _ body: (UnsafePointer<git_strarray>) -> T) -> T {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return body(&array)
    }
}
