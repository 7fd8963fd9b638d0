internal import CLibGit2

/// The process-wide libgit2 initialisation.
///
/// `git_libgit2_init` runs once, the first time any entry point of this module touches `ready`.
enum LibGit2 {
    static let ready: Int32 = git_libgit2_init()

    /// The version of the linked libgit2, e.g. "1.5.1".
    static var version: String {
        _ = ready
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}

/// Facts about the git library Gantry runs on.
public enum GitLibrary {
    /// The linked libgit2 version, e.g. "1.5.1".
    public static var version: String { LibGit2.version }
}
