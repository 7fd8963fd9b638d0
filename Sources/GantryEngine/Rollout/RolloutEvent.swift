import Foundation

/// What a rollout reports while it runs.
public enum RolloutEvent: Sendable {
    /// Every host of the deployment was tried before anything changed.
    case preflight([PreflightResult])
    case batchStarted(index: Int, of: Int, hosts: [String])
    /// An attempt of a step begins on a host.
    case stepStarted(host: String, step: String, rollback: Bool, attempt: Int, of: Int)
    /// One line of a host's output (masked before it leaves the engine).
    case output(host: String, channel: OutputChannel, line: String)
    /// One attempt ended; `retryIn` is the wait before the next one, when there is one.
    case attemptFinished(StepOutcome, retryIn: TimeInterval?)
    /// A step is over on a host: its final outcome (after every attempt, or skipped).
    case stepFinished(StepOutcome)
    case rollbackStarted(hosts: [String])
}
