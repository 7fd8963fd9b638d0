import Foundation
internal import CLibGit2

/// What libgit2's transport callbacks need for one remote operation, and what they found.
///
/// libgit2 calls back through C function pointers that cannot capture anything; this object
/// travels as their payload and outlives the operation (the caller keeps it alive). One
/// operation runs on one thread, so its fields need no lock.
final class RemoteCallbacks {
    let access: GitRemoteAccess
    /// The first refusal: a host key the check rejected, or credentials the server refused.
    var failure: GitError?
    private var credentialAttempts = 0

    init(_ access: GitRemoteAccess) {
        self.access = access
    }

    /// libgit2's callbacks with this object as payload; valid while this object lives.
    func install(into callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.certificate_check = { cert, _, host, payload in
            guard let payload else { return -1 }
            return Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue()
                .checkCertificate(cert, host: host.map { String(cString: $0) } ?? "")
        }
        callbacks.credentials = { out, _, user, allowed, payload in
            guard let payload, let out else { return -1 }
            return Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue()
                .credentials(out, user: user.map { String(cString: $0) }, allowed: allowed)
        }
    }

    private func checkCertificate(_ cert: UnsafeMutablePointer<git_cert>?, host: String) -> Int32 {
        guard let cert, cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else {
            failure = GitError(.remote, "\(access.url): the server did not present an SSH host key Gantry can check",
                               subject: access.url)
            return -1
        }
        let hostkey = UnsafeRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self).pointee
        guard hostkey.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostkey.hostkey, hostkey.hostkey_len > 0 else {
            failure = GitError(.remote, "\(access.url): libgit2 gave no raw host key to check", subject: access.url)
            return -1
        }
        let blob = Array(UnsafeRawBufferPointer(start: raw, count: hostkey.hostkey_len))
        do {
            try access.verifyHostKey(GitRemoteAccess.HostKey(host: host, port: access.port, blob: blob))
            return 0
        } catch {
            failure = GitError(.remote, "\(error)", subject: access.url)
            return -1
        }
    }

    private func credentials(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, user: String?,
                             allowed: UInt32) -> Int32 {
        credentialAttempts += 1
        let login = user ?? "git"
        guard credentialAttempts == 1, allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 else {
            let how = access.identity.map { "the key \($0)" } ?? "the keys of ssh-agent"
            failure = GitError(.remote, "\(access.url): the server refused \(login) with \(how) (is it a deploy key of "
                               + "this repository? RSA keys do not work here; use ed25519)", subject: access.url)
            return -1
        }
        if let identity = access.identity {
            return git_credential_ssh_key_new(out, login, nil, identity, nil)
        }
        return git_credential_ssh_key_from_agent(out, login)
    }
}
