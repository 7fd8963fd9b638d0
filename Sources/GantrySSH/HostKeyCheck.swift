import Foundation
import Logging

/// The known_hosts check for a connection Gantry does not make itself (libgit2 fetching over SSH).
///
/// The same rules as every SSH connection of Gantry (see ``KnownHosts``): the key the server
/// presented must be pinned for `[address]:port` (or `address` on port 22), a `@revoked` line
/// refuses it, and the error names the fingerprint and the line to add.
public enum HostKeyCheck {
    /// Accepts `keyBlob` (the SSH wire encoding of the server's public key) only when `knownHosts`
    /// pins exactly it for `address` and `port`.
    ///
    /// - Parameters:
    ///   - name: what messages call the server (e.g. `the remote of shop`).
    ///   - logger: receives one warning per unusable known_hosts line.
    /// - Throws: an ``SSHError`` of kind `hostKeyUnknown`, `hostKeyChanged` or `hostKeyRevoked`.
    public static func verify(name: String, address: String, port: Int, knownHosts: String, keyBlob: [UInt8],
                              logger: Logger) throws(SSHError) {
        let target = SSHTarget(name: name, address: address, port: port, user: "git", knownHosts: knownHosts)
        guard let key = HostKey(blob: keyBlob) else {
            throw SSHError(.protocolFailure, host: name, operation: "verify host key",
                           message: "the server presented a host key Gantry cannot read")
        }
        try KnownHosts(target: target, logger: logger).verify(key)
    }
}
