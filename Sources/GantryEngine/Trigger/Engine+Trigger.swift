import Foundation
import GantryGit
import GantryModel
import GantryStore

extension Engine {
    /// What one triggered action came to.
    public struct TriggerOutcome: Sendable {
        public var action: TriggerPlanner.Action
        /// Exit-code class of this action: 0 ran, 1 failed, 2 configuration, 3 blocked, 4 infrastructure.
        public var exitCode: Int32
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
                outcome = TriggerOutcome(action: action, exitCode: error.exitCode, message: error.message)
            }
            observer(.note(outcome.message))
            outcomes.append(outcome)
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
                let result = try build(pipeline, ref: action.newSha, branch: branch)
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
                let result = try build(pipeline, ref: commit.sha, tag: tag)
                observer(.note(result.message))
                artifact = result.artifact
            }
        }
        let result = env.from == nil
            ? try await deploy(pipeline, to: env.name, artifact: artifact.tag, options: options)
            : try await promote(pipeline, to: env.name, artifact: artifact.tag, options: options)
        return TriggerOutcome(action: action, exitCode: result.exitCode, message: result.message)
    }
}
