import Foundation
import GantryShell

/// What `gantry exec` did on every host of an environment.
public struct ExecResult: Sendable {
    /// How one host ended.
    public enum State: String, Sendable, Codable {
        /// The command ran and exited 0.
        case succeeded
        /// The command ran and failed: a non-zero exit, a signal, or its timeout.
        case failed
        /// Gantry could not run the command: unreachable, refused, host key or login refused.
        case unreachable
        /// A signal stopped the command (or kept it from starting).
        case interrupted
    }

    /// One host's result, with its whole output.
    public struct Host: Sendable {
        public var host: String
        public var state: State
        /// The exit status when the command ran to its end.
        public var exitStatus: Int32?
        /// The signal that killed the command, if any.
        public var signal: String?
        public var timedOut: Bool
        public var stdout: String
        public var stderr: String
        /// Seconds from connecting to the command's end.
        public var duration: Double
        /// Why the host is unreachable, or why the command did not finish.
        public var error: String?

        /// "exit 0", "exit 3", "killed by signal KILL", "timed out", or the connection error.
        public var summary: String {
            switch state {
            case .unreachable:
                // SSH errors start with the host's name; the host is already named where this is shown.
                let reason = error ?? ""
                return "unreachable: " + (reason.hasPrefix(host + ": ") ? String(reason.dropFirst(host.count + 2)) : reason)
            case .interrupted:
                return error ?? "interrupted"
            case .succeeded, .failed:
                if timedOut { return "timed out" + (error.map { " (\($0))" } ?? "") }
                if let signal { return "killed by signal \(signal)" }
                return "exit \(exitStatus ?? -1)"
            }
        }
    }

    public var pipeline: String
    public var environment: String
    /// The shell command as it was run.
    public var command: String
    /// Every host, in the environment's order.
    public var hosts: [Host]
    /// The signal that stopped the run, if one did.
    public var signal: Int32?
    /// Unreachable hosts were skipped on purpose (`--skip-unreachable`).
    public var skipUnreachable: Bool

    public init(pipeline: String, environment: String, command: String, hosts: [Host], signal: Int32? = nil,
                skipUnreachable: Bool = false) {
        self.pipeline = pipeline
        self.environment = environment
        self.command = command
        self.hosts = hosts
        self.signal = signal
        self.skipUnreachable = skipUnreachable
    }

    public func count(_ state: State) -> Int { hosts.filter { $0.state == state }.count }

    /// `interrupted` when a signal stopped it, else `unreachable` when any host was, else `failed`
    /// when the command failed anywhere, else `succeeded`.
    public var outcome: State {
        if signal != nil || hosts.contains(where: { $0.state == .interrupted }) { return .interrupted }
        let unreachable = hosts.filter { $0.state == .unreachable }.count
        if unreachable > 0 && (!skipUnreachable || unreachable == hosts.count) { return .unreachable }
        if hosts.contains(where: { $0.state == .failed }) { return .failed }
        return .succeeded
    }

    /// How bad it went: a failed command, an unreachable host (the worse); nil when it succeeded
    /// everywhere or a signal stopped it.
    public var severity: Severity? {
        switch outcome {
        case .succeeded, .interrupted: nil
        case .failed: .failed
        case .unreachable: .infrastructure
        }
    }

    /// "2 succeeded, 1 failed, 0 unreachable".
    public var summary: String {
        "\(count(.succeeded)) succeeded, \(count(.failed)) failed, \(count(.unreachable)) unreachable"
    }
}

/// What `exec` reports while it runs.
public enum ExecEvent: Sendable {
    /// One line a host's command wrote.
    case output(host: String, channel: OutputChannel, line: String)
    /// A host is done.
    case hostFinished(ExecResult.Host)
}
