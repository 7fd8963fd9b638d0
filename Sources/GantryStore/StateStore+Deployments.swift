import Foundation
internal import GRDB

extension StateStore {
    /// Records a deployment that is about to run and returns it with its id.
    /// - Parameters:
    ///   - deployment: Its fields; `status` is usually `pending` or `running`.
    ///   - audit: An audit event to append in the same transaction.
    public func createDeployment(_ deployment: NewDeployment, audit: AuditEntry? = nil) throws -> Deployment {
        try write("recording a deployment of \(deployment.pipeline) to \(deployment.environment)", audit: audit) { db in
            try db.execute(sql: """
                INSERT INTO deployment (pipeline, environment, artifact_tag, digest, commit_sha, kind, status, actor,
                    started_at, previous_tag, override_reason, trigger, hosts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [deployment.pipeline, deployment.environment, deployment.artifactTag, deployment.digest,
                                 deployment.commit, deployment.kind.rawValue, deployment.status.rawValue, deployment.actor,
                                 deployment.startedAt, deployment.previousTag, deployment.overrideReason,
                                 deployment.trigger.rawValue, deployment.hosts.map(StoredList.encode)])
            return try Self.fetchDeployment(db, id: db.lastInsertedRowID)
        }
    }

    /// Limits a recorded deployment to `hosts` (the reachable ones, with `--skip-unreachable`).
    public func limitDeployment(id: Int64, to hosts: [String]) throws {
        try write("limiting deployment #\(id) to some hosts") { db in
            try db.execute(sql: "UPDATE deployment SET hosts = ? WHERE id = ?", arguments: [StoredList.encode(hosts), id])
        }
    }

    /// Records the step a running deployment is at; cleared (nil) when it ends.
    public func noteStep(deployment id: Int64, _ step: String?) throws {
        try write("noting the step of deployment #\(id)") { db in
            try db.execute(sql: "UPDATE deployment SET step = ? WHERE id = ?", arguments: [step, id])
        }
    }

    /// Moves a deployment to `status`; a finished status also records `now` as its end.
    /// - Parameters:
    ///   - id: The deployment.
    ///   - status: Its new status.
    ///   - now: The caller's clock.
    ///   - message: A one-line summary (kept when `nil`).
    ///   - audit: An audit event to append in the same transaction.
    ///   - notifications: Notifications of a change that has no audit event of its own (a
    ///     deployment starting to run), written in the same transaction.
    @discardableResult
    public func updateDeployment(id: Int64, status: DeploymentStatus, now: Date, message: String? = nil,
                                 audit: AuditEntry? = nil, notifications: [OutboxMessage] = []) throws -> Deployment {
        try write("updating deployment #\(id)", audit: audit, notifications: notifications) { db in
            try db.execute(sql: """
                UPDATE deployment SET status = ?, finished_at = ?, message = COALESCE(?, message),
                    step = CASE WHEN ? THEN NULL ELSE step END WHERE id = ?
                """, arguments: [status.rawValue, status.isFinished ? now : nil, message, status.isFinished, id])
            guard db.changesCount == 1 else { throw StoreError.notFound("deployment #\(id)") }
            return try Self.fetchDeployment(db, id: id)
        }
    }

    /// One deployment by id.
    public func deployment(id: Int64) throws -> Deployment? {
        try read("reading deployment #\(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM deployment WHERE id = ?", arguments: [id]).map(Deployment.init(row:))
        }
    }

    /// The history of a pipeline (or one of its environments), newest first.
    public func history(pipeline: String, environment: String? = nil, limit: Int = 50, offset: Int = 0) throws -> [Deployment] {
        try read("reading the history of \(pipeline)") { db in
            let rows: [Row]
            if let environment {
                rows = try Row.fetchAll(db, sql: StatusQueries.historyOfEnvironment, arguments: [pipeline, environment, limit, offset])
            } else {
                rows = try Row.fetchAll(db, sql: StatusQueries.historyOfPipeline, arguments: [pipeline, limit, offset])
            }
            return try rows.map(Deployment.init(row:))
        }
    }

    /// What runs in `environment` now: its latest successful deployment that changed the artifact.
    public func currentDeployment(pipeline: String, environment: String) throws -> Deployment? {
        try read("reading what runs in \(pipeline)/\(environment)") { db in
            try Row.fetchOne(db, sql: StatusQueries.current, arguments: [pipeline, environment]).map(Deployment.init(row:))
        }
    }

    /// What runs in every environment of `pipeline`, keyed by environment (for `gantry status`).
    public func currentDeployments(pipeline: String) throws -> [String: Deployment] {
        try read("reading what runs where in \(pipeline)") { db in
            let rows = try Row.fetchAll(db, sql: StatusQueries.currentOfEveryEnvironment, arguments: [pipeline])
            var result: [String: Deployment] = [:]
            for row in rows {
                let deployment = try Deployment(row: row)
                result[deployment.environment] = deployment
            }
            return result
        }
    }

    /// Deployments still pending or running, oldest first (all pipelines when `pipeline` is nil).
    public func activeDeployments(pipeline: String? = nil) throws -> [Deployment] {
        try read("reading running deployments") { db in
            try (pipeline.map { try Row.fetchAll(db, sql: StatusQueries.active, arguments: [$0]) } ?? Row.fetchAll(db, sql: StatusQueries.activeEverywhere)).map(Deployment.init(row:))
        }
    }

    /// Whether artifact `tag` has ever succeeded in `environment` (the promotion-path gate).
    public func hasSucceeded(pipeline: String, environment: String, tag: String) throws -> Bool {
        try read("checking \(tag) in \(pipeline)/\(environment)") { db in
            try Bool.fetchOne(db, sql: StatusQueries.hasSucceeded, arguments: [pipeline, environment, tag]) ?? false
        }
    }

    /// What the promotion-path gate needs to know about `tag` in `environment`, read at once.
    public func pathStanding(pipeline: String, environment: String, tag: String) throws -> PathStanding {
        try read("checking \(tag) in \(pipeline)/\(environment)") { db in
            let current = try Row.fetchOne(db, sql: StatusQueries.current, arguments: [pipeline, environment])
                .map(Deployment.init(row:))
            let last = try Row.fetchOne(db, sql: StatusQueries.lastSuccessOfTag, arguments: [pipeline, environment, tag])
                .map(Deployment.init(row:))
            let rollback = try last.flatMap { last in
                try Row.fetchOne(db, sql: StatusQueries.firstRollbackSince, arguments: [pipeline, environment, last.id])
                    .map(Deployment.init(row:))
            }
            return PathStanding(current: current, lastSuccess: last, rollbackSince: rollback)
        }
    }

    /// The last successful deployment of `environment` with another artifact than the current one
    /// (what `gantry rollback` goes back to).
    public func previousDeployment(pipeline: String, environment: String) throws -> Deployment? {
        try read("reading the previous artifact of \(pipeline)/\(environment)") { db in
            try Row.fetchOne(db, sql: """
                WITH current AS (
                    SELECT id, artifact_tag FROM deployment
                    WHERE pipeline = ?1 AND environment = ?2 AND status = 'succeeded' AND kind <> 'config-only' AND hosts IS NULL
                    ORDER BY id DESC LIMIT 1)
                SELECT d.* FROM deployment d, current c
                WHERE d.pipeline = ?1 AND d.environment = ?2 AND d.status = 'succeeded' AND d.kind <> 'config-only' AND d.hosts IS NULL
                  AND d.id < c.id AND d.artifact_tag <> c.artifact_tag
                ORDER BY d.id DESC LIMIT 1
                """, arguments: [pipeline, environment]).map(Deployment.init(row:))
        }
    }

    /// Every artifact tag that has succeeded in `environment`, most recently succeeded first.
    public func succeededTags(pipeline: String, environment: String) throws -> [String] {
        try read("reading the artifacts of \(pipeline)/\(environment)") { db in
            try String.fetchAll(db, sql: """
                SELECT artifact_tag FROM deployment
                WHERE pipeline = ? AND environment = ? AND status = 'succeeded' AND kind <> 'config-only' AND hosts IS NULL
                GROUP BY artifact_tag ORDER BY MAX(id) DESC
                """, arguments: [pipeline, environment])
        }
    }

    static func fetchDeployment(_ db: Database, id: Int64) throws -> Deployment {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM deployment WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound("deployment #\(id)")
        }
        return try Deployment(row: row)
    }
}
