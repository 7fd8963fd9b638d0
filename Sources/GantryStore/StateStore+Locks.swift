import Foundation
internal import GRDB

extension StateStore {
    /// Takes the deployment lock of (pipeline, environment) for `deployment`.
    ///
    /// Each attempt is one `BEGIN IMMEDIATE` transaction, so of several processes racing for a free
    /// lock exactly one wins. A held lock is taken over when its heartbeat is older than
    /// ``LockPolicy/staleAfter``, or when it was taken on this host (`host`) by a process that no
    /// longer exists; the holder's deployment is then marked `interrupted`. Otherwise the call
    /// polls until `wait` seconds have passed.
    /// - Parameters:
    ///   - now: The caller's clock at the first attempt; later attempts add the monotonic time waited.
    ///   - wait: Seconds to wait for a live holder (0: do not wait).
    ///   - isProcessAlive: Whether a PID exists on this host; tests replace it.
    ///   - takeoverAudit: Builds the audit event recorded, in the same transaction, when a stale
    ///     holder is taken over (given that holder).
    /// - Throws: ``StoreError/lockHeld(_:)`` naming the holder when the wait runs out.
    public func acquireLock(pipeline: String, environment: String, deployment: Int64, pid: Int32, host: String,
                            actor: String, now: Date, wait: TimeInterval = 0,
                            isProcessAlive: @Sendable (Int32) -> Bool = LockPolicy.processExists,
                            takeoverAudit: ((EnvironmentLock) -> AuditEntry)? = nil) throws -> LockAcquisition {
        let attempts = LockAttempts(store: self, pipeline: pipeline, environment: environment, deployment: deployment,
                                    pid: pid, host: host, actor: actor, now: now, wait: wait)
        while true {
            switch try attempts.next(isProcessAlive: isProcessAlive, takeoverAudit: takeoverAudit) {
            case let .acquired(acquisition): return acquisition
            case let .retry(after: pause): Thread.sleep(forTimeInterval: pause)
            }
        }
    }

    /// The same as the synchronous ``acquireLock(pipeline:environment:deployment:pid:host:actor:now:wait:isProcessAlive:takeoverAudit:)``,
    /// but it waits with `Task.sleep`, so a hook that waits 30 minutes for a lock holds no thread.
    public func acquireLock(pipeline: String, environment: String, deployment: Int64, pid: Int32, host: String,
                            actor: String, now: Date, wait: TimeInterval = 0,
                            isProcessAlive: @Sendable (Int32) -> Bool = LockPolicy.processExists,
                            takeoverAudit: ((EnvironmentLock) -> AuditEntry)? = nil) async throws -> LockAcquisition {
        let attempts = LockAttempts(store: self, pipeline: pipeline, environment: environment, deployment: deployment,
                                    pid: pid, host: host, actor: actor, now: now, wait: wait)
        while true {
            switch try attempts.next(isProcessAlive: isProcessAlive, takeoverAudit: takeoverAudit) {
            case let .acquired(acquisition): return acquisition
            case let .retry(after: pause): try await Task.sleep(for: .seconds(pause))
            }
        }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Renews the heartbeat of a lock held by `deployment`.
    /// - Returns: `false` when the lock is no longer ours (it was taken over or released).
    @discardableResult
    public func heartbeat(pipeline: String, environment: String, deployment: Int64, now: Date) throws -> Bool {
        try write("renewing the lock of \(pipeline)/\(environment)") { db in
            try db.execute(sql: """
                UPDATE environment_lock SET heartbeat_at = ? WHERE pipeline = ? AND environment = ? AND deployment_id = ?
                """, arguments: [now, pipeline, environment, deployment])
            return db.changesCount == 1
        }
    }

    /// Releases the lock if `deployment` still holds it (releasing twice is harmless).
    public func releaseLock(pipeline: String, environment: String, deployment: Int64) throws {
        try write("releasing the lock of \(pipeline)/\(environment)") { db in
            try db.execute(sql: "DELETE FROM environment_lock WHERE pipeline = ? AND environment = ? AND deployment_id = ?",
                           arguments: [pipeline, environment, deployment])
        }
    }

    /// The current holder of (pipeline, environment)'s lock, if any.
    public func lockHolder(pipeline: String, environment: String) throws -> EnvironmentLock? {
        try read("reading the lock of \(pipeline)/\(environment)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM environment_lock WHERE pipeline = ? AND environment = ?",
                             arguments: [pipeline, environment]).map(EnvironmentLock.init(row:))
        }
    }

