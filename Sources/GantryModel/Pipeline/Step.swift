import Foundation

/// One step of a deployment, run on every host of the environment (or one, with `runOnce`).
public struct Step: Sendable {
    /// The step's name: `name:` or `step-N` / `rollback-N` by position.
    public var name: String
    public var action: StepAction
    /// Run on the first host only, before the others proceed.
    public var runOnce: Bool
    /// The migration step (at most one per pipeline).
    public var migration: Bool
    /// Extra attempts after a failure: up to `retries + 1` runs.
    public var retries: Int
    /// How long to wait between attempts.
    public var retry: RetryPolicy
    /// Seconds; nil = `ssh.command_timeout`.
    public var timeout: Double?
    public var location: SourceLocation
}

/// What a step does: exactly one of these.
public enum StepAction: Sendable {
    /// A shell command; interpolated values are shell-quoted.
    case run(Template)
    /// Render a configuration template and install it on the host.
    case file(FileAction)
    /// Copy the kept artifact file to the host.
    case upload(to: Template)
}

/// `file: {template, to, mode}`.
public struct FileAction: Sendable {
    /// The template path as written (relative to the project root).
    public var templatePath: String
    /// The template's parsed content, read at validation time.
    public var content: Template
    public var to: Template
    /// Octal permission text such as `0600`; nil keeps the remote default.
    public var mode: String?
}

/// The wait between attempts of a step: `retry_delay × retry_backoff^(n-1)` before attempt n+1.
public struct RetryPolicy: Sendable, Equatable {
    /// Seconds before the second attempt (`retry_delay`, default 2 s).
    public var delay: Double
    /// Each later wait is this many times the previous one (`retry_backoff`, 1…4, default 1).
    public var backoff: Double

    public init(delay: Double = 2, backoff: Double = 1) {
        self.delay = delay
        self.backoff = backoff
    }

    /// Seconds to wait after failed attempt `attempt` (1-based) before the next one.
    public func wait(after attempt: Int) -> Double {
        delay * pow(backoff, Double(max(0, attempt - 1)))
    }
}

/// Upper bounds checked when a pipeline validates.
public enum Limits {
    /// At most this many retries per step.
    public static let retries = 100
    /// The longest step or command timeout: 7 days.
    public static let longestTimeout: Double = 7 * 86_400
    /// The longest wait between two attempts.
    public static let longestRetryDelay: Double = 86_400
    /// The largest retry backoff factor.
    public static let retryBackoff: Double = 4
}
