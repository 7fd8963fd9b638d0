import Foundation

/// The SQL behind `gantry status` and `gantry history`, kept in one place so that a test can ask
/// SQLite for each one's query plan and prove it uses an index (they must stay fast at 100,000
/// deployments).
///
/// `hosts IS NULL` everywhere a success counts: a deployment limited to some hosts (`--hosts`,
/// `--skip-unreachable`) never changes what runs in an environment or what may be promoted.
enum StatusQueries {
    static let historyOfEnvironment = """
        SELECT * FROM deployment WHERE pipeline = ?1 AND environment = ?2 ORDER BY id DESC LIMIT ?3 OFFSET ?4
        """
    static let historyOfPipeline = """
        SELECT * FROM deployment WHERE pipeline = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3
        """
    static let current = """
        SELECT * FROM deployment
        WHERE pipeline = ?1 AND environment = ?2 AND status = 'succeeded' AND kind <> 'config-only' AND hosts IS NULL
        ORDER BY id DESC LIMIT 1
        """
    /// A skip-scan: each step seeks the next environment in the success index, then the latest
    /// success in it, so the cost grows with the number of environments, not of deployments.
    static let currentOfEveryEnvironment = """
        WITH RECURSIVE env(name) AS (
            SELECT MIN(environment) FROM deployment
            WHERE pipeline = ?1 AND status = 'succeeded' AND kind <> 'config-only' AND hosts IS NULL
            UNION ALL
            SELECT (SELECT MIN(environment) FROM deployment
                    WHERE pipeline = ?1 AND status = 'succeeded' AND kind <> 'config-only' AND hosts IS NULL AND environment > env.name)
            FROM env WHERE env.name IS NOT NULL)
        SELECT d.* FROM env JOIN deployment d ON d.id = (
            SELECT MAX(id) FROM deployment
            WHERE pipeline = ?1 AND environment = env.name AND status = 'succeeded' AND kind <> 'config-only' AND hosts IS NULL)
        """
    /// Separate statements with and without a pipeline: an `?1 IS NULL OR …` condition would keep
    /// SQLite from using the partial index and scan every deployment.
    ///
    /// `INDEXED BY`: without statistics SQLite prefers an index that yields rows in `id` order
    /// (a pipeline's whole history, or the table itself) over the partial index of the few
    /// running deployments, and reads every page. Sorting a handful of rows is free.
    static let active = """
        SELECT * FROM deployment INDEXED BY deployment_active
        WHERE pipeline = ?1 AND status IN ('pending','running') ORDER BY id
        """
    static let activeEverywhere = """
        SELECT * FROM deployment INDEXED BY deployment_active WHERE status IN ('pending','running') ORDER BY id
        """
    static let liveRequests = """
        SELECT * FROM promotion_request
        WHERE state IN ('open','approved') AND pipeline = ?1 ORDER BY id
        """
    static let liveRequestsEverywhere = """
        SELECT * FROM promotion_request WHERE state IN ('open','approved') ORDER BY id
        """
    static let hasSucceeded = """
        SELECT EXISTS (SELECT 1 FROM deployment
            WHERE pipeline = ?1 AND environment = ?2 AND artifact_tag = ?3
              AND status = 'succeeded' AND kind <> 'config-only' AND hosts IS NULL)
        """
    /// The path gate: the latest success of one artifact in an environment…
    static let lastSuccessOfTag = """
        SELECT * FROM deployment
        WHERE pipeline = ?1 AND environment = ?2 AND artifact_tag = ?3 AND status = 'succeeded' AND kind <> 'config-only' AND hosts IS NULL
        ORDER BY id DESC LIMIT 1
        """
    /// …and the first successful rollback there after it (a partial index holds only rollbacks).
    static let firstRollbackSince = """
        SELECT * FROM deployment INDEXED BY deployment_rollback
        WHERE pipeline = ?1 AND environment = ?2 AND status = 'succeeded' AND kind = 'rollback' AND hosts IS NULL AND id > ?3
        ORDER BY id LIMIT 1
        """

    /// Every query above, named, for the query-plan test and the benchmark.
    static let all: [(name: String, sql: String)] = [
        ("history of an environment", historyOfEnvironment), ("history of a pipeline", historyOfPipeline),
        ("current artifact", current), ("current artifact of every environment", currentOfEveryEnvironment),
        ("running deployments", active), ("running deployments of every pipeline", activeEverywhere),
        ("open requests", liveRequests), ("open requests of every pipeline", liveRequestsEverywhere), ("has succeeded", hasSucceeded),
        ("last success of an artifact", lastSuccessOfTag), ("first rollback since", firstRollbackSince),
    ]
}
