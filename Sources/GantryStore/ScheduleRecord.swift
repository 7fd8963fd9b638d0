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
    public var key: String { Self.key(cron: cron, id: id) }

    /// The identity of a schedule in slot records, for a pipeline entry not registered yet too.
    public static func key(cron: String?, id: Int64?) -> String {
        cron.map { "cron \($0)" } ?? "once #\(id ?? 0)"
    }

    /// The columns ``init(row:)`` reads, in its order: `SELECT \(ScheduleRecord.columns) FROM schedule`.
    /// By position, not by name: a scheduler pass reads every schedule, and looking each column
    /// up by name was a tenth of a pass with 10,000 schedules.
    static let columns = "id, pipeline, environment, cron, run_at, artifact_tag, on_closed_window, missed, "
        + "created_by, created_at, last_fired_slot"

    init(row: Row) {
        id = row[0]
        pipeline = row[1]
        environment = row[2]
        cron = row[3]
        runAt = row[4]
        artifactTag = row[5]
        onClosedWindow = row[6]
        missed = row[7]
        createdBy = row[8]
        createdAt = row[9]
        lastFiredSlot = row[10]
    }
}
