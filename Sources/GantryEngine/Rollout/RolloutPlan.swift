/// How a deployment's hosts are walked through.
public struct RolloutPlan: Sendable {
    /// Host names in rollout order.
    public var hosts: [String]
    /// Hosts per batch (at least 1).
    public var batchSize: Int
    /// At most this many hosts at once within a batch.
    public var parallel: Int
    /// Stop after the first batch with a failure.
    public var haltOnFailure: Bool

    public init(hosts: [String], batchSize: Int, parallel: Int, haltOnFailure: Bool) {
        self.hosts = hosts
        self.batchSize = max(1, batchSize)
        self.parallel = max(1, parallel)
        self.haltOnFailure = haltOnFailure
    }

    /// The hosts grouped into batches, in order.
    public var batches: [[String]] {
        stride(from: 0, to: hosts.count, by: batchSize).map { Array(hosts[$0..<min($0 + batchSize, hosts.count)]) }
    }
}
