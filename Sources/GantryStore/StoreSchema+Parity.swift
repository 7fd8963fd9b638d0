import Foundation
internal import GRDB

/// The migration of environment parity: migration ledgers, parity receipts and fact history.
extension StoreSchema {
    static func parity(_ db: Database) throws {
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
}
