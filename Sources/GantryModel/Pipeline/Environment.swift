import GantryGates

/// One deployment stage (development, staging, production …) and its gates.
public struct Environment: Sendable {
    public var name: String
    /// A push to this branch builds and deploys here.
    public var branch: String?
    /// A pushed tag matching this glob promotes here.
    public var tags: String?
    /// The environment an artifact must have succeeded in first; nil = an entry environment.
    public var from: String?
    /// Host or group names as written; see `Pipeline.hosts(of:)` for the expanded list.
    public var hostNames: [String]
    /// Environment vars; they override top-level vars.
    public var vars: [Variable]
    public var rollout: Rollout
    public var approval: ApprovalPolicy?
    public var windows: WindowPolicy?
    public var parity: EnvironmentParity?
    public var schedules: [Schedule]
    public var location: SourceLocation
    /// Notification targets of this environment; see ``Pipeline/notifyTargets(for:)``.
    public var notify: [NotifyTarget] = []
}

/// How many hosts change at once and what a failure does.
public struct Rollout: Sendable, Hashable {
    /// A batch size: a host count or a percentage of the environment's hosts.
    public enum Batch: Sendable, Hashable {
        case all
        case count(Int)
        case percent(Int)
    }

    public var batch: Batch
    /// Stop (and roll back the changed hosts) after a failed batch; default true.
    public var haltOnFailure: Bool

    public init(batch: Batch = .all, haltOnFailure: Bool = true) {
        self.batch = batch
        self.haltOnFailure = haltOnFailure
    }

    /// Splits `hosts` into batches in order; a percentage rounds up and is at least one host.
    public func batches<T>(of hosts: [T]) -> [[T]] {
        guard !hosts.isEmpty else { return [] }
        let size: Int
        switch batch {
        case .all: size = hosts.count
        case .count(let count): size = count
        case .percent(let percent): size = max(1, (hosts.count * percent + 99) / 100)
        }
        return stride(from: 0, to: hosts.count, by: max(size, 1)).map {
            Array(hosts[$0..<min($0 + max(size, 1), hosts.count)])
        }
    }
}

/// `environments.E.parity` — the environment compared before promotion.
public struct EnvironmentParity: Sendable, Hashable {
    public var with: String
    /// Undocumented drift blocks promotion (default false: reported only).
    public var block: Bool
}

/// One `schedule:` entry: promote from `from` when the cron fires.
///
/// A pipeline schedule is identified by (pipeline, environment, cron text).
public struct Schedule: Sendable {
    public var cron: CronExpression
    /// `on_closed_window` and `missed`.
    public var policy: SchedulePolicy
    public var location: SourceLocation
}
