import Foundation
internal import GRDB

extension StateStore {
    /// Adds a schedule; a recurring one already present for (pipeline, environment, cron) is returned as is.
    /// - Parameters:
    ///   - cron: A cron expression (validated by the caller), or nil for a one-off at `runAt`.
    ///   - runAt: The one-off instant, or nil for a recurring schedule.
    /// - Throws: ``StoreError/invalid(_:)`` unless exactly one of `cron` and `runAt` is given.
    public func addSchedule(pipeline: String, environment: String, cron: String?, runAt: Date?, artifactTag: String?,
                            createdBy: String, now: Date, audit: AuditEntry? = nil) throws -> Schedule {
        guard (cron == nil) != (runAt == nil) else {
            throw StoreError.invalid("a schedule needs either a cron expression or a one-off time, not both or neither")
        }
        return try write("adding a schedule for \(pipeline)/\(environment)", audit: audit) { db in
            if let cron, let existing = try Row.fetchOne(db, sql: """
                SELECT * FROM schedule WHERE pipeline = ? AND environment = ? AND cron = ?
                """, arguments: [pipeline, environment, cron]) {
                return Schedule(row: existing)
            }
            try db.execute(sql: """
                INSERT INTO schedule (pipeline, environment, cron, run_at, artifact_tag, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [pipeline, environment, cron, runAt, artifactTag, createdBy, now])
            return try Self.fetchSchedule(db, id: db.lastInsertedRowID)
        }
    }

    /// Schedules, of one pipeline or all, in the order they were added.
    public func schedules(pipeline: String? = nil) throws -> [Schedule] {
        try read("reading schedules") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM schedule WHERE (?1 IS NULL OR pipeline = ?1) ORDER BY id",
                             arguments: [pipeline]).map(Schedule.init(row:))
        }
    }

    /// Removes a schedule and its run history.
    /// - Throws: ``StoreError/notFound(_:)`` when there is no such schedule.
    public func removeSchedule(id: Int64, audit: AuditEntry? = nil) throws {
        try write("removing schedule #\(id)", audit: audit) { db in
            try db.execute(sql: "DELETE FROM schedule WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else { throw StoreError.notFound("schedule #\(id)") }
        }
    }

    /// Claims `slot` of a schedule for this scheduler: true for exactly one caller per slot.
    ///
    /// Two schedulers serving one store both see a due slot; the conditional update makes the
    /// second one's claim fail, so a slot never fires twice.
    public func claimScheduleSlot(id: Int64, slot: Date) throws -> Bool {
        try write("claiming a slot of schedule #\(id)") { db in
            try db.execute(sql: """
                UPDATE schedule SET last_fired_slot = ?1 WHERE id = ?2 AND (last_fired_slot IS NULL OR last_fired_slot < ?1)
                """, arguments: [slot, id])
            return db.changesCount == 1
        }
    }

    /// Records what a firing of a schedule did.
    public func appendScheduleRun(_ run: ScheduleRun, audit: AuditEntry? = nil) throws {
        try write("recording a run of schedule #\(run.scheduleID)", audit: audit) { db in
            try db.execute(sql: """
                INSERT INTO schedule_run (schedule_id, slot, ran_at, outcome, gate, reason, deployment_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run.scheduleID, run.slot, run.ranAt, run.outcome, run.gate, run.reason, run.deploymentID])
        }
    }

    /// The latest runs of a schedule, newest first.
    public func scheduleRuns(scheduleID: Int64, limit: Int = 20) throws -> [ScheduleRun] {
        try read("reading runs of schedule #\(scheduleID)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM schedule_run WHERE schedule_id = ? ORDER BY id DESC LIMIT ?",
                             arguments: [scheduleID, limit]).map(ScheduleRun.init(row:))
        }
    }

    static func fetchSchedule(_ db: Database, id: Int64) throws -> Schedule {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM schedule WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound("schedule #\(id)")
        }
        return Schedule(row: row)
    }
}
