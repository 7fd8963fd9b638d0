internal import CBuildInfo

/// What `gantry --version` says: the release number and the commit the binary was built from.
enum BuildInfo {
    /// The release number of this source tree.
    static let version = "0.1.0"

    /// The git commit of the build (12 hex digits, `-dirty` when Sources/ or Package.swift had
    /// uncommitted changes), or `unknown` when the binary was not built by scripts/setup.
    static let commit = String(cString: gantry_build_commit())

    /// `gantry 0.1.0 (commit 2af7208c1e3f)`.
    static var versionLine: String { "gantry \(version) (commit \(commit))" }
}
