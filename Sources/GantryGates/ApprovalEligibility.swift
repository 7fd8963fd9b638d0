import Foundation

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
