import Foundation

/// What happened to one attempt, or in the end to one step, on one host.
public struct StepOutcome: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case succeeded, failed, timedOut = "timed-out", skipped, errored
        /// A signal stopped it.
        case interrupted
    }

    public var host: String
    public var step: String
    /// True for the `rollback:` steps run after a halt.
    public var rollback: Bool
    public var status: Status
    /// The attempt this outcome is about (1-based); 0 when the step did not run (skipped by `run_once`).
    public var attempt: Int
    /// Attempts allowed (1 + retries).
    public var attempts: Int
    public var exitStatus: Int32?
    /// Why it failed, errored or was skipped, for people.
    public var note: String?
    public var startedAt: Date
    public var finishedAt: Date

    public init(host: String, step: String, rollback: Bool = false, status: Status, attempt: Int, attempts: Int,
                exitStatus: Int32? = nil, note: String? = nil, startedAt: Date, finishedAt: Date) {
        self.host = host
        self.step = step
        self.rollback = rollback
        self.status = status
        self.attempt = attempt
        self.attempts = attempts
        self.exitStatus = exitStatus
        self.note = note
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// Whether the host may go on to its next step.
    public var passed: Bool { status == .succeeded || status == .skipped }

    /// The name under which it is recorded: `rollback: NAME` for rollback steps.
    public var recordedName: String { rollback ? "rollback: \(step)" : step }
}
