import Foundation

/// What happened to one step on one host.
public struct StepOutcome: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case succeeded, failed, timedOut = "timed-out", skipped, errored
    }

    public var host: String
    public var step: String
    public var status: Status
    /// Attempts made (1 + retries used).
    public var attempts: Int
    public var exitStatus: Int32?
    /// Output, already masked.
    public var output: String
    /// Why the step was skipped or errored, for people.
    public var note: String?
    public var startedAt: Date
    public var finishedAt: Date
}
