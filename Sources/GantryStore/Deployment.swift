import Foundation
internal import GRDB

/// Why a deployment ran.
public enum DeploymentKind: String, Sendable, Codable, CaseIterable {
    case deploy, promote, rollback
    /// Only `file:` steps for the artifact already running: it does not change what runs where.
    case configOnly = "config-only"
}

/// Where a deployment is in its life.
///
/// `failed` (a step failed), `errored` (infrastructure) and `aborted` (a person stopped it) are
/// kept apart; `interrupted` means its process vanished and another run took over its lock.
public enum DeploymentStatus: String, Sendable, Codable, CaseIterable {
    case pending, running, succeeded, failed, errored, aborted, interrupted

    /// Whether the deployment has ended.
    public var isFinished: Bool { self != .pending && self != .running }
}

/// What started a deployment.
///
/// `webhook`: a push a Git host posted to `gantry serve`; `recovered`: a push `gantry serve`
/// found by reading the remote's heads (reconcile) because no delivery brought it.
public enum DeploymentTrigger: String, Sendable, Codable, CaseIterable {
    case cli, hook, schedule, webhook, recovered
}

/// One run of a pipeline's steps against one environment.
public struct Deployment: Sendable, Equatable, Codable, Identifiable {
    /// The number users see (`gantry logs ID`).
    public var id: Int64
    public var pipeline: String
    public var environment: String
    public var artifactTag: String
    public var digest: String?
    public var commit: String
    public var kind: DeploymentKind
    public var status: DeploymentStatus
    public var actor: String
    public var startedAt: Date
    public var finishedAt: Date?
    /// What ran in the environment before (for `${previous.tag}` and rollback steps).
    public var previousTag: String?
    /// The break-glass reason given with `--override-window`.
    public var overrideReason: String?
    public var trigger: DeploymentTrigger
    /// A one-line summary of how it ended.
    public var message: String?
    /// The hosts it was limited to; nil when it ran on every host of the environment. A partial
    /// deployment never counts as "succeeded in E": not for the path gate, not for what runs there.
    public var hosts: [String]?

    /// While it runs: the step it is at, e.g. `migrate on prod-1`.
    public var step: String?

    /// True when it was limited to some hosts.
    public var isPartial: Bool { hosts != nil }

    /// Builds a deployment value, e.g. for an in-memory twin of the store in engine tests.
    public init(id: Int64, pipeline: String, environment: String, artifactTag: String, digest: String? = nil,
                commit: String, kind: DeploymentKind, status: DeploymentStatus, actor: String, startedAt: Date,
                finishedAt: Date? = nil, previousTag: String? = nil, overrideReason: String? = nil,
                trigger: DeploymentTrigger = .cli, message: String? = nil, hosts: [String]? = nil) {
        self.id = id
        self.pipeline = pipeline
        self.environment = environment
        self.artifactTag = artifactTag
        self.digest = digest
        self.commit = commit
        self.kind = kind
        self.status = status
        self.actor = actor
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.previousTag = previousTag
        self.overrideReason = overrideReason
        self.trigger = trigger
        self.message = message
        self.hosts = hosts
    }

    init(row: Row) throws {
        id = row["id"]
        pipeline = row["pipeline"]
        environment = row["environment"]
        artifactTag = row["artifact_tag"]
        digest = row["digest"]
        commit = row["commit_sha"]
        kind = try row.decode("kind")
        status = try row.decode("status")
        actor = row["actor"]
        startedAt = row["started_at"]
        finishedAt = row["finished_at"]
        previousTag = row["previous_tag"]
        overrideReason = row["override_reason"]
        trigger = try row.decode("trigger")
        message = row["message"]
        hosts = (row["hosts"] as String?).map(StoredList.decode)
        step = row["step"]
    }
}

/// The fields of a deployment about to start; the store assigns its id.
public struct NewDeployment: Sendable, Equatable {
    public var pipeline: String
    public var environment: String
    public var artifactTag: String
    public var digest: String?
    public var commit: String
    public var kind: DeploymentKind
    public var status: DeploymentStatus
    public var actor: String
    public var startedAt: Date
    public var previousTag: String?
    public var overrideReason: String?
    public var trigger: DeploymentTrigger
    /// The hosts it is limited to; nil for every host.
    public var hosts: [String]?

    public init(pipeline: String, environment: String, artifactTag: String, digest: String? = nil, commit: String,
                kind: DeploymentKind, status: DeploymentStatus = .pending, actor: String, startedAt: Date,
                previousTag: String? = nil, overrideReason: String? = nil, trigger: DeploymentTrigger = .cli,
                hosts: [String]? = nil) {
        self.pipeline = pipeline
        self.environment = environment
        self.artifactTag = artifactTag
        self.digest = digest
        self.commit = commit
        self.kind = kind
        self.status = status
        self.actor = actor
        self.startedAt = startedAt
        self.previousTag = previousTag
        self.overrideReason = overrideReason
        self.trigger = trigger
        self.hosts = hosts
    }
}
