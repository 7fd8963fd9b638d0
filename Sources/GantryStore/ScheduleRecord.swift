import Foundation
internal import GRDB

/// A scheduled promotion: recurring (`cron`) or one-off (`runAt`), never both.
public struct Schedule: Sendable, Equatable, Codable, Identifiable {
    public var id: Int64
    public var pipeline: String
    public var environment: String
    /// A 5-field cron expression, evaluated in the environment's window time zone.
    public var cron: String?
    /// The instant of a one-off schedule.
    public var runAt: Date?
    /// The artifact to promote; nil means "what `from` runs when it fires".
    public var artifactTag: String?
    public var createdBy: String
    public var createdAt: Date
    /// The last slot that fired; missed slots since then fire once.
    public var lastFiredSlot: Date?

    init(row: Row) {
        id = row["id"]
        pipeline = row["pipeline"]
        environment = row["environment"]
        cron = row["cron"]
        runAt = row["run_at"]
        artifactTag = row["artifact_tag"]
        createdBy = row["created_by"]
        createdAt = row["created_at"]
        lastFiredSlot = row["last_fired_slot"]
    }
}

/// One firing of a schedule and what came of it.
public struct ScheduleRun: Sendable, Equatable, Codable {
    public var scheduleID: Int64
    /// The slot that fired.
    public var slot: Date
    public var ranAt: Date
    /// `deployed`, `blocked`, `failed`…
    public var outcome: String
    /// The gate that blocked it, if one did.
    public var gate: String?
    public var reason: String?
    public var deploymentID: Int64?

    public init(scheduleID: Int64, slot: Date, ranAt: Date, outcome: String, gate: String? = nil,
                reason: String? = nil, deploymentID: Int64? = nil) {
        self.scheduleID = scheduleID
        self.slot = slot
        self.ranAt = ranAt
        self.outcome = outcome
        self.gate = gate
        self.reason = reason
        self.deploymentID = deploymentID
    }

    init(row: Row) {
        self.init(scheduleID: row["schedule_id"], slot: row["slot"], ranAt: row["ran_at"], outcome: row["outcome"],
                  gate: row["gate"], reason: row["reason"], deploymentID: row["deployment_id"])
    }
}
