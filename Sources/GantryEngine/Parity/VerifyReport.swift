import GantryShell
/// What `gantry verify` found: every host against the environment's record, and the hosts
/// against each other.
public struct VerifyReport: Sendable, Encodable {
    /// One thing a host does not agree on.
    public struct Finding: Sendable, Codable, Equatable {
        public enum Status: String, Sendable, Codable {
            case drift
            case inProgress = "in-progress"
            case unreachable
        }

        public var host: String
        /// `running` or `fact NAME`.
        public var subject: String
        /// What the record or the other hosts say.
        public var expected: String
        /// What this host says.
        public var found: String
        public var status: Status
    }

    /// The distinct values of one fact over the hosts.
    public struct FactSummary: Sendable, Codable, Equatable {
        public struct Value: Sendable, Codable, Equatable {
            public var value: String
            public var hosts: [String]
        }

        public var fact: String
        public var agreed: Bool
        public var values: [Value]
    }

    public var pipeline: String
    public var environment: String
    /// The artifact the environment's record says it runs.
    public var artifact: String?
    public var hosts: [String]
    /// What `parity.running` printed, per host (nil when not configured).
    public var running: [String: String]?
    public var facts: [FactSummary]
    public var findings: [Finding]
    /// Notes for people: nothing recorded yet, no `running`, a deployment in progress.
    public var notes: [String]
    public var unreachable: [String]

    public var driftCount: Int { findings.filter { $0.status == .drift }.count }

    /// `ok`, `drift` or `unreachable`.
    public var status: String { !unreachable.isEmpty ? "unreachable" : (driftCount > 0 ? "drift" : "ok") }

    /// 0 when all agree, 3 on drift, 4 when a host was unreachable (the highest wins).
    public var severity: Severity? { !unreachable.isEmpty ? .infrastructure : (driftCount > 0 ? .refused : nil) }

    private enum CodingKeys: String, CodingKey {
        case pipeline, environment, artifact, hosts, running, facts, findings, notes, unreachable, status, driftCount
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pipeline, forKey: .pipeline)
        try container.encode(environment, forKey: .environment)
        try container.encode(artifact, forKey: .artifact)
        try container.encode(hosts, forKey: .hosts)
        try container.encode(running, forKey: .running)
        try container.encode(facts, forKey: .facts)
        try container.encode(findings, forKey: .findings)
        try container.encode(notes, forKey: .notes)
        try container.encode(unreachable, forKey: .unreachable)
        try container.encode(status, forKey: .status)
        try container.encode(driftCount, forKey: .driftCount)
    }
}
