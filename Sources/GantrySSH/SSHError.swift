import GantryShell

/// The one error type of GantrySSH: something kept Gantry from running a command on a host.
///
/// A command that ran and exited non-zero is *not* an `SSHError`; it is a ``CommandResult``.
/// Every `SSHError` names the host, what Gantry was doing and, when libssh2 said something,
/// libssh2's own message.
public struct SSHError: SeverityCarrying, Sendable {
    /// What went wrong, coarsely, so callers can react (and the CLI can choose an exit code).
    public enum Kind: String, Sendable, Hashable {
        /// Name resolution or routing failed, or the connection dropped.
        case unreachable
        /// Nothing listens on the port.
        case connectionRefused
        /// Connecting, the handshake or logging in took longer than the connect timeout.
        case timeout
        /// known_hosts has no key for this host (and port), or none of the type the server offers.
        case hostKeyUnknown
        /// known_hosts has a different key for this host: possibly an attack.
        case hostKeyChanged
        /// known_hosts marks the server's key `@revoked`: it is never accepted.
        case hostKeyRevoked
        /// The server refused every credential offered, or the identity could not be used.
        case authenticationRefused
        /// A channel could not be opened, started, read or written.
        case channelFailure
        /// The SSH protocol failed (handshake, key exchange, unexpected library failure).
        case protocolFailure
    }

    /// What went wrong.
    public let kind: Kind
    /// The host's name in the pipeline.
    public let host: String
    /// What Gantry was doing, e.g. "connect", "verify host key", "authenticate", "exec".
    public let operation: String
    /// A sentence for people, including libssh2's message where there is one.
    public let message: String
    /// For a host key that is not pinned (or pinned differently): the known_hosts line that would
    /// pin the key the server presented. Only to be added after checking its fingerprint.
    public let knownHostsLine: String?

    /// Creates an error.
    public init(_ kind: Kind, host: String, operation: String, knownHostsLine: String? = nil, message: String) {
        self.kind = kind
        self.host = host
        self.operation = operation
        self.message = message
        self.knownHostsLine = knownHostsLine
    }

    /// Every SSH error is an infrastructure failure; a command's own failure never reaches here
    /// because it is a ``CommandResult``.
    public var severity: Severity { .infrastructure }

    /// `host: operation: message`.
    public var description: String { "\(host): \(reason)" }

    /// `operation: message`, for reports that already name the host.
    public var reason: String { "\(operation): \(message)" }
}
