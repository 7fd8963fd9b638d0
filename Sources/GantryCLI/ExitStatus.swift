import Foundation
import GantryEngine
import GantryShell

/// Gantry's process exit codes (the README's "Exit codes"); when several apply, the highest wins.
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
    /// Stopped by SIGINT (128 + 2), after a clean abort.
    case interrupted = 130
    /// Stopped by SIGTERM (128 + 15), after a clean abort.
    case terminated = 143

    /// The exit code of a failure's severity: the one place severities become exit codes.
    public init(_ severity: Severity) {
        switch severity {
        case .failed: self = .failed
        case .usage: self = .usage
        case .refused: self = .refused
        case .infrastructure: self = .infrastructure
        }
    }

    /// The status of a run that a signal stopped: 128 + the signal, as shells report it.
    public init(signal: Int32) {
        self = signal == SIGTERM ? .terminated : .interrupted
    }

    /// The status of a deployment-like run.
    public init(_ outcome: Engine.RunResult.Outcome, signal: Int32?) {
        if outcome == .interrupted { self.init(signal: signal ?? SIGINT); return }
        self = outcome.severity.map(ExitStatus.init) ?? .success
    }

    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The status for several outcomes together: the highest.
    public static func combined(_ statuses: [ExitStatus]) -> ExitStatus { statuses.max() ?? .success }

    /// Folds another outcome in; the highest wins.
    public mutating func merge(_ other: ExitStatus) { self = max(self, other) }
}
