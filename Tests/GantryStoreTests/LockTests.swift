import Foundation
import GantryTestSupport
import Testing
@testable import GantryStore

@Suite("Environment locks")
struct LockTests {
    static let alive: @Sendable (Int32) -> Bool = { _ in true }

    func take(_ store: StateStore, deployment: Int64, pid: Int32 = 1000, host: String = "ci-1", actor: String = "alice",
              at offset: TimeInterval = 0, wait: TimeInterval = 0,
              alive: @Sendable (Int32) -> Bool = LockTests.alive) throws -> LockAcquisition {
        try store.acquireLock(pipeline: "webshop", environment: "production", deployment: deployment, pid: pid, host: host,
                              actor: actor, now: StoreFixture.t0 + offset, wait: wait, isProcessAlive: alive)
    }

    @Test("acquire, see the holder, release, acquire again")
    func acquireRelease() throws {
        let fixture = try StoreFixture()
        let first = try take(fixture.store, deployment: 1)
        #expect(first.takenOverFrom == nil)
        #expect(try fixture.store.lockHolder(pipeline: "webshop", environment: "production") == first.lock)
        try fixture.store.releaseLock(pipeline: "webshop", environment: "production", deployment: 1)
        #expect(try fixture.store.lockHolder(pipeline: "webshop", environment: "production") == nil)
        #expect(try take(fixture.store, deployment: 2).lock.deploymentID == 2)
    }

