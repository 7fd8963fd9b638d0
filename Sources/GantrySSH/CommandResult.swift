/// One line of remote output, decoded as UTF-8 once the whole line had arrived.
public struct OutputLine: Sendable, Hashable {
    /// Which remote output stream a line came from.
    public enum Stream: String, Sendable, Hashable {
        case stdout
        case stderr
    }

    /// The stream the line was written to.
    public let stream: Stream
    /// The text without its trailing newline (invalid UTF-8 is replaced by U+FFFD).
    public let text: String

    /// Creates a line.
    public init(stream: Stream, text: String) {
        self.stream = stream
        self.text = text
    }
}

/// How a remote command ended. A command that ran and failed is a result, not an ``SSHError``.
public struct CommandResult: Sendable {
    /// The command as given (without Gantry's process-group wrapper).
    public let command: String
    /// The exit status sshd reported (0 when the command was killed by a signal: see `exitSignal`).
    public let exitStatus: Int32
    /// The signal that killed the command, e.g. "KILL" or "TERM", if any.
    public let exitSignal: String?
    /// Whether Gantry stopped the command because it outlived its timeout.
    public let timedOut: Bool
    /// Everything the command wrote to stdout (kept only when collecting was asked for).
    public let stdout: [UInt8]
    /// Everything the command wrote to stderr (kept only when collecting was asked for).
    public let stderr: [UInt8]
    /// Wall-clock time from opening the channel to its close.
    public let duration: Duration

    /// True only for exit status 0 without a signal and within the timeout.
    public var succeeded: Bool { exitStatus == 0 && exitSignal == nil && !timedOut }

    /// stdout decoded as UTF-8.
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// stderr decoded as UTF-8.
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// A short reason for reports: "exit 3", "killed by signal KILL", "timed out after 5s".
    public var failureSummary: String {
        if timedOut {
            let tenths = duration.components.seconds * 10 + duration.components.attoseconds / 100_000_000_000_000_000
            return "timed out after \(tenths / 10).\(tenths % 10)s"
        }
        if let exitSignal { return "killed by signal \(exitSignal)" }
        return exitStatus == 0 ? "succeeded" : "exit \(exitStatus)"
    }
}

/// Splits one stream's bytes into lines, decoding each only once it is complete.
///
/// A UTF-8 character can straddle two reads; decoding per read would corrupt it.
struct LineSplitter {
    let stream: OutputLine.Stream
    private var pending: [UInt8] = []

    init(stream: OutputLine.Stream) { self.stream = stream }

    /// Feeds bytes; returns the complete lines they finished.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) -> [OutputLine] {
        var lines: [OutputLine] = []
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            pending.append(contentsOf: bytes[start..<index])
            lines.append(OutputLine(stream: stream, text: String(decoding: pending, as: UTF8.self)))
            pending.removeAll(keepingCapacity: true)
            start = index + 1
        }
        pending.append(contentsOf: bytes[start..<bytes.endIndex])
        return lines
    }

    /// The last line if the stream ended without a newline.
    mutating func finish() -> OutputLine? {
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll() }
        return OutputLine(stream: stream, text: String(decoding: pending, as: UTF8.self))
    }
}