    fileprivate enum Attempt { case acquired(LockAcquisition), held(EnvironmentLock) }

    fileprivate func attemptLock(_ wanted: EnvironmentLock, isProcessAlive: (Int32) -> Bool,
                             takeoverAudit: ((EnvironmentLock) -> AuditEntry)?) throws -> Attempt {
        try write("taking the lock of \(wanted.pipeline)/\(wanted.environment)") { db in
            let existing = try Row.fetchOne(db, sql: "SELECT * FROM environment_lock WHERE pipeline = ? AND environment = ?",
                                            arguments: [wanted.pipeline, wanted.environment]).map(EnvironmentLock.init(row:))
            var takenOver: EnvironmentLock?
            if let existing, existing.deploymentID != wanted.deploymentID {
                let stale = wanted.acquiredAt.timeIntervalSince(existing.heartbeatAt) > LockPolicy.staleAfter
                let dead = existing.hostname == wanted.hostname && !isProcessAlive(existing.pid)
                guard stale || dead else { return .held(existing) }
                try db.execute(sql: """
                    UPDATE deployment SET status = 'interrupted', finished_at = ?,
                        message = COALESCE(message, ?)
                    WHERE id = ? AND status IN ('pending','running')
                    """, arguments: [wanted.acquiredAt, "interrupted: lock taken over by deployment #\(wanted.deploymentID)",
                                     existing.deploymentID])
                takenOver = existing
                if let takeoverAudit { try appendAudit(takeoverAudit(existing), in: db) }
            }
            try db.execute(sql: """
                INSERT OR REPLACE INTO environment_lock
                    (pipeline, environment, deployment_id, pid, hostname, actor, acquired_at, heartbeat_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [wanted.pipeline, wanted.environment, wanted.deploymentID, wanted.pid, wanted.hostname,
                                 wanted.actor, wanted.acquiredAt, wanted.heartbeatAt])
            // Read back what SQLite stored (dates at millisecond precision), so callers compare like with like.
            guard let stored = try Row.fetchOne(db, sql: "SELECT * FROM environment_lock WHERE pipeline = ? AND environment = ?",
                                                arguments: [wanted.pipeline, wanted.environment]) else {
                throw StoreError.notFound("the lock of \(wanted.pipeline)/\(wanted.environment) just taken")
            }
            return .acquired(LockAcquisition(lock: EnvironmentLock(row: stored), takenOverFrom: takenOver))
        }
    }
}

/// One lock acquisition's attempts: the blocking and the async forms differ only in how they sleep.
private struct LockAttempts {
    enum Step {
        case acquired(LockAcquisition)
        /// Held by a live holder: try again after this many seconds.
        case retry(after: TimeInterval)
    }

    let store: StateStore
    let pipeline: String, environment: String, deployment: Int64, pid: Int32, host: String, actor: String
    let now: Date
    let wait: TimeInterval
    let started = ContinuousClock.now

    /// Tries once; throws ``StoreError/lockHeld(_:)`` when the holder is live and the wait is over.
    func next(isProcessAlive: (Int32) -> Bool, takeoverAudit: ((EnvironmentLock) -> AuditEntry)?) throws -> Step {
        let waited = StateStore.seconds(started.duration(to: .now))
        // Later attempts move the caller's clock on by the (monotonic) time waited.
        let attemptTime = waited < 0.001 ? now : now.addingTimeInterval(waited)
        let wanted = EnvironmentLock(pipeline: pipeline, environment: environment, deploymentID: deployment, pid: pid,
                                     hostname: host, actor: actor, acquiredAt: attemptTime, heartbeatAt: attemptTime)
        switch try store.attemptLock(wanted, isProcessAlive: isProcessAlive, takeoverAudit: takeoverAudit) {
        case let .acquired(acquisition):
            return .acquired(acquisition)
        case let .held(holder):
            let remaining = wait - StateStore.seconds(started.duration(to: .now))
            if remaining <= 0 { throw StoreError.lockHeld(holder) }
            return .retry(after: min(LockPolicy.pollInterval, remaining))
        }
    }
}
