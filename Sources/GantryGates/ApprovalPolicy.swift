import Foundation

/// An environment's approval rule: who may approve, how many must, and for how long it counts.
public struct ApprovalPolicy: Sendable, Hashable {
    /// Distinct approvers needed.
    public var required: Int
    /// Login names allowed to approve; empty means anyone but the requester.
    public var approvers: [String]
    /// Whether the requester may approve their own promotion.
    public var selfApproval: Bool
    /// How long an approval counts, from the moment it was given; nil = until used.
    public var expires: TimeInterval?

    public init(required: Int, approvers: [String], selfApproval: Bool = false, expires: TimeInterval? = nil) {
        self.required = required
        self.approvers = approvers
        self.selfApproval = selfApproval
        self.expires = expires
    }
}
