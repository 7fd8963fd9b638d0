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
        let targeted = try engineCall { try pipeline.hosts(of: env, limitedTo: options.hosts) }
        if targeted.isEmpty { throw .configuration("--hosts selects no host of \(env.name)") }
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
        // From here on, everything that leaves the run passes the boundary, which masks secrets.
        let boundary = RunBoundary(secrets: Array(secretValues.values), store: store, observer: observer,
                                   notices: Notices(pipeline: pipeline, environment: env))
        do throws(EngineError) {
            var result = try await locked(kind, pipeline: pipeline, env: env, artifact: artifact, secrets: secretValues,
                                          options: options, targeted: targeted, gates: gates, request: request,
                                          boundary: boundary, now: now)
            result.message = boundary.mask(result.message)
            return result
        } catch {
            throw boundary.mask(error)
        }
    }

    /// Digest check, deployment record, lock, steps, record: the part of a run that knows secrets.
    private func locked(_ kind: DeploymentKind, pipeline: Pipeline, env: Environment, artifact: Artifact,
                        secrets secretValues: [String: String], options: RunOptions, targeted: [GantryModel.Host], gates: GateReport,
                        request: PromotionRequest?, boundary: RunBoundary, now: Date) async throws(EngineError) -> RunResult {
        var request = request
        try await verifyDigest(pipeline, env: env, artifact: artifact, secrets: secretValues)
        let previous = try engineCall { try store.currentDeployment(pipeline: pipeline.name, environment: env.name) }
        let overrode = gates.result(for: .window)?.state == .overridden ? options.overrideReason : nil
        let deployment = try engineCall {
            try store.createDeployment(NewDeployment(
                pipeline: pipeline.name, environment: env.name, artifactTag: artifact.tag, digest: artifact.digest,
                commit: artifact.commit, kind: kind, status: .pending, actor: actor, startedAt: now,
                previousTag: previous?.artifactTag, overrideReason: overrode, trigger: trigger,
                hosts: options.hosts == nil ? nil : targeted.map(\.name)))
        }
        boundary.attach(deployment.id)

        let handle: LockHandle
        do {
            handle = try await takeLock(pipeline: pipeline, env: env, deployment: deployment, wait: options.lockWait, now: now)
        } catch let StoreError.lockHeld(holder) {
            let message = "\(pipeline.name)/\(env.name) is locked by deployment #\(holder.deploymentID) "
                + "(\(holder.actor), pid \(holder.pid) on \(holder.hostname)); waited \(DurationText.describe(options.lockWait)); "
                + "wait longer with --lock-wait (e.g. --lock-wait 10m)"
            let final = try finish(deployment, status: .aborted, message: message, kind: kind, outcome: "refused: locked",
                                   boundary: boundary)
            return RunResult(outcome: .blocked, gates: gates, deployment: final, report: nil, request: request, message: message)
        } catch is CancellationError {
            let verdict = Verdict.interruptedBeforeSteps(kind: kind, env: env.name, tag: artifact.tag, signal: interruption.signal)
            let final = try finish(deployment, status: .aborted, message: verdict.message + " (while waiting for the lock)",
                                   kind: kind, outcome: verdict.auditOutcome, boundary: boundary)
            return RunResult(outcome: .interrupted, gates: gates, deployment: final, report: nil, request: request,
                             message: final.message ?? verdict.message, signal: interruption.signal)
        } catch {
            throw EngineError.wrap(error)
        }
        defer { try? handle.release() }

        var result = try await execute(kind, pipeline: pipeline, env: env, artifact: artifact, deployment: deployment,
                                       previous: previous?.artifactTag, secrets: secretValues, options: options, gates: gates,
                                       boundary: boundary)
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

    /// Takes the environment's lock, waiting up to `wait`; a stop request ends the wait
    /// (`CancellationError`). A holder that is gone or silent is taken over, and that is audited.
    private func takeLock(pipeline: Pipeline, env: Environment, deployment: Deployment, wait: TimeInterval,
                          now: Date) async throws -> LockHandle {
        let takeover: @Sendable (EnvironmentLock) -> AuditEntry = { [self] old in
            audit("lock-takeover", pipeline: pipeline.name, environment: env.name, artifact: nil,
                  outcome: "interrupted",
                  details: "deployment #\(old.deploymentID) of \(old.actor) (pid \(old.pid) on \(old.hostname)) marked "
                      + "interrupted: its process is gone or its heartbeat is older than 30 s")
        }
        let store = self.store, actor = self.actor, clock = self.clock
        let attempt = Task {
            try await store.lockHandle(pipeline: pipeline.name, environment: env.name, deployment: deployment.id,
                                       pid: getpid(), host: Identity.hostName(), actor: actor, now: now,
                                       wait: wait, clock: { clock.now() }, takeoverAudit: takeover)
        }
        let token = interruption.onRequest { attempt.cancel() }
        defer { interruption.remove(token) }
        let handle = try await attempt.value
        if let old = handle.takenOverFrom {
            observer(.note("took over the lock of deployment #\(old.deploymentID) (\(old.actor), pid \(old.pid)): marked interrupted"))
        }
        if interruption.isRequested {
            try? handle.release()
            throw CancellationError()
        }
        return handle
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
                                 outcome: "opened", details: gates.blockingSummary)
                        .notifying(requestedNotifications(pipeline, env: env, artifact: artifact, gates: gates)))
            }
            request = opened.request
            message += "\npromotion request #\(opened.request.id) recorded; approvers can run "
                + "`gantry approve \(pipeline.name) \(env.name) --artifact \(artifact.tag)`"
        } else {
            _ = try engineCall {
                try store.appendAudit(audit(kind.rawValue, pipeline: pipeline.name, environment: env.name,
                                            artifact: artifact.tag, outcome: "blocked", details: gates.blockingSummary)
                    .notifying(blockedNotifications(kind, pipeline: pipeline, env: env, artifact: artifact, gates: gates)))
            }
        }
        return RunResult(outcome: .blocked, gates: gates, deployment: nil, report: nil, request: request, message: message)
    }

    func resolveSecrets(_ pipeline: Pipeline, env: Environment) throws(EngineError) -> [String: String] {
        try resolveSecrets(pipeline.secrets, env: env)
    }

    /// The values of `names` for `env` (a build resolves only the secrets it references).
    func resolveSecrets(_ names: [String], env: Environment) throws(EngineError) -> [String: String] {
        do {
            return try secrets.resolve(names, for: env.name)
        } catch {
            throw .configuration(error.description)
        }
    }

    /// Reads `artifact.digest` again; a tag overwritten in a registry refuses the deployment.
    ///
    /// Like a build, the command sees no `GANTRY_SECRET_*` variable: only the secrets it
    /// references, for the environment being deployed, as `GANTRY_BUILD_SECRET_<NAME>`.
    private func verifyDigest(_ pipeline: Pipeline, env: Environment, artifact: Artifact,
                              secrets: [String: String]) async throws(EngineError) {
        guard let template = pipeline.artifact.digest, let recorded = artifact.digest else { return }
        var context = pipeline.renderContext(for: env)
        ArtifactContext.fill(&context, artifact: artifact, secrets: secrets)
        context.secretVariablePrefix = BuildEnvironment.secretPrefix
        let command = try engineCall { try template.renderCommand(context) }
        let result: LocalCommandResult
        do {
            result = try await LocalCommand.run(command, in: URL(fileURLWithPath: pipeline.projectRoot),
                                                environment: BuildEnvironment.forCommand(template, secrets: secrets))
        } catch {
            throw EngineError.wrap(error)
        }
        guard result.succeeded else {
            // The run's boundary masks this message before it leaves the engine.
            throw .infrastructure("digest command for \(artifact.tag) failed (exit \(result.exitStatus)): "
                + result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let now = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard now == recorded else {
            throw .refused("artifact \(pipeline.name):\(artifact.tag) was built with digest \(recorded) but now reads \(now): "
                + "the tag was overwritten; refusing to deploy it")
        }
    }

    /// Ends a deployment record with exactly one audit event; the message is masked on its way out.
    /// The event's notification (succeeded, failed, rolled_back or blocked) goes with the audit event.
    ///
    /// - Parameters:
    ///   - details: more for the audit event (hosts skipped, hosts the run was limited to).
    ///   - rolledBack: the hosts whose `rollback:` steps ran.
    func finish(_ deployment: Deployment, status: DeploymentStatus, message: String, kind: DeploymentKind,
                outcome: String, details: String = "", rolledBack: [String] = [],
                boundary: RunBoundary) throws(EngineError) -> Deployment {
        let now = clock.now()
        var ended = deployment
        (ended.status, ended.finishedAt, ended.message, ended.step) = (status, now, boundary.mask(message), nil)
        let final = try engineCall {
            try store.updateDeployment(
                id: deployment.id, status: status, now: now, message: boundary.mask(message),
                audit: audit(kind.rawValue, pipeline: deployment.pipeline, environment: deployment.environment,
                             artifact: deployment.artifactTag, outcome: outcome,
                             details: boundary.mask("deployment #\(deployment.id)"
                                 + (deployment.hosts.map { "; limited to \($0.joined(separator: ", "))" } ?? "")
                                 + (deployment.overrideReason.map { "; window overridden: \($0)" } ?? "") + details))
                    .notifying(boundary.finishedNotifications(ended, auditOutcome: outcome, rolledBack: rolledBack)))
        }
        boundary.observe(.deploymentFinished(final))
        return final
    }
}
