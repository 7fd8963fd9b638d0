import Foundation
import GantryGates
import GantryModel
import GantryStore

extension Engine {
    /// Runs the deferred slots whose window opening has come, with the artifact chosen when they fired.
    func runDeferredSlots(_ pass: SchedulerPass) async throws(EngineError) -> [ScheduleDecision] {
        var decisions: [ScheduleDecision] = []
        for slot in try engineCall({ try store.dueDeferredSlots(now: pass.now) }) {
            guard !interruption.isRequested else { break }
            guard let pipeline = pass.pipeline(slot.pipeline) else {
                decisions.append(.notice(.waiting, pipeline: slot.pipeline, environment: slot.environment,
                                         schedule: slot.schedule, slot: slot.slot,
                                         message: "deferred \(slot.pipeline)/\(slot.environment) \(slot.schedule) waits: "
                                             + "pipeline \(slot.pipeline) is not loaded or does not validate"))
                continue
            }
            guard let env = pipeline.environments.first(where: { $0.name == slot.environment }) else {
                let skipped = try engineCall {
                    try store.finishSlot(id: slot.id, SlotOutcome(state: .skipped, reason: "environment \(slot.environment) "
                        + "is no longer in pipeline \(slot.pipeline)"), now: clock.now())
                }
                decisions.append(ScheduleDecision(recorded: skipped, zone: .gmt))
                continue
            }
            guard try engineCall({ try store.startDeferredSlot(id: slot.id, claimedBy: claimant, now: clock.now()) }) else {
                continue // another scheduler runs it
            }
            // Deferred again only if the window closed once more (a freeze added since): it
            // waits for the next opening, never more than one run per slot.
            let policy = SchedulePolicy(onClosedWindow: .defer, missed: .latest)
            let outcome = await runScheduled(pipeline, env: env, tag: slot.artifactTag, policy: policy)
            let finished = try engineCall { try store.finishSlot(id: slot.id, outcome, now: clock.now()) }
            decisions.append(ScheduleDecision(recorded: finished, zone: ScheduleEntry.zone(of: env)))
        }
        return decisions
    }

    /// Runs approved promotion requests whose gates all pass now (typically: their window opened).
    ///
    /// A request waiting for its window, the lock or an approval that expired is only reported.
    /// Once every gate passes it is claimed like a slot (`request #<id>`), so it runs once
    /// whichever scheduler sees it first, and a run that ends blocked is not retried.
    func runApprovedRequests(_ pass: SchedulerPass) async throws(EngineError) -> [ScheduleDecision] {
        var decisions: [ScheduleDecision] = []
        let approved = try engineCall { try store.livePromotionRequests() }.filter { $0.state == .approved }
        for request in approved {
            guard !interruption.isRequested else { break }
            let what = "request #\(request.id) (\(request.artifactTag) to \(request.pipeline)/\(request.environment))"
            guard let pipeline = pass.pipeline(request.pipeline),
                  let env = pipeline.environments.first(where: { $0.name == request.environment }) else { continue }
            let zone = ScheduleEntry.zone(of: env)
            let gates: GateReport
            do throws(EngineError) {
                gates = try await evaluateGates(pipeline, environment: env.name, artifact: request.artifactTag)
            } catch {
                decisions.append(.notice(.waiting, pipeline: request.pipeline, environment: env.name,
                                         message: "\(what) waits: \(error.message)"))
                continue
            }
            if gates.isBlocked {
                let why = gates.blockingSummary.replacingOccurrences(of: "\n", with: "; ")
                decisions.append(.notice(.waiting, pipeline: request.pipeline, environment: env.name,
                                         message: "\(what) waits: \(why)"))
                continue
            }
            if let holder = try engineCall({ try store.lockHolder(pipeline: pipeline.name, environment: env.name) }) {
                decisions.append(.notice(.waiting, pipeline: request.pipeline, environment: env.name,
                                         message: "\(what) waits for the lock held by deployment #\(holder.deploymentID)"))
                continue
            }
            let key = "request #\(request.id)"
            let claim = SlotClaim(pipeline: request.pipeline, environment: env.name, schedule: key, scheduleID: nil,
                                  slot: request.createdAt, claimedBy: claimant, now: clock.now())
            guard let claimed = try engineCall({ try store.claimSlot(claim) }) else { continue }
            let outcome = await runScheduled(pipeline, env: env, tag: request.artifactTag, policy: SchedulePolicy())
            let finished = try engineCall { try store.finishSlot(id: claimed.id, outcome, now: clock.now()) }
            decisions.append(ScheduleDecision(recorded: finished, zone: zone))
        }
        return decisions
    }
}
