import Foundation
import GantryShell

/// One decision of a scheduler pass: a slot's outcome, or why something waits.
///
/// `scheduler run` logs one line per decision; `scheduler tick --json` prints them all.
public struct ScheduleDecision: Sendable, Encodable {
    public enum Kind: String, Sendable, Codable {
        // A slot's recorded outcome.
        case succeeded, failed, errored, aborted, blocked, deferred, missed, skipped
        /// Not recorded: another scheduler claimed the slot first.
        case claimedElsewhere = "claimed-elsewhere"
        /// Not recorded: an approved request or a one-off waits for its window, the lock or a fixed pipeline.
        case waiting
        /// Not recorded: a pipeline file does not validate, so its schedules cannot be served.
        case invalid
    }

    public var kind: Kind
    public var pipeline: String
    @NullEncoded public var environment: String?
    /// The schedule's identity: `cron <expression>`, `once #<id>` or `request #<id>`.
    @NullEncoded public var schedule: String?
    @NullEncoded public var slot: Date?
    @NullEncoded public var artifact: String?
    @NullEncoded public var gate: String?
    @NullEncoded public var deploymentId: Int64?
    /// For a deferred slot: when it runs.
    @NullEncoded public var runAfter: Date?
    /// One line for people.
    public var message: String
    /// How bad it is for the pass (nil for outcomes that are not errors, blocked included).
    @NullEncoded public var severity: Severity?

    /// Decisions that repeat every pass while nothing changes; a long-running scheduler shows each once.
    public var isNotice: Bool { kind == .waiting || kind == .claimedElsewhere || kind == .invalid }
}

/// What a scheduler pass did, and when something may next be due.
public struct SchedulerPassResult: Sendable {
    public var decisions: [ScheduleDecision]
    /// The earliest known instant after the pass at which a slot or a deferred run comes due.
    @NullEncoded public var nextDue: Date?
}
