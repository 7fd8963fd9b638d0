import Foundation
internal import GRDB

/// A stored schedule: a pipeline's cron entry (recurring) or a one-off time, never both.
///
/// Pipeline schedules are registered by the scheduler when it first sees them in a pipeline
/// file, so each has an id, a creation time (slots before it are not "missed") and the last
/// slot that fired. One-off schedules are added at the terminal.
public struct ScheduleRecord: Sendable, Equatable, Codable, Identifiable {
    public var id: Int64
    public var pipeline: String
    public var environment: String
    /// A 5-field cron expression, evaluated in the environment's window time zone.
    public var cron: String?
    /// The instant of a one-off schedule.
    public var runAt: Date?
    /// The artifact to promote; nil means "what `from` runs when it fires".
    public var artifactTag: String?
    /// `skip` or `defer` (one-off schedules; a pipeline schedule's comes from its file).
    public var onClosedWindow: String
    /// `latest` or `skip` (one-off schedules; a pipeline schedule's comes from its file).
    public var missed: String
    public var createdBy: String
    public var createdAt: Date
    /// The latest slot claimed; slots missed since then fire once.
    public var lastFiredSlot: Date?

    /// The schedule's identity in slot records: `cron <expression>` or `once #<id>`.
    public var key: String {
        cron.map { "cron \($0)" } ?? "once #\(id)"
    }

    init(row: Row) {
        id = row["id"]
        pipeline = row["pipeline"]
        environment = row["environment"]
        cron = row["cron"]
        runAt = row["run_at"]
        artifactTag = row["artifact_tag"]
        onClosedWindow = row["on_closed_window"]
        missed = row["missed"]
        createdBy = row["created_by"]
        createdAt = row["created_at"]
        lastFiredSlot = row["last_fired_slot"]
    }
}
