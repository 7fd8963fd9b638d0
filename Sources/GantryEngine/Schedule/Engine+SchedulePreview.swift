import Foundation
import GantryGates
import GantryModel
import GantryStore

extension Engine {
    /// The next `count` slots of an environment's schedules (pipeline and one-off), each with
    /// the artifact it would promote now and every gate that would block it.
    ///
    /// The window is judged at the slot's own instant (its allow entries and freezes are known
    /// ahead); path, approval and parity as they stand now. Nothing is recorded.
    public func schedulePreview(_ pipeline: Pipeline, environment: String, count: Int) async throws(EngineError) -> SchedulePreview {
        let env = try engineCall { try pipeline.environment(named: environment) }
        let zone = ScheduleEntry.zone(of: env)
        let now = clock.now()
        let records = try engineCall { try store.schedules(pipeline: pipeline.name) }
        var upcoming: [(key: String, fire: CronFire, tag: String?, policy: SchedulePolicy)] = []
        for schedule in env.schedules {
            for fire in schedule.cron.fires(after: now, count: count, in: zone) {
                upcoming.append(("cron \(schedule.cron.source)", fire, nil, schedule.policy))
            }
        }
        for record in records where record.environment == env.name {
            guard let entry = ScheduleEntry(oneOff: record, env: env), let at = entry.nextSlot(after: now) else { continue }
            upcoming.append((entry.key, CronFire(instant: at, local: LocalDateTime(at, in: zone), shift: nil),
                             entry.artifactTag, entry.policy))
        }
        upcoming.sort { $0.fire.instant < $1.fire.instant }

        let fromArtifact = try env.from.flatMap { from throws(EngineError) in
            try engineCall { try store.currentDeployment(pipeline: pipeline.name, environment: from) }?.artifactTag
        }
        var gatesByTag: [String: [SchedulePreview.Blocker]] = [:]
        var slots: [SchedulePreview.Slot] = []
        for item in upcoming.prefix(count) {
            let tag = item.tag ?? fromArtifact
            var blockers: [SchedulePreview.Blocker] = []
            if let tag {
                if gatesByTag[tag] == nil { gatesByTag[tag] = try await blockersNow(pipeline, env: env, tag: tag) }
                blockers = gatesByTag[tag] ?? []
            } else {
                blockers = [.init(gate: "path", reason: "nothing has succeeded in \(env.from ?? "from") yet")]
            }
            let window = env.windows?.evaluate(at: item.fire.instant)
            var action: SchedulePreview.Action = blockers.isEmpty ? .runs : .blocked
            var deferredTo: Date?
            if let window, !window.isOpen {
                let gate: String
                if case .freeze? = window.match { gate = "freeze" } else { gate = "window" }
                let index = blockers.firstIndex { $0.gate == "parity" } ?? blockers.endIndex
                blockers.insert(.init(gate: gate, reason: window.reason), at: index)
                if item.policy.onClosedWindow == .defer, let opens = window.opensAt {
                    action = .deferred
                    deferredTo = opens
                } else {
                    action = .blocked
                }
            }
            slots.append(SchedulePreview.Slot(schedule: item.key, fire: item.fire, artifact: tag, window: window,
                                              blockedBy: blockers, action: action, deferredTo: deferredTo,
                                              policy: item.policy))
        }
        return SchedulePreview(pipeline: pipeline.name, environment: env.name, timeZone: zone, from: env.from,
                               fromArtifact: fromArtifact, slots: slots)
    }

    /// Path, approval and parity as they would judge `tag` now (the window is judged per slot).
    private func blockersNow(_ pipeline: Pipeline, env: Environment, tag: String) async throws(EngineError) -> [SchedulePreview.Blocker] {
        let report: GateReport
        do throws(EngineError) {
            report = try await evaluateGates(pipeline, environment: env.name, artifact: tag)
        } catch where error.severity == .usage {
            return [.init(gate: "path", reason: error.message)]
        }
        return report.blocking.filter { $0.gate != .window && $0.gate != .lock }.map {
            .init(gate: $0.gate.rawValue, reason: $0.reason + ($0.unblock.map { " — \($0)" } ?? ""))
        }
    }
}
