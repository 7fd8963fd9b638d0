import Foundation
import GantryGates
import GantryModel
import GantryStore

extension Engine {
    /// Runs the steps of a locked deployment on every host and records what happened.
    func execute(_ kind: DeploymentKind, pipeline: Pipeline, env: Environment, artifact: Artifact, deployment: Deployment,
                 previous: String?, secrets: [String: String], options: RunOptions,
                 gates: GateReport) async throws(EngineError) -> RunResult {
        let hosts = pipeline.hosts(of: env)
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
        } catch {
            let final = try finish(deployment, status: .aborted, message: error.message, kind: kind, outcome: "aborted")
            throw EngineError(error.kind, "deployment #\(final.id) aborted before any host was touched: \(error.message)")
        }
        if previous == nil && !pipeline.rollback.isEmpty && kind != .configOnly {
            observer(.note("nothing ran in \(env.name) before: rollback steps cannot run if this rollout halts"))
        }

        let running = try engineCall {
            try store.updateDeployment(id: deployment.id, status: .running, now: clock.now())
        }
        observer(.deploymentStarted(running, hosts: hosts.map(\.name)))

        let batches = env.rollout.batches(of: hosts.map(\.name))
        let plan = RolloutPlan(hosts: hosts.map(\.name), batchSize: batches.first?.count ?? 1,
                               parallel: options.parallel ?? pipeline.ssh.parallel,
                               haltOnFailure: env.rollout.haltOnFailure)
        let provider = connect(pipeline)
        let observer = self.observer
        let runner = RolloutRunner(connections: provider, secrets: Array(secrets.values), clock: clock) { event in
            observer(.rollout(event))
        }
        let stepsByHost = steps, rollbackByHost = rollbackSteps
        let report = await runner.run(plan, steps: { stepsByHost[$0] ?? [] }, rollbackSteps: { rollbackByHost[$0] ?? [] })
        await provider.closeAll()

        try record(report, deployment: deployment)
        let (status, outcome, message) = Self.verdict(report, kind: kind, env: env.name, tag: artifact.tag)
        let final = try finish(running, status: status, message: message, kind: kind, outcome: outcome)
        return RunResult(outcome: outcome == "succeeded" ? .succeeded : (status == .errored ? .errored : .failed),
                         gates: gates, deployment: final, report: report, request: nil, message: message)
    }

    private func artifactFile(_ artifact: Artifact) -> (url: URL, sha256: String)? {
        guard let path = artifact.filePath, let digest = artifact.digest else { return nil }
        return (URL(fileURLWithPath: path), digest.hasPrefix("sha256:") ? String(digest.dropFirst(7)) : digest)
    }

    private func record(_ report: RolloutReport, deployment: Deployment) throws(EngineError) {
        let rows = report.outcomes.map { ($0, $0.step) } + report.rollbackOutcomes.map { ($0, "rollback: \($0.step)") }
        for (outcome, name) in rows {
            let text = outcome.note.map { outcome.output.isEmpty ? $0 : outcome.output + "\n(\($0))" } ?? outcome.output
            try engineCall {
                try store.appendStepResult(StepResult(
                    deploymentID: deployment.id, host: outcome.host, step: name, attempt: outcome.attempts,
                    exitStatus: outcome.exitStatus, startedAt: outcome.startedAt, finishedAt: outcome.finishedAt,
                    outcome: outcome.status.rawValue, output: text))
            }
        }
    }

    static func verdict(_ report: RolloutReport, kind: DeploymentKind, env: String,
                        tag: String) -> (DeploymentStatus, String, String) {
        if report.succeeded {
            return (.succeeded, "succeeded", "\(kind.rawValue) of \(tag) to \(env) succeeded on \(report.hostStates.count) host(s)")
        }
        var parts: [String] = []
        let failed = report.hosts(in: .failed), errored = report.hosts(in: .errored), untouched = report.hosts(in: .untouched)
        if !failed.isEmpty {
            let why = failed.compactMap { host in
                report.outcomes.last { $0.host == host && $0.status != .succeeded && $0.status != .skipped }
                    .map { "\(host): step '\($0.step)' \($0.note ?? $0.status.rawValue)" }
            }
            parts.append("failed on " + why.joined(separator: "; "))
        }
        if !errored.isEmpty {
            let why = errored.compactMap { host in
                report.outcomes.last { $0.host == host && $0.status == .errored }.map { "\(host): \($0.note ?? "errored")" }
            }
            parts.append("unreachable or broken connection: " + why.joined(separator: "; "))
        }
        if report.halted && !untouched.isEmpty { parts.append("halted before \(untouched.joined(separator: ", "))") }
        if !report.rollbackOutcomes.isEmpty {
            let ok = report.rollbackOutcomes.allSatisfy { $0.status == .succeeded || $0.status == .skipped }
            parts.append("rollback steps \(ok ? "ran" : "FAILED") on "
                + Array(Set(report.rollbackOutcomes.map(\.host))).sorted().joined(separator: ", "))
        }
        let status: DeploymentStatus = errored.isEmpty ? .failed : .errored
        return (status, status.rawValue, "\(kind.rawValue) of \(tag) to \(env) \(status.rawValue): " + parts.joined(separator: "; "))
    }
}
