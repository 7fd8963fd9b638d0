import Foundation
import Synchronization

/// Tells every open status page (`/events` streams) that the store changed.
final class ChangeFeed: Sendable {
    enum Signal: Sendable {
        case changed
        /// Sent every 15 s so a page that went away is noticed (its write fails).
        case keepalive
    }

    private struct State {
        var next = 0
        var subscribers: [Int: AsyncStream<Signal>.Continuation] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    /// A stream of signals for one page; it ends when the feed closes or ``unsubscribe(_:)`` is called.
    func subscribe() -> (id: Int, signals: AsyncStream<Signal>) {
        let (stream, continuation) = AsyncStream.makeStream(of: Signal.self, bufferingPolicy: .bufferingNewest(1))
        let id: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            state.next += 1
            state.subscribers[state.next] = continuation
            return state.next
        }
        guard let id else {
            continuation.finish()
            return (0, stream)
        }
        return (id, stream)
    }

    func unsubscribe(_ id: Int) {
        state.withLock { $0.subscribers.removeValue(forKey: id) }?.finish()
    }

    func publish(_ signal: Signal) {
        for continuation in state.withLock({ Array($0.subscribers.values) }) { continuation.yield(signal) }
    }

    /// Ends every stream, so a server shutting down is not held open by pages.
    func close() {
        let all = state.withLock { state in
            state.closed = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for continuation in all { continuation.finish() }
    }
}
