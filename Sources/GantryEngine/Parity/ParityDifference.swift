/// One way two environments differ, and how it is judged.
public struct ParityDifference: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case artifact
        case variable = "var"
        case secret, migration, fact
    }

    public enum Status: String, Sendable, Codable {
        /// The environment further along the promotion path is behind: the normal state between promotions.
        case pending
        /// Matches a live `parity.allow` entry.
        case documented
        /// Everything else: blocks a parity gate with `block: true`.
        case drift
        /// A deployment of either environment is running and changes this.
        case inProgress = "in-progress"
        /// A host could not be reached, so the fact could not be compared.
        case unreachable
    }

    public var kind: Kind
    /// The fact, var, secret or migration file concerned; `artifact` for the artifact.
    public var subject: String
    /// The value in the first environment, as shown (never a secret value).
    public var a: String
    /// The value in the second environment.
    public var b: String
    public var status: Status
    /// Why it has this status: the allow entry, the deployment in progress, the expired entry …
    public var note: String
    /// What would clear it, for drift.
    public var unblock: String?

    /// `fact ruby`, `var LOG_LEVEL`, `migration V3__x.sql`, `artifact`.
    public var label: String { kind == .artifact ? "artifact" : "\(kind.rawValue) \(subject)" }
}

/// Two environments compared: every difference, what was equal, and what could not be compared.
public struct ParityComparison: Sendable, Codable, Equatable {
    /// ENV_A and ENV_B.
    public var a: String
    public var b: String
    /// What ENV_A is: "now", or "as v1 passed there on 2026-12-01T10:00:00Z" for a receipt.
    public var basis: String
    public var artifactA: String?
    public var artifactB: String?
    public var differences: [ParityDifference]
    /// Labels of what was compared and found equal (`artifact`, `var PORT`, `fact os` …).
    public var equal: [String]
    /// What was not compared, and why (`fact schema follows the artifact: …`).
    public var notCompared: [String]

    public func count(_ status: ParityDifference.Status) -> Int { differences.filter { $0.status == status }.count }
    public var drift: [ParityDifference] { differences.filter { $0.status == .drift } }
}
