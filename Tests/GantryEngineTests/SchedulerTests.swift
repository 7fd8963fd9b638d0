import Foundation
import GantryGates
import GantryStore
import Testing
@testable import GantryEngine

/// The scheduler with a manual clock and in-memory hosts: due and not due, missed slots,
/// closed windows, blocked slots, approved requests.
@Suite struct SchedulerTests {
    @Test func aSlotFiresWhenDueAndOnlyThen() async throws {
        let f = try await EngineFixture.scheduled("    schedule:\n      - cron: \"0 10 * * tue\"")
        #expect(try await f.tick(at: "2026-11-23T12:00:00Z").isEmpty)        // registers the schedule
        #expect(try f.store.schedules().map(\.cron) == ["0 10 * * tue"])
        #expect(try await f.tick(at: "2026-11-24T09:59:59Z").isEmpty)
        #expect(f.productionCommands.isEmpty)

        let fired = try await f.tick(at: "2026-11-24T10:00:20Z")
        #expect(fired.map(\.kind) == [.succeeded])
        #expect(fired.first?.slot == (try WindowFormat.parseISO8601("2026-11-24T10:00:00Z")))
        #expect(f.productionCommands == ["switch v1"])
        let deployment = try #require(try f.store.currentDeployment(pipeline: "shop", environment: "production"))
        #expect(deployment.trigger == .schedule && deployment.actor == "svc" && deployment.kind == .promote)
        let slot = try #require(try f.slots().first)
        #expect(slot.state == .succeeded && slot.deploymentID == deployment.id && slot.artifactTag == "v1")
        #expect(slot.schedule == "cron 0 10 * * tue" && slot.claimedBy.hasPrefix("svc@"))

        #expect(try await f.tick(at: "2026-11-24T10:01:00Z").isEmpty)
        #expect(try await f.tick(at: "2026-11-30T12:00:00Z").isEmpty)
        #expect(f.productionCommands == ["switch v1"])
        #expect(try f.slots().count == 1)
        let sync = try f.store.auditEvents().filter { $0.entry.action == "schedule-sync" }
        #expect(sync.map(\.entry.outcome) == ["registered 1, retired 0"])
    }

    @Test func slotsMissedWhileNoSchedulerRanFireOnceAsTheLatest() async throws {
        let f = try await EngineFixture.scheduled("    schedule:\n      - cron: \"0 10 * * tue\"")
        try await f.tick(at: "2026-11-23T12:00:00Z")
        // Three Tuesdays pass with no scheduler running.
        let fired = try await f.tick(at: "2026-12-08T12:00:00Z")
        #expect(fired.map(\.kind) == [.succeeded])
        #expect(f.productionCommands == ["switch v1"])
        let slot = try #require(try f.slots().first)
        #expect(slot.slot == (try WindowFormat.parseISO8601("2026-12-08T10:00:00Z")))
        #expect(slot.missedFrom == (try WindowFormat.parseISO8601("2026-11-24T10:00:00Z")))
        #expect(slot.reason?.hasPrefix("fired late: missed while no scheduler ran (slots from 2026-11-24T10:00:00+00:00 on)") == true)
        #expect(try f.slots().count == 1)
        #expect(try await f.tick(at: "2026-12-08T12:01:00Z").isEmpty)
    }

    @Test func withMissedSkipMissedSlotsFireNoneAndAreRecorded() async throws {
        let f = try await EngineFixture.scheduled("    schedule:\n      - { cron: \"0 10 * * tue\", missed: skip }")
        try await f.tick(at: "2026-11-23T12:00:00Z")
        let skipped = try await f.tick(at: "2026-12-08T12:00:00Z")
        #expect(skipped.map(\.kind) == [.missed])
        #expect(f.productionCommands.isEmpty)
        let slot = try #require(try f.slots().first)
        #expect(slot.state == .missed && slot.deploymentID == nil)
        #expect(slot.reason == "missed while no scheduler ran (slots from 2026-11-24T10:00:00+00:00 on); missed: skip")
        // The next slot, seen on time, fires.
        #expect(try await f.tick(at: "2026-12-15T10:00:30Z").map(\.kind) == [.succeeded])
        #expect(f.productionCommands == ["switch v1"])
    }

