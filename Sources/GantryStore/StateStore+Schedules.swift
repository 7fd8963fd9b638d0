import Foundation
internal import GRDB

extension StateStore {
    /// A pipeline schedule to register: (pipeline, environment, cron) is its identity.
    public struct PipelineScheduleKey: Sendable, Hashable {
        public var pipeline: String
        public var environment: String
        public var cron: String

        public init(pipeline: String, environment: String, cron: String) {
            self.pipeline = pipeline
            self.environment = environment
            self.cron = cron
        }
    }

    /// Adds a schedule; a recurring one already present for (pipeline, environment, cron) is returned as is.
    /// - Parameters:
    ///   - cron: A cron expression (validated by the caller), or nil for a one-off at `runAt`.
    ///   - runAt: The one-off instant, or nil for a recurring schedule.
    ///   - onClosedWindow: `skip` or `defer`.
    ///   - missed: `latest` or `skip`.
    /// - Throws: ``StoreError/invalid(_:)`` unless exactly one of `cron` and `runAt` is given.
    public func addSchedule(pipeline: String, environment: String, cron: String?, runAt: Date?, artifactTag: String?,
                            onClosedWindow: String = "skip", missed: String = "latest",
                            createdBy: String, now: Date, audit: AuditEntry? = nil) throws -> ScheduleRecord {
        guard (cron == nil) != (runAt == nil) else {
            throw StoreError.invalid("a schedule needs either a cron expression or a one-off time, not both or neither")
        }
        return try write("adding a schedule for \(pipeline)/\(environment)", audit: audit) { db in
            if let cron, let existing = try Row.fetchOne(db, sql: """
                SELECT \(ScheduleRecord.columns) FROM schedule WHERE pipeline = ? AND environment = ? AND cron = ?
                """, arguments: [pipeline, environment, cron]) {
                return ScheduleRecord(row: existing)
            }
            try db.execute(sql: """
                INSERT INTO schedule (pipeline, environment, cron, run_at, artifact_tag, on_closed_window, missed,
                                      created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [pipeline, environment, cron, runAt, artifactTag, onClosedWindow, missed, createdBy, now])
            return try Self.fetchSchedule(db, id: db.lastInsertedRowID)
        }
    }

    /// Registers pipeline schedules not yet stored and removes `retired` ones, in one transaction.
    ///
    /// Concurrent schedulers may both register the same schedule: the unique index keeps one
    /// row and the loser's insert is ignored. A retired schedule's slot history stays.
    /// - Returns: Every pipeline schedule stored afterwards.
    @discardableResult
    public func syncPipelineSchedules(register: [PipelineScheduleKey], retire: [Int64], createdBy: String, now: Date,
                                      audit: AuditEntry? = nil) throws -> [ScheduleRecord] {
        try write("registering pipeline schedules", audit: audit) { db in
            for key in register {
                try db.execute(sql: """
                    INSERT INTO schedule (pipeline, environment, cron, created_by, created_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (pipeline, environment, cron) WHERE cron IS NOT NULL DO NOTHING
                    """, arguments: [key.pipeline, key.environment, key.cron, createdBy, now])
            }
            for id in retire {
                try db.execute(sql: "DELETE FROM schedule WHERE id = ? AND cron IS NOT NULL", arguments: [id])
            }
            return try Row.fetchAll(db, sql: "SELECT \(ScheduleRecord.columns) FROM schedule WHERE cron IS NOT NULL ORDER BY id")
                .map(ScheduleRecord.init(row:))
        }
    }

    /// Schedules, of one pipeline or all, in the order they were added.
    public func schedules(pipeline: String? = nil) throws -> [ScheduleRecord] {
        try read("reading schedules") { db in
            try Row.fetchAll(db, sql: "SELECT \(ScheduleRecord.columns) FROM schedule WHERE (?1 IS NULL OR pipeline = ?1) ORDER BY id",
                             arguments: [pipeline]).map(ScheduleRecord.init(row:))
        }
    }

    /// The pipeline (cron) schedules, and the one-off schedules due at `now` that have not fired.
    ///
    /// This is what a scheduler pass reads: one-off schedules still ahead are left in the
    /// database (an index finds the due ones), so thousands of future one-offs cost nothing.
    public func schedulesToCheck(now: Date) throws -> [ScheduleRecord] {
        try read("reading schedules") { db in
            // Rows are read from the statement as they come (a cursor), not copied first: a pass reads them all.
            try Array(Row.fetchCursor(db, sql: """
                SELECT \(ScheduleRecord.columns) FROM schedule WHERE cron IS NOT NULL
                UNION ALL
                SELECT \(ScheduleRecord.columns) FROM schedule WHERE run_at IS NOT NULL AND last_fired_slot IS NULL AND run_at <= ?
                ORDER BY id
                """, arguments: [now]).map(ScheduleRecord.init(row:)))
        }
    }

    /// The earliest one-off time after `now` that has not fired, for a scheduler deciding how long to sleep.
    public func nextOneOff(after now: Date) throws -> Date? {
        try read("reading schedules") { db in
            try Date.fetchOne(db, sql: """
                SELECT MIN(run_at) FROM schedule WHERE run_at IS NOT NULL AND last_fired_slot IS NULL AND run_at > ?
                """, arguments: [now])
        }
    }

    /// One schedule by id.
    public func schedule(id: Int64) throws -> ScheduleRecord? {
        try read("reading schedule #\(id)") { db in
            try Row.fetchOne(db, sql: "SELECT \(ScheduleRecord.columns) FROM schedule WHERE id = ?", arguments: [id]).map(ScheduleRecord.init(row:))
        }
    }

    /// Removes a schedule; its slot history stays.
    /// - Throws: ``StoreError/notFound(_:)`` when there is no such schedule.
    public func removeSchedule(id: Int64, audit: AuditEntry? = nil) throws {
        try write("removing schedule #\(id)", audit: audit) { db in
            try db.execute(sql: "DELETE FROM schedule WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else { throw StoreError.notFound("schedule #\(id)") }
        }
    }

    static func fetchSchedule(_ db: Database, id: Int64) throws -> ScheduleRecord {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(ScheduleRecord.columns) FROM schedule WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound("schedule #\(id)")
        }
        return ScheduleRecord(row: row)
    }
}
