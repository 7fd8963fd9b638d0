import Foundation
import GantryModel
import GantryStore

extension Engine {
    /// One environment against the one it is compared with, from what was last read.
    public struct ObservedParity: Sendable {
        public var comparison: ParityComparison
        /// The environment's `parity.block`: undocumented drift refuses a promotion into it.
        public var blocks: Bool
        /// The oldest of the newest fact readings compared (the comparison is as fresh as this);
        /// nil when no fact of either side was ever read.
        public var factsReadAt: Date?
    }

    /// Parity as last observed, without contacting any host: every environment with `parity.with`
    /// against that environment, comparing the artifacts, configuration keys and ledgers as they
    /// are now with the facts `gantry parity`, `gantry verify` or a receipt read last on each
    /// environment's first host. For a page that cannot open SSH connections on every view.
    public func observedParity(_ pipeline: Pipeline) throws(EngineError) -> [ObservedParity] {
        let pairs = pipeline.environments.compactMap { env -> (String, Environment)? in
            env.parity.map { ($0.with, env) }
        }
        guard !pairs.isEmpty else { return [] }
        var snapshots: [String: EnvironmentSnapshot] = [:]
        var readAt: [String: Date] = [:]
        for name in Set(pairs.flatMap { [$0.0, $0.1.name] }) {
            let env = try engineCall { try pipeline.environment(named: name) }
            let host = pipeline.hosts(of: env).first?.name
            let observed = try host.map { host throws(EngineError) in
                try engineCall { try store.latestFactObservations(pipeline: pipeline.name, environment: name, host: host) }
            } ?? []
            let known = Set(pipeline.parity?.facts.map(\.name) ?? [])
            let facts = observed.filter { known.contains($0.fact) }
            if let newest = facts.map(\.observedAt).max() { readAt[name] = newest }
            // Secret names only: which have a value here. A missing or unsafe secrets file hides none of the rest.
            let secrets = (try? availableSecrets(pipeline, env)) ?? [:]
            let context = try probeContext(pipeline, env, secrets: secrets, reading: false)
            snapshots[name] = try snapshot(pipeline, context, facts: facts.map(FactValue.init(observed:)), host: host)
        }
        let comparator = try comparator(pipeline, environments: Array(snapshots.keys))
        return pairs.compactMap { with, env in
            guard let a = snapshots[with], let b = snapshots[env.name] else { return nil }
            let times = [readAt[with], readAt[env.name]].compactMap { $0 }
            return ObservedParity(comparison: comparator.compare(a, b), blocks: env.parity?.block ?? false,
                                  factsReadAt: times.min())
        }
    }
}