    @Test func aBlockedSlotIsRecordedOnceAndNotRetried() async throws {
        let f = try await EngineFixture.scheduled(EngineFixture.londonWindows + "\n    schedule:\n      - cron: \"0 10 * * tue\"",
                                                  start: "2026-12-21T12:00:00Z")
        try await f.tick(at: "2026-12-21T12:00:00Z")
        let blocked = try await f.tick(at: "2026-12-22T10:00:05Z")
        #expect(blocked.map(\.kind) == [.blocked])
        #expect(blocked.first?.gate == "window")
        #expect(blocked.first?.message.contains("blocked by window: window: Holiday freeze until 2027-01-04 00:00 Europe/London") == true)
        for minute in 1...5 {
            #expect(try await f.tick(at: "2026-12-22T10:0\(minute):05Z").isEmpty)
        }
        #expect(f.productionCommands.isEmpty)
        #expect(try f.slots().map(\.state) == [.blocked])
        let refusals = try f.store.auditEvents().filter { $0.entry.action == "promote" && $0.entry.outcome == "blocked" }
        #expect(refusals.count == 1)
    }

    @Test func deferRunsAtTheWindowOpeningAndOneDeferredRunWaitsAtMost() async throws {
        let f = try await EngineFixture.scheduled(
            EngineFixture.londonWindows + "\n    schedule:\n      - { cron: \"0 8 * * *\", on_closed_window: defer }",
            start: "2026-11-27T12:00:00Z")
        try await f.tick(at: "2026-11-27T12:00:00Z")                       // Friday: registers
        let saturday = try await f.tick(at: "2026-11-28T08:00:10Z")
        #expect(saturday.map(\.kind) == [.deferred])
        #expect(saturday.first?.runAfter == (try WindowFormat.parseISO8601("2026-11-30T09:00:00Z")))
        let sunday = try await f.tick(at: "2026-11-29T08:00:10Z")
        #expect(sunday.map(\.kind) == [.skipped])
        #expect(sunday.first?.message.contains("the deferred run of slot 2026-11-28T08:00:00+00:00 still waits for the window") == true)
        #expect(try await f.tick(at: "2026-11-30T08:59:00Z").map(\.kind) == [.skipped])   // Monday 08:00 slot
        #expect(f.productionCommands.isEmpty)

        let opened = try await f.tick(at: "2026-11-30T09:00:02Z")
        #expect(opened.map(\.kind) == [.succeeded])
        #expect(f.productionCommands == ["switch v1"])
        let saturdaySlot = try #require(try f.slots().first { $0.slot == (try WindowFormat.parseISO8601("2026-11-28T08:00:00Z")) })
        #expect(saturdaySlot.state == .succeeded && saturdaySlot.wasDeferred && saturdaySlot.deploymentID != nil)
        #expect(try await f.tick(at: "2026-11-30T09:05:00Z").isEmpty)
        #expect(f.productionCommands == ["switch v1"])
        // Tuesday 08:00: closed again, nothing waits now, so it is deferred to 09:00.
        #expect(try await f.tick(at: "2026-12-01T08:00:05Z").map(\.kind) == [.deferred])
    }

    @Test func anApprovedRequestWaitingForItsWindowRunsWhenItOpens() async throws {
        let f = try await EngineFixture.scheduled(
            EngineFixture.londonWindows + "\n    approval: { required: 1, approvers: [bob] }", start: "2026-11-23T18:00:00Z")
        let pipeline = try f.pipeline()
        let asked = try await f.engine(actor: "alice").promote(pipeline, to: "production", artifact: "v1")
        #expect(asked.outcome == .blocked && asked.request != nil)
        #expect(try f.engine(actor: "bob").approve(pipeline, environment: "production", artifact: "v1").outcome == .approved)

        let waiting = try await f.tickAll(at: "2026-11-23T18:30:00Z")
        #expect(waiting.map(\.kind) == [.waiting])
        #expect(waiting.first?.message.contains("request #\(asked.request?.id ?? 0) (v1 to shop/production) waits: window:") == true)
        #expect(f.productionCommands.isEmpty)

        let ran = try await f.tick(at: "2026-11-24T09:00:03Z")
        #expect(ran.map(\.kind) == [.succeeded])
        #expect(f.productionCommands == ["switch v1"])
        #expect(try f.store.promotionRequest(id: asked.request?.id ?? 0)?.state == .executed)
        #expect(try f.slots().first?.schedule == "request #\(asked.request?.id ?? 0)")
        #expect(try await f.tickAll(at: "2026-11-24T09:01:00Z").isEmpty)
    }

