import Foundation
internal import GRDB

extension StateStore {
    /// Claims a slot: inserts its row, unless another scheduler already did.
    ///
    /// The insert is the claim. Two schedulers serving one store both see a due slot; the unique
    /// constraint on (pipeline, environment, schedule, slot) lets exactly one insert succeed, and
    /// only that one runs anything. The schedule's `last_fired_slot` moves forward in the same
    /// transaction, so the next pass counts missed slots from there.
    /// - Returns: The claimed slot, or nil when it was claimed already.
    public func claimSlot(_ claim: SlotClaim) throws -> ScheduleSlot? {
        try write("claiming slot \(StoreTime.display(claim.slot)) of \(claim.pipeline)/\(claim.environment)") { db in
            try db.execute(sql: """
                INSERT INTO schedule_slot (pipeline, environment, schedule, schedule_id, slot, claimed_at, claimed_by,
                                           state, reason, missed_from, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (pipeline, environment, schedule, slot) DO NOTHING
                """, arguments: [claim.pipeline, claim.environment, claim.schedule, claim.scheduleID, claim.slot,
                                 claim.now, claim.claimedBy, claim.state.rawValue, claim.reason, claim.missedFrom,
                                 claim.state.isFinal ? claim.now : nil])
            guard db.changesCount == 1 else { return nil }
            let id = db.lastInsertedRowID
            if let scheduleID = claim.scheduleID {
                try db.execute(sql: """
                    UPDATE schedule SET last_fired_slot = ?1
                    WHERE id = ?2 AND (last_fired_slot IS NULL OR last_fired_slot < ?1)
                    """, arguments: [claim.slot, scheduleID])
            }
            return try Self.fetchSlot(db, id: id)
        }
    }

    /// Records how a claimed slot ended, or that it waits for the window (`deferred`).
    @discardableResult
    public func finishSlot(id: Int64, _ outcome: SlotOutcome, now: Date, audit: AuditEntry? = nil) throws -> ScheduleSlot {
        try write("recording the outcome of slot #\(id)", audit: audit) { db in
            try db.execute(sql: """
                UPDATE schedule_slot SET state = ?, artifact_tag = COALESCE(?, artifact_tag), gate = ?, reason = ?,
                    run_after = ?, deployment_id = COALESCE(?, deployment_id), finished_at = ?
                WHERE id = ?
                """, arguments: [outcome.state.rawValue, outcome.artifactTag, outcome.gate, outcome.reason,
                                 outcome.runAfter, outcome.deploymentID, outcome.state.isFinal ? now : nil, id])
            return try Self.fetchSlot(db, id: id)
        }
    }

    /// Deferred slots whose window opening has come.
    public func dueDeferredSlots(now: Date) throws -> [ScheduleSlot] {
        try read("reading deferred slots") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM schedule_slot WHERE state = 'deferred' AND run_after <= ? ORDER BY run_after, id
                """, arguments: [now]).map(ScheduleSlot.init(row:))
        }
    }

    /// The earliest opening a deferred slot waits for, for a scheduler deciding how long to sleep.
    public func nextDeferredRun() throws -> Date? {
        try read("reading deferred slots") { db in
            try Date.fetchOne(db, sql: "SELECT MIN(run_after) FROM schedule_slot WHERE state = 'deferred'")
        }
    }

    /// Takes a deferred slot to run it: true for exactly one of several schedulers.
    ///
    /// The slot was claimed when it fired; this conditional update hands its deferred run to one
    /// scheduler the same way.
    public func startDeferredSlot(id: Int64, claimedBy: String, now: Date) throws -> Bool {
        try write("starting deferred slot #\(id)") { db in
            try db.execute(sql: """
                UPDATE schedule_slot SET state = 'running', was_deferred = 1, claimed_by = ?, claimed_at = ?
                WHERE id = ? AND state = 'deferred'
                """, arguments: [claimedBy, now, id])
            return db.changesCount == 1
        }
    }

    /// The deferred slot waiting for a schedule, if any (at most one waits per schedule).
    public func pendingDeferredSlot(pipeline: String, environment: String, schedule: String) throws -> ScheduleSlot? {
        try read("reading deferred slots") { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM schedule_slot WHERE pipeline = ? AND environment = ? AND schedule = ? AND state = 'deferred'
                ORDER BY id DESC LIMIT 1
                """, arguments: [pipeline, environment, schedule]).map(ScheduleSlot.init(row:))
        }
    }

    /// Claimed slots, newest first, of one pipeline or all.
    public func scheduleSlots(pipeline: String? = nil, limit: Int = 50) throws -> [ScheduleSlot] {
        try read("reading schedule history") { db in
            let rows = try pipeline.map {
                try Row.fetchAll(db, sql: "SELECT * FROM schedule_slot WHERE pipeline = ? ORDER BY id DESC LIMIT ?",
                                 arguments: [$0, limit])
            } ?? Row.fetchAll(db, sql: "SELECT * FROM schedule_slot ORDER BY id DESC LIMIT ?", arguments: [limit])
            return try rows.map(ScheduleSlot.init(row:))
        }
    }

    /// The latest slot of each schedule (by its identity), for `schedule list`.
    public func latestSlots() throws -> [ScheduleSlot] {
        try read("reading schedule history") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM schedule_slot WHERE id IN
                    (SELECT MAX(id) FROM schedule_slot GROUP BY pipeline, environment, schedule)
                """).map(ScheduleSlot.init(row:))
        }
    }

    static func fetchSlot(_ db: Database, id: Int64) throws -> ScheduleSlot {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM schedule_slot WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound("schedule slot #\(id)")
        }
        return try ScheduleSlot(row: row)
    }
}
