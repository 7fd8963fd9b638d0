import Foundation
import GantryGates
import GantryModel
import GantryStore

extension Engine {
    /// The path every deployment-like command shares: gates, secrets, digest, lock, steps, record.
    func run(_ kind: DeploymentKind, pipeline: Pipeline, environment env: Environment, artifact: Artifact,
             options: RunOptions) async throws(EngineError) -> RunResult {
        if options.overrideReason?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true {
            throw .configuration("--override-window needs a non-empty --reason")
        }
        let now = clock.now()
        let question = GateEvaluator.Question(pipeline: pipeline, environment: env, artifact: artifact, kind: kind,
                                              actor: actor, overrideReason: options.overrideReason)
        let gates = try await GateEvaluator(engine: self, now: now).evaluate(question)
        observer(.gates(gates))

        var request: PromotionRequest?
        if kind == .promote || kind == .deploy, env.approval != nil {
            request = try engineCall {
                try store.livePromotionRequest(pipeline: pipeline.name, environment: env.name, artifactTag: artifact.tag)
            }
        }
        if gates.isBlocked {
            return try blocked(kind, pipeline: pipeline, env: env, artifact: artifact, gates: gates, request: request)
        }

        let secretValues = try resolveSecrets(pipeline, env: env)
        try verifyDigest(pipeline, env: env, artifact: artifact, secrets: secretValues)
        let previous = try engineCall { try store.currentDeployment(pipeline: pipeline.name, environment: env.name) }
        let overrode = gates.result(for: .window)?.state == .overridden ? options.overrideReason : nil
        let deployment = try engineCall {
            try store.createDeployment(NewDeployment(
                pipeline: pipeline.name, environment: env.name, artifactTag: artifact.tag, digest: artifact.digest,
                commit: artifact.commit, kind: kind, status: .pending, actor: actor, startedAt: now,
                previousTag: previous?.artifactTag, overrideReason: overrode, trigger: trigger))
        }

        let handle: LockHandle
        do {
            let takeover: (EnvironmentLock) -> AuditEntry = { [self] old in
                audit("lock-takeover", pipeline: pipeline.name, environment: env.name, artifact: nil,
                      outcome: "interrupted",
                      details: "deployment #\(old.deploymentID) of \(old.actor) (pid \(old.pid) on \(old.hostname)) marked "
                          + "interrupted: its process is gone or its heartbeat is older than 30 s")
            }
            handle = try await store.lockHandle(pipeline: pipeline.name, environment: env.name, deployment: deployment.id,
                                                pid: getpid(), host: Identity.hostName(), actor: actor, now: now,
                                                wait: options.lockWait, clock: { [clock] in clock.now() },
                                                takeoverAudit: takeover)
            if let old = handle.takenOverFrom {
                observer(.note("took over the lock of deployment #\(old.deploymentID) (\(old.actor), pid \(old.pid)): marked interrupted"))
            }
        } catch let StoreError.lockHeld(holder) {
            let message = "\(pipeline.name)/\(env.name) is locked by deployment #\(holder.deploymentID) "
                + "(\(holder.actor), pid \(holder.pid) on \(holder.hostname)); waited \(DurationText.describe(options.lockWait))"
            let final = try finish(deployment, status: .aborted, message: message, kind: kind, outcome: "refused: locked")
            return RunResult(outcome: .blocked, gates: gates, deployment: final, report: nil, request: request, message: message)
        } catch {
            throw EngineError.wrap(error)
        }
        defer { try? handle.release() }

        var result = try await execute(kind, pipeline: pipeline, env: env, artifact: artifact, deployment: deployment,
                                       previous: previous?.artifactTag, secrets: secretValues, options: options, gates: gates)
        recordAppliedMigrations(result, pipeline: pipeline, env: env, artifact: artifact)
        await recordReceipt(result, pipeline: pipeline, env: env, artifact: artifact, secrets: secretValues)
        if let open = request, result.outcome == .succeeded {
            request = try engineCall {
                try store.markRequestExecuted(id: open.id, deploymentID: deployment.id, by: actor, now: clock.now())
            }
        }
        result.request = request
        return result
    }

