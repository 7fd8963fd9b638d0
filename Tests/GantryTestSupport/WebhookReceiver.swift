import Foundation
import GantryShell

/// A tiny HTTP/1.1 server on loopback that records every request it gets, for notification tests.
///
/// Each connection is served on its own thread: the request is read whole (headers, then
/// `Content-Length` bytes of body), recorded, and answered as ``respond`` decides: with a status,
/// or not at all (`hold`) until ``release()`` or ``stop()``, to stand for a receiver that is
/// slow while the sender is killed. Every answer closes the connection.
public final class WebhookReceiver: Sendable {
    /// One request as received.
    public struct Request: Sendable {
        /// 1 for the first request received, and so on.
        public var number: Int
        public var method: String
        public var path: String
        /// Header names lower-cased.
        public var headers: [String: String]
        public var body: String
        /// The status answered; nil while held, or when the connection ended first.
        public var answered: Int?

        /// The body as a JSON object.
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        }
        public var idempotencyKey: String? { headers["idempotency-key"] }
    }

    /// What to do with a request.
    public enum Answer: Sendable {
        case status(Int)
        /// Answer nothing until released.
        case hold
    }

    private struct State {
        var requests: [Request] = []
        var released = false
        var stopped = false
    }

    public let port: Int
    private let listener: Int32
    private let state = Locked(State())
    private let respond: @Sendable (Request) -> Answer

    /// Starts listening on 127.0.0.1 on a free port.
    ///
    /// - Parameter respond: decides each answer from the request (its `number` counts from 1).
    public init(respond: @escaping @Sendable (Request) -> Answer = { _ in .status(200) }) throws {
        self.respond = respond
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ChildProcess.Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw ChildProcess.Failure(description: "bind/listen: \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT` + `path`.
    public func url(_ path: String = "/") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request so far, in the order they arrived.
    public var requests: [Request] { state.current.requests }

    /// The first request answered 2xx for each `Idempotency-Key`, in the order they were answered:
    /// what a receiver that drops repeated keys accepts.
    public var accepted: [Request] {
        var seen = Set<String>()
        return requests.filter { request in
            guard let status = request.answered, (200..<300).contains(status) else { return false }
            return seen.insert(request.idempotencyKey ?? "#\(request.number)").inserted
        }
    }

    /// Lets held requests go (their connections are closed without an answer) and answers later ones.
    public func release() { state.withLock { $0.released = true } }

    /// Stops listening; held connections are closed.
    public func stop() {
        let first = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return !state.stopped
        }
        if first {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    /// Waits until `condition` holds for the requests received, polling, up to `seconds`.
    public func wait(seconds: Double = 30, until condition: ([Request]) -> Bool) async -> Bool {
        let end = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < end {
            if condition(requests) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(requests)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        guard var request = read(fd) else { return }
        request.number = state.withLock { state in
            request.number = state.requests.count + 1
            state.requests.append(request)
            return request.number
        }
        let answer = respond(request)
        if case .hold = answer {
            while true {
                let (released, stopped) = state.withLock { ($0.released, $0.stopped) }
                if stopped || released { return }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        guard case let .status(code) = answer else { return }
        let body = "{\"ok\": \(code < 300)}"
        let text = "HTTP/1.1 \(code) \(code < 300 ? "OK" : "Error")\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        let sent = text.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        if sent > 0 {
            state.withLock { $0.requests[request.number - 1].answered = code }
        }
    }

    /// Reads one request: the head up to a blank line, then `Content-Length` bytes.
    private func read(_ fd: Int32) -> Request? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var headEnd: Int?
        var needed = Int.max
        while bytes.count < needed {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return nil }
            bytes += buffer[0..<count]
            if headEnd == nil, let end = Self.find([13, 10, 13, 10], in: bytes) {
                headEnd = end + 4
                let head = String(decoding: bytes[0..<end], as: UTF8.self)
                let length = head.split(separator: "\r\n").dropFirst().compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                    return Int(parts[1].trimmingCharacters(in: .whitespaces))
                }.first ?? 0
                needed = end + 4 + length
            }
        }
        guard let headEnd else { return nil }
        let lines = String(decoding: bytes[0..<(headEnd - 4)], as: UTF8.self).split(separator: "\r\n")
        let first = lines.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return Request(number: 0, method: first.first.map(String.init) ?? "", path: first.dropFirst().first.map(String.init) ?? "",
                       headers: headers, body: String(decoding: bytes[headEnd..<needed], as: UTF8.self), answered: nil)
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        for index in 0...(bytes.count - needle.count) where bytes[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
