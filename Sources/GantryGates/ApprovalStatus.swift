import Foundation

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
