import Foundation

/// Who may still add an approval to a request.
public enum ApprovalCandidates: Sendable, Hashable, CustomStringConvertible {
    /// Exactly these login names (in policy order).
    case named([String])
    /// Anyone except these login names (the requester and those who already approved).
    case anyoneExcept([String])

    /// `alice or carol`, `alice, bob or carol`, `anyone but dave`, `anyone but dave and alice`.
    public var description: String {
        switch self {
        case let .named(names):
            return names.isEmpty ? "no one" : Self.list(names, conjunction: "or")
        case let .anyoneExcept(names):
            return names.isEmpty ? "anyone" : "anyone but " + Self.list(names, conjunction: "and")
        }
    }

    static func list(_ names: [String], conjunction: String) -> String {
        guard let last = names.last else { return "" }
        if names.count == 1 { return last }
        return names.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }
}

/// The state of a promotion request's approval quorum at one instant.
public struct ApprovalStatus: Sendable, Hashable {
    /// True when the quorum is met.
    public var isApproved: Bool
    /// Distinct approvals still needed (0 when approved).
    public var missing: Int
    /// Approvers whose approvals count now, in the order they approved.
    public var counted: [String]
    /// Approvers whose only approvals have expired.
    public var expired: [String]
    /// Who may still approve.
    public var candidates: ApprovalCandidates
    /// `approved by alice and bob` or `needs 1 more approval from alice or carol`.
    public var message: String

    public init(isApproved: Bool, missing: Int, counted: [String], expired: [String],
                candidates: ApprovalCandidates, message: String) {
        self.isApproved = isApproved
        self.missing = missing
        self.counted = counted
        self.expired = expired
        self.candidates = candidates
        self.message = message
    }
}

/// The answer to "may this user approve this request now?".
public enum ApprovalEligibility: Sendable, Hashable {
    /// Record the approval; it counts.
    case accepted
    /// Record it if you like, but it counts once: the user already has a valid approval.
    case alreadyApproved(message: String)
    /// Refused by policy (exit 3); the message says why and who may approve.
    case refused(message: String)

    /// True unless refused.
    public var isAllowed: Bool {
        if case .refused = self { return false }
        return true
    }
}
