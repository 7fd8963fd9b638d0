/// One validated pipeline file (with its includes merged): what to build and where it goes.
///
/// A `Pipeline` exists only when its file validated, so the engine can rely on every name it
/// holds (hosts, groups, environments, vars, secrets) resolving.
public struct Pipeline: Sendable {
    /// The pipeline's name: `name:` or the file stem.
    public var name: String
    /// Where the pipeline was read from (path as shown to users).
    public var file: String
    public var version: Int
    /// `repository:` resolved against the project root; nil means "the repository containing pipelines/".
    public var repository: String?
    public var artifact: ArtifactSpec
    /// Hosts in file order.
    public var hosts: [Host]
    /// Groups in file order; members are host names.
    public var groups: [HostGroup]
    public var ssh: SSHSettings
    /// Top-level vars, in file order.
    public var vars: [Variable]
    /// Secret names; values are looked up at deploy time.
    public var secrets: [String]
    /// Environments in file order.
    public var environments: [Environment]
    public var steps: [Step]
    /// Steps run to undo a halted rollout on the hosts that changed.
    public var rollback: [Step]
    public var migrations: MigrationSettings?
    public var parity: ParitySettings?
    /// The project root: the folder holding `pipelines/`, against which template paths resolve.
    public var projectRoot: String
    /// Old release folders removed after a successful deployment; nil = nothing is pruned.
    public var releases: ReleaseSettings?
    /// Where notifications about every environment go (environments add their own).
    public var notify: [NotifyTarget] = []
    /// Push webhooks from a Git host (`gantry serve`); nil = pushes arrive by the post-receive hook only.
    public var webhook: WebhookSettings?
    /// Settings of `gantry serve` (the token); nil = none.
    public var serve: ServeSettings?
}

/// A named vars entry with its position.
public struct Variable: Sendable, Hashable {
    public var name: String
    public var value: String
    public var location: SourceLocation
}

/// `artifact:` — how an artifact is named, built and identified.
public struct ArtifactSpec: Sendable {
    /// The tag every environment deploys; default `${git.short_sha}`.
    public var tag: Template
    /// Shell command run in a clean export of the commit; nil = built elsewhere.
    public var build: Template?
    /// Command that prints an immutable id of the built artifact.
    public var digest: Template?
    /// A built file (relative to the export) Gantry keeps and `upload:` steps copy.
    public var file: String?
}

/// A deploy target reached over SSH.
public struct Host: Sendable, Hashable {
    public var name: String
    public var address: String
    public var port: Int
    public var user: String?
    public var location: SourceLocation
}

/// A named, ordered list of hosts.
public struct HostGroup: Sendable, Hashable {
    public var name: String
    public var members: [String]
    public var location: SourceLocation
}

/// `ssh:` — connection settings shared by every host.
public struct SSHSettings: Sendable, Hashable {
    public var identity: String?
    public var knownHosts: String?
    /// Seconds; default 10.
    public var connectTimeout: Double
    /// Seconds a single remote command may run; nil = no limit.
    public var commandTimeout: Double?
    /// Hosts at once within a batch; default 10.
    public var parallel: Int
}

/// `migrations:` — where migration files live in the artifact's commit.
public struct MigrationSettings: Sendable, Hashable {
    public var path: String
    /// `out_of_order: allow` lets a new file sort before an applied one.
    public var allowOutOfOrder: Bool
}
