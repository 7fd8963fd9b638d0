import Foundation
internal import GRDB

/// The migration of the scheduler: each slot claimed once, with its outcome.
extension StoreSchema {
    /// Schedule options, and one row per fired slot whose insert is the claim.
    ///
    /// `schedule_slot` is both the claim and the history: a scheduler inserts the row for
    /// (pipeline, environment, schedule, slot) before anything runs, and the unique constraint
    /// lets exactly one of several schedulers serving a store succeed; the row then records the
    /// outcome. It replaces `schedule_run`, which nothing ever wrote (the scheduler did not exist).
    static func scheduleSlots(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE schedule ADD COLUMN on_closed_window TEXT NOT NULL DEFAULT 'skip'
                CHECK (on_closed_window IN ('skip','defer'));
            ALTER TABLE schedule ADD COLUMN missed TEXT NOT NULL DEFAULT 'latest'
                CHECK (missed IN ('latest','skip'));
            CREATE INDEX schedule_one_off_due ON schedule (run_at) WHERE run_at IS NOT NULL AND last_fired_slot IS NULL;
            DROP TABLE schedule_run;
            CREATE TABLE schedule_slot (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                pipeline TEXT NOT NULL,
                environment TEXT NOT NULL,
                -- the schedule's identity: 'cron <expression>' (pipeline), 'once #<id>', 'request #<id>'
                schedule TEXT NOT NULL,
                schedule_id INTEGER REFERENCES schedule(id) ON DELETE SET NULL,
                -- the slot's instant, UTC
                slot DATETIME NOT NULL,
                claimed_at DATETIME NOT NULL,
                claimed_by TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN
                    ('running','succeeded','failed','errored','aborted','blocked','deferred','missed','skipped')),
                artifact_tag TEXT,
                gate TEXT,
                reason TEXT,
                -- deferred: the window opening the run waits for
                run_after DATETIME,
                -- 1 once the slot ran as a deferred run
                was_deferred INTEGER NOT NULL DEFAULT 0,
                -- the earliest slot folded into this one (missed while no scheduler ran)
                missed_from DATETIME,
                deployment_id INTEGER REFERENCES deployment(id),
                finished_at DATETIME,
                UNIQUE (pipeline, environment, schedule, slot)
            );
            CREATE INDEX schedule_slot_history ON schedule_slot (pipeline, id);
            CREATE INDEX schedule_slot_latest ON schedule_slot (pipeline, environment, schedule, id);
            CREATE INDEX schedule_slot_deferred ON schedule_slot (run_after) WHERE state = 'deferred';
            """)
    }
}
