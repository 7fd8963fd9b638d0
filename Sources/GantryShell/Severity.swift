/// How bad a failure is: the one vocabulary every module's errors speak.
///
/// Each module has its own error type, and each says which of these it is; the command line maps
/// a severity to an exit code in exactly one place. Ordered: when several apply, the highest wins.
public enum Severity: Int, Sendable, Comparable, Codable, CaseIterable {
    /// Something ran and failed (a step, a build, an `exec` command, a broken audit chain).
    case failed = 1
    /// Bad input or configuration; nothing ran.
    case usage
    /// A gate or a policy refused; nothing ran.
    case refused
    /// The infrastructure failed: SSH, host keys, the state store.
    case infrastructure

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An error that says how bad it is.
public protocol SeverityCarrying: Error, CustomStringConvertible {
    var severity: Severity { get }
}