    /// A blocked run: records a promotion request when only approvals are missing, audits the refusal.
    private func blocked(_ kind: DeploymentKind, pipeline: Pipeline, env: Environment, artifact: Artifact,
                         gates: GateReport, request existing: PromotionRequest?) throws(EngineError) -> RunResult {
        var request = existing
        var message = "\(kind.rawValue) of \(artifact.tag) to \(env.name) blocked:\n" + gates.blockingSummary
        let approvalBlocked = gates.result(for: .approval)?.state == .blocked
        let pathPassed = gates.result(for: .path)?.state == .passed
        if approvalBlocked && pathPassed && request == nil {
            let opened = try engineCall {
                try store.openPromotionRequest(
                    pipeline: pipeline.name, environment: env.name, artifactTag: artifact.tag, digest: artifact.digest,
                    requester: actor, now: clock.now(),
                    audit: audit("request", pipeline: pipeline.name, environment: env.name, artifact: artifact.tag,
                                 outcome: "opened", details: gates.blockingSummary))
            }
            request = opened.request
            message += "\npromotion request #\(opened.request.id) recorded; approvers can run "
                + "`gantry approve \(pipeline.name) \(env.name) --artifact \(artifact.tag)`"
        } else {
            _ = try engineCall {
                try store.appendAudit(audit(kind.rawValue, pipeline: pipeline.name, environment: env.name,
                                            artifact: artifact.tag, outcome: "blocked", details: gates.blockingSummary))
            }
        }
        return RunResult(outcome: .blocked, gates: gates, deployment: nil, report: nil, request: request, message: message)
    }

    func resolveSecrets(_ pipeline: Pipeline, env: Environment) throws(EngineError) -> [String: String] {
        do {
            return try secrets.resolve(pipeline.secrets, for: env.name)
        } catch {
            throw .configuration(error.description)
        }
    }

    /// Reads `artifact.digest` again; a tag overwritten in a registry refuses the deployment.
    private func verifyDigest(_ pipeline: Pipeline, env: Environment, artifact: Artifact,
                              secrets: [String: String]) throws(EngineError) {
        guard let template = pipeline.artifact.digest, let recorded = artifact.digest else { return }
        var context = pipeline.renderContext(for: env)
        ArtifactContext.fill(&context, artifact: artifact, secrets: secrets)
        let command = try engineCall { try template.renderCommand(context) }
        let result = try engineCall {
            try LocalCommand.run(command, in: URL(fileURLWithPath: pipeline.projectRoot))
        }
        guard result.succeeded else {
            throw .infrastructure("digest command for \(artifact.tag) failed (exit \(result.exitStatus)): "
                + SecretMasker(secrets: secrets.values).mask(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let now = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard now == recorded else {
            throw .refused("artifact \(pipeline.name):\(artifact.tag) was built with digest \(recorded) but now reads \(now): "
                + "the tag was overwritten; refusing to deploy it")
        }
    }

    /// Ends a deployment record with exactly one audit event.
    func finish(_ deployment: Deployment, status: DeploymentStatus, message: String, kind: DeploymentKind,
                outcome: String) throws(EngineError) -> Deployment {
        let final = try engineCall {
            try store.updateDeployment(
                id: deployment.id, status: status, now: clock.now(), message: message,
                audit: audit(kind.rawValue, pipeline: deployment.pipeline, environment: deployment.environment,
                             artifact: deployment.artifactTag, outcome: outcome,
                             details: "deployment #\(deployment.id)"
                                 + (deployment.overrideReason.map { "; window overridden: \($0)" } ?? "")))
        }
        observer(.deploymentFinished(final))
        return final
    }
}
