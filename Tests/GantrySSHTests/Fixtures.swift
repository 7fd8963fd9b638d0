import Foundation
import GantryShell
import GantrySSH
import GantryTestSupport
import Logging
import Testing

/// Targets and files for tests against the shared test sshd.
enum Fixtures {
    static func sshd() throws -> TestSSHD { try TestSSHD.shared() }

    /// The test sshd at 127.0.0.1 with its own key and known_hosts, unless overridden.
    static func target(
        name: String = "local", address: String = "127.0.0.1", port: Int? = nil,
        identity: String? = nil, knownHosts: String? = nil, commandTimeout: Duration? = .seconds(60)
    ) throws -> SSHTarget {
        let sshd = try sshd()
        return SSHTarget(name: name, address: address, port: port ?? sshd.port, user: sshd.user,
                         identity: identity ?? sshd.identityPath, knownHosts: knownHosts ?? sshd.knownHostsPath,
                         connectTimeout: .seconds(15), commandTimeout: commandTimeout)
    }

    /// `count` targets on distinct loopback addresses, all known in the alias known_hosts file.
    static func aliasTargets(_ count: Int, prefix: String = "host") throws -> [SSHTarget] {
        let sshd = try sshd()
        return try sshd.hostAliases(count, prefix: prefix).map {
            try target(name: $0.name, address: $0.address, knownHosts: sshd.aliasKnownHostsPath)
        }
    }

    static func connect(_ target: SSHTarget? = nil) async throws -> SSHConnection {
        try await SSHConnection.connect(to: target ?? Fixtures.target())
    }

    /// The error a connection to `target` is refused with; records an issue when it connects.
    static func refusal(_ target: SSHTarget, logger: Logger = Logger(label: "test")) async throws -> SSHError {
        do {
            let connection = try await SSHConnection.connect(to: target, logger: logger)
            connection.close()
        } catch let error as SSHError {
            return error
        }
        Issue.record("connected although the connection should have been refused")
        throw TestSSHDError("no refusal")
    }

    /// Runs ssh-keygen with the arguments; fails the caller if it fails.
    static func sshKeygen(_ arguments: [String]) throws {
        let status = try TestSSHD.run("/usr/bin/ssh-keygen", ["-q"] + arguments)
        if status != 0 { throw TestSSHDError("ssh-keygen \(arguments) exited \(status)") }
    }

    /// The ed25519 public key line of the test server's host key: "ssh-ed25519 AAAA…".
    static func hostKeyLine() throws -> String {
        let text = try String(contentsOfFile: try sshd().hostPublicKeyPath, encoding: .utf8)
        return text.split(separator: " ").prefix(2).joined(separator: " ")
    }

    /// OpenSSH's own SHA256 fingerprint of the host key (from `ssh-keygen -lf`).
    static func hostKeyFingerprint() throws -> String {
        let result = try ChildProcess.run("/usr/bin/ssh-keygen", ["-lf", try sshd().hostPublicKeyPath])
        return result.stdout.split(separator: " ")[1].description
    }

    /// A TCP port on 127.0.0.1 with nothing listening.
    static func closedPort() -> Int { TestSSHD.closedPort() }
}

final class LineRecorder: Sendable {
    private let storage = Locked<[(line: OutputLine, at: ContinuousClock.Instant)]>([])

    func record(_ line: OutputLine) { storage.withLock { $0.append((line, ContinuousClock.now)) } }

    var lines: [OutputLine] { storage.current.map(\.line) }
    var timed: [(line: OutputLine, at: ContinuousClock.Instant)] { storage.current }
    func texts(_ stream: OutputLine.Stream) -> [String] { lines.filter { $0.stream == stream }.map(\.text) }
}
