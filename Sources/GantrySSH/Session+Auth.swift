internal import CLibSSH2
import Foundation

extension Session {
    /// Public-key authentication from the target's identity, or from ssh-agent without one.
    func authenticate(deadline: ContinuousClock.Instant) throws(SSHError) {
        let user = target.user
        // libssh2 needs the method list first in non-blocking mode, or the next auth call fails.
        try call("authenticate (list methods)", .authenticationRefused, deadline: deadline) {
            gantry_ssh2_userauth_list_ready(raw, user)
        }
        if libssh2_userauth_authenticated(raw) != 0 { return }
        if let identity = target.identity {
            try authenticate(identity: identity, deadline: deadline)
        } else {
            try authenticateWithAgent(deadline: deadline)
        }
    }

    private func authenticate(identity: String, deadline: ContinuousClock.Instant) throws(SSHError) {
        let operation = "authenticate as \(target.user) with \(identity)"
        guard FileManager.default.isReadableFile(atPath: identity) else {
            throw SSHError(.authenticationRefused, host: target.name, operation: operation,
                           message: "the identity file \(identity) does not exist or is not readable")
        }
        let keyType = IdentityKey.type(atPath: identity)
        let passphrase = ProcessInfo.processInfo.environment["GANTRY_SSH_PASSPHRASE"]
        let user = target.user
        do {
            try call(operation, .authenticationRefused, deadline: deadline) {
                gantry_ssh2_userauth_publickey_fromfile(raw, user, nil, identity, passphrase)
            }
        } catch let failure {
            if failure.kind == .timeout || failure.kind == .unreachable { throw failure }
            var message = failure.message
            if keyType == "ssh-rsa" {
                message += ". \(identity) is an RSA key: libssh2 1.10 signs RSA keys only with SHA-1 "
                    + "(ssh-rsa), which OpenSSH 8.8 and later refuse by default. Use an ed25519 key "
                    + "(ssh-keygen -t ed25519) or ECDSA."
            } else if message.contains("Unable to extract public key") || message.contains("passphrase") {
                message += ". If the key is encrypted, set GANTRY_SSH_PASSPHRASE."
            } else {
                message += ". The server did not accept \(keyType ?? "the") key for user \(target.user)."
            }
            throw SSHError(.authenticationRefused, host: target.name, operation: operation, message: message)
        }
    }

    private func authenticateWithAgent(deadline: ContinuousClock.Instant) throws(SSHError) {
        let operation = "authenticate as \(target.user) with ssh-agent"
        guard let agent = libssh2_agent_init(raw) else {
            throw error(operation, .authenticationRefused, code: libssh2_session_last_errno(raw))
        }
        defer {
            libssh2_agent_disconnect(agent)
            libssh2_agent_free(agent)
        }
        if let socket = target.agentSocket { libssh2_agent_set_identity_path(agent, socket) }
        guard libssh2_agent_connect(agent) == 0 else {
            let socket = target.agentSocket ?? ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"] ?? "SSH_AUTH_SOCK unset"
            throw SSHError(.authenticationRefused, host: target.name, operation: operation,
                           message: "no identity is configured and ssh-agent is not reachable (\(socket))")
        }
        try call(operation, .authenticationRefused, deadline: deadline) { libssh2_agent_list_identities(agent) }
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        var offered = 0
        let user = target.user
        while true {
            var identity: UnsafeMutablePointer<libssh2_agent_publickey>?
            let rc = libssh2_agent_get_identity(agent, &identity, previous)
            guard rc == 0, let identity else { break }
            previous = identity
            offered += 1
            let accepted = try? call(operation, .authenticationRefused, deadline: deadline) {
                libssh2_agent_userauth(agent, user, identity)
            }
            if accepted != nil { return }
        }
        throw SSHError(.authenticationRefused, host: target.name, operation: operation,
                       message: "the server accepted none of the \(offered) keys ssh-agent offered")
    }
}
