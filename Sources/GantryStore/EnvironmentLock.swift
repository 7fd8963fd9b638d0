import Foundation
internal import GRDB

/// Who holds an environment's deployment lock.
public struct EnvironmentLock: Sendable, Equatable, Codable {
    public var pipeline: String
    public var environment: String
    public var deploymentID: Int64
    public var pid: Int32
    public var hostname: String
    public var actor: String
    public var acquiredAt: Date
    /// Renewed every ``LockPolicy/heartbeatInterval`` while the holder lives.
    public var heartbeatAt: Date

    public init(pipeline: String, environment: String, deploymentID: Int64, pid: Int32, hostname: String,
                actor: String, acquiredAt: Date, heartbeatAt: Date) {
        self.pipeline = pipeline
        self.environment = environment
        self.deploymentID = deploymentID
        self.pid = pid
        self.hostname = hostname
        self.actor = actor
        self.acquiredAt = acquiredAt
        self.heartbeatAt = heartbeatAt
    }

    init(row: Row) {
        self.init(pipeline: row["pipeline"], environment: row["environment"], deploymentID: row["deployment_id"],
                  pid: row["pid"], hostname: row["hostname"], actor: row["actor"], acquiredAt: row["acquired_at"],
                  heartbeatAt: row["heartbeat_at"])
    }
}

/// The timing rules of environment locks.
public enum LockPolicy {
    /// How often a holder renews its heartbeat.
    public static let heartbeatInterval: TimeInterval = 5
    /// A heartbeat older than this means the holder is gone, wherever it ran.
    public static let staleAfter: TimeInterval = 30
    /// How often a waiting acquirer looks again.
    static let pollInterval: TimeInterval = 0.25

    /// Whether process `pid` still exists on this machine (`kill(pid, 0)`; only ESRCH means gone).
    @Sendable public static func processExists(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno != ESRCH
    }
}

/// The outcome of a successful ``StateStore/acquireLock(pipeline:environment:deployment:pid:host:actor:now:wait:isProcessAlive:takeoverAudit:)``.
public struct LockAcquisition: Sendable, Equatable {
    /// The lock now held.
    public var lock: EnvironmentLock
    /// The previous holder, when its lock was stale and taken over (its deployment is now `interrupted`).
    public var takenOverFrom: EnvironmentLock?
}
