/// Gantry's process exit codes (SPEC "Exit codes"); when several apply, the highest wins.
///
/// Kept apart from swift-argument-parser's `ExitCode` so library code and tests speak Gantry's
/// meaning (failed, refused, infrastructure) rather than raw numbers.
public enum ExitStatus: Int32, Sendable, Comparable, CaseIterable {
    /// Everything succeeded.
    case success = 0
    /// Something ran and failed: a deployment, a build, an `exec` command, a broken audit chain.
    case failed = 1
    /// Usage or configuration error; nothing ran.
    case usage = 2
    /// Refused by a gate or a policy; nothing ran.
    case refused = 3
    /// Infrastructure error: SSH, host keys, the state store.
    case infrastructure = 4

    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The status for several outcomes together: the highest.
    public static func combined(_ statuses: [ExitStatus]) -> ExitStatus { statuses.max() ?? .success }

    /// Folds another outcome in; the highest wins.
    public mutating func merge(_ other: ExitStatus) { self = max(self, other) }
}
