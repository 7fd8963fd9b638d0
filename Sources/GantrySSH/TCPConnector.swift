import Foundation

/// Opens the TCP connection for a session: resolution, connect with a deadline, TCP_NODELAY.
enum TCPConnector {
    /// Returns a connected, non-blocking socket.
    static func connect(target: SSHTarget, deadline: ContinuousClock.Instant) throws(SSHError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(target.address, String(target.port), &hints, &list)
        guard rc == 0, let first = list else {
            let reason = String(cString: gai_strerror(rc))
            throw SSHError(.unreachable, host: target.name, operation: "resolve \(target.address)", message: reason)
        }
        defer { freeaddrinfo(list) }
        var lastError = SSHError(.unreachable, host: target.name, operation: "connect", message: "no address")
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            do {
                return try attempt(info.pointee, target: target, deadline: deadline)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private static func attempt(_ info: addrinfo, target: SSHTarget, deadline: ContinuousClock.Instant) throws(SSHError) -> Int32 {
        let operation = "connect to \(target.address):\(target.port)"
        let fd = socket(info.ai_family, info.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.ai_protocol)
        guard fd >= 0 else {
            throw SSHError(.unreachable, host: target.name, operation: operation, message: String(cString: strerror(errno)))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        // Without TCP_NODELAY, Nagle's algorithm adds ~40 ms to every command round trip.
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var code: Int32 = 0
        if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) != 0 {
            code = errno
            if code == EINPROGRESS {
                code = waitConnected(fd, deadline: deadline)
            }
        }
        guard code == 0 else {
            Glibc.close(fd)
            let message = code == ETIMEDOUT ? "no answer within \(target.connectTimeout)" : String(cString: strerror(code))
            let kind: SSHError.Kind = switch code {
            case ECONNREFUSED: .connectionRefused
            case ETIMEDOUT: .timeout
            default: .unreachable
            }
            throw SSHError(kind, host: target.name, operation: operation, message: message)
        }
        return fd
    }

    /// Waits for a non-blocking connect; returns 0 or the errno (ETIMEDOUT at the deadline).
    private static func waitConnected(_ fd: Int32, deadline: ContinuousClock.Instant) -> Int32 {
        while true {
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return ETIMEDOUT }
            var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let milliseconds = Int32(clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            return error
        }
    }
}
