import Foundation
import GantrySSH

/// One host as the pre-flight found it.
public struct PreflightResult: Sendable {
    public var host: String
    /// The connection the steps will use, when the host was reached.
    public var connection: (any RemoteConnection)?
    /// Why the host cannot be used: reachability, host key or authentication.
    public var failure: HostFailure?

    public var reachable: Bool { failure == nil }
}

/// Why a host could not be reached, grouped by cause for reports ("3 hosts: connection refused").
public struct HostFailure: Sendable, Equatable {
    /// A short, stable name of the cause: `unreachable`, `connection-refused`, `timeout`,
    /// `host-key-unknown`, `host-key-changed`, `host-key-revoked`, `authentication`, `protocol`, `other`.
    public var cause: String
    /// What happened, without the host's name (reports put the name in front).
    public var reason: String
    /// For an unknown or changed host key: the known_hosts line that would pin the presented key.
    public var knownHostsLine: String?

    public init(cause: String, reason: String, knownHostsLine: String? = nil) {
        self.cause = cause
        self.reason = reason
        self.knownHostsLine = knownHostsLine
    }

    /// Classifies an error thrown while connecting.
    public init(_ error: any Error) {
        if let ssh = error as? SSHError {
            let cause: String = switch ssh.kind {
            case .unreachable: "unreachable"
            case .connectionRefused: "connection-refused"
            case .timeout: "timeout"
            case .hostKeyUnknown: "host-key-unknown"
            case .hostKeyChanged: "host-key-changed"
            case .hostKeyRevoked: "host-key-revoked"
            case .authenticationRefused: "authentication"
            case .channelFailure, .protocolFailure: "protocol"
            }
            self.init(cause: cause, reason: ssh.reason, knownHostsLine: ssh.knownHostsLine)
        } else {
            self.init(cause: "other", reason: "\(error)")
        }
    }
}

/// Connects and authenticates to every host before anything changes, host keys included.
///
/// A host that is down is found before the first batch changes anything, not when its own batch
/// starts. The connections are then reused by the steps.
enum Preflight {
    static func connect(_ hosts: [String], provider: any ConnectionProvider, parallel: Int) async -> [PreflightResult] {
        let results = await HostWalk.run(hosts, parallel: parallel) { host -> PreflightResult in
            do {
                return PreflightResult(host: host, connection: try await provider.connection(to: host), failure: nil)
            } catch {
                return PreflightResult(host: host, connection: nil, failure: HostFailure(error))
            }
        }
        return hosts.compactMap { results[$0] }
    }
}
