import Foundation

/// What a remote command returned.
public struct RemoteResult: Sendable, Equatable {
    public var exitStatus: Int32
    /// The signal that killed the command, if any; such a command did not succeed.
    public var signal: String?
    /// True when the command was stopped because it outlived its timeout.
    public var timedOut: Bool

    public init(exitStatus: Int32, signal: String? = nil, timedOut: Bool = false) {
        self.exitStatus = exitStatus
        self.signal = signal
        self.timedOut = timedOut
    }

    public var succeeded: Bool { exitStatus == 0 && signal == nil && !timedOut }
}

/// One host's connection as the engine sees it.
///
/// The real implementation runs over SSH; unit tests use an in-memory twin. Errors thrown are
/// infrastructure errors (unreachable, refused, host key); a command that ran and failed is a
/// `RemoteResult`, not an error.
public protocol RemoteConnection: AnyObject, Sendable {
    /// Runs `command` with a shell on the host, calling `onLine` for every output line as it arrives.
    func run(_ command: String, timeout: TimeInterval?,
             onLine: @escaping @Sendable (OutputChannel, String) -> Void) async throws -> RemoteResult
    /// Writes `bytes` to `path` with `mode`, atomically.
    func upload(_ bytes: [UInt8], to path: String, mode: Int) async throws
}
