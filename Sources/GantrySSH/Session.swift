internal import CLibSSH2
import Foundation
import Logging

/// One libssh2 session over one TCP socket, in non-blocking mode.
///
/// Confined to its connection's ``ConnectionThread`` (hence `@unchecked Sendable`): libssh2
/// sessions are not thread-safe. Every call that can return `LIBSSH2_ERROR_EAGAIN` goes through
/// ``call(_:_:deadline:_:)``, which polls the socket in the direction libssh2 is waiting for and
/// retries, so deadlines are enforced here rather than by libssh2's own timeout.
final class Session: @unchecked Sendable {
    let target: SSHTarget
    let raw: OpaquePointer
    private let socket: Int32
    private var isOpen = true

    /// Connects, verifies the host key against known_hosts and only then authenticates.
    ///
    /// - Parameter logger: receives the warnings of the known_hosts check (skipped lines).
    init(target: SSHTarget, logger: Logger) throws(SSHError) {
        _ = LibSSH2.ready
        self.target = target
        let deadline = ContinuousClock.now + target.connectTimeout
        socket = try TCPConnector.connect(target: target, deadline: deadline)
        guard let session = gantry_ssh2_session_init() else {
            Glibc.close(socket)
            throw SSHError(.protocolFailure, host: target.name, operation: "session init",
                           message: "libssh2 could not allocate a session")
        }
        raw = session
        libssh2_session_set_blocking(raw, 0)
        do throws(SSHError) {
            let knownHosts = try KnownHosts(target: target, logger: logger)
            let methods = knownHosts.preferredMethods
            let rc = libssh2_session_method_pref(raw, LIBSSH2_METHOD_HOSTKEY, methods)
            if rc < 0 { throw error("set host key preference \(methods)", .protocolFailure, code: rc) }
            _ = try call("handshake", .protocolFailure, deadline: deadline) {
                libssh2_session_handshake(raw, socket)
            }
            try knownHosts.verify(try serverHostKey())
            try authenticate(deadline: deadline)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// The key the server presented in the handshake.
    private func serverHostKey() throws(SSHError) -> HostKey {
        var length = 0
        var type: Int32 = 0
        guard let raw = libssh2_session_hostkey(raw, &length, &type),
              let key = HostKey(blob: Array(UnsafeRawBufferPointer(start: raw, count: length))) else {
            throw SSHError(.protocolFailure, host: target.name, operation: "verify host key",
                           message: "the server sent no usable host key: \(lastErrorMessage())")
        }
        return key
    }

    /// Says goodbye to the server and frees the session (idempotent).
    func close() {
        guard isOpen else { return }
        isOpen = false
        // Best effort, bounded: a dead peer must not hold up shutdown.
        let deadline = ContinuousClock.now + .seconds(1)
        _ = try? call("disconnect", .protocolFailure, deadline: deadline) {
            gantry_ssh2_session_disconnect(raw, "bye")
        }
        _ = try? call("free", .protocolFailure, deadline: deadline) { libssh2_session_free(raw) }
        Glibc.close(socket)
    }

    // MARK: - Non-blocking plumbing

    /// Runs a libssh2 call until it stops asking to be repeated; negative results become errors.
    @discardableResult
    func call(
        _ operation: String, _ kind: SSHError.Kind, deadline: ContinuousClock.Instant?,
        _ body: () -> Int32
    ) throws(SSHError) -> Int32 {
        while true {
            let rc = body()
            if rc == LIBSSH2_ERROR_EAGAIN {
                try waitForSocket(operation, deadline: deadline)
                continue
            }
            if rc < 0 { throw error(operation, kind, code: rc) }
            return rc
        }
    }

    /// Like `call`, for libssh2 functions that return a pointer and report EAGAIN via last_errno.
    func callPointer<P>(
        _ operation: String, _ kind: SSHError.Kind, deadline: ContinuousClock.Instant?,
        _ body: () -> P?
    ) throws(SSHError) -> P {
        while true {
            if let pointer = body() { return pointer }
            let rc = libssh2_session_last_errno(raw)
            if rc != LIBSSH2_ERROR_EAGAIN { throw error(operation, kind, code: rc) }
            try waitForSocket(operation, deadline: deadline)
        }
    }

    /// Waits until the socket is ready in the direction libssh2 blocked on, or the deadline.
    ///
    /// - Parameter limit: an extra cap on the wait (the exec loop wakes up to check its timeout).
    func waitForSocket(_ operation: String, deadline: ContinuousClock.Instant?, limit: Duration? = nil) throws(SSHError) {
        let directions = libssh2_session_block_directions(raw)
        var events: Int16 = 0
        if directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events |= Int16(POLLIN) }
        if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
        if events == 0 { events = Int16(POLLIN) }
        var wait: Duration = limit ?? .seconds(3600)
        if let deadline {
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero {
                throw SSHError(.timeout, host: target.name, operation: operation,
                               message: "no answer within \(target.connectTimeout)")
            }
            wait = min(wait, remaining)
        }
        var descriptor = pollfd(fd: socket, events: events, revents: 0)
        let milliseconds = Int32(clamping: wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000 + 1)
        _ = poll(&descriptor, 1, milliseconds)
    }

    /// libssh2's last error message, read right away on the thread that saw the failure.
    func lastErrorMessage() -> String {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let code = libssh2_session_last_error(raw, &message, &length, 0)
        guard let message, length > 0 else { return "libssh2 error \(code)" }
        return String(decoding: UnsafeRawBufferPointer(start: message, count: Int(length)), as: UTF8.self)
    }

    func error(_ operation: String, _ kind: SSHError.Kind, code: Int32) -> SSHError {
        var kind = kind
        switch code {
        case LIBSSH2_ERROR_TIMEOUT: kind = .timeout
        case LIBSSH2_ERROR_SOCKET_DISCONNECT, LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_SEND:
            kind = kind == .authenticationRefused ? kind : .unreachable
        default: break
        }
        return SSHError(kind, host: target.name, operation: operation,
                        message: "\(lastErrorMessage()) (libssh2 \(code))")
    }
}
