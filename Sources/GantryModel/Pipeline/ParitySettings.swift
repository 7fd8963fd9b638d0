/// `parity:` — how environments are compared.
public struct ParitySettings: Sendable {
    /// Prints the artifact tag a host really runs.
    public var running: Template?
    /// Facts in file order.
    public var facts: [ParityFact]
    /// Documented, intentional differences.
    public var allow: [ParityAllowance]
}

/// A named shell command whose output must agree between environments.
public struct ParityFact: Sendable {
    public var name: String
    public var run: Template
    /// `follows: artifact` — only compared between environments running the same artifact.
    public var followsArtifact: Bool
    public var location: SourceLocation
}

/// One `allow:` entry of `parity:`.
public struct ParityAllowance: Sendable, Hashable {
    /// What differs on purpose.
    public enum Subject: Sendable, Hashable {
        case fact(String)
        case variable(String)
        case secret(String)
    }

    public var subject: Subject
    /// The two environments between which the difference is documented (either order).
    public var between: [String]
    public var reason: String
    public var impact: String
    public var location: SourceLocation
}
