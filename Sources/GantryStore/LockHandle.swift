import Foundation
import Dispatch
import Synchronization

/// A held environment lock whose heartbeat is renewed in the background until it is released.
///
/// The renewal runs on its own dispatch queue, not on the caller's thread, so a long blocking step
/// (an SSH command, a build) never lets the lock look stale to others.
// `@unchecked` only for the timer: Dispatch does not mark its sources Sendable, though `cancel()`
// may be called from any thread. Mutable state lives in the mutex.
public final class LockHandle: @unchecked Sendable {
    /// The lock as it was acquired.
    public let lock: EnvironmentLock
    /// The previous holder, when the lock was taken over.
    public let takenOverFrom: EnvironmentLock?
    private let store: StateStore
    private let clock: @Sendable () -> Date
    private let timer: any DispatchSourceTimer
    /// Whether a heartbeat found the lock taken, and whether it was released.
    private let state = Mutex((lost: false, released: false))

    init(store: StateStore, acquisition: LockAcquisition, every interval: TimeInterval, clock: @escaping @Sendable () -> Date) {
        self.store = store
        self.lock = acquisition.lock
        self.takenOverFrom = acquisition.takenOverFrom
        self.clock = clock
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "gantry.lock-heartbeat"))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        self.timer = timer
        timer.setEventHandler { [weak self] in self?.beat() }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// Whether a heartbeat found the lock no longer ours (another run took it over).
    public var isLost: Bool { state.withLock { $0.lost } }

    /// Renews the heartbeat now; normally the background timer does this.
    /// - Returns: Whether the lock is still ours.
    @discardableResult
    public func beat() -> Bool {
        if state.withLock({ $0.released }) { return false }
        let stillOurs = (try? store.heartbeat(pipeline: lock.pipeline, environment: lock.environment,
                                              deployment: lock.deploymentID, now: clock())) ?? true
        // A failed write (busy store) is not proof of loss; only "someone else holds it" is.
        if !stillOurs { state.withLock { $0.lost = true } }
        return stillOurs
    }

    /// Stops the heartbeat and releases the lock; calling it again does nothing.
    public func release() throws {
        let first = state.withLock { state in
            defer { state.released = true }
            return !state.released
        }
        guard first else { return }
        timer.cancel()
        try store.releaseLock(pipeline: lock.pipeline, environment: lock.environment, deployment: lock.deploymentID)
    }
}

extension StateStore {
    /// Takes the environment's lock, runs `body` while a background heartbeat keeps it fresh, and
    /// always releases it, also when `body` throws.
    ///
    /// - Parameters: See ``acquireLock(pipeline:environment:deployment:pid:host:actor:now:wait:isProcessAlive:takeoverAudit:)``;
    ///   `clock` dates the heartbeats, `heartbeatEvery` defaults to ``LockPolicy/heartbeatInterval``.
    public func withLock<T>(pipeline: String, environment: String, deployment: Int64, pid: Int32, host: String,
                            actor: String, now: Date, wait: TimeInterval = 0,
                            heartbeatEvery: TimeInterval = LockPolicy.heartbeatInterval,
                            clock: @escaping @Sendable () -> Date = { Date() },
                            isProcessAlive: @Sendable (Int32) -> Bool = LockPolicy.processExists,
                            takeoverAudit: ((EnvironmentLock) -> AuditEntry)? = nil,
                            _ body: (LockHandle) async throws -> T) async throws -> T {
        let acquisition = try await acquireLock(pipeline: pipeline, environment: environment, deployment: deployment,
                                                pid: pid, host: host, actor: actor, now: now, wait: wait,
                                                isProcessAlive: isProcessAlive, takeoverAudit: takeoverAudit)
        let handle = LockHandle(store: self, acquisition: acquisition, every: heartbeatEvery, clock: clock)
        let result: T
        do {
            result = try await body(handle)
        } catch {
            try? handle.release()
            throw error
        }
        try handle.release()
        return result
    }

    /// Takes the lock and starts its heartbeat; the caller must call ``LockHandle/release()``.
    public func lockHandle(pipeline: String, environment: String, deployment: Int64, pid: Int32, host: String,
                           actor: String, now: Date, wait: TimeInterval = 0,
                           heartbeatEvery: TimeInterval = LockPolicy.heartbeatInterval,
                           clock: @escaping @Sendable () -> Date = { Date() },
                           isProcessAlive: @Sendable (Int32) -> Bool = LockPolicy.processExists,
                           takeoverAudit: ((EnvironmentLock) -> AuditEntry)? = nil) throws -> LockHandle {
        let acquisition = try acquireLock(pipeline: pipeline, environment: environment, deployment: deployment, pid: pid,
                                          host: host, actor: actor, now: now, wait: wait, isProcessAlive: isProcessAlive,
                                          takeoverAudit: takeoverAudit)
        return LockHandle(store: self, acquisition: acquisition, every: heartbeatEvery, clock: clock)
    }
}

extension StateStore {
    /// Takes the lock, waiting without holding a thread, and starts its heartbeat.
    ///
    /// The form for long waits (a hook-triggered run may wait 30 minutes for a busy environment).
    public func lockHandle(pipeline: String, environment: String, deployment: Int64, pid: Int32, host: String,
                           actor: String, now: Date, wait: TimeInterval,
                           heartbeatEvery: TimeInterval = LockPolicy.heartbeatInterval,
                           clock: @escaping @Sendable () -> Date = { Date() },
                           takeoverAudit: ((EnvironmentLock) -> AuditEntry)? = nil) async throws -> LockHandle {
        let acquisition = try await acquireLock(pipeline: pipeline, environment: environment, deployment: deployment,
                                                pid: pid, host: host, actor: actor, now: now, wait: wait,
                                                takeoverAudit: takeoverAudit)
        return LockHandle(store: self, acquisition: acquisition, every: heartbeatEvery, clock: clock)
    }
}
