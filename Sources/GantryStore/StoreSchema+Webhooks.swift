import Foundation
internal import GRDB

/// The migrations of `gantry serve`: two more deployment triggers, the delivery queue and the
/// remote heads Gantry has processed.
extension StoreSchema {
    /// `webhook` (a push a Git host posted) and `recovered` (a push reconcile found that no
    /// delivery brought) join the deployment triggers.
    ///
    /// SQLite cannot alter a CHECK constraint, so the table is rebuilt as SQLite documents it:
    /// create the new table, copy every row, drop the old one, rename, and recreate the old
    /// table's indexes. The new table and its indexes are made from the statements the store
    /// itself records for the old ones (`sqlite_master`), with only the trigger CHECK changed, so
    /// every column and every index added by earlier migrations comes back exactly as it was. The
    /// migrator runs this with foreign keys off, so the step results, requests and slots that
    /// point at deployments keep their rows, and their references name the rebuilt table once it
    /// carries the old name.
    static func webhookTriggers(_ db: Database) throws {
        let oldCheck = "CHECK (trigger IN ('cli','hook','schedule'))"
        let newCheck = "CHECK (trigger IN ('cli','hook','schedule','webhook','recovered'))"
        guard let table = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'deployment'"),
              table.contains(oldCheck),
              let name = table.range(of: #"^CREATE TABLE\s+"?deployment"?\s*\("#, options: .regularExpression) else {
            throw StoreError.database(context: "rebuilding the deployment table", message: "its schema is not the one Gantry wrote")
        }
        let indexes = try String.fetchAll(db, sql: """
            SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deployment' AND sql IS NOT NULL ORDER BY name
            """)
        let rebuilt = table.replacingCharacters(in: name, with: "CREATE TABLE deployment_rebuilt (")
            .replacingOccurrences(of: oldCheck, with: newCheck)
        try db.execute(sql: rebuilt)
        try db.execute(sql: """
            INSERT INTO deployment_rebuilt SELECT * FROM deployment;
            DROP TABLE deployment;
            ALTER TABLE deployment_rebuilt RENAME TO deployment;
            """)
        for index in indexes { try db.execute(sql: index) }
    }

    /// The webhook queue and what Gantry processed of each remote.
    ///
    /// `webhook_delivery` is the queue and the replay guard at once: a delivery is inserted before
    /// the server answers, unique on (provider, delivery id), so a replayed or redelivered id
    /// finds its row and runs nothing. Reconcile queues its findings here too, as provider
    /// `reconcile` with an id naming the pipeline, ref and both heads.
    ///
    /// `remote_head` is, per pipeline and ref, the head Gantry last processed (or first saw, for
    /// the baseline); `remote_baseline` says which remote a pipeline's heads belong to.
    static func webhookDeliveries(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE webhook_delivery (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                provider TEXT NOT NULL CHECK (provider IN ('github','gitlab','gitea','reconcile')),
                delivery TEXT NOT NULL,
                received_at DATETIME NOT NULL,
                -- the pipelines the delivery is for, as a JSON array of names
                pipelines TEXT NOT NULL,
                -- the repository the payload named (org/app)
                repository TEXT NOT NULL,
                -- the pushed refs as "old new ref" lines, as a post-receive hook reads them
                refs TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('queued','running','done','failed')),
                claimed_by TEXT,
                started_at DATETIME,
                finished_at DATETIME,
                message TEXT,
                UNIQUE (provider, delivery)
            );
            CREATE INDEX webhook_delivery_queue ON webhook_delivery (state, id) WHERE state IN ('queued','running');
            CREATE TABLE remote_head (
                pipeline TEXT NOT NULL,
                ref TEXT NOT NULL,
                sha TEXT NOT NULL,
                recorded_at DATETIME NOT NULL,
                via TEXT NOT NULL CHECK (via IN ('baseline','webhook','recovered','listed')),
                PRIMARY KEY (pipeline, ref)
            );
            CREATE TABLE remote_baseline (
                pipeline TEXT PRIMARY KEY,
                remote TEXT NOT NULL,
                recorded_at DATETIME NOT NULL,
                reconciled_at DATETIME,
                error TEXT
            );
            """)
    }
}
