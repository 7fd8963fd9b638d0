import Foundation
import GantryModel

/// A step ready to run on one host: every `${…}` already rendered.
public struct ResolvedStep: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// `display` is the command with secrets as `***`, for output and records.
        case run(RemoteCommand, display: String)
        /// A rendered configuration file: `content` holds secret values, never shown.
        case file(content: [UInt8], to: String, mode: Int)
        /// The artifact file, skipped when the host already has one with the same SHA-256.
        case upload(source: URL, sha256: String, to: String)
    }

    public var name: String
    public var action: Action
    public var runOnce: Bool
    public var retries: Int
    public var retry: RetryPolicy
    public var timeout: TimeInterval?

    public init(name: String, action: Action, runOnce: Bool = false, retries: Int = 0,
                retry: RetryPolicy = RetryPolicy(), timeout: TimeInterval? = nil) {
        self.name = name
        self.action = action
        self.runOnce = runOnce
        self.retries = retries
        self.retry = retry
        self.timeout = timeout
    }

    /// A run step without secrets, for tests and ad-hoc commands.
    public static func command(_ name: String, _ script: String, runOnce: Bool = false, retries: Int = 0,
                               retry: RetryPolicy = RetryPolicy(delay: 0), timeout: TimeInterval? = nil) -> ResolvedStep {
        ResolvedStep(name: name, action: .run(RemoteCommand(script, timeout: timeout), display: script),
                     runOnce: runOnce, retries: retries, retry: retry, timeout: timeout)
    }

    /// One line saying what the step does, safe to show.
    public var summary: String {
        switch action {
        case let .run(_, display): display
        case let .file(_, to, mode): "write \(to) (mode \(String(mode, radix: 8)))"
        case let .upload(_, sha, to): "upload artifact to \(to) (sha256 \(sha.prefix(12)))"
        }
    }
}