    @Test("waiting runs out and names the holder")
    func waitTimeout() throws {
        let fixture = try StoreFixture()
        let holder = try take(fixture.store, deployment: 7, pid: 4242, host: "ci-1", actor: "alice").lock
        let started = Date()
        #expect(throws: StoreError.lockHeld(holder)) {
            _ = try self.take(fixture.store, deployment: 8, actor: "bob", at: 1, wait: 0.6)
        }
        #expect(Date().timeIntervalSince(started) >= 0.6)
        let message = StoreError.lockHeld(holder).description
        #expect(message.contains("deployment #7") && message.contains("alice") && message.contains("pid 4242")
                && message.contains("ci-1") && message.contains("since"))
        #expect(StoreError.lockHeld(holder).severity == .refused)
    }

    @Test("a fresh heartbeat keeps the lock; a stale one is taken over and its deployment interrupted")
    func staleHeartbeat() throws {
        let fixture = try StoreFixture()
        let victim = try fixture.store.createDeployment(fixture.newDeployment("production", "v1"))
        _ = try take(fixture.store, deployment: victim.id, host: "ci-1")
        #expect(try fixture.store.heartbeat(pipeline: "webshop", environment: "production", deployment: victim.id, now: StoreFixture.t0 + 20))
        #expect(throws: StoreError.self) { _ = try self.take(fixture.store, deployment: 99, host: "ci-2", at: 45) }
        let taken = try fixture.store.acquireLock(
            pipeline: "webshop", environment: "production", deployment: 99, pid: 1, host: "ci-2", actor: "bob",
            now: StoreFixture.t0 + 51, isProcessAlive: LockTests.alive,
            takeoverAudit: { holder in
                AuditEntry(actor: "bob", action: "lock-takeover", pipeline: "webshop", environment: "production",
                           outcome: "interrupted #\(holder.deploymentID)", at: StoreFixture.t0 + 51)
            })
        #expect(taken.takenOverFrom?.deploymentID == victim.id)
        #expect(try fixture.store.auditEvents().map(\.entry.outcome) == ["interrupted #\(victim.id)"])
        #expect(try fixture.store.deployment(id: victim.id)?.status == .interrupted)
        #expect(try !fixture.store.heartbeat(pipeline: "webshop", environment: "production", deployment: victim.id, now: StoreFixture.t0 + 52))
    }

    @Test("a holder on this host whose process was killed is taken over")
    func deadProcess() throws {
        let fixture = try StoreFixture()
        let sleeper = try ChildProcess.start("/bin/sleep", ["60"])
        let pid = sleeper.pid
        let victim = try fixture.store.createDeployment(fixture.newDeployment("production", "v1"))
        _ = try take(fixture.store, deployment: victim.id, pid: pid, host: "ci-1", alive: LockPolicy.processExists)
        // Alive: another process on the same host must wait.
        #expect(throws: StoreError.self) { _ = try self.take(fixture.store, deployment: 2, host: "ci-1", alive: LockPolicy.processExists) }
        kill(pid, SIGKILL)
        _ = sleeper.wait()
        // On another host the PID means nothing: still held until the heartbeat is stale.
        #expect(throws: StoreError.self) { _ = try self.take(fixture.store, deployment: 2, host: "ci-2", alive: LockPolicy.processExists) }
        let taken = try take(fixture.store, deployment: 2, host: "ci-1", at: 1, alive: LockPolicy.processExists)
        #expect(taken.takenOverFrom?.pid == pid)
        #expect(try fixture.store.deployment(id: victim.id)?.status == .interrupted)
    }

    @Test("of two processes racing for a free lock exactly one wins", arguments: 0..<10)
    func race(round: Int) async throws {
        let fixture = try StoreFixture()
        let stores = [fixture.store, try StateStore.open(path: fixture.path)]
        let wins = await withTaskGroup(of: Bool.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    (try? store.acquireLock(pipeline: "webshop", environment: "env-\(round)", deployment: Int64(index + 1),
                                            pid: Int32(100 + index), host: "ci-\(index)", actor: "user\(index)",
                                            now: StoreFixture.t0, wait: 0, isProcessAlive: LockTests.alive)) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
    }

    @Test("an async acquirer gets the lock once the holder releases it")
    func asyncWait() async throws {
        let fixture = try StoreFixture()
        _ = try take(fixture.store, deployment: 1)
        let store = fixture.store
        let waiter = Task {
            try await store.acquireLock(pipeline: "webshop", environment: "production", deployment: 2, pid: 2, host: "ci-1",
                                        actor: "bob", now: StoreFixture.t0, wait: 10, isProcessAlive: LockTests.alive)
        }
        try await Task.sleep(for: .milliseconds(400))
        try store.releaseLock(pipeline: "webshop", environment: "production", deployment: 1)
        let acquired = try await waiter.value
        #expect(acquired.lock.deploymentID == 2 && acquired.takenOverFrom == nil)
    }

    @Test("a handle whose lock was taken over knows it")
    func handleLost() throws {
        let fixture = try StoreFixture()
        let handle = try fixture.store.lockHandle(pipeline: "webshop", environment: "production", deployment: 1, pid: 1,
                                                  host: "ci-1", actor: "alice", now: StoreFixture.t0, heartbeatEvery: 3600,
                                                  clock: { StoreFixture.t0 }, isProcessAlive: LockTests.alive)
        #expect(handle.beat() && !handle.isLost)
        _ = try take(fixture.store, deployment: 2, host: "ci-2", at: 31)
        #expect(!handle.beat() && handle.isLost)
        try handle.release()
        #expect(try fixture.store.lockHolder(pipeline: "webshop", environment: "production")?.deploymentID == 2)
    }

    @Test("withLock renews the heartbeat and releases even when the body throws")
    func withLockReleases() async throws {
        let fixture = try StoreFixture()
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await fixture.store.withLock(pipeline: "webshop", environment: "production", deployment: 5, pid: 1, host: "ci-1",
                                             actor: "alice", now: StoreFixture.t0, heartbeatEvery: 0.1,
                                             clock: { StoreFixture.t0 + 100 }, isProcessAlive: LockTests.alive) { handle in
                try await Task.sleep(for: .milliseconds(600))
                let holder = try fixture.store.lockHolder(pipeline: "webshop", environment: "production")
                #expect(holder?.heartbeatAt == StoreFixture.t0 + 100)
                #expect(!handle.isLost)
                throw Boom()
            }
        }
        #expect(try fixture.store.lockHolder(pipeline: "webshop", environment: "production") == nil)
    }
}
