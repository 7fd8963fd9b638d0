import Foundation
import GantryEngine
import Synchronization

/// The audit chain's state for the status page: verified in the background when the log grew,
/// at most every 30 s, because a verification reads every event.
final class AuditState: Sendable {
    struct Verdict: Sendable {
        var intact: Bool
        var events: Int64
        /// Where and why the chain breaks, when it does.
        var detail: String?
        var checkedAt: Date
    }

    private let state = Mutex<(verdict: Verdict?, lastRun: Date, dirty: Bool)>((nil, .distantPast, false))
    static let interval: TimeInterval = 30

    var verdict: Verdict? { state.withLock { $0.verdict } }

    func refresh(_ engine: Engine) {
        let now = Date()
        state.withLock { $0.lastRun = now }
        guard let result = try? engine.verifyAudit() else { return }
        let verdict = Verdict(intact: result.firstBreak == nil, events: result.eventCount, detail: result.firstBreak?.detail,
                              checkedAt: now)
        state.withLock { $0.verdict = verdict }
    }

    /// The store changed: verify again once the interval is up.
    func noteChange() {
        state.withLock { $0.dirty = true }
    }

    /// Verifies when the store changed and the last verification is old enough.
    func tick(_ engine: Engine) {
        let due = state.withLock { state -> Bool in
            guard state.dirty, Date().timeIntervalSince(state.lastRun) >= Self.interval else { return false }
            state.dirty = false
            return true
        }
        if due { refresh(engine) }
    }
}
