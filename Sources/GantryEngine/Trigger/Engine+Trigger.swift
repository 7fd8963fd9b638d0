import Foundation
import GantryGit
import GantryModel
import GantryShell
import GantryStore

extension Engine {
    /// What one triggered action came to.
    public struct TriggerOutcome: Sendable {
        public var action: TriggerPlanner.Action
        /// How bad it went; nil when the action ran and succeeded.
        public var severity: Severity?
        /// The signal that stopped it, when one did.
        public var signal: Int32?
        public var message: String
    }

    /// Runs the actions a push asked for, one after another, reporting each.
    ///
    /// A blocked promotion is reported, not an error of the push. Hook-triggered runs wait for
    /// a busy environment (up to `lockWait`) instead of being dropped.
    public func trigger(_ actions: [TriggerPlanner.Action], pipelines: [Pipeline],
                        lockWait: TimeInterval = 30 * 60) async -> [TriggerOutcome] {
        var outcomes: [TriggerOutcome] = []
        var built: [String: Artifact] = [:]
        for action in actions {
            guard let pipeline = pipelines.first(where: { $0.name == action.pipeline }) else { continue }
            let outcome: TriggerOutcome
            do {
                outcome = try await run(action, pipeline: pipeline, lockWait: lockWait, built: &built)
            } catch {
                outcome = TriggerOutcome(action: action, severity: error.severity, message: error.message)
            }
            observer(.note(outcome.message))
            outcomes.append(outcome)
            if interruption.isRequested { break }
        }
        return outcomes
    }

    private func run(_ action: TriggerPlanner.Action, pipeline: Pipeline, lockWait: TimeInterval,
                     built: inout [String: Artifact]) async throws(EngineError) -> TriggerOutcome {
        let env = try engineCall { try pipeline.environment(named: action.environment) }
        let options = RunOptions(lockWait: lockWait)
        let artifact: Artifact
        switch action.kind {
        case let .buildAndDeploy(branch):
            observer(.note("\(pipeline.name): push to \(branch) → build and deploy to \(env.name)"))
            let key = "\(pipeline.name)@\(action.newSha)"
            if let done = built[key] {
                artifact = done
            } else {
                let result = try await build(pipeline, ref: action.newSha, branch: branch)
                observer(.note(result.message))
                artifact = result.artifact
                built[key] = artifact
            }
        case let .promoteTag(tag):
            observer(.note("\(pipeline.name): tag \(tag) → promote its commit's artifact to \(env.name)"))
            let repository = try openRepository(pipeline)
            let commit = try engineCall { try repository.commit(action.newSha) }
            let existing = try engineCall { try store.artifacts(pipeline: pipeline.name, commit: commit.sha) }
            if let chosen = existing.max(by: { $0.builtAt < $1.builtAt }) {
                artifact = chosen
            } else {
                let result = try await build(pipeline, ref: commit.sha, tag: tag)
                observer(.note(result.message))
                artifact = result.artifact
            }
        }
        let result = env.from == nil
            ? try await deploy(pipeline, to: env.name, artifact: artifact.tag, options: options)
            : try await promote(pipeline, to: env.name, artifact: artifact.tag, options: options)
        return TriggerOutcome(action: action, severity: result.outcome.severity, signal: result.signal, message: result.message)
    }
}
