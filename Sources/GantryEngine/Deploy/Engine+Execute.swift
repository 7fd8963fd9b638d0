import Foundation
import GantryGates
import GantryModel
import GantryStore

extension Engine {
    /// Runs the steps of a locked deployment on every host and records what happened.
    ///
    /// Everything is rendered for every host first; then every host is connected and
    /// authenticated (the pre-flight) before the first step runs anywhere. Step results are stored
    /// as each attempt ends, through the run's boundary.
    func execute(_ kind: DeploymentKind, pipeline: Pipeline, env: Environment, artifact: Artifact, deployment: Deployment,
                 previous: String?, secrets: [String: String], options: RunOptions, gates: GateReport,
                 boundary: RunBoundary) async throws(EngineError) -> RunResult {
        let hosts = try engineCall { try pipeline.hosts(of: env, limitedTo: deployment.hosts) }
        var context = pipeline.renderContext(for: env)
        ArtifactContext.fill(&context, artifact: artifact, secrets: secrets, previousTag: previous, releaseID: deployment.id)
        let resolver = StepResolver(pipeline: pipeline, environment: env, context: context,
                                    artifactFile: artifactFile(artifact))
        var steps: [String: [ResolvedStep]] = [:]
        var rollbackSteps: [String: [ResolvedStep]] = [:]
        do {
            for host in hosts {
                steps[host.name] = try resolver.steps(for: host, filesOnly: kind == .configOnly)
                rollbackSteps[host.name] = kind == .configOnly ? [] : (try resolver.rollbackSteps(for: host) ?? [])
            }
            try verifyArtifactFile(artifact, uploads: steps.values.contains { $0.contains(where: \.isUpload) })
        } catch {
            let final = try finish(deployment, status: .aborted, message: error.message, kind: kind,
                                   outcome: error.severity == .refused ? "refused" : "aborted", boundary: boundary)
            throw EngineError(error.severity, "deployment #\(final.id) aborted before any host was touched: \(error.message)")
        }
        if previous == nil && !pipeline.rollback.isEmpty && kind != .configOnly {
            boundary.observe(.note("nothing ran in \(env.name) before: rollback steps cannot run if this rollout halts"))
        }

        // A start has no audit event of its own (a deployment records one, when it ends); its
        // notification is written with the change to running instead, in the same transaction.
        let startedAt = clock.now()
        var starting = deployment
        starting.status = .running
        var running = try engineCall {
            try store.updateDeployment(id: deployment.id, status: .running, now: startedAt,
                                       notifications: boundary.startedNotifications(starting, hosts: hosts.map(\.name),
                                                                                    now: startedAt))
        }
        boundary.observe(.deploymentStarted(running, hosts: hosts.map(\.name),
                                            steps: hosts.first.flatMap { steps[$0.name] }?.map(\.name) ?? []))

        let provider = connect(pipeline)
        let parallel = options.parallel ?? pipeline.ssh.parallel
        let preflight = await Preflight.connect(hosts.map(\.name), provider: provider, parallel: parallel)
        boundary.observe(.rollout(.preflight(preflight)))
        let unreachable = preflight.filter { !$0.reachable }
        let reachable = preflight.filter(\.reachable).map(\.host)
        var skipped = ""
        if !unreachable.isEmpty && options.skipUnreachable && !reachable.isEmpty && !interruption.isRequested {
            // Explicitly asked for: deploy to the rest, record the run as partial, audit the skip.
            try engineCall { try store.limitDeployment(id: deployment.id, to: reachable) }
            running.hosts = reachable
            skipped = "; skipped unreachable: " + unreachable.map { "\($0.host) (\($0.failure?.reason ?? "unreachable"))" }
                .joined(separator: "; ")
            boundary.observe(.note("--skip-unreachable: deploying to \(reachable.joined(separator: ", ")) only; skipped "
                + unreachable.map(\.host).joined(separator: ", ")))
        } else if !unreachable.isEmpty || interruption.isRequested {
            await provider.closeAll()
            let verdict = unreachable.isEmpty ? Verdict.interruptedBeforeSteps(kind: kind, env: env.name, tag: artifact.tag,
                                                                               signal: interruption.signal)
                : Verdict.unreachable(unreachable, kind: kind, env: env.name, tag: artifact.tag)
            let final = try finish(running, status: verdict.status, message: verdict.message, kind: kind,
                                   outcome: verdict.auditOutcome, boundary: boundary)
            return RunResult(outcome: verdict.outcome, gates: gates, deployment: final,
                             report: RolloutReport(hostStates: hosts.map { ($0.name, .untouched) }),
                             request: nil, message: verdict.message, signal: interruption.signal)
        }

        let names = hosts.map(\.name).filter { reachable.contains($0) }
        let batches = env.rollout.batches(of: names)
        let plan = RolloutPlan(hosts: names, batchSize: batches.first?.count ?? 1, parallel: parallel,
                               haltOnFailure: env.rollout.haltOnFailure)
        var reached: [String: any RemoteConnection] = [:]
        for result in preflight { reached[result.host] = result.connection }
        let runner = RolloutRunner(connections: provider, clock: clock, stop: interruption) { boundary.observe(.rollout($0)) }
        let stepsByHost = steps, rollbackByHost = rollbackSteps
        var report = await runner.run(plan, reached: reached, steps: { stepsByHost[$0] ?? [] },
                                      rollbackSteps: { rollbackByHost[$0] ?? [] })
        await ReleasePruner(pipeline: pipeline, environment: env, running: artifact.tag, previous: previous).prune(after: report, kind: kind, connections: provider, parallel: parallel) { boundary.observe(.note($0)) }
        await provider.closeAll()

        report.hostStates += unreachable.map { (host: $0.host, state: RolloutReport.HostState.skipped) }
        var verdict = Verdict(report, kind: kind, env: env.name, tag: artifact.tag, signal: interruption.signal)
        if let limited = running.hosts, verdict.status == .succeeded {
            verdict.message += " (partial: \(limited.joined(separator: ", ")) only; it does not count as succeeded in \(env.name))"
        }
        if !skipped.isEmpty { verdict.message += skipped }
        if let problem = boundary.recordingError {
            verdict.message += "; some step results could not be stored: \(problem)"
        }
        let final = try finish(running, status: verdict.status, message: verdict.message, kind: kind,
                               outcome: verdict.auditOutcome, details: skipped,
                               rolledBack: Array(Set(report.rollbackOutcomes.map(\.host))).sorted(), boundary: boundary)
        return RunResult(outcome: verdict.outcome, gates: gates, deployment: final, report: report, request: nil,
                         message: verdict.message, signal: interruption.signal)
    }

    private func artifactFile(_ artifact: Artifact) -> (url: URL, sha256: String)? {
        guard let path = artifact.filePath, let digest = artifact.digest else { return nil }
        return (URL(fileURLWithPath: path), digest.hasPrefix("sha256:") ? String(digest.dropFirst(7)) : digest)
    }

    /// Hashes the kept artifact file before any host is touched: other bytes than those built
    /// (a file replaced after approval) are refused.
    private func verifyArtifactFile(_ artifact: Artifact, uploads: Bool) throws(EngineError) {
        guard uploads, let file = artifactFile(artifact) else { return }
        let actual: String
        do {
            actual = try FileDigest.sha256(of: file.url)
        } catch {
            throw .refused("the kept artifact file \(file.url.path) of \(artifact.tag) cannot be read: \(error.localizedDescription)")
        }
        guard actual == file.sha256 else {
            throw .refused("the kept artifact file \(file.url.path) of \(artifact.tag) no longer matches the digest recorded "
                + "when it was built (sha256:\(file.sha256.prefix(16))…, now sha256:\(actual.prefix(16))…): "
                + "it was changed after the build; refusing to deploy it")
        }
    }
}

extension ResolvedStep {
    var isUpload: Bool { if case .upload = action { true } else { false } }
}