    @Test func aDeferredSlotAndAnApprovedRequestForOneArtifactDeployItOnce() async throws {
        let f = try await EngineFixture.scheduled(
            EngineFixture.londonWindows + "\n    approval: { required: 1, approvers: [bob] }"
                + "\n    schedule:\n      - { cron: \"0 8 * * *\", on_closed_window: defer }",
            start: "2026-11-23T07:00:00Z")
        try await f.tick(at: "2026-11-23T07:00:00Z")                       // Monday: registers
        let pipeline = try f.pipeline()
        let asked = try await f.engine(actor: "alice").promote(pipeline, to: "production", artifact: "v1")
        #expect(asked.outcome == .blocked && asked.request != nil)
        #expect(try f.engine(actor: "bob").approve(pipeline, environment: "production", artifact: "v1").outcome == .approved)
        #expect(try await f.tick(at: "2026-11-23T08:00:10Z").map(\.kind) == [.deferred])
        #expect(f.productionCommands.isEmpty)

        // 09:00: the window opens for both; one pass runs the deferred slot, the request is then moot.
        let opened = try await f.tick(at: "2026-11-23T09:00:02Z")
        #expect(opened.map(\.kind) == [.succeeded])
        #expect(f.productionCommands == ["switch v1"])
        #expect(try await f.tick(at: "2026-11-23T09:01:00Z").isEmpty)
        #expect(f.productionCommands == ["switch v1"])
        // The scheduled promotion carried the approval: the request is executed, not left waiting.
        #expect(try f.store.promotionRequest(id: asked.request?.id ?? 0)?.state == .executed)
    }

    @Test func oneOffSchedulesAreAddedInTheFutureOnlyFireOnceAndCanBeRemoved() async throws {
        let f = try await EngineFixture.scheduled("")
        let pipeline = try f.pipeline()
        let engine = f.engine(actor: "alice")
        #expect(throws: EngineError.self) {
            try engine.addOneOffSchedule(pipeline, environment: "production", at: try WindowFormat.parseISO8601("2026-11-23T11:59:00Z"),
                                         artifact: nil)
        }
        #expect(throws: EngineError.self) {
            try engine.addOneOffSchedule(pipeline, environment: "production", at: try WindowFormat.parseISO8601("2026-11-24T11:59:00Z"),
                                         artifact: "v9")
        }
        let once = try engine.addOneOffSchedule(pipeline, environment: "production",
                                                at: try WindowFormat.parseISO8601("2026-11-24T10:00:00Z"), artifact: "v1")
        let other = try engine.addOneOffSchedule(pipeline, environment: "production",
                                                 at: try WindowFormat.parseISO8601("2026-11-25T10:00:00Z"), artifact: nil)
        #expect(try await f.tick(at: "2026-11-24T09:00:00Z").isEmpty)
        #expect(try await f.tick(at: "2026-11-24T10:00:01Z").map(\.kind) == [.succeeded])
        #expect(try await f.tick(at: "2026-11-24T10:01:00Z").isEmpty)
        #expect(f.productionCommands == ["switch v1"])
        _ = try engine.removeSchedule(id: other.id ?? 0)
        #expect(try await f.tick(at: "2026-11-25T10:00:01Z").isEmpty)
        #expect(throws: EngineError.self) { try engine.removeSchedule(id: other.id ?? 0) }
        #expect(try f.slots().map(\.schedule) == ["once #\(once.id ?? 0)"])
        let actions = try f.store.auditEvents().map(\.entry.action)
        #expect(actions.filter { $0 == "schedule-add" }.count == 2 && actions.contains("schedule-remove"))
    }

    @Test func pipelineSchedulesAreRemovedFromTheirFileAndRetiredByTheScheduler() async throws {
        let f = try await EngineFixture.scheduled("    schedule:\n      - cron: \"0 10 * * tue\"")
        try await f.tick(at: "2026-11-23T12:00:00Z")
        let id = try #require(try f.store.schedules().first?.id)
        #expect(throws: EngineError.self) { try f.engine().removeSchedule(id: id) }
        try f.rewrite(EngineFixture.shopPipeline(""))
        try await f.tick(at: "2026-11-23T12:01:00Z")
        #expect(try f.store.schedules().isEmpty)
        #expect(try f.store.auditEvents().last?.entry.outcome == "registered 0, retired 1")
        #expect(try await f.tick(at: "2026-11-24T10:00:10Z").isEmpty)
        #expect(f.productionCommands.isEmpty)
    }

    @Test func aBrokenPipelineKeepsItsSchedulesWaiting() async throws {
        let f = try await EngineFixture.scheduled("    schedule:\n      - cron: \"0 10 * * tue\"")
        try await f.tick(at: "2026-11-23T12:00:00Z")
        try f.rewrite(EngineFixture.shopPipeline("    schedule:\n      - cron: \"0 10 * * tue\"") + "\nbogus: 1\n")
        let notices = try await f.tickAll(at: "2026-11-24T10:00:10Z")
        #expect(notices.map(\.kind) == [.invalid])
        #expect(notices.first?.severity == .usage)
        #expect(try f.store.schedules().count == 1)
        try f.rewrite(EngineFixture.shopPipeline("    schedule:\n      - cron: \"0 10 * * tue\""))
        #expect(try await f.tick(at: "2026-11-24T10:02:00Z").map(\.kind) == [.succeeded])
    }

    @Test func aStopRequestEndsThePassBeforeAnythingIsClaimed() async throws {
        let f = try await EngineFixture.scheduled("    schedule:\n      - cron: \"0 10 * * tue\"")
        try await f.tick(at: "2026-11-23T12:00:00Z")
        let interruption = Interruption()
        interruption.request(signal: SIGTERM)
        #expect(try await f.tick(at: "2026-11-24T10:00:10Z", engine: f.engine(actor: "svc", interruption: interruption)).isEmpty)
        #expect(try f.slots().isEmpty)
        #expect(try await f.tick(at: "2026-11-24T10:00:20Z").map(\.kind) == [.succeeded])
    }

    @Test func twoSchedulersOnOneStoreFireASlotOnce() async throws {
        let f = try await EngineFixture.scheduled("    schedule:\n      - cron: \"*/5 * * * *\"")
        try await f.tick(at: "2026-11-23T12:00:00Z")
        let second = try StateStore.open(path: f.store.path)
        let other = Engine(store: second, clock: f.clock, actor: "svc2", connections: { _ in MemoryConnections(table: f.hosts) })
        for minute in stride(from: 5, through: 50, by: 5) {
            f.clock.set(try WindowFormat.parseISO8601("2026-11-23T12:\(minute < 10 ? "0" : "")\(minute):01Z"))
            let set = try f.pipelines()
            async let a = f.engine(actor: "svc").schedulerTick(set)
            async let b = other.schedulerTick(set)
            let kinds = (try await a).decisions.map(\.kind) + (try await b).decisions.map(\.kind)
            #expect(kinds.filter { $0 == .succeeded }.count == 1)
            #expect(kinds.filter { $0 == .claimedElsewhere }.count <= 1)
        }
        #expect(try f.slots().count == 10)
        #expect(try f.store.history(pipeline: "shop", environment: "production", limit: 100).count == 10)
    }
}

