import Foundation
import GantryShell
import Testing
@testable import GantryStore

/// The notification outbox: written with its audit event, claimed one stream head at a time.
@Suite struct OutboxTests {
    static let t0 = StoreFixture.t0

    static func message(_ event: String, environment: String = "production", url: String = "https://x.example/${secrets.HOOK}",
                        at offset: TimeInterval = 0) -> OutboxMessage {
        OutboxMessage(event: event, pipeline: "webshop", environment: environment, url: url, format: "json",
                      payload: "{\"event\":\"\(event)\"}", createdAt: t0.addingTimeInterval(offset))
    }

    static func entry(_ outcome: String) -> AuditEntry {
        AuditEntry(actor: "alice", action: "promote", pipeline: "webshop", environment: "production", outcome: outcome, at: t0)
    }

    let me = OutboxClaimant(pid: getpid(), host: "here")

    @Test func notificationsGoWithTheirAuditEventOrNotAtAll() throws {
        let f = try StoreFixture()
        let event = try f.store.appendAudit(Self.entry("blocked").notifying([Self.message("blocked")]))
        let rows = try Array(f.store.notifications().reversed())
        #expect(rows.map(\.auditEventID) == [event.id])
        #expect(rows.first?.state == .pending)
        #expect(rows.first?.deliveryKey.count == 36)
        #expect(f.store.wroteNotifications)
        // A change that fails takes its audit event and its notifications with it.
        #expect(throws: StoreError.self) {
            try f.store.updateDeployment(id: 999, status: .succeeded, now: Self.t0,
                                         audit: Self.entry("succeeded").notifying([Self.message("succeeded")]))
        }
        #expect(try Array(f.store.notifications().reversed()).count == 1)
        #expect(try f.store.auditEvents().count == 1)
        // Notifications are not part of the audit event: its hash and its JSON are unchanged.
        #expect(try f.store.verifyAudit().isIntact)
    }

    @Test func onlyTheOldestPendingRowOfAStreamAndURLIsClaimed() throws {
        let f = try StoreFixture()
        _ = try f.store.enqueueNotifications([
            Self.message("started"), Self.message("succeeded", at: 1),
            Self.message("started", url: "https://y.example"), Self.message("started", environment: "staging"),
        ])
        let first = try f.store.claimNotifications(now: Self.t0.addingTimeInterval(5), by: me, lease: 15, limit: 10)
        #expect(first.map(\.id) == [1, 3, 4])
        #expect(first.map(\.attempts) == [1, 1, 1])
        #expect(try f.store.claimNotifications(now: Self.t0.addingTimeInterval(5), by: me, lease: 15, limit: 10).isEmpty,
                "claimed rows and the rows behind them wait")
        try f.store.finishNotification(id: 1, by: me, .delivered(status: 200), now: Self.t0.addingTimeInterval(6))
        #expect(try f.store.claimNotifications(now: Self.t0.addingTimeInterval(6), by: me, lease: 15, limit: 10).map(\.id) == [2])
    }

    @Test func onlyTheClaimantReschedulesAndADeliveryIsFinal() throws {
        let f = try StoreFixture()
        _ = try f.store.enqueueNotifications([Self.message("started")])
        let other = OutboxClaimant(pid: 1, host: "elsewhere")
        _ = try f.store.claimNotifications(now: Self.t0, by: me, lease: 15, limit: 1)
        try f.store.finishNotification(id: 1, by: other, .failed(status: 500, error: "no"), now: Self.t0)
        #expect(try Array(f.store.notifications().reversed()).first?.state == .pending, "a stranger cannot give up someone else's claim")
        try f.store.finishNotification(id: 1, by: me, .retry(at: Self.t0.addingTimeInterval(2), status: 500, error: "HTTP 500"),
                                       now: Self.t0)
        #expect(try f.store.nextNotificationDue() == Self.t0.addingTimeInterval(2))
        #expect(try f.store.claimNotifications(now: Self.t0.addingTimeInterval(1), by: other, lease: 15, limit: 1).isEmpty)
        let again = try f.store.claimNotifications(now: Self.t0.addingTimeInterval(2), by: other, lease: 15, limit: 1)
        #expect(again.map(\.attempts) == [2])
        try f.store.finishNotification(id: 1, by: me, .delivered(status: 200), now: Self.t0.addingTimeInterval(3))
        let row = try #require(try Array(f.store.notifications().reversed()).first)
        #expect(row.state == .delivered, "a delivery is recorded whoever saw it")
        #expect(try f.store.claimNotifications(now: Self.t0.addingTimeInterval(99), by: me, lease: 15, limit: 1).isEmpty)
        #expect(try f.store.nextNotificationDue() == nil)
    }

    @Test func filtersApplyBeforeTheLimit() throws {
        let f = try StoreFixture()
        let old = (0..<6).map { Self.message("started", environment: "env\($0)") }
        _ = try f.store.enqueueNotifications(old + [Self.message("test", environment: "test")])
        let only = try f.store.claimNotifications(now: Self.t0, by: me, lease: 15, limit: 2, only: [7])
        #expect(only.map(\.id) == [7])
        let rest = try f.store.claimNotifications(now: Self.t0, by: me, lease: 15, limit: 2, excluding: [1, 2, 3, 4])
        #expect(rest.map(\.id) == [5, 6])
    }

    @Test func twoStoresClaimingAtOnceNeverShareARow() async throws {
        let f = try StoreFixture()
        _ = try f.store.enqueueNotifications((0..<40).map { Self.message("started", environment: "env\($0)") })
        let second = try StateStore.open(path: f.path)
        let claims = Locked<[Int64]>([])
        await withTaskGroup(of: Void.self) { group in
            for (index, store) in [f.store, second, f.store, second].enumerated() {
                let claimant = OutboxClaimant(pid: Int32(100 + index), host: "h\(index)")
                group.addTask {
                    while let got = try? store.claimNotifications(now: Self.t0, by: claimant, lease: 15, limit: 3), !got.isEmpty {
                        claims.withLock { $0 += got.map(\.id) }
                    }
                }
            }
        }
        #expect(claims.current.sorted() == Array(1...40))
    }
}
