import Foundation
import Logging

/// An authenticated SSH connection to one host, reused for any number of commands.
///
/// Each connection owns a dedicated thread (its serial executor): libssh2 calls block and a
/// session must not be used from two threads, so the async methods hand their work to that
/// thread and suspend until it is done. Commands on one connection run one after the other.
public final class SSHConnection: Sendable {
    /// The host this connection reaches.
    public let target: SSHTarget
    private let thread: ConnectionThread
    private let session: Session
    private let logger: Logger

    private init(target: SSHTarget, thread: ConnectionThread, session: Session, logger: Logger) {
        self.target = target
        self.thread = thread
        self.session = session
        self.logger = logger
    }

    /// Connects, verifies the host key against known_hosts, then authenticates.
    ///
    /// - Parameters:
    ///   - target: the host and SSH settings.
    ///   - logger: receives debug records of connects and commands, and a warning for each
    ///     known_hosts line skipped or ignored (`FILE:LINE: …`, the same text for every host).
    /// - Throws: ``SSHError`` (unreachable, refused, timeout, host key unknown/changed/revoked, auth).
    public static func connect(to target: SSHTarget, logger: Logger = Logger(label: "gantry.ssh")) async throws -> SSHConnection {
        let thread = ConnectionThread(name: "ssh \(target.name)")
        do {
            let session = try await thread.perform { () throws(SSHError) -> Session in try Session(target: target, logger: logger) }
            logger.debug("connected", metadata: ["host": "\(target.name)"])
            return SSHConnection(target: target, thread: thread, session: session, logger: logger)
        } catch {
            thread.stop()
            throw error
        }
    }

    /// Runs a shell command and returns how it ended; output lines stream to `onLine` as they arrive.
    ///
    /// The command runs in the login shell of the remote user, like `ssh host COMMAND`. Its stdin
    /// is empty unless `stdin` is given. When the timeout passes, or `shouldStop` answers true,
    /// the command's whole process group is killed (TERM, then KILL) and the result says why.
    ///
    /// - Parameters:
    ///   - command: a shell command line (build it with quoting done once, upstream).
    ///   - variables: shell variables set before the command runs, their values sent on stdin so
    ///     they never appear in a process's argv (secret values); names must be shell names.
    ///   - stdin: bytes written to the command's stdin, then EOF.
    ///   - timeout: overrides the target's `commandTimeout`; `nil` uses it.
    ///   - collect: keep the whole output in the result (turn off for huge outputs you stream).
    ///   - shouldStop: asked several times a second while the command runs.
    ///   - onLine: called on the connection's thread for each complete line, in order per stream.
    /// - Returns: exit status, exit signal, why it was stopped, and (if collected) output.
    /// - Throws: ``SSHError`` only when the command could not be run or followed (channel failure).
    public func run(
        _ command: String, variables: [(name: String, value: String)] = [], stdin: [UInt8]? = nil,
        timeout: Duration? = nil, collect: Bool = true, shouldStop: (@Sendable () -> Bool)? = nil,
        onLine: (@Sendable (OutputLine) -> Void)? = nil
    ) async throws -> CommandResult {
        let request = ExecRequest(command: command, variables: variables, stdin: stdin,
                                  timeout: timeout ?? target.commandTimeout, collect: collect, onLine: onLine,
                                  shouldStop: shouldStop)
        let session = self.session
        let result = try await thread.perform { () throws(SSHError) -> CommandResult in try session.exec(request) }
        logger.debug("command finished", metadata: [
            "host": "\(target.name)", "status": "\(result.exitStatus)", "signal": "\(result.exitSignal ?? "")",
        ])
        return result
    }

    /// Runs a command and streams its output as an `AsyncThrowingStream` of lines.
    ///
    /// The stream finishes when the command ends; ``CommandResult`` arrives through `completion`
    /// (use ``run(_:variables:stdin:timeout:collect:shouldStop:onLine:)`` when a callback suits better).
    public func lines(
        _ command: String, timeout: Duration? = nil,
        completion: @escaping @Sendable (Result<CommandResult, any Error>) -> Void = { _ in }
    ) -> AsyncThrowingStream<OutputLine, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let result = try await self.run(command, timeout: timeout, collect: false, onLine: { continuation.yield($0) })
                    completion(.success(result))
                    continuation.finish()
                } catch {
                    completion(.failure(error))
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in _ = task }
        }
    }

    /// Disconnects and ends the connection's thread once queued commands are done.
    public func close() {
        let session = self.session
        thread.submit { session.close() }
        thread.stop()
    }

    deinit {
        let session = self.session
        thread.submit { session.close() }
        thread.stop()
    }
}
