import Foundation
internal import GRDB

extension StateStore {
    /// Records migration files as applied in `environment`; files already in its ledger are kept as they are.
    ///
    /// - Parameters:
    ///   - entries: the files the deployment's migration step applied.
    ///   - audit: an audit event to append in the same transaction.
    /// - Returns: the entries that were new to the ledger.
    @discardableResult
    public func recordMigrations(_ entries: [MigrationLedgerEntry], pipeline: String, environment: String,
                                 audit: AuditEntry? = nil) throws -> [MigrationLedgerEntry] {
        try write("recording migrations applied in \(pipeline)/\(environment)", audit: audit) { db in
            var added: [MigrationLedgerEntry] = []
            for entry in entries {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO migration_ledger
                        (pipeline, environment, name, checksum, artifact_tag, deployment_id, applied_by, applied_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [pipeline, environment, entry.name, entry.checksum, entry.artifactTag,
                                     entry.deploymentID, entry.appliedBy, entry.appliedAt])
                if db.changesCount == 1 { added.append(entry) }
            }
            return added
        }
    }

    /// The migration files applied in `environment`, in the order they were recorded.
    public func migrationLedger(pipeline: String, environment: String) throws -> [MigrationLedgerEntry] {
        try read("reading the migration ledger of \(pipeline)/\(environment)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM migration_ledger WHERE pipeline = ? AND environment = ? ORDER BY id",
                             arguments: [pipeline, environment]).map(MigrationLedgerEntry.init(row:))
        }
    }
}
