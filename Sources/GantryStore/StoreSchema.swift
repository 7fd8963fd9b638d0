import Foundation
internal import GRDB

/// The store's schema, as named, append-only migrations.
///
/// A shipped migration is never edited: a change is a new migration appended to the list. The
/// names are what a store records as applied, so an unknown name in a store means a newer Gantry.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-01 artifacts and deployments", migrate: artifactsAndDeployments)
        migrator.registerMigration("2026-11-01 step results", migrate: stepResults)
        migrator.registerMigration("2026-11-01 promotion requests and approvals", migrate: requests)
        migrator.registerMigration("2026-11-01 environment locks", migrate: locks)
        migrator.registerMigration("2026-11-01 schedules", migrate: schedules)
        migrator.registerMigration("2026-11-01 audit log", migrate: audit)
        migrator.registerMigration("2026-12-06 rollback index", migrate: rollbackIndex)
        migrator.registerMigration("2026-12-06 partial deployments and the running step", migrate: partialDeployments)
        migrator.registerMigration("2026-12-06 migration ledger, parity receipts and fact history", migrate: parity)
        migrator.registerMigration("2026-12-06 schedule slots", migrate: scheduleSlots)
        migrator.registerMigration("2026-12-06 notification outbox", migrate: notificationOutbox)
        migrator.registerMigration("2026-12-06 webhook and recovered triggers", migrate: webhookTriggers)
        migrator.registerMigration("2026-12-06 webhook deliveries and remote heads", migrate: webhookDeliveries)
        return migrator
    }

    /// Refuses stores from a newer Gantry, then applies what is missing.
    static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = migrator
        do {
            let applied = try pool.read { db -> Set<String> in
                guard try db.tableExists("grdb_migrations") else { return [] }
                return try migrator.appliedIdentifiers(db)
            }
            let unknown = applied.subtracting(migrator.migrations).sorted()
            if !unknown.isEmpty {
                throw StoreError.writtenByNewerGantry(path: path, unknownMigrations: unknown)
            }
            // Most opens find the schema current: skip the migrator's write barrier then.
            if !Set(migrator.migrations).isSubset(of: applied) {
                try migrator.migrate(pool)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable(path: path, reason: StateStore.describe(error))
        }
    }

    private static func artifactsAndDeployments(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE artifact (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                pipeline TEXT NOT NULL,
                tag TEXT NOT NULL,
                commit_sha TEXT NOT NULL,
                digest TEXT,
                file_path TEXT,
                built_by TEXT NOT NULL,
                built_at DATETIME NOT NULL,
                UNIQUE (pipeline, tag)
            );
            CREATE INDEX artifact_commit ON artifact (pipeline, commit_sha);
            CREATE TABLE deployment (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                pipeline TEXT NOT NULL,
                environment TEXT NOT NULL,
                artifact_tag TEXT NOT NULL,
                digest TEXT,
                commit_sha TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('deploy','promote','rollback','config-only')),
                status TEXT NOT NULL CHECK (status IN
                    ('pending','running','succeeded','failed','errored','aborted','interrupted')),
                actor TEXT NOT NULL,
                started_at DATETIME NOT NULL,
                finished_at DATETIME,
                previous_tag TEXT,
                override_reason TEXT,
                trigger TEXT NOT NULL CHECK (trigger IN ('cli','hook','schedule')),
                message TEXT
            );
            -- history: latest N of a pipeline, optionally one environment (ids grow with time)
            CREATE INDEX deployment_history ON deployment (pipeline, environment, id);
            CREATE INDEX deployment_pipeline_history ON deployment (pipeline, id);
            -- what runs where: the latest success that changed the artifact
            CREATE INDEX deployment_success ON deployment (pipeline, environment, id)
                WHERE status = 'succeeded' AND kind <> 'config-only';
            CREATE INDEX deployment_success_tag ON deployment (pipeline, environment, artifact_tag)
                WHERE status = 'succeeded' AND kind <> 'config-only';
            -- running deployments for status, kept tiny by the partial condition
            CREATE INDEX deployment_active ON deployment (pipeline, environment)
                WHERE status IN ('pending','running');
            """)
    }

    private static func stepResults(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE step_result (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                deployment_id INTEGER NOT NULL REFERENCES deployment(id) ON DELETE CASCADE,
                host TEXT NOT NULL,
                step TEXT NOT NULL,
                attempt INTEGER NOT NULL,
                exit_status INTEGER,
                started_at DATETIME NOT NULL,
                finished_at DATETIME NOT NULL,
                outcome TEXT NOT NULL,
                output TEXT NOT NULL
            );
            CREATE INDEX step_result_deployment ON step_result (deployment_id, id);
            """)
    }

    private static func requests(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE promotion_request (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                pipeline TEXT NOT NULL,
                environment TEXT NOT NULL,
                artifact_tag TEXT NOT NULL,
                digest TEXT,
                requester TEXT NOT NULL,
                created_at DATETIME NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('open','approved','rejected','executed')),
                closed_by TEXT,
                closed_at DATETIME,
                comment TEXT,
                deployment_id INTEGER REFERENCES deployment(id)
            );
            -- one live request per (pipeline, environment, artifact)
            CREATE UNIQUE INDEX promotion_request_live
                ON promotion_request (pipeline, environment, artifact_tag)
                WHERE state IN ('open','approved');
            CREATE INDEX promotion_request_by_state ON promotion_request (state, pipeline);
            CREATE TABLE approval (
                request_id INTEGER NOT NULL REFERENCES promotion_request(id) ON DELETE CASCADE,
                approver TEXT NOT NULL,
                approved_at DATETIME NOT NULL,
                comment TEXT,
                PRIMARY KEY (request_id, approver)
            );
            """)
    }

    private static func locks(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE environment_lock (
                pipeline TEXT NOT NULL,
                environment TEXT NOT NULL,
                deployment_id INTEGER NOT NULL,
                pid INTEGER NOT NULL,
                hostname TEXT NOT NULL,
                actor TEXT NOT NULL,
                acquired_at DATETIME NOT NULL,
                heartbeat_at DATETIME NOT NULL,
                PRIMARY KEY (pipeline, environment)
            );
            """)
    }

    private static func schedules(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE schedule (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                pipeline TEXT NOT NULL,
                environment TEXT NOT NULL,
                cron TEXT,
                run_at DATETIME,
                artifact_tag TEXT,
                created_by TEXT NOT NULL,
                created_at DATETIME NOT NULL,
                last_fired_slot DATETIME,
                CHECK ((cron IS NULL) <> (run_at IS NULL))
            );
            CREATE UNIQUE INDEX schedule_cron ON schedule (pipeline, environment, cron) WHERE cron IS NOT NULL;
            CREATE TABLE schedule_run (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                schedule_id INTEGER NOT NULL REFERENCES schedule(id) ON DELETE CASCADE,
                slot DATETIME NOT NULL,
                ran_at DATETIME NOT NULL,
                outcome TEXT NOT NULL,
                gate TEXT,
                reason TEXT,
                deployment_id INTEGER
            );
            CREATE INDEX schedule_run_by_schedule ON schedule_run (schedule_id, id);
            """)
    }

    private static func audit(_ db: Database) throws {
        // `at` is text we format ourselves: it is hashed, so it must round-trip byte for byte.
        try db.execute(sql: """
            CREATE TABLE audit_event (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                pipeline TEXT,
                environment TEXT,
                artifact TEXT,
                outcome TEXT NOT NULL,
                details TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE INDEX audit_event_pipeline ON audit_event (pipeline, environment, id);
            """)
    }

    /// The path gate asks for the first successful rollback of an environment after a given
    /// deployment; rollbacks are rare, so a partial index over them keeps that a seek.
    private static func rollbackIndex(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX deployment_rollback ON deployment (pipeline, environment, id)
                WHERE status = 'succeeded' AND kind = 'rollback';
            """)
    }

    /// `hosts`: the hosts a deployment was limited to (`--hosts`, or the reachable ones with
    /// `--skip-unreachable`), as a JSON array; NULL for a deployment to every host.
    /// `step`: the step a running deployment is at (`migrate on prod-1`), for `gantry status`.
    private static func partialDeployments(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE deployment ADD COLUMN hosts TEXT;
            ALTER TABLE deployment ADD COLUMN step TEXT;
            """)
    }

    private static func parity(_ db: Database) throws {
        try db.execute(sql: """
            -- which migration files ran in an environment: first application wins, never rewritten
            CREATE TABLE migration_ledger (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                pipeline TEXT NOT NULL,
                environment TEXT NOT NULL,
                name TEXT NOT NULL,
                checksum TEXT NOT NULL,
                artifact_tag TEXT NOT NULL,
                deployment_id INTEGER NOT NULL,
                applied_by TEXT NOT NULL,
                applied_at DATETIME NOT NULL,
                UNIQUE (pipeline, environment, name)
            );
            -- what an environment looked like when an artifact succeeded there (facts, keys, ledger)
            CREATE TABLE parity_receipt (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                pipeline TEXT NOT NULL,
                environment TEXT NOT NULL,
                artifact_tag TEXT NOT NULL,
                deployment_id INTEGER NOT NULL,
                recorded_at DATETIME NOT NULL,
                snapshot TEXT NOT NULL
            );
            CREATE INDEX parity_receipt_artifact ON parity_receipt (pipeline, environment, artifact_tag, id);
            -- every fact read by parity, verify and receipts: when a fact changed, and where
            CREATE TABLE fact_observation (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                pipeline TEXT NOT NULL,
                environment TEXT NOT NULL,
                host TEXT NOT NULL,
                fact TEXT NOT NULL,
                digest TEXT NOT NULL,
                output TEXT NOT NULL,
                exit_status INTEGER,
                source TEXT NOT NULL CHECK (source IN ('parity','verify','receipt')),
                observed_at DATETIME NOT NULL
            );
            CREATE INDEX fact_observation_history ON fact_observation (pipeline, environment, observed_at);
            """)
    }

    /// Schedule options, and one row per fired slot whose insert is the claim.
    ///
    /// `schedule_slot` is both the claim and the history: a scheduler inserts the row for
    /// (pipeline, environment, schedule, slot) before anything runs, and the unique constraint
    /// lets exactly one of several schedulers serving a store succeed; the row then records the
    /// outcome. It replaces `schedule_run`, which nothing ever wrote (the scheduler did not exist).
    private static func scheduleSlots(_ db: Database) throws {
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

    /// Notifications waiting to be sent, and what became of each.
    ///
    /// A row is written in the same transaction as the record of what it is about (its audit
    /// event, or a deployment's move to running), so a notification exists exactly when its
    /// event does. Rows are sent one at a time per (stream, url), in id order: `stream` is
    /// 'pipeline/environment' (or 'test #<id>' for `gantry notify test`). A sender claims a row
    /// (claimed_by, claim_pid, claim_host, claim_expires_at) before it sends, and `delivery_key`
    /// goes with every attempt as the Idempotency-Key header, so a receiver can drop a repeat.
    private static func notificationOutbox(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE notification_outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                delivery_key TEXT NOT NULL UNIQUE,
                audit_event_id INTEGER REFERENCES audit_event(id),
                event TEXT NOT NULL,
                pipeline TEXT NOT NULL,
                environment TEXT NOT NULL,
                deployment_id INTEGER REFERENCES deployment(id),
                stream TEXT NOT NULL,
                -- the target as configured: vars rendered, secrets left as ${secrets.NAME}
                url TEXT NOT NULL,
                format TEXT NOT NULL CHECK (format IN ('slack','json')),
                -- the event document (secrets masked), without its id
                payload TEXT NOT NULL,
                created_at DATETIME NOT NULL,
                state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','delivered','failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at DATETIME NOT NULL,
                claimed_by TEXT,
                claim_pid INTEGER,
                claim_host TEXT,
                claim_expires_at DATETIME,
                last_status INTEGER,
                last_error TEXT,
                finished_at DATETIME
            );
            CREATE INDEX notification_outbox_pending ON notification_outbox (stream, url, id) WHERE state = 'pending';
            CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE state = 'pending';
            """)
    }
}
