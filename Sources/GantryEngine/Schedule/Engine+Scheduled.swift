import Foundation
import GantryGates
import GantryModel
import GantryStore

extension Engine {
    /// How long a scheduled promotion waits for another deployment of its environment to finish.
    ///
    /// Long enough for an ordinary deployment; short enough that the scheduler is not stuck
    /// behind a hung one, and that a stop request is answered soon. A slot that still finds the
    /// lock held is recorded as blocked by the lock.
    public static let scheduledLockWait: TimeInterval = 120

    /// Who claims slots: `user@host pid N`.
    var claimant: String { "\(actor)@\(Identity.hostName()) pid \(getpid())" }

    /// Runs one scheduled promotion through every gate and says how the slot ends.
    ///
    /// - Parameters:
    ///   - tag: the schedule's artifact, or nil for what `from` runs now.
    ///   - policy: with `defer`, a slot refused only because the window is closed waits for its opening.
    func runScheduled(_ pipeline: Pipeline, env: Environment, tag: String?,
                      policy: SchedulePolicy) async -> SlotOutcome {
        let chosen: String
        do throws(EngineError) {
            if let tag {
                chosen = tag
            } else if let from = env.from {
                guard let current = try engineCall({ try store.currentDeployment(pipeline: pipeline.name, environment: from) }) else {
                    return SlotOutcome(state: .blocked, gate: GateResult.Gate.path.rawValue,
                                       reason: "nothing has succeeded in \(from) yet, so there is nothing to promote")
                }
                chosen = current.artifactTag
            } else {
                return SlotOutcome(state: .errored, reason: "\(env.name) is an entry environment and the schedule names no artifact")
            }
            let options = RunOptions(lockWait: Self.scheduledLockWait)
            let result = env.from == nil
                ? try await deploy(pipeline, to: env.name, artifact: chosen, options: options)
                : try await promote(pipeline, to: env.name, artifact: chosen, options: options)
            return outcome(of: result, tag: chosen, env: env, policy: policy)
        } catch {
            let state: ScheduleSlotState = error.severity == .refused ? .blocked : .errored
            return SlotOutcome(state: state, artifactTag: tag, reason: error.message)
        }
    }

    private func outcome(of result: RunResult, tag: String, env: Environment, policy: SchedulePolicy) -> SlotOutcome {
        guard result.outcome == .blocked else {
            let state: ScheduleSlotState
            switch result.deployment?.status {
            case .succeeded?: state = .succeeded
            case .failed?: state = .failed
            case .aborted?, .interrupted?: state = .aborted
            default: state = .errored
            }
            return SlotOutcome(state: state, artifactTag: tag, reason: result.message, deploymentID: result.deployment?.id)
        }
        let blocking = result.gates.blocking
        guard let first = blocking.first else {
            // Every gate passed, so the lock refused it.
            return SlotOutcome(state: .blocked, artifactTag: tag, gate: GateResult.Gate.lock.rawValue, reason: result.message,
                               deploymentID: result.deployment?.id)
        }
        let summary = result.gates.blockingSummary.replacingOccurrences(of: "\n", with: "; ")
        if policy.onClosedWindow == .defer, blocking.contains(where: { $0.gate == .window }),
           let opens = env.windows?.evaluate(at: clock.now()).opensAt {
            return SlotOutcome(state: .deferred, artifactTag: tag, gate: GateResult.Gate.window.rawValue, reason: summary,
                               runAfter: opens)
        }
        return SlotOutcome(state: .blocked, artifactTag: tag, gate: first.gate.rawValue, reason: summary)
    }
}
