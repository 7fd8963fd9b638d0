internal import CLibSSH2
import Foundation

/// The known_hosts check for one session: strict, never accept-new.
///
/// Lookups use the exact name OpenSSH writes: `address` on port 22 and `[address]:port` elsewhere,
/// passed to libssh2 with port -1 so it does *not* fall back to a bare `address` line for another
/// port (libssh2's own fallback, which OpenSSH does not have). Hashed (`|1|…`) lines match.
final class KnownHosts {
    private let session: Session
    private let handle: OpaquePointer
    private let fileExists: Bool

    /// Key types libssh2 understands, with the known_hosts mask and the host-key method names.
    private static let keyTypes: [(mask: Int32, methods: String)] = [
        (gantry_ssh2_knownhost_key_ed25519(), "ssh-ed25519"),
        (gantry_ssh2_knownhost_key_ecdsa256(), "ecdsa-sha2-nistp256"),
        (gantry_ssh2_knownhost_key_ecdsa384(), "ecdsa-sha2-nistp384"),
        (gantry_ssh2_knownhost_key_ecdsa521(), "ecdsa-sha2-nistp521"),
        (gantry_ssh2_knownhost_key_rsa(), "rsa-sha2-512,rsa-sha2-256,ssh-rsa"),
    ]

    init(session: Session) throws(SSHError) {
        self.session = session
        guard let handle = libssh2_knownhost_init(session.raw) else {
            throw SSHError(.protocolFailure, host: session.target.name, operation: "read known_hosts",
                           message: session.lastErrorMessage())
        }
        self.handle = handle
        let path = session.target.knownHosts
        fileExists = FileManager.default.fileExists(atPath: path)
        if fileExists {
            let rc = libssh2_knownhost_readfile(handle, path, LIBSSH2_KNOWNHOST_FILE_OPENSSH)
            if rc < 0 {
                let message = session.lastErrorMessage()
                libssh2_knownhost_free(handle)
                throw SSHError(.hostKeyUnknown, host: session.target.name, operation: "read known_hosts",
                               message: "\(path) could not be parsed: \(message)")
            }
        }
    }

    func free() { libssh2_knownhost_free(handle) }

    /// Offers the server only the host-key types known_hosts holds for this host, as OpenSSH does.
    ///
    /// libssh2 prefers ECDSA over ed25519; with only an ed25519 line on file the check would
    /// otherwise report an unknown host. When nothing is known, ed25519 is asked for first so the
    /// refusal shows the key a user most likely wants to pin.
    func preferKnownKeyTypes() throws(SSHError) {
        let known = Self.keyTypes.filter { type in
            // A one-byte dummy key of this type: MISMATCH means a line of this type exists.
            var dummy: CChar = 0
            let rc = libssh2_knownhost_checkp(handle, session.target.knownHostsName, -1, &dummy, 1,
                                              gantry_ssh2_knownhost_plain_raw() | type.mask, nil)
            return rc == LIBSSH2_KNOWNHOST_CHECK_MISMATCH
        }
        let methods = (known.isEmpty ? Self.keyTypes : known).map(\.methods).joined(separator: ",")
        let rc = libssh2_session_method_pref(session.raw, LIBSSH2_METHOD_HOSTKEY, methods)
        if rc < 0 {
            throw session.error("set host key preference \(methods)", .protocolFailure, code: rc)
        }
    }

    /// Compares the server's key with known_hosts; throws unless it matches exactly.
    func verify() throws(SSHError) {
        let target = session.target
        var length = 0
        var type: Int32 = 0
        guard let key = libssh2_session_hostkey(session.raw, &length, &type) else {
            throw SSHError(.protocolFailure, host: target.name, operation: "verify host key",
                           message: "the server sent no host key: \(session.lastErrorMessage())")
        }
        let keyBytes = Data(bytes: key, count: length)
        let (typeName, mask) = Self.describe(type)
        let rc = libssh2_knownhost_checkp(handle, target.knownHostsName, -1, key, length,
                                          gantry_ssh2_knownhost_plain_raw() | mask, nil)
        let fingerprint = self.fingerprint()
        let line = "\(target.knownHostsName) \(typeName) \(keyBytes.base64EncodedString())"
        switch rc {
        case LIBSSH2_KNOWNHOST_CHECK_MATCH:
            return
        case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
            throw SSHError(.hostKeyChanged, host: target.name, operation: "verify host key", message: """
                HOST KEY CHANGED for \(target.knownHostsName): the server presents \(typeName) key \
                \(fingerprint), which differs from the key in \(target.knownHosts). Someone could be \
                intercepting the connection, or the host was reinstalled. Refusing to connect. If the \
                change is expected, replace that host's line in \(target.knownHosts) with: \(line)
                """)
        case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND:
            let missing = fileExists ? "has no key for \(target.knownHostsName)" : "does not exist"
            throw SSHError(.hostKeyUnknown, host: target.name, operation: "verify host key", message: """
                unknown host key: \(target.knownHosts) \(missing). The server presents \(typeName) key \
                \(fingerprint). Verify that fingerprint out of band, then add this line to \
                \(target.knownHosts): \(line)
                """)
        default:
            throw SSHError(.protocolFailure, host: target.name, operation: "verify host key",
                           message: session.lastErrorMessage())
        }
    }

    /// "SHA256:<base64 without padding>", as OpenSSH prints fingerprints.
    private func fingerprint() -> String {
        guard let hash = libssh2_hostkey_hash(session.raw, LIBSSH2_HOSTKEY_HASH_SHA256) else { return "SHA256:?" }
        let digest = Data(bytes: hash, count: 32).base64EncodedString()
        return "SHA256:" + digest.trimmingCharacters(in: CharacterSet(charactersIn: "="))
    }

    private static func describe(_ type: Int32) -> (name: String, mask: Int32) {
        switch type {
        case LIBSSH2_HOSTKEY_TYPE_ED25519: ("ssh-ed25519", gantry_ssh2_knownhost_key_ed25519())
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: ("ecdsa-sha2-nistp256", gantry_ssh2_knownhost_key_ecdsa256())
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: ("ecdsa-sha2-nistp384", gantry_ssh2_knownhost_key_ecdsa384())
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: ("ecdsa-sha2-nistp521", gantry_ssh2_knownhost_key_ecdsa521())
        case LIBSSH2_HOSTKEY_TYPE_RSA: ("ssh-rsa", gantry_ssh2_knownhost_key_rsa())
        default: ("unknown", 0)
        }
    }
}
