import Foundation
import Testing
@testable import GantryStore

@Suite("Schedules")
struct ScheduleStoreTests {
    func claim(_ fixture: StoreFixture, schedule: String = "cron 0 10 * * tue", id: Int64? = nil, slot: Date,
               by who: String = "a", state: ScheduleSlotState = .running) throws -> ScheduleSlot? {
        try fixture.store.claimSlot(SlotClaim(pipeline: "webshop", environment: "production", schedule: schedule,
                                              scheduleID: id, slot: slot, claimedBy: who, now: slot + 5, state: state))
    }

    @Test("add, list and remove; a recurring schedule is identified by its cron")
    func addListRemove() throws {
        let fixture = try StoreFixture()
        let weekly = try fixture.store.addSchedule(pipeline: "webshop", environment: "production", cron: "0 10 * * tue",
                                                   runAt: nil, artifactTag: nil, createdBy: "alice", now: StoreFixture.t0)
        let same = try fixture.store.addSchedule(pipeline: "webshop", environment: "production", cron: "0 10 * * tue",
                                                 runAt: nil, artifactTag: nil, createdBy: "bob", now: StoreFixture.t0)
        #expect(same.id == weekly.id && same.createdBy == "alice")
        let once = try fixture.store.addSchedule(pipeline: "webshop", environment: "staging", cron: nil,
                                                 runAt: StoreFixture.t0 + 3600, artifactTag: "v1", onClosedWindow: "defer",
                                                 missed: "skip", createdBy: "alice", now: StoreFixture.t0)
        #expect(once.key == "once #\(once.id)" && weekly.key == "cron 0 10 * * tue")
        #expect(once.onClosedWindow == "defer" && once.missed == "skip" && weekly.onClosedWindow == "skip")
        #expect(try fixture.store.schedules(pipeline: "webshop").map(\.id) == [weekly.id, once.id])
        #expect(throws: StoreError.self) {
            _ = try fixture.store.addSchedule(pipeline: "webshop", environment: "staging", cron: nil, runAt: nil,
                                              artifactTag: nil, createdBy: "alice", now: StoreFixture.t0)
        }
        #expect(try fixture.store.schedulesToCheck(now: StoreFixture.t0).map(\.id) == [weekly.id])
        #expect(try fixture.store.schedulesToCheck(now: StoreFixture.t0 + 3600).map(\.id) == [weekly.id, once.id])
        #expect(try fixture.store.nextOneOff(after: StoreFixture.t0) == StoreFixture.t0 + 3600)
        try fixture.store.removeSchedule(id: once.id)
        #expect(try fixture.store.schedules().map(\.id) == [weekly.id])
        #expect(throws: StoreError.notFound("schedule #\(once.id)")) { try fixture.store.removeSchedule(id: once.id) }
    }

    @Test("a slot is claimed once: the second insert of the same slot claims nothing")
    func claimOnce() throws {
        let fixture = try StoreFixture()
        let weekly = try fixture.store.addSchedule(pipeline: "webshop", environment: "production", cron: "0 10 * * tue",
                                                   runAt: nil, artifactTag: nil, createdBy: "alice", now: StoreFixture.t0)
        let slot = StoreFixture.t0 + 7200
        let first = try #require(try claim(fixture, id: weekly.id, slot: slot))
        #expect(first.state == .running && first.claimedBy == "a" && first.finishedAt == nil)
        #expect(try claim(fixture, id: weekly.id, slot: slot, by: "b") == nil)
        #expect(try fixture.store.schedule(id: weekly.id)?.lastFiredSlot == slot)
        // An earlier slot claimed later does not move the schedule's last fired slot back.
        let earlier = try #require(try claim(fixture, id: weekly.id, slot: slot - 3600))
        #expect(try fixture.store.schedule(id: weekly.id)?.lastFiredSlot == slot)
        let done = try fixture.store.finishSlot(id: first.id, SlotOutcome(state: .blocked, artifactTag: "v1", gate: "window",
                                                                          reason: "Holiday freeze"), now: slot + 9)
        #expect(done.state == .blocked && done.gate == "window" && done.finishedAt == slot + 9 && done.artifactTag == "v1")
        #expect(try fixture.store.scheduleSlots(pipeline: "webshop").map(\.id) == [earlier.id, first.id])
        #expect(try fixture.store.latestSlots().map(\.id) == [earlier.id])
    }

    @Test("two stores on one file claim a slot exactly once between them")
    func claimAcrossConnections() throws {
        let fixture = try StoreFixture()
        let other = try StateStore.open(path: fixture.path)
        let slot = StoreFixture.t0 + 60
        let claims = SlotClaim(pipeline: "webshop", environment: "production", schedule: "once #1", scheduleID: nil,
                               slot: slot, claimedBy: "x", now: slot)
        let results = [try fixture.store.claimSlot(claims), try other.claimSlot(claims)]
        #expect(results.compactMap { $0 }.count == 1)
        #expect(try fixture.sqlite("SELECT COUNT(*) FROM schedule_slot") == "1")
    }

    @Test("a deferred slot is started by exactly one scheduler, once its opening has come")
    func deferredRun() throws {
        let fixture = try StoreFixture()
        let slot = try #require(try claim(fixture, slot: StoreFixture.t0))
        let opening = StoreFixture.t0 + 3600
        try fixture.store.finishSlot(id: slot.id, SlotOutcome(state: .deferred, artifactTag: "v1", gate: "window",
                                                              reason: "closed", runAfter: opening), now: StoreFixture.t0)
        #expect(try fixture.store.pendingDeferredSlot(pipeline: "webshop", environment: "production",
                                                      schedule: "cron 0 10 * * tue")?.id == slot.id)
        #expect(try fixture.store.dueDeferredSlots(now: opening - 1).isEmpty)
        #expect(try fixture.store.nextDeferredRun() == opening)
        #expect(try fixture.store.dueDeferredSlots(now: opening).map(\.id) == [slot.id])
        #expect(try fixture.store.startDeferredSlot(id: slot.id, claimedBy: "b", now: opening))
        #expect(try !fixture.store.startDeferredSlot(id: slot.id, claimedBy: "c", now: opening))
        let started = try #require(try fixture.store.scheduleSlots().first)
        #expect(started.state == .running && started.wasDeferred && started.claimedBy == "b" && started.artifactTag == "v1")
        #expect(try fixture.store.pendingDeferredSlot(pipeline: "webshop", environment: "production",
                                                      schedule: "cron 0 10 * * tue") == nil)
    }

    @Test("pipeline schedules are registered once and retired; their history stays")
    func sync() throws {
        let fixture = try StoreFixture()
        let key = StateStore.PipelineScheduleKey(pipeline: "webshop", environment: "production", cron: "0 10 * * tue")
        let first = try fixture.store.syncPipelineSchedules(register: [key, key], retire: [], createdBy: "svc", now: StoreFixture.t0)
        #expect(first.count == 1 && first[0].createdBy == "svc")
        let again = try fixture.store.syncPipelineSchedules(register: [key], retire: [], createdBy: "other", now: StoreFixture.t0 + 1)
        #expect(again.map(\.id) == first.map(\.id) && again[0].createdAt == StoreFixture.t0)
        _ = try claim(fixture, id: first[0].id, slot: StoreFixture.t0 + 60)
        #expect(try fixture.store.syncPipelineSchedules(register: [], retire: [first[0].id], createdBy: "svc",
                                                        now: StoreFixture.t0 + 2).isEmpty)
        let kept = try #require(try fixture.store.scheduleSlots().first)
        #expect(kept.scheduleID == nil && kept.schedule == "cron 0 10 * * tue")
    }
}
