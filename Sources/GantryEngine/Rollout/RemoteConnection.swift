import Foundation
import GantryModel

/// A shell variable the host's shell sets from stdin before a command runs: how secret values
/// reach a command without ever appearing in a process's argv.
public struct ShellVariable: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// One command for one host: the shell text, the secret values it needs, and its time limit.
public struct RemoteCommand: Sendable, Equatable {
    /// Shell text; secret values are referenced as shell variables, never written into it.
    public var script: String
    public var variables: [ShellVariable]
    /// Seconds; nil = the connection's default command timeout.
    public var timeout: TimeInterval?

    public init(_ script: String, variables: [ShellVariable] = [], timeout: TimeInterval? = nil) {
        self.script = script
        self.variables = variables
        self.timeout = timeout
    }
}

/// What a remote command returned.
public struct RemoteResult: Sendable, Equatable {
    /// Why Gantry stopped a command before it ended by itself.
    public enum Stop: String, Sendable, Codable {
        case timedOut = "timed-out"
        /// A signal asked Gantry to stop.
        case interrupted
    }

    public var exitStatus: Int32
    /// The signal that killed the command, if any; such a command did not succeed.
    public var signal: String?
    /// Set when Gantry stopped the command.
    public var stop: Stop?
    /// Set when the command was to be stopped and Gantry could not confirm that it ended.
    public var stopFailed: Bool

    public init(exitStatus: Int32, signal: String? = nil, stop: Stop? = nil, stopFailed: Bool = false) {
        self.exitStatus = exitStatus
        self.signal = signal
        self.stop = stop
        self.stopFailed = stopFailed
    }

    public var timedOut: Bool { stop == .timedOut }
    public var succeeded: Bool { exitStatus == 0 && signal == nil && stop == nil }

    /// "exit 3", "killed by signal TERM", "timed out after 5s (remote processes stopped)".
    public func summary(timeout: TimeInterval?) -> String {
        let stopped = stopFailed ? "the remote process could not be stopped" : "remote processes stopped"
        switch stop {
        case .timedOut: return "timed out after \(DurationText.describe(timeout ?? 0)) (\(stopped))"
        case .interrupted: return "interrupted (\(stopped))"
        case nil:
            if let signal { return "killed by signal \(signal)" }
            return exitStatus == 0 ? "succeeded" : "exit \(exitStatus)"
        }
    }
}

/// One host's connection as the engine sees it.
///
/// The real implementation runs over SSH; unit tests use an in-memory twin. Errors thrown are
/// infrastructure errors (unreachable, refused, host key, a broken channel); a command that ran
/// and failed is a `RemoteResult`, not an error.
public protocol RemoteConnection: AnyObject, Sendable {
    /// Runs `command` with a shell on the host, calling `onLine` for every output line as it
    /// arrives; `shouldStop` is asked several times a second and stops the command when true.
    func run(_ command: RemoteCommand, shouldStop: (@Sendable () -> Bool)?,
             onLine: @escaping @Sendable (OutputChannel, String) -> Void) async throws -> RemoteResult
    /// Writes `bytes` to `path` with `mode`, atomically. A host that refuses (a missing folder, no
    /// permission) is a failed result with its stderr passed to `onLine`, not an error.
    func upload(_ bytes: [UInt8], to path: String, mode: Int, timeout: TimeInterval?,
                onLine: @escaping @Sendable (OutputChannel, String) -> Void) async throws -> RemoteResult
}

/// Hands out one connection per host, reused by every step of a deployment.
public protocol ConnectionProvider: Sendable {
    func connection(to host: String) async throws -> any RemoteConnection
    /// Drops a host's connection after it broke, so the next use (a rollback) reconnects.
    func discard(_ host: String) async
    /// Closes every connection handed out; called once the run is over.
    func closeAll() async
}

extension ConnectionProvider {
    /// Providers without connections of their own (in-memory twins) have nothing to drop.
    public func discard(_ host: String) async {}
    /// Providers without connections of their own (in-memory twins) have nothing to close.
    public func closeAll() async {}
}
