/// A tag, with the commit it designates.
public struct GitTag: Sendable, Hashable {
    /// The short name, e.g. `v1.2.0` (invalid UTF-8 repaired).
    public let name: String
    /// The full ref name, e.g. `refs/tags/v1.2.0`.
    public let refName: String
    /// The commit the tag designates, after peeling tag objects.
    public let commitSha: String
    /// Whether the ref points at an annotated tag object rather than straight at the commit.
    public let isAnnotated: Bool

    public init(name: String, refName: String, commitSha: String, isAnnotated: Bool) {
        self.name = name
        self.refName = refName
        self.commitSha = commitSha
        self.isAnnotated = isAnnotated
    }
}

/// A local branch, with the commit at its tip.
public struct GitBranch: Sendable, Hashable {
    /// The short name, e.g. `main` or `release/2.x` (invalid UTF-8 repaired).
    public let name: String
    /// The full ref name, e.g. `refs/heads/main`.
    public let refName: String
    /// The commit at the branch's tip (symbolic branch refs followed).
    public let commitSha: String

    public init(name: String, refName: String, commitSha: String) {
        self.name = name
        self.refName = refName
        self.commitSha = commitSha
    }
}
