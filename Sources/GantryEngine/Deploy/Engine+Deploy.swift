import Foundation
import GantryGates
import GantryModel
import GantryStore

extension Engine {
    /// Deploys a recorded artifact to an entry environment (one without `from:`).
    public func deploy(_ pipeline: Pipeline, to environment: String, artifact tag: String,
                       options: RunOptions = RunOptions()) async throws(EngineError) -> RunResult {
        let env = try engineCall { try pipeline.environment(named: environment) }
        if let from = env.from {
            throw .configuration("\(environment) takes artifacts from \(from): use `gantry promote \(pipeline.name) \(environment)`")
        }
        let artifact = try recordedArtifact(pipeline, tag: tag)
        return try await run(.deploy, pipeline: pipeline, environment: env, artifact: artifact, options: options)
    }

    /// Promotes an artifact into an environment along its `from:` path (default: what `from` runs now).
    public func promote(_ pipeline: Pipeline, to environment: String, artifact tag: String? = nil,
                        options: RunOptions = RunOptions()) async throws(EngineError) -> RunResult {
        let env = try engineCall { try pipeline.environment(named: environment) }
        guard let from = env.from else {
            throw .configuration("\(environment) is an entry environment: use `gantry deploy \(pipeline.name) \(environment) --artifact TAG`")
        }
        let chosen: String
        if let tag {
            chosen = tag
        } else if let current = try engineCall({ try store.currentDeployment(pipeline: pipeline.name, environment: from) }) {
            chosen = current.artifactTag
        } else {
            throw .refused("nothing has succeeded in \(from) yet, so there is nothing to promote to \(environment)")
        }
        let artifact = try recordedArtifact(pipeline, tag: chosen)
        return try await run(.promote, pipeline: pipeline, environment: env, artifact: artifact, options: options)
    }

    /// Deploys the previous successful artifact of an environment again (or `tag`, which must have run there).
    public func rollback(_ pipeline: Pipeline, environment: String, to tag: String? = nil,
                         options: RunOptions = RunOptions()) async throws(EngineError) -> RunResult {
        let env = try engineCall { try pipeline.environment(named: environment) }
        let chosen: String
        if let tag {
            let ran = try engineCall { try store.hasSucceeded(pipeline: pipeline.name, environment: environment, tag: tag) }
            guard ran else { throw .refused("\(tag) never succeeded in \(environment); a rollback only returns to an artifact that ran there") }
            chosen = tag
        } else {
            guard let previous = try engineCall({ try store.previousDeployment(pipeline: pipeline.name, environment: environment) }) else {
                throw .refused("\(environment) has no earlier successful artifact to roll back to")
            }
            chosen = previous.artifactTag
        }
        let artifact = try recordedArtifact(pipeline, tag: chosen)
        return try await run(.rollback, pipeline: pipeline, environment: env, artifact: artifact, options: options)
    }

    /// Renders and uploads only the `file:` steps, for the artifact running in the environment.
    public func configOnly(_ pipeline: Pipeline, environment: String,
                           options: RunOptions = RunOptions()) async throws(EngineError) -> RunResult {
        let env = try engineCall { try pipeline.environment(named: environment) }
        guard let current = try engineCall({ try store.currentDeployment(pipeline: pipeline.name, environment: environment) }) else {
            throw .refused("nothing runs in \(environment) yet; deploy an artifact before updating its configuration")
        }
        let artifact = try recordedArtifact(pipeline, tag: current.artifactTag)
        return try await run(.configOnly, pipeline: pipeline, environment: env, artifact: artifact, options: options)
    }

    /// Shows the gates for an artifact without running or recording anything.
    public func evaluateGates(_ pipeline: Pipeline, environment: String, artifact tag: String,
                              kind: DeploymentKind = .promote, overrideReason: String? = nil) async throws(EngineError) -> GateReport {
        let env = try engineCall { try pipeline.environment(named: environment) }
        let artifact = try recordedArtifact(pipeline, tag: tag)
        return try await GateEvaluator(engine: self, now: clock.now()).evaluate(
            .init(pipeline: pipeline, environment: env, artifact: artifact, kind: kind, actor: actor,
                  overrideReason: overrideReason))
    }

    func recordedArtifact(_ pipeline: Pipeline, tag: String) throws(EngineError) -> Artifact {
        guard let artifact = try engineCall({ try store.artifact(pipeline: pipeline.name, tag: tag) }) else {
            throw .configuration("artifact \(pipeline.name):\(tag) is not recorded; build it first with `gantry build \(pipeline.name)`")
        }
        return artifact
    }
}
