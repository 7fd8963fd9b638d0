import Foundation
import Testing
@testable import GantryStore

@Suite("Audit chain")
struct AuditTests {
    /// A store with four events: build, deploy (with a deployment), approve, promote.
    func populated() throws -> StoreFixture {
        let fixture = try StoreFixture()
        let t0 = StoreFixture.t0
        try fixture.store.appendAudit(AuditEntry(actor: "alice", action: "build", pipeline: "webshop", artifact: "v1",
                                                 outcome: "succeeded", details: "{\"commit\":\"abc\"}", at: t0))
        _ = try fixture.store.createDeployment(fixture.newDeployment("staging", "v1"),
                                               audit: AuditEntry(actor: "alice", action: "deploy", pipeline: "webshop",
                                                                 environment: "staging", artifact: "v1", outcome: "started", at: t0 + 1))
        try fixture.store.appendAudit(AuditEntry(actor: "bob", action: "approve", pipeline: "webshop", environment: "production",
                                                 artifact: "v1", outcome: "recorded", at: t0 + 2.5))
        try fixture.store.appendAudit(AuditEntry(actor: "carol", action: "promote", pipeline: "webshop", environment: "production",
                                                 artifact: "v1", outcome: "refused", details: "window closed", at: t0 + 3))
        return fixture
    }

    @Test("appended events chain and verify; the head file holds count and last hash")
    func appendAndVerify() throws {
        let fixture = try populated()
        let events = try fixture.store.auditEvents()
        #expect(events.map(\.id) == [1, 2, 3, 4])
        #expect(events.first?.previousHash == AuditChain.genesis)
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.hash == $1.previousHash })
        #expect(events[2].entry.at == StoreFixture.t0 + 2.5 && events[0].entry.details == "{\"commit\":\"abc\"}")
        #expect(try fixture.store.auditHead() == AuditHead(count: 4, hash: events[3].hash))
        let verification = try fixture.store.verifyAudit()
        #expect(verification.isIntact && verification.eventCount == 4)
        #expect(try fixture.store.auditEvents(AuditFilter(environment: "production")).map(\.entry.actor) == ["bob", "carol"])
        #expect(try fixture.store.auditEvents(AuditFilter(actor: "alice", limit: 1)).map(\.id) == [2])
        #expect(try fixture.store.auditEvents(AuditFilter(since: StoreFixture.t0 + 2)).map(\.id) == [3, 4])
    }

    @Test("an edited event is detected")
    func edited() throws {
        let fixture = try populated()
        try fixture.sqlite("UPDATE audit_event SET outcome = 'succeeded' WHERE id = 4")
        let found = try fixture.store.verifyAudit().firstBreak
        #expect(found?.eventID == 4 && found?.reason == .edited)
    }

    @Test("an event inserted in the middle, even with a valid hash, is detected")
    func insertedInTheMiddle() throws {
        let fixture = try populated()
        let hash2 = try fixture.sqlite("SELECT hash FROM audit_event WHERE id = 2")
        try fixture.sqlite("UPDATE audit_event SET id = -id WHERE id >= 3; UPDATE audit_event SET id = 1 - id WHERE id < 0;")
        let forged = AuditEntry(actor: "mallory", action: "approve", pipeline: "webshop", environment: "production",
                                artifact: "v1", outcome: "recorded", at: StoreFixture.t0 + 2)
        let timestamp = StoreTime.text(forged.at)
        let hash = AuditChain.hash(id: 3, timestamp: timestamp, entry: forged, previousHash: hash2)
        try fixture.sqlite("""
            INSERT INTO audit_event (id, at, actor, action, pipeline, environment, artifact, outcome, details, previous_hash, hash)
            VALUES (3, '\(timestamp)', 'mallory', 'approve', 'webshop', 'production', 'v1', 'recorded', '', '\(hash2)', '\(hash)')
            """)
        let found = try fixture.store.verifyAudit().firstBreak
        #expect(found?.eventID == 3 && found?.reason == .inserted)
    }

    @Test("an event appended behind Gantry's back is detected by the head")
    func insertedAtTheEnd() throws {
        let fixture = try populated()
        let last = try fixture.store.auditEvents().last
        let forged = AuditEntry(actor: "mallory", action: "approve", outcome: "recorded", at: StoreFixture.t0 + 9)
        let timestamp = StoreTime.text(forged.at)
        let previous = last?.hash ?? ""
        let hash = AuditChain.hash(id: 5, timestamp: timestamp, entry: forged, previousHash: previous)
        try fixture.sqlite("""
            INSERT INTO audit_event (id, at, actor, action, outcome, details, previous_hash, hash)
            VALUES (5, '\(timestamp)', 'mallory', 'approve', 'recorded', '', '\(previous)', '\(hash)')
            """)
        let found = try fixture.store.verifyAudit().firstBreak
        #expect(found?.eventID == 5 && found?.reason == .inserted)
    }

    @Test("removing the newest event is detected; so is removing one in the middle")
    func removed() throws {
        let fixture = try populated()
        try fixture.sqlite("DELETE FROM audit_event WHERE id = 4")
        let newest = try fixture.store.verifyAudit()
        #expect(newest.firstBreak?.eventID == 4 && newest.firstBreak?.reason == .removed && newest.eventCount == 3)
        let other = try populated()
        try other.sqlite("DELETE FROM audit_event WHERE id = 2")
        let middle = try other.store.verifyAudit().firstBreak
        #expect(middle?.eventID == 2 && middle?.reason == .removed)
    }

    @Test("a missing head file is reported")
    func missingHead() throws {
        let fixture = try populated()
        try FileManager.default.removeItem(atPath: fixture.store.auditHeadPath)
        #expect(try fixture.store.verifyAudit().firstBreak?.reason == .headMismatch)
    }

    @Test("the head file is replaced by rename, never rewritten in place")
    func headReplacedAtomically() throws {
        let fixture = try StoreFixture()
        let entry = AuditEntry(actor: "alice", action: "exec", outcome: "succeeded", at: StoreFixture.t0)
        try fixture.store.appendAudit(entry)
        let before = try inode(fixture.store.auditHeadPath)
        let second = try fixture.store.appendAudit(entry)
        #expect(try inode(fixture.store.auditHeadPath) != before)
        #expect(try fixture.store.auditHead() == AuditHead(count: 2, hash: second.hash))
        let folder = (fixture.path as NSString).deletingLastPathComponent
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test("two processes appending at once keep one chain and a matching head")
    func concurrentAppenders() async throws {
        let fixture = try StoreFixture()
        let stores = [fixture.store, try StateStore.open(path: fixture.path)]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    for n in 0..<20 {
                        try store.appendAudit(AuditEntry(actor: "user\(index)", action: "exec", outcome: "succeeded",
                                                         details: "run \(n)", at: StoreFixture.t0 + Double(n)))
                    }
                }
            }
            try await group.waitForAll()
        }
        let verification = try fixture.store.verifyAudit()
        #expect(verification.isIntact && verification.eventCount == 40)
        #expect(try fixture.store.auditHead()?.count == 40)
    }

    func inode(_ path: String) throws -> UInt64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FixtureError(message: "cannot stat \(path)") }
        return UInt64(info.st_ino)
    }
}
