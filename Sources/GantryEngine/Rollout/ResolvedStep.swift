import Foundation

/// A step ready to run on one host: every `${…}` already rendered.
///
/// `command` is what runs; `display` is the same with secrets as `***`, for output and records.
public struct ResolvedStep: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case run(command: String, display: String)
        /// A rendered configuration file: `content` holds secret values, never shown.
        case file(content: [UInt8], to: String, mode: Int)
        /// The artifact file, skipped when the host already has one with the same SHA-256.
        case upload(source: URL, sha256: String, to: String)
    }

    public var name: String
    public var action: Action
    public var runOnce: Bool
    public var retries: Int
    public var timeout: TimeInterval?

    public init(name: String, action: Action, runOnce: Bool = false, retries: Int = 0, timeout: TimeInterval? = nil) {
        self.name = name
        self.action = action
        self.runOnce = runOnce
        self.retries = retries
        self.timeout = timeout
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