/// `schedule preview`: upcoming slots with the window judged at each slot and the other gates now.
@Suite struct SchedulePreviewTests {
    @Test func slotsInAFreezeAreDeferredToTheOpeningAfterIt() async throws {
        let f = try await EngineFixture.scheduled(
            EngineFixture.londonWindows + "\n    approval: { required: 1, approvers: [bob] }\n    schedule:\n"
                + "      - { cron: \"0 10 * * tue\", on_closed_window: defer }\n      - cron: \"0 8 * * mon\"",
            start: "2026-12-10T12:00:00Z")
        let preview = try await f.engine().schedulePreview(try f.pipeline(), environment: "production", count: 4)
        #expect(preview.fromArtifact == "v1" && preview.from == "development" && preview.timeZone.identifier == "Europe/London")
        #expect(preview.slots.map { WindowFormat.iso8601($0.fire.instant, in: .gmt) } ==
                ["2026-12-14T08:00:00+00:00", "2026-12-15T10:00:00+00:00", "2026-12-21T08:00:00+00:00", "2026-12-22T10:00:00+00:00"])
        #expect(preview.slots.map(\.action) == [.blocked, .blocked, .blocked, .deferred])
        let frozen = preview.slots[3]
        #expect(frozen.blockedBy.map(\.gate) == ["approval", "freeze"])
        #expect(frozen.deferredTo == (try WindowFormat.parseISO8601("2027-01-04T09:00:00Z")))
        #expect(frozen.fire.local.dayAndTime(currentYear: 2026) == "Tue 22 Dec 10:00")
        #expect(preview.slots[0].blockedBy.map(\.gate) == ["approval", "window"])
        #expect(preview.slots[1].blockedBy.map(\.gate) == ["approval"])
        #expect(preview.slots[1].blockedBy[0].reason.contains("bob"))
        #expect(try f.slots().isEmpty && f.productionCommands.isEmpty)
    }

    @Test func dstGapsAndRepeatsAreFlagged() async throws {
        let f = try await EngineFixture.scheduled(
            "    windows: { timezone: Europe/London }\n    schedule:\n      - cron: \"30 1 * * *\"", start: "2027-03-27T12:00:00Z")
        let preview = try await f.engine().schedulePreview(try f.pipeline(), environment: "production", count: 2)
        #expect(preview.slots.map(\.fire.shift) == [.skipped, nil])
        #expect(preview.slots.map(\.action) == [.runs, .runs])
        #expect(preview.slots.first?.artifact == "v1")
        #expect(WindowFormat.iso8601(preview.slots[0].fire.instant, in: preview.timeZone) == "2027-03-28T02:00:00+01:00")
    }
}
