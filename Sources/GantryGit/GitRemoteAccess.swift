import Foundation

/// How to reach a remote repository: its URL, the key to log in with over SSH, and who decides
/// whether the server's host key is the right one.
///
/// GantryGit does not read known_hosts itself; the caller passes the check (Gantry's engine
/// passes the same known_hosts rules its SSH connections use), so a fetch is never made to a
/// server whose key nobody verified.
public struct GitRemoteAccess: Sendable {
    /// The server's host key, as the SSH handshake presented it.
    public struct HostKey: Sendable {
        /// The host name or address from the URL.
        public var host: String
        public var port: Int
        /// The SSH wire encoding of the public key.
        public var blob: [UInt8]
    }

    /// `git@host:org/app.git`, `ssh://git@host:2222/org/app.git`, `file:///srv/app.git` or `/srv/app.git`.
    public var url: String
    /// The private key file for SSH (ed25519 or ECDSA); nil asks ssh-agent.
    public var identity: String?
    /// Refuses a host key by throwing; its error becomes the fetch's error.
    public var verifyHostKey: @Sendable (HostKey) throws -> Void

    public init(url: String, identity: String?, verifyHostKey: @escaping @Sendable (HostKey) throws -> Void) {
        self.url = url
        self.identity = identity
        self.verifyHostKey = verifyHostKey
    }

    /// The SSH port the URL names (22 unless `ssh://host:PORT/…` says otherwise).
    var port: Int {
        guard let scheme = url.range(of: "://") else { return 22 }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        let hostPart = authority.split(separator: "@", maxSplits: 1).last ?? Substring(authority)
        if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {
            let after = hostPart[hostPart.index(after: close)...]
            return after.hasPrefix(":") ? Int(after.dropFirst()) ?? 22 : 22
        }
        guard let colon = hostPart.lastIndex(of: ":") else { return 22 }
        return Int(hostPart[hostPart.index(after: colon)...]) ?? 22
    }

}
