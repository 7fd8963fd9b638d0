import Foundation
internal import GRDB

/// The migrations of rollouts: the rollback index, partial deployments and the running step.
extension StoreSchema {
    /// The path gate asks for the first successful rollback of an environment after a given
    /// deployment; rollbacks are rare, so a partial index over them keeps that a seek.
    static func rollbackIndex(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX deployment_rollback ON deployment (pipeline, environment, id)
                WHERE status = 'succeeded' AND kind = 'rollback';
            """)
    }

    /// `hosts`: the hosts a deployment was limited to (`--hosts`, or the reachable ones with
    /// `--skip-unreachable`), as a JSON array; NULL for a deployment to every host.
    /// `step`: the step a running deployment is at (`migrate on prod-1`), for `gantry status`.
    static func partialDeployments(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE deployment ADD COLUMN hosts TEXT;
            ALTER TABLE deployment ADD COLUMN step TEXT;
            """)
    }
}
