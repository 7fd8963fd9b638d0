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
}
