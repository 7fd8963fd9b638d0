import Foundation
import GantryGates
import GantryModel
import GantryStore

extension Engine {
    /// Claims and fires every due slot: the latest due slot of each cron schedule (earlier ones
    /// missed while no scheduler ran fold into it), and each due one-off.
    ///
    /// - Returns: the decisions, and the next slot of every schedule after the pass.
    func fireDueSlots(_ entries: [ScheduleEntry],
                      pass: SchedulerPass) async throws(EngineError) -> (decisions: [ScheduleDecision], upcoming: [Date]) {
        var decisions: [ScheduleDecision] = []
        var upcoming: [Date] = []
        for entry in entries {
            guard !interruption.isRequested else { break }
            let check = slotCheck(entry, now: pass.now)
            guard let id = entry.id, case let .due(slot, missedFrom) = check else {
                if case let .upcoming(next?) = check { upcoming.append(next) }
                continue
            }
            guard let pipeline = pass.pipeline(entry.pipeline) else {
                let why = pass.isBroken(entry.pipeline) ? "does not validate" : "is not in \(pass.set.directory)"
                decisions.append(.notice(.waiting, pipeline: entry.pipeline, environment: entry.environment,
                                         schedule: entry.key, slot: slot,
                                         message: "\(entry.pipeline)/\(entry.environment) \(entry.key) is due but "
                                             + "pipeline \(entry.pipeline) \(why); it fires once it is back"))
                continue
            }
            decisions.append(try await fire(entry, id: id, slot: slot, missedFrom: missedFrom, pipeline: pipeline, pass: pass))
            if let next = entry.nextSlot(after: clock.now()), case .cron = entry.when { upcoming.append(next) }
        }
        return (decisions, upcoming)
    }

    /// Whether a schedule is due now, or when it next is.
    private enum SlotCheck {
        /// The slot due now, and the earliest slot folded into it, if any.
        case due(slot: Date, missedFrom: Date?)
        case upcoming(Date?)
    }

    private func slotCheck(_ entry: ScheduleEntry, now: Date) -> SlotCheck {
        switch entry.when {
        case .once(let at):
            guard entry.lastFiredSlot == nil else { return .upcoming(nil) }
            return at <= now ? .due(slot: at, missedFrom: nil) : .upcoming(at)
        case .cron(let cron):
            // Unregistered (no creation time yet): it starts counting at its registration.
            guard let created = entry.createdAt else { return .upcoming(cron.next(after: now, in: entry.timeZone)?.instant) }
            let since = max(created, entry.lastFiredSlot ?? created)
            guard let first = cron.next(after: since, in: entry.timeZone) else { return .upcoming(nil) }
            // Nothing fires in (since, now] when the first slot after `since` lies ahead: it is the next one.
            guard first.instant <= now else { return .upcoming(first.instant) }
            let latest = cron.latest(after: since, upTo: now, in: entry.timeZone)?.instant ?? first.instant
            return .due(slot: latest, missedFrom: first.instant < latest ? first.instant : nil)
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
