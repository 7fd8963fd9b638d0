import Foundation
import GantryModel
import GantrySSH
import Logging

/// Connections to a pipeline's hosts over SSH, one per host, reused by every step.
final class SSHConnections: ConnectionProvider {
    private let pool: SSHConnectionPool
    private let targets: [String: SSHTarget]

    /// - Parameter logger: receives the SSH layer's warnings (known_hosts lines skipped or ignored).
    init(pipeline: Pipeline, user: String, logger: Logger) {
        pool = SSHConnectionPool(logger: logger)
        var targets: [String: SSHTarget] = [:]
        for host in pipeline.hosts {
            targets[host.name] = SSHConnections.target(for: host, in: pipeline, defaultUser: user)
        }
        self.targets = targets
    }

    /// The SSH settings of one host: the pipeline's `ssh:` block with the host's address.
    static func target(for host: GantryModel.Host, in pipeline: Pipeline, defaultUser: String) -> SSHTarget {
        SSHTarget(name: host.name, address: host.address, port: host.port, user: host.user ?? defaultUser,
                  identity: pipeline.ssh.identity, knownHosts: pipeline.ssh.knownHosts ?? "~/.ssh/known_hosts",
                  connectTimeout: .milliseconds(Int64(pipeline.ssh.connectTimeout * 1000)),
                  commandTimeout: pipeline.ssh.commandTimeout.map { .milliseconds(Int64($0 * 1000)) })
    }

    func connection(to host: String) async throws -> any RemoteConnection {
        guard let target = targets[host] else {
            throw EngineError.configuration("host '\(host)' is not defined in the pipeline")
        }
        return SSHRemote(connection: try await pool.connection(to: target))
    }

    func discard(_ host: String) async {
        guard let target = targets[host] else { return }
        await pool.discard(target)
    }

    func closeAll() async { await pool.closeAll() }
}

/// One SSH connection seen as the engine's `RemoteConnection`.
final class SSHRemote: RemoteConnection {
    let connection: SSHConnection

    init(connection: SSHConnection) { self.connection = connection }

    func run(_ command: RemoteCommand, shouldStop: (@Sendable () -> Bool)?,
             onLine: @escaping @Sendable (OutputChannel, String) -> Void) async throws -> RemoteResult {
        let result = try await connection.run(command.script, variables: command.variables.map { ($0.name, $0.value) },
                                              timeout: command.timeout.map(Self.duration), collect: false,
                                              shouldStop: shouldStop) { line in
            onLine(line.stream == .stdout ? .stdout : .stderr, line.text)
        }
        return Self.result(result)
    }

    func upload(_ bytes: [UInt8], to path: String, mode: Int, timeout: TimeInterval?,
                onLine: @escaping @Sendable (OutputChannel, String) -> Void) async throws -> RemoteResult {
        let result = try await connection.upload(bytes, to: path, mode: mode, timeout: timeout.map(Self.duration))
        if !result.succeeded {
            for line in result.stderrText.split(separator: "\n", omittingEmptySubsequences: true) {
                onLine(.stderr, String(line))
            }
        }
        return Self.result(result)
    }

    private static func duration(_ seconds: TimeInterval) -> Duration { .milliseconds(Int64(seconds * 1000)) }

    private static func result(_ result: CommandResult) -> RemoteResult {
        RemoteResult(exitStatus: result.exitStatus, signal: result.exitSignal,
                     stop: result.stop.map { $0 == .timedOut ? .timedOut : .interrupted }, stopFailed: result.stopFailed)
    }
}
