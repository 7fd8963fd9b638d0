import Foundation
import GantryGates
import GantryModel
import GantryStore

extension Engine {
    /// Claims and fires every due slot: the latest due slot of each cron schedule (earlier ones
    /// missed while no scheduler ran fold into it), and each due one-off.
    func fireDueSlots(_ entries: [ScheduleEntry], pass: SchedulerPass) async throws(EngineError) -> [ScheduleDecision] {
        var decisions: [ScheduleDecision] = []
        for entry in entries {
            guard !interruption.isRequested else { break }
            guard let id = entry.id, let due = dueSlot(entry, now: pass.now) else { continue }
            guard let pipeline = pass.pipeline(entry.pipeline) else {
                let why = pass.isBroken(entry.pipeline) ? "does not validate" : "is not in \(pass.set.directory)"
                decisions.append(.notice(.waiting, pipeline: entry.pipeline, environment: entry.environment,
                                         schedule: entry.key, slot: due.slot,
                                         message: "\(entry.pipeline)/\(entry.environment) \(entry.key) is due but "
                                             + "pipeline \(entry.pipeline) \(why); it fires once it is back"))
                continue
            }
            decisions.append(try await fire(entry, id: id, slot: due.slot, missedFrom: due.missedFrom,
                                            pipeline: pipeline, pass: pass))
        }
        return decisions
    }

    /// The slot due now, and the earliest slot folded into it, if any.
    private func dueSlot(_ entry: ScheduleEntry, now: Date) -> (slot: Date, missedFrom: Date?)? {
        switch entry.when {
        case .once(let at):
            return at <= now && entry.lastFiredSlot == nil ? (at, nil) : nil
        case .cron(let cron):
            guard let created = entry.createdAt else { return nil }
            let since = max(created, entry.lastFiredSlot ?? created)
            guard let first = cron.next(after: since, in: entry.timeZone), first.instant <= now else { return nil }
            let latest = cron.latest(after: since, upTo: now, in: entry.timeZone)?.instant ?? first.instant
            return (latest, first.instant < latest ? first.instant : nil)
        }
    }

    private func fire(_ entry: ScheduleEntry, id: Int64, slot: Date, missedFrom: Date?, pipeline: Pipeline,
                      pass: SchedulerPass) async throws(EngineError) -> ScheduleDecision {
        let zone = entry.timeZone
        let late = slot < pass.onTimeFrom
        var claim = SlotClaim(pipeline: entry.pipeline, environment: entry.environment, schedule: entry.key,
                              scheduleID: id, slot: slot, claimedBy: claimant, now: clock.now(), missedFrom: missedFrom)
        let missedText = "missed while no scheduler ran"
            + (missedFrom.map { " (slots from \(WindowFormat.iso8601($0, in: zone)) on)" } ?? "")
        let env = pipeline.environments.first { $0.name == entry.environment }
        if late && entry.policy.missed == .skip {
            claim.state = .missed
            claim.reason = "\(missedText); missed: skip"
        } else if env == nil {
            claim.state = .skipped
            claim.reason = "environment \(entry.environment) is no longer in pipeline \(entry.pipeline)"
        } else if entry.policy.onClosedWindow == .defer, let waiting = try engineCall({
            try store.pendingDeferredSlot(pipeline: entry.pipeline, environment: entry.environment, schedule: entry.key)
        }) {
            claim.state = .skipped
            claim.reason = "the deferred run of slot \(WindowFormat.iso8601(waiting.slot, in: zone)) still waits for the window"
        } else if late {
            claim.reason = "fired late: \(missedText)"
        }
        guard let claimed = try engineCall({ try store.claimSlot(claim) }) else {
            return .notice(.claimedElsewhere, pipeline: entry.pipeline, environment: entry.environment,
                           schedule: entry.key, slot: slot,
                           message: "\(entry.pipeline)/\(entry.environment) \(entry.key) slot "
                               + "\(WindowFormat.iso8601(slot, in: zone)): claimed by another scheduler")
        }
        guard claimed.state == .running, let env else { return ScheduleDecision(recorded: claimed, zone: zone) }
        var outcome = await runScheduled(pipeline, env: env, tag: entry.artifactTag, policy: entry.policy)
        if let note = claim.reason { outcome.reason = outcome.reason.map { "\(note); \($0)" } ?? note }
        let finished = try engineCall { try store.finishSlot(id: claimed.id, outcome, now: clock.now()) }
        return ScheduleDecision(recorded: finished, zone: zone)
    }
}
