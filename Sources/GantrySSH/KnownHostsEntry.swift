internal import Crypto
import Foundation

/// One usable line of a known_hosts file: an optional marker, the hosts it is for, and a key.
struct KnownHostsEntry: Sendable {
    /// `@revoked` and `@cert-authority` change what a line means.
    enum Marker: Sendable, Equatable {
        /// A key pinned for its hosts.
        case none
        /// A key that must never be accepted, even where another line pins it.
        case revoked
        /// A CA for host certificates: Gantry does not support certificates, so it never matches.
        case certAuthority
    }

    /// Which hosts a line is for.
    enum Hosts: Sendable {
        /// Comma-separated patterns (`*`, `?`, `!negation`), e.g. `web-1,[10.0.0.5]:2222,*.prod`.
        case patterns([String])
        /// `|1|salt|hash`: the name is hidden as HMAC-SHA1(salt, name) (`ssh-keygen -H`).
        case hashed(salt: [UInt8], hash: [UInt8])
    }

    /// 1-based line number in its file.
    let line: Int
    let marker: Marker
    let hosts: Hosts
    let key: HostKey

    /// Whether this line is for `name` (`address`, or `[address]:port` off port 22), as OpenSSH
    /// decides: names compare without case; a negated pattern that matches excludes the line.
    func matches(_ name: String) -> Bool {
        let name = name.lowercased()
        switch hosts {
        case let .hashed(salt, hash):
            let code = HMAC<Insecure.SHA1>.authenticationCode(for: Array(name.utf8), using: SymmetricKey(data: salt))
            return Array(code) == hash
        case let .patterns(patterns):
            var found = false
            for pattern in patterns {
                let negated = pattern.hasPrefix("!")
                let glob = Array((negated ? String(pattern.dropFirst()) : pattern).lowercased().utf8)
                guard Self.glob(glob[...], matches: Array(name.utf8)[...]) else { continue }
                if negated { return false }
                found = true
            }
            return found
        }
    }

    /// `*` matches any run of bytes, `?` any one byte, everything else itself.
    static func glob(_ pattern: ArraySlice<UInt8>, matches text: ArraySlice<UInt8>) -> Bool {
        guard let head = pattern.first else { return text.isEmpty }
        if head == UInt8(ascii: "*") {
            let rest = pattern.dropFirst()
            if rest.isEmpty { return true }
            var suffix = text
            while true {
                if glob(rest, matches: suffix) { return true }
                guard !suffix.isEmpty else { return false }
                suffix = suffix.dropFirst()
            }
        }
        guard let first = text.first, head == UInt8(ascii: "?") || head == first else { return false }
        return glob(pattern.dropFirst(), matches: text.dropFirst())
    }
}
