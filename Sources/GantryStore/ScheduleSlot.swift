import Foundation
internal import GRDB

/// Where a fired slot of a schedule is.
public enum ScheduleSlotState: String, Sendable, Codable, CaseIterable {
    /// Claimed; its promotion runs now (or its scheduler stopped before recording the outcome).
    case running
    case succeeded, failed, errored, aborted
    /// A gate refused it; `gate` and `reason` say which and why.
    case blocked
    /// The window was closed and the schedule says `defer`: it runs at `runAfter`.
    case deferred
    /// Missed while no scheduler ran, with `missed: skip`.
    case missed
    /// Not run for another reason (`reason`): a deferred run already waiting, the environment gone.
    case skipped

    /// Whether the slot has reached its outcome.
    public var isFinal: Bool { self != .running && self != .deferred }
}

/// One slot of a schedule that a scheduler claimed, and what came of it.
public struct ScheduleSlot: Sendable, Equatable, Codable, Identifiable {
    public var id: Int64
    public var pipeline: String
    public var environment: String
    /// The schedule's identity: `cron <expression>`, `once #<id>` or `request #<id>`.
    public var schedule: String
    /// The stored schedule, while it exists.
    public var scheduleID: Int64?
    /// The slot's instant.
    public var slot: Date
    public var claimedAt: Date
    /// `user@host pid N` of the scheduler that claimed it.
    public var claimedBy: String
    public var state: ScheduleSlotState
    public var artifactTag: String?
    public var gate: String?
    public var reason: String?
    /// For a deferred slot: the window opening it waits for.
    public var runAfter: Date?
    /// Whether it ran as a deferred run.
    public var wasDeferred: Bool
    /// The earliest of the slots folded into this one because they were missed.
    public var missedFrom: Date?
    public var deploymentID: Int64?
    public var finishedAt: Date?

    init(row: Row) throws {
        id = row["id"]
        pipeline = row["pipeline"]
        environment = row["environment"]
        schedule = row["schedule"]
        scheduleID = row["schedule_id"]
        slot = row["slot"]
        claimedAt = row["claimed_at"]
        claimedBy = row["claimed_by"]
        state = try row.decode("state")
        artifactTag = row["artifact_tag"]
        gate = row["gate"]
        reason = row["reason"]
        runAfter = row["run_after"]
        wasDeferred = row["was_deferred"]
        missedFrom = row["missed_from"]
        deploymentID = row["deployment_id"]
        finishedAt = row["finished_at"]
    }
}

/// A slot a scheduler wants to claim.
public struct SlotClaim: Sendable, Equatable {
    public var pipeline: String
    public var environment: String
    public var schedule: String
    public var scheduleID: Int64?
    public var slot: Date
    public var claimedBy: String
    public var now: Date
    /// `running` when the promotion starts now; `missed` or `skipped` when the claim only records.
    public var state: ScheduleSlotState
    public var reason: String?
    public var missedFrom: Date?

    public init(pipeline: String, environment: String, schedule: String, scheduleID: Int64?, slot: Date,
                claimedBy: String, now: Date, state: ScheduleSlotState = .running, reason: String? = nil,
                missedFrom: Date? = nil) {
        self.pipeline = pipeline
        self.environment = environment
        self.schedule = schedule
        self.scheduleID = scheduleID
        self.slot = slot
        self.claimedBy = claimedBy
        self.now = now
        self.state = state
        self.reason = reason
        self.missedFrom = missedFrom
    }
}

/// How a claimed slot ended (or that it waits for the window).
public struct SlotOutcome: Sendable, Equatable {
    public var state: ScheduleSlotState
    public var artifactTag: String?
    public var gate: String?
    public var reason: String?
    public var runAfter: Date?
    public var deploymentID: Int64?

    public init(state: ScheduleSlotState, artifactTag: String? = nil, gate: String? = nil, reason: String? = nil,
                runAfter: Date? = nil, deploymentID: Int64? = nil) {
        self.state = state
        self.artifactTag = artifactTag
        self.gate = gate
        self.reason = reason
        self.runAfter = runAfter
        self.deploymentID = deploymentID
    }
}
