import Foundation
import Synchronization

/// Wakes the webhook worker when a delivery was queued, or after a timeout.
final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: (id: Int, continuation: CheckedContinuation<Void, Never>)?
        var next = 0
    }

    private let state = Mutex(State())

    /// Wakes the waiter now, or the next call of ``wait(seconds:)`` at once.
    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    /// Returns after `seconds`, or earlier on ``signal()`` (at once when one came since the last wait).
    func wait(seconds: Double) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let id: Int? = state.withLock { state in
                if state.pending {
                    state.pending = false
                    return nil
                }
                state.next += 1
                state.waiter = (state.next, continuation)
                return state.next
            }
            guard let id else { return continuation.resume() }
            Task {
                try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
                self.expire(id)
            }
        }
    }

    private func expire(_ id: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.waiter?.id == id else { return nil }
            defer { state.waiter = nil }
            return state.waiter?.continuation
        }
        waiter?.resume()
    }
}
