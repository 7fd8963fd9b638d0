import Foundation
import Logging

/// The known_hosts check for one connection: strict, never accept-new, as OpenSSH does it.
///
/// Gantry reads the file itself (libssh2's reader gives up on the whole file at the first line it
/// does not understand, and ignores markers) and compares the key the server presents with the
/// lines for this host:
/// - the name looked up is the one OpenSSH writes: `address` on port 22, `[address]:port`
///   elsewhere; a bare `address` line does not match another port; hashed lines match;
/// - a `@revoked` line with the server's key refuses it, even when another line pins that key;
/// - `@cert-authority` lines are not supported: they are ignored with a warning, and a host with
///   nothing else on file is refused saying so;
/// - an unusable line is skipped with a warning naming file:line; the rest of the file counts.
struct KnownHosts {
    let target: SSHTarget
    let file: KnownHostsFile
    /// The lines whose hosts match this target, in file order.
    let matching: [KnownHostsEntry]
    private let logger: Logger

    /// Host-key methods libssh2 can negotiate, by known_hosts key type, in Gantry's preference.
    static let methods: [(type: String, methods: String)] = [
        ("ssh-ed25519", "ssh-ed25519"),
        ("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256"),
        ("ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384"),
        ("ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521"),
        ("ssh-rsa", "rsa-sha2-512,rsa-sha2-256,ssh-rsa"),
    ]

    /// Reads the target's known_hosts file and reports its unusable lines.
    ///
    /// - Parameter logger: receives one warning per skipped line (`FILE:LINE: …`, the same text
    ///   for every host, so a caller can show each once).
    init(target: SSHTarget, logger: Logger) throws(SSHError) {
        self.target = target
        self.logger = logger
        file = try KnownHostsFile.load(target.knownHosts, for: target.name)
        let name = target.knownHostsName
        matching = file.entries.filter { $0.matches(name) }
        for skipped in file.skipped {
            logger.warning("\(file.path):\(skipped.line): line skipped: \(skipped.reason)")
        }
        for entry in matching where entry.marker == .certAuthority {
            logger.warning("\(file.path):\(entry.line): @cert-authority line ignored: Gantry checks pinned host keys, not host certificates")
        }
    }

    /// The key types pinned for this host first (as OpenSSH orders them), then the others.
    ///
    /// libssh2 prefers ECDSA over ed25519: a host pinned by its ed25519 key would otherwise
    /// present ECDSA and look unknown. The other types stay on the list so that a server which has
    /// none of the pinned types still shows its key, and the refusal can say which it offers.
    var preferredMethods: String {
        let pinned = Set(matching.filter { $0.marker == .none }.map(\.key.type))
        let first = Self.methods.filter { pinned.contains($0.type) }
        let rest = Self.methods.filter { !pinned.contains($0.type) }
        return (first + rest).map(\.methods).joined(separator: ",")
    }

    /// Accepts `key` only when a line pins exactly it for this host and no line revokes it.
    func verify(_ key: HostKey) throws(SSHError) {
        let name = target.knownHostsName
        let path = file.path
        let addLine = "\(name) \(key.line)"
        if let revoked = matching.first(where: { $0.marker == .revoked && $0.key == key }) {
            throw SSHError(.hostKeyRevoked, host: target.name, operation: "verify host key", message: """
                REVOKED HOST KEY for \(name): the server presents \(key.type) key \(key.fingerprint), which \
                \(path):\(revoked.line) marks @revoked. Refusing to connect: a revoked key is never accepted, even \
                where another line pins it. Give the host a new key, then pin that one.
                """)
        }
        let pinned = matching.filter { $0.marker == .none }
        if pinned.contains(where: { $0.key == key }) { return }
        if let old = pinned.first(where: { $0.key.type == key.type }) {
            throw SSHError(.hostKeyChanged, host: target.name, operation: "verify host key", knownHostsLine: addLine, message: """
                HOST KEY CHANGED for \(name): the server presents \(key.type) key \(key.fingerprint), which differs \
                from the key in \(path):\(old.line). Someone could be intercepting the connection, or the host was \
                reinstalled. Refusing to connect. If the change is expected, replace that line with: \(addLine)
                """)
        }
        if !pinned.isEmpty {
            throw SSHError(.hostKeyUnknown, host: target.name, operation: "verify host key",
                           knownHostsLine: addLine, message: typeMismatch(pinned, key: key, addLine: addLine))
        }
        if let authority = matching.first(where: { $0.marker == .certAuthority }) {
            throw SSHError(.hostKeyUnknown, host: target.name, operation: "verify host key", knownHostsLine: addLine, message: """
                unknown host key: \(path) has only a @cert-authority line for \(name) (line \(authority.line)), and \
                Gantry does not support host certificates. The server presents \(key.type) key \(key.fingerprint). \
                Verify that fingerprint out of band, then pin it by adding this line to \(path): \(addLine)
                """)
        }
        let missing = file.exists ? "has no key for \(name)" : "does not exist"
        throw SSHError(.hostKeyUnknown, host: target.name, operation: "verify host key", knownHostsLine: addLine, message: """
            unknown host key: \(path) \(missing). The server presents \(key.type) key \(key.fingerprint). Verify \
            that fingerprint out of band, then add this line to \(path): \(addLine)
            """)
    }

    /// "known_hosts has an ECDSA key for HOST (…) but the server offers an ED25519 key (…)".
    private func typeMismatch(_ pinned: [KnownHostsEntry], key: HostKey, addLine: String) -> String {
        var families: [String] = []
        for entry in pinned where !families.contains(entry.key.family) { families.append(entry.key.family) }
        let what = families.count == 1 ? "\(HostKey.withArticle(families[0])) key"
            : families.dropLast().joined(separator: ", ") + " and \(families.last ?? "") keys"
        let lines = pinned.map { "\(file.path):\($0.line) \($0.key.type) \($0.key.fingerprint)" }.joined(separator: "; ")
        return """
            known_hosts has \(what) for \(target.knownHostsName) but the server offers \(HostKey.withArticle(key.family)) \
            key (\(key.type) \(key.fingerprint)); on file: \(lines). The server has none of the key types pinned for it, \
            so its identity cannot be checked. If its keys were replaced, verify that fingerprint out of band, then \
            add this line to \(file.path): \(addLine)
            """
    }
}
