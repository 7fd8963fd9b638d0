import Foundation
import GantryShell
import GantryStore

/// What one attempt to send a notification came to, for logs and `gantry notify test`.
public struct DeliveryAttempt: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// The receiver answered 2xx.
        case delivered(status: Int)
        /// It failed and is tried again at `at`.
        case willRetry(at: Date, reason: String)
        /// It failed for good.
        case gaveUp(reason: String)
        /// This process cannot send it (a secret it cannot resolve); another process may.
        case skipped(reason: String)
    }

    /// The outbox id.
    public var id: Int64
    public var event: String
    public var pipeline: String
    public var environment: String
    /// The target as configured (secrets as `${secrets.NAME}`), safe to show.
    public var url: String
    /// Which attempt this was, from 1.
    public var attempt: Int
    public var outcome: Outcome
    /// The receiver's HTTP status, when it answered.
    public var httpStatus: Int?

    /// How bad it is for a command that waited for it: a refusing receiver is a failure, one that
    /// cannot be reached (or a URL that cannot be used) infrastructure, a missing secret usage.
    public var severity: Severity? {
        switch outcome {
        case .delivered, .willRetry: nil
        case .gaveUp: httpStatus == nil ? .infrastructure : .failed
        case .skipped: .usage
        }
    }

    /// `#12 requested shop/production → ${secrets.SLACK_WEBHOOK}: delivered (HTTP 200)`.
    public var description: String {
        let what = "#\(id) \(event) \(pipeline)/\(environment) → \(url)"
        switch outcome {
        case let .delivered(status): return "\(what): delivered (HTTP \(status))"
        case let .willRetry(at, reason): return "\(what): attempt \(attempt) failed (\(reason)); next try at "
            + ISO8601DateFormatter().string(from: at)
        case let .gaveUp(reason): return "\(what): not delivered, given up after \(attempt) attempt(s) (\(reason))"
        case let .skipped(reason): return "\(what): not sent by this process (\(reason))"
        }
    }

    public var delivered: Bool { if case .delivered = outcome { true } else { false } }
}
