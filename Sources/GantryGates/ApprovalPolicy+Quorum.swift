import Foundation

extension ApprovalPolicy {
    /// Evaluates the quorum for a request.
    ///
    /// An approval counts when it was given for exactly `identity`, by a user the policy allows
    /// (checked again now, so narrowing `approvers` takes effect on waiting requests), and is not
    /// older than `expires`. Each user counts once however often they approved.
    /// - Parameters:
    ///   - identity: the request's pipeline, environment and artifact (tag and digest).
    ///   - requester: login name of who asked for the promotion.
    ///   - approvals: every approval recorded for the request; others are ignored.
    ///   - now: the gate clock's instant.
    public func evaluate(identity: ArtifactIdentity, requester: String, approvals: [Approval],
                         now: Date) -> ApprovalStatus {
        var counted: [String] = []
        var stale: [String] = []
        for approval in approvals.sorted(by: { $0.at < $1.at })
        where approval.identity.approvalCounts(for: identity) && mayApprove(approval.approver, requester: requester) {
            if isCurrent(approval, now: now) {
                if !counted.contains(approval.approver) { counted.append(approval.approver) }
            } else if !stale.contains(approval.approver) {
                stale.append(approval.approver)
            }
        }
        let expired = stale.filter { !counted.contains($0) }
        let missing = max(0, required - counted.count)
        let candidates = remainingCandidates(requester: requester, approved: counted)
        let message: String
        if missing == 0 {
            message = counted.isEmpty ? "no approval required"
                : "approved by " + ApprovalCandidates.list(counted, conjunction: "and")
        } else {
            let noun = missing == 1 ? "approval" : "approvals"
            if case let .named(names) = candidates, names.count < missing {
                message = "needs \(missing) more \(noun) but only \(names.count) more may approve"
                    + (names.isEmpty ? "" : " (\(candidates.description))")
            } else {
                message = "needs \(missing) more \(noun) from \(candidates.description)"
            }
        }
        return ApprovalStatus(isApproved: missing == 0, missing: missing, counted: counted,
                              expired: expired, candidates: candidates, message: message)
    }

    /// Whether `user` may add an approval to a request by `requester` now.
    ///
    /// - Parameters:
    ///   - user: the acting user's login name.
    ///   - requester: who asked for the promotion.
    ///   - identity: what the request is for.
    ///   - approvals: approvals already recorded for the request.
    ///   - now: the gate clock's instant.
    public func eligibility(of user: String, requester: String, identity: ArtifactIdentity,
                            approvals: [Approval], now: Date) -> ApprovalEligibility {
        if user == requester && !selfApproval {
            return .refused(message: "\(user) requested this promotion and may not approve it (self_approval is false)")
        }
        if !approvers.isEmpty && !approvers.contains(user) {
            return .refused(message: "\(user) may not approve \(identity.environment): approvers are "
                            + ApprovalCandidates.list(approvers, conjunction: "and"))
        }
        let current = approvals.contains {
            $0.approver == user && $0.identity.approvalCounts(for: identity) && isCurrent($0, now: now)
        }
        if current {
            return .alreadyApproved(message: "\(user) already approved \(identity.tag); it counts once")
        }
        return .accepted
    }

    /// Whether the policy lets `user` approve a request by `requester`.
    public func mayApprove(_ user: String, requester: String) -> Bool {
        if user == requester && !selfApproval { return false }
        return approvers.isEmpty || approvers.contains(user)
    }

    /// Whether `approval` is still within `expires` at `now` (an approval exactly `expires` old
    /// still counts; "older than" is strict).
    public func isCurrent(_ approval: Approval, now: Date) -> Bool {
        guard let expires else { return true }
        return now.timeIntervalSince(approval.at) <= expires
    }

    func remainingCandidates(requester: String, approved: [String]) -> ApprovalCandidates {
        if approvers.isEmpty {
            // `approved` never holds the requester unless self-approval is on, so no duplicates.
            return .anyoneExcept((selfApproval ? [] : [requester]) + approved)
        }
        return .named(approvers.filter { mayApprove($0, requester: requester) && !approved.contains($0) })
    }
}
