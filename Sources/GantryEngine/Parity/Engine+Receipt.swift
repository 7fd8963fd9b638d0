import Foundation
import GantryModel
import GantryStore

extension Engine {
    /// Records the parity receipt of an artifact that just succeeded in an environment: its
    /// facts (read on the environment's first host), configuration keys and migration ledger,
    /// as they are at that moment. A later parity gate compares against it.
    ///
    /// A receipt that cannot be taken is reported, not thrown: the deployment has already ended.
    ///
    /// - Parameters:
    ///   - result: the finished run; nothing is recorded unless it succeeded.
    ///   - secrets: the environment's secret values (to render facts, and to mask their output).
    func recordReceipt(_ result: RunResult, pipeline: Pipeline, env: Environment, artifact: Artifact,
                       secrets: [String: String]) async {
        // A partial deployment (`--hosts`, `--skip-unreachable`) never counts as "passed there".
        guard result.outcome == .succeeded, let deployment = result.deployment, !deployment.isPartial else { return }
        let context = ProbeContext(environment: env, artifact: artifact, secrets: secrets)
        let host = pipeline.hosts(of: env).first
        var facts: [FactValue] = []
        do {
            if let host, !(pipeline.parity?.facts.isEmpty ?? true) {
                let readings = await readProbes(pipeline, [ProbeTarget(environment: env, hosts: [host], running: false)],
                                                contexts: [env.name: context])
                facts = readings[env.name]?[host.name] ?? []
                try engineCall { try store.recordFactObservations(observations(readings, source: .receipt), pipeline: pipeline.name) }
            }
            let snapshot = try snapshot(pipeline, context, facts: facts, host: host?.name)
            let text = try engineCall { try snapshot.encoded() }
            try engineCall {
                try store.recordReceipt(pipeline: pipeline.name, environment: env.name, artifactTag: artifact.tag,
                                        deploymentID: deployment.id, at: clock.now(), snapshot: text)
            }
            let unread = facts.filter { !$0.succeeded }.map { "\($0.name) (\($0.display))" }
            observer(.note("parity receipt of \(artifact.tag) in \(env.name): \(facts.count) fact\(facts.count == 1 ? "" : "s")"
                + (host.map { " read on \($0.name)" } ?? "")
                + (unread.isEmpty ? "" : "; failed: " + unread.joined(separator: ", "))))
        } catch {
            observer(.note("warning: the parity receipt of \(artifact.tag) in \(env.name) could not be recorded: \(EngineError.wrap(error).message)"))
        }
    }
}
