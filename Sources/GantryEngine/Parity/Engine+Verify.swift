import Foundation
import GantryModel
import GantryStore

extension Engine {
    /// Checks one environment against its own record: every host runs the recorded artifact
    /// (`parity.running`), and all hosts agree on every fact. It catches the hotfix made by hand
    /// on one host. Facts are read on every host, at most `ssh.parallel` at once, and stored.
    ///
    /// - Throws: `.configuration` for an unknown environment, one without hosts, a pipeline
    ///   without `parity.running` or facts, or a fact needing a secret without a value.
    public func verify(_ pipeline: Pipeline, environment: String) async throws(EngineError) -> VerifyReport {
        let env = try engineCall { try pipeline.environment(named: environment) }
        let hosts = pipeline.hosts(of: env)
        guard !hosts.isEmpty else { throw .configuration("environment '\(env.name)' has no hosts") }
        guard let parity = pipeline.parity, parity.running != nil || !parity.facts.isEmpty else {
            throw .configuration("pipeline \(pipeline.name) has no 'parity.running' or 'parity.facts' to verify hosts with (\(pipeline.file))")
        }
        let context = try probeContext(pipeline, env)
        let readings = await readProbes(pipeline, [ProbeTarget(environment: env, hosts: hosts, running: parity.running != nil)],
                                        contexts: [env.name: context])
        try engineCall { try store.recordFactObservations(observations(readings, source: .verify), pipeline: pipeline.name) }
        let byHost = readings[env.name] ?? [:]
        let busy = try engineCall { try store.activeDeployments(pipeline: pipeline.name) }
            .first { $0.environment == env.name && $0.status == .running }

        var report = VerifyReport(pipeline: pipeline.name, environment: env.name, artifact: context.artifact?.tag,
                                  hosts: hosts.map(\.name), running: nil, facts: [], findings: [], notes: [],
                                  unreachable: Self.unreachable(readings))
        let status: VerifyReport.Finding.Status = busy == nil ? .drift : .inProgress
        if let busy { report.notes.append("deployment #\(busy.id) of \(env.name) in progress: differences are not drift") }
        if parity.running != nil {
            report.running = [:]
            if report.artifact == nil { report.notes.append("nothing has succeeded in \(env.name) yet: no artifact to check hosts against") }
            for host in hosts {
                guard let value = byHost[host.name]?.first, !value.unreachable else { continue }
                report.running?[host.name] = value.succeeded ? value.output : value.display
                guard let recorded = report.artifact else { continue }
                if !value.succeeded || value.output != recorded {
                    report.findings.append(.init(host: host.name, subject: "running", expected: recorded,
                                                 found: value.succeeded ? (value.output.isEmpty ? "(empty)" : value.output) : value.display,
                                                 status: status))
                }
            }
        } else {
            report.notes.append("no parity.running: which artifact each host runs is not checked")
        }
        let offset = parity.running == nil ? 0 : 1
        let recorded = try recordedFacts(pipeline, env: env.name, artifact: report.artifact)
        for (index, fact) in parity.facts.enumerated() {
            let values = hosts.compactMap { host in byHost[host.name].flatMap { $0.count > index + offset ? $0[index + offset] : nil } }
                .filter { !$0.unreachable }
            let groups = Self.groups(values, recorded: recorded[fact.name])
            report.facts.append(.init(fact: fact.name, agreed: groups.count <= 1 && values.allSatisfy(\.succeeded),
                                      values: groups.map { .init(value: $0.first!.display, hosts: $0.map(\.host)) }))
            report.findings += findings(fact.name, values, reference: groups.first?.first, status: status)
        }
        return report
    }

    /// The facts of the receipt of what the environment runs (read when it succeeded there), by name.
    private func recordedFacts(_ pipeline: Pipeline, env: String, artifact: String?) throws(EngineError) -> [String: String] {
        guard let artifact,
              let receipt = try engineCall({ try store.latestReceipt(pipeline: pipeline.name, environment: env, artifactTag: artifact) }),
              let snapshot = try? EnvironmentSnapshot.decode(receipt.snapshot) else { return [:] }
        return Dictionary(snapshot.facts.map { ($0.name, $0.digest) }, uniquingKeysWith: { first, _ in first })
    }

    /// Hosts whose value differs from the reference one, and hosts where the command failed.
    private func findings(_ fact: String, _ values: [FactValue], reference: FactValue?,
                          status: VerifyReport.Finding.Status) -> [VerifyReport.Finding] {
        guard let reference else { return [] }
        var result: [VerifyReport.Finding] = []
        for value in values where !value.succeeded || value.digest != reference.digest {
            let others = values.filter { $0.host != value.host && $0.digest == reference.digest }.map(\.host)
            let expected = value.digest == reference.digest ? "exit 0" : reference.display + (others.isEmpty ? "" : " (as on \(others.joined(separator: ", ")))")
            result.append(.init(host: value.host, subject: "fact \(fact)", expected: expected, found: value.display, status: status))
        }
        return result
    }

    /// Values grouped by digest, largest group first; in a tie the value recorded when the
    /// artifact succeeded (the receipt) comes first, then host order.
    private static func groups(_ values: [FactValue], recorded: String?) -> [[FactValue]] {
        var order: [String] = []
        var groups: [String: [FactValue]] = [:]
        for value in values {
            if groups[value.digest] == nil { order.append(value.digest) }
            groups[value.digest, default: []].append(value)
        }
        return order.enumerated().sorted { lhs, rhs in
            let (l, r) = (groups[lhs.element]!.count, groups[rhs.element]!.count)
            if l != r { return l > r }
            if (lhs.element == recorded) != (rhs.element == recorded) { return lhs.element == recorded }
            return lhs.offset < rhs.offset
        }.map { groups[$0.element]! }
    }
}
