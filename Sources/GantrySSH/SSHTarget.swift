import Foundation

/// Where and how to reach one host over SSH.
///
/// A value, so a pipeline's `hosts:` and `ssh:` settings can be turned into targets once and handed
/// to any number of connections. Durations are `Swift.Duration`.
public struct SSHTarget: Sendable, Hashable, CustomStringConvertible {
    /// The host's name in the pipeline (used in messages, logs and reports).
    public var name: String
    /// The address to connect to: an IP address or a DNS name.
    public var address: String
    /// The TCP port (22 unless the host says otherwise).
    public var port: Int
    /// The remote login name.
    public var user: String
    /// A private key file (ed25519 or ECDSA). `nil` means: ask ssh-agent (`SSH_AUTH_SOCK`).
    public var identity: String?
    /// The known_hosts file the host key is verified against. Host keys are always verified.
    public var knownHosts: String
    /// The ssh-agent socket used when `identity` is nil; `nil` means `SSH_AUTH_SOCK`.
    public var agentSocket: String?
    /// Upper bound for TCP connect, handshake, host-key check and authentication together.
    public var connectTimeout: Duration
    /// Default upper bound for one remote command; `nil` means no limit.
    public var commandTimeout: Duration?

    /// Creates a target.
    ///
    /// - Parameters:
    ///   - name: the host's name in the pipeline, used in messages.
    ///   - address: IP address or DNS name to connect to (defaults to `name`).
    ///   - port: TCP port, 22 by default.
    ///   - user: remote login name.
    ///   - identity: private key path; `nil` uses ssh-agent.
    ///   - knownHosts: known_hosts path (`~` is expanded).
    ///   - agentSocket: ssh-agent socket for `identity == nil`; `nil` uses `SSH_AUTH_SOCK`.
    ///   - connectTimeout: limit for connecting and logging in (10 s by default).
    ///   - commandTimeout: default limit per command (10 min by default).
    public init(
        name: String, address: String? = nil, port: Int = 22, user: String,
        identity: String? = nil, knownHosts: String = "~/.ssh/known_hosts", agentSocket: String? = nil,
        connectTimeout: Duration = .seconds(10), commandTimeout: Duration? = .seconds(600)
    ) {
        self.name = name
        self.address = address ?? name
        self.port = port
        self.user = user
        self.identity = identity.map(SSHTarget.expandTilde)
        self.knownHosts = SSHTarget.expandTilde(knownHosts)
        self.agentSocket = agentSocket
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    /// `user@address:port (name)`, for messages.
    public var description: String { "\(name) (\(user)@\(address):\(port))" }

    /// The name known_hosts files use for this endpoint: `address` on port 22, `[address]:port` otherwise.
    public var knownHostsName: String { port == 22 ? address : "[\(address)]:\(port)" }

    /// The identity of a connection: two targets with the same key can share one connection.
    var poolKey: String { "\(user)@\(address):\(port)|\(identity ?? "agent:" + (agentSocket ?? ""))|\(knownHosts)" }

    static func expandTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home + path.dropFirst()
    }
}
