import Foundation
import GantryModel
import GantryStore

extension Engine {
    /// Compares two environments (or, with `all`, every environment with its `from`): the
    /// artifact each runs, configuration keys, migration ledgers and every `parity.facts` output.
    ///
    /// Facts are read over SSH on the first host of each environment, all at once. Every fact
    /// read is stored, so `since` can show when a fact changed, and where.
    ///
    /// - Parameters:
    ///   - pipeline: the validated pipeline.
    ///   - pairs: (ENV_A, ENV_B) pairs; empty with `all`.
    ///   - all: compare every environment that has a `from` with it.
    ///   - since: also list fact changes observed since this instant.
    /// - Throws: `.configuration` for unknown or equal environments, a pipeline without anything
    ///   to compare, or a fact needing a secret without a value.
    public func parity(_ pipeline: Pipeline, between a: String? = nil, and b: String? = nil, all: Bool = false,
                       since: Date? = nil) async throws(EngineError) -> ParityReport {
        var pairs: [(Environment, Environment)] = []
        if all {
            for env in pipeline.environments {
                guard let from = env.from else { continue }
                pairs.append((try engineCall { try pipeline.environment(named: from) }, env))
            }
            if pairs.isEmpty { throw .configuration("no environment of \(pipeline.name) has a 'from:' to compare with") }
        } else {
            guard let a, let b else { throw .configuration("parity needs two environments, or --all") }
            let first = try engineCall { try pipeline.environment(named: a) }
            let second = try engineCall { try pipeline.environment(named: b) }
            guard first.name != second.name else { throw .configuration("an environment cannot be compared with itself (\(a))") }
            pairs = [(first, second)]
        }
        var involved: [Environment] = []
        for (x, y) in pairs { for env in [x, y] where !involved.contains(where: { $0.name == env.name }) { involved.append(env) } }

        var contexts: [String: ProbeContext] = [:]
        for env in involved { contexts[env.name] = try probeContext(pipeline, env) }
        let targets = involved.map { ProbeTarget(environment: $0, hosts: Array(pipeline.hosts(of: $0).prefix(1)), running: false) }
        let readings = await readProbes(pipeline, targets, contexts: contexts)
        try engineCall { try store.recordFactObservations(observations(readings, source: .parity), pipeline: pipeline.name) }

        var snapshots: [String: EnvironmentSnapshot] = [:]
        for env in involved {
            let host = pipeline.hosts(of: env).first?.name
            let facts = host.flatMap { readings[env.name]?[$0] } ?? []
            snapshots[env.name] = try snapshot(pipeline, contexts[env.name]!, facts: facts, host: host)
        }
        let comparator = try comparator(pipeline, environments: involved.map(\.name))
        let comparisons = pairs.map { comparator.compare(snapshots[$0.0.name]!, snapshots[$0.1.name]!) }
        var changes: [FactChange]?
        if let since {
            var found: [FactChange] = []
            for env in involved {
                let rows = try engineCall { try store.factObservations(pipeline: pipeline.name, environment: env.name, since: since) }
                found += FactHistory.changes(rows)
            }
            changes = found.sorted { $0.at < $1.at }
        }
        return ParityReport(pipeline: pipeline.name, comparisons: comparisons, unreachable: Self.unreachable(readings),
                            changes: changes, since: since)
    }

    /// A comparator that knows what succeeded in, and what is running in, these environments.
    func comparator(_ pipeline: Pipeline, environments: [String]) throws(EngineError) -> ParityComparator {
        var succeeded: [String: Set<String>] = [:]
        for env in environments {
            succeeded[env] = Set(try engineCall { try store.succeededTags(pipeline: pipeline.name, environment: env) })
        }
        let active = try engineCall { try store.activeDeployments(pipeline: pipeline.name) }
        var running: [String: Int64] = [:]
        for deployment in active where deployment.status == .running && running[deployment.environment] == nil {
            running[deployment.environment] = deployment.id
        }
        return ParityComparator(pipeline: pipeline, now: clock.now(), succeeded: succeeded, inProgress: running)
    }

    /// `host: why` for every host that could not be reached, once each.
    static func unreachable(_ readings: [String: [String: [FactValue]]]) -> [String] {
        var seen: [String] = []
        for (_, hosts) in readings.sorted(by: { $0.key < $1.key }) {
            for (host, values) in hosts.sorted(by: { $0.key < $1.key }) {
                guard let broken = values.first(where: \.unreachable) else { continue }
                let line = "\(host): " + (broken.error ?? "unreachable")
                if !seen.contains(line) { seen.append(line) }
            }
        }
        return seen
    }
}
