import Foundation

/// One gate's verdict for a promotion.
public struct GateResult: Sendable, Codable, Equatable {
    public enum Gate: String, Sendable, Codable, CaseIterable {
        case path, approval, window, parity, migrations, lock
    }

    public enum State: String, Sendable, Codable {
        case passed
        case blocked
        /// The environment does not configure this gate (or the operation skips it).
        case notApplicable = "not-applicable"
        /// Closed, but passed by break-glass (`--override-window --reason`).
        case overridden
    }

    public var gate: Gate
    public var state: State
    /// Why, in one sentence.
    public var reason: String
    /// What would unblock it, when blocked.
    public var unblock: String?

    /// `status` in JSON, the word every `--json` document uses for how something stands.
    enum CodingKeys: String, CodingKey {
        case gate, reason, unblock
        case state = "status"
    }

    public init(gate: Gate, state: State, reason: String, unblock: String? = nil) {
        self.gate = gate
        self.state = state
        self.reason = reason
        self.unblock = unblock
    }

    /// The reason and what would unblock it: `reason — unblock`, or for a reason of several
    /// lines (a list of differences), the unblock on a line of its own.
    public var explanation: String {
        guard let unblock else { return reason }
        return reason.contains("\n") ? reason + "\n  to unblock: " + unblock : "\(reason) — \(unblock)"
    }
}

/// Every gate's verdict, in the documented gate order.
public struct GateReport: Sendable, Codable, Equatable {
    public var results: [GateResult]

    public init(results: [GateResult]) { self.results = results }

    public var blocking: [GateResult] { results.filter { $0.state == .blocked } }
    public var isBlocked: Bool { !blocking.isEmpty }

    public func result(for gate: GateResult.Gate) -> GateResult? { results.first { $0.gate == gate } }

    /// One line per blocking gate: `window: outside Mon–Thu 09:00–17:00 — window opens Tue 09:00`.
    public var blockingSummary: String {
        blocking.map { "\($0.gate.rawValue): \($0.explanation)" }.joined(separator: "\n")
    }

    /// The gates a ``blockingSummary`` names (it is what the audit log keeps of a refusal).
    public static func blockingGates(inSummary summary: String) -> [GateResult.Gate] {
        summary.split(separator: "\n").compactMap { line in
            line.firstIndex(of: ":").flatMap { GateResult.Gate(rawValue: String(line[..<$0])) }
        }
    }
}
