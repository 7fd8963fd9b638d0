import GantryShell

/// One line of remote output, decoded as UTF-8 once the whole line had arrived.
public struct OutputLine: Sendable, Hashable {
    /// Which remote output stream a line came from.
    public enum Stream: String, Sendable, Hashable {
        case stdout
        case stderr
    }

    /// The stream the line was written to.
    public let stream: Stream
    /// The text without its trailing newline (invalid UTF-8 and NUL bytes are replaced by U+FFFD).
    public let text: String

    /// Creates a line.
    public init(stream: Stream, text: String) {
        self.stream = stream
        self.text = text
    }
}

/// How a remote command ended. A command that ran and failed is a result, not an ``SSHError``.
public struct CommandResult: Sendable {
    /// Why Gantry stopped a command before it ended by itself.
    public enum Stop: String, Sendable {
        /// It outlived its timeout.
        case timedOut = "timed-out"
        /// The caller asked it to stop (a signal reached Gantry).
        case interrupted
    }

    /// The command as given (without Gantry's wrapper). It may hold values meant for the host
    /// only: never put it in a message.
    public let command: String
    /// The exit status sshd reported (0 when the command was killed by a signal: see `exitSignal`).
    public let exitStatus: Int32
    /// The signal that killed the command, e.g. "KILL" or "TERM", if any.
    public let exitSignal: String?
    /// Set when Gantry stopped the command.
    public let stop: Stop?
    /// Set when Gantry tried to stop the command and could not confirm it ended (no process group
    /// was reported, or the channel stayed open after the kill).
    public let stopFailed: Bool
    /// The remote process group the command ran in, as its shell reported it.
    public let processGroup: Int32?
    /// Everything the command wrote to stdout (kept only when collecting was asked for).
    public let stdout: [UInt8]
    /// Everything the command wrote to stderr (kept only when collecting was asked for).
    public let stderr: [UInt8]
    /// Wall-clock time from opening the channel to its close.
    public let duration: Duration

    /// Whether Gantry stopped the command because it outlived its timeout.
    public var timedOut: Bool { stop == .timedOut }

    /// True only for exit status 0 without a signal and without being stopped.
    public var succeeded: Bool { exitStatus == 0 && exitSignal == nil && stop == nil }

    /// stdout decoded as UTF-8.
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// stderr decoded as UTF-8.
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// A short reason for reports: "exit 3", "killed by signal KILL", "timed out after 5.0s".
    public var failureSummary: String {
        let unstopped = stopFailed ? " (the remote process could not be stopped)" : ""
        switch stop {
        case .timedOut:
            let tenths = duration.components.seconds * 10 + duration.components.attoseconds / 100_000_000_000_000_000
            return "timed out after \(tenths / 10).\(tenths % 10)s" + unstopped
        case .interrupted:
            return "interrupted" + unstopped
        case nil:
            if let exitSignal { return "killed by signal \(exitSignal)" }
            return exitStatus == 0 ? "succeeded" : "exit \(exitStatus)"
        }
    }
}
