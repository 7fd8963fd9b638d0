import Foundation
import GantryShell
import GantryGates
import GantryStore

extension ScheduleSlot {
    /// The outcome in a few words: `succeeded: deployment #12 (v1.4)`, `blocked by window: …`,
    /// `deferred to 2026-12-09T09:00:00+00:00`, `skipped as missed: …`.
    public func outcomeText(in zone: TimeZone) -> String {
        let deployment = deploymentID.map { "deployment #\($0)" }
        let artifact = artifactTag.map { "(\($0))" }
        let ran = [deployment, artifact].compactMap { $0 }.joined(separator: " ")
        let deferredNote = wasDeferred ? " after waiting for the window" : ""
        switch state {
        case .succeeded, .failed, .errored, .aborted:
            let head = state.rawValue + deferredNote + (ran.isEmpty ? "" : ": \(ran)")
            return state == .succeeded || reason == nil ? head : head + " — " + firstLine(reason)
        case .running:
            return "running" + (ran.isEmpty ? "" : ": \(ran)") + " (claimed by \(claimedBy))"
        case .blocked:
            return "blocked by \(gate ?? "a gate")" + deferredNote + ": " + firstLine(reason)
        case .deferred:
            let until = runAfter.map { WindowFormat.iso8601($0, in: zone) } ?? "the next opening"
            return "deferred to \(until)" + (artifactTag.map { " (\($0))" } ?? "") + " — " + firstLine(reason)
        case .missed:
            return "skipped as missed: " + firstLine(reason)
        case .skipped:
            return "skipped: " + firstLine(reason)
        }
    }

    private func firstLine(_ text: String?) -> String {
        (text ?? "no reason recorded").split(separator: "\n").joined(separator: "; ")
    }
}

extension ScheduleDecision {
    /// The decision for a slot whose outcome was just recorded.
    init(recorded slot: ScheduleSlot, zone: TimeZone) {
        let kind: Kind
        switch slot.state {
        case .succeeded: kind = .succeeded
        case .failed: kind = .failed
        case .errored: kind = .errored
        case .aborted: kind = .aborted
        case .blocked: kind = .blocked
        case .deferred: kind = .deferred
        case .missed: kind = .missed
        case .skipped, .running: kind = .skipped
        }
        let severity: Severity? = switch kind {
        case .failed: .failed
        case .errored: .infrastructure
        default: nil
        }
        self.init(kind: kind, pipeline: slot.pipeline, environment: slot.environment, schedule: slot.schedule,
                  slot: slot.slot, artifact: slot.artifactTag, gate: slot.gate, deploymentId: slot.deploymentID,
                  runAfter: slot.runAfter,
                  message: "\(slot.pipeline)/\(slot.environment) \(slot.schedule) slot "
                      + "\(WindowFormat.iso8601(slot.slot, in: zone)): \(slot.outcomeText(in: zone))",
                  severity: severity)
    }

    /// A decision that records nothing: something waits, or another scheduler was first.
    static func notice(_ kind: Kind, pipeline: String, environment: String? = nil, schedule: String? = nil,
                       slot: Date? = nil, message: String, severity: Severity? = nil) -> ScheduleDecision {
        ScheduleDecision(kind: kind, pipeline: pipeline, environment: environment, schedule: schedule, slot: slot,
                         artifact: nil, gate: nil, deploymentId: nil, runAfter: nil, message: message, severity: severity)
    }
}
