/// `webhook:` — push webhooks from a Git host, for `gantry serve`.
///
/// The pipeline's code lives on GitHub, GitLab or Gitea, where no post-receive hook can run.
/// The host posts each push to `gantry serve`, which checks the signature with the secret named
/// here, fetches the pushed refs from `remote` into a mirror beside the state, and triggers the
/// pipeline exactly as `gantry trigger` does in a bare repository.
public struct WebhookSettings: Sendable, Hashable {
    /// The Git host that signs the deliveries.
    public enum Provider: String, Sendable, Hashable, CaseIterable {
        case github, gitlab, gitea
    }

    public var provider: Provider
    /// The name of an entry of `secrets:` holding the webhook's shared secret.
    public var secret: String
    /// Where pushed refs are fetched from: an SSH URL (`git@github.com:org/app.git`,
    /// `ssh://git@host:2222/org/app.git`), a `file://` URL or an absolute path.
    public var remote: String
    /// Seconds between two looks at the remote's heads (a lost delivery is caught by them).
    public var reconcile: Double
    public var location: SourceLocation

    /// `reconcile` when the pipeline does not say: 5 minutes.
    public static let defaultReconcile: Double = 300
    /// The shortest `reconcile` accepted: each look is a network round trip to the Git host.
    public static let shortestReconcile: Double = 10
    /// The longest `reconcile` accepted.
    public static let longestReconcile: Double = 86_400

    /// The remote's repository path without `.git`, e.g. `org/app` for `git@github.com:org/app.git`:
    /// what a provider's payload names as the repository (`full_name`, `path_with_namespace`).
    public var repositoryPath: String {
        var path = remote
        if let scheme = path.range(of: "://") {
            path = String(path[scheme.upperBound...])
            if let slash = path.firstIndex(of: "/") { path = String(path[slash...]) } else { path = "" }
        } else if !path.hasPrefix("/"), let colon = path.firstIndex(of: ":") {
            path = String(path[path.index(after: colon)...])
        }
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix(".git") { path.removeLast(4) }
        while path.hasPrefix("/") { path.removeFirst() }
        return path
    }

    /// Whether the remote is reached over SSH (and so needs a key and known_hosts).
    public var usesSSH: Bool {
        if remote.hasPrefix("ssh://") { return true }
        return !remote.hasPrefix("/") && !remote.contains("://") && remote.contains(":")
    }
}

/// `serve:` — settings of `gantry serve` that a pipeline file carries.
public struct ServeSettings: Sendable, Hashable {
    /// The name of an entry of `secrets:` holding the bearer token every page and API call
    /// needs; nil = no token (the server should then listen on loopback or behind a proxy
    /// that authenticates).
    public var token: String?
    public var location: SourceLocation
}
