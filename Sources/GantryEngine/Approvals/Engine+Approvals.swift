import Foundation
import GantryGates
import GantryModel
import GantryStore

extension Engine {
    /// What `approve` did.
    public struct ApprovalResult: Sendable {
        public enum Outcome: String, Sendable, Codable {
            /// Counted; the quorum is still incomplete.
            case recorded
            /// Counted, and the quorum is complete: the request is approved.
            case approved
            /// This person had approved already; it counts once.
            case alreadyApproved = "already-approved"
        }

        public var outcome: Outcome
        public var request: PromotionRequest
        public var status: ApprovalStatus
        public var message: String
    }

    /// Records the acting user's approval of the open request for (pipeline, environment, artifact).
    ///
    /// Needs no deploy credentials and runs nothing. Refused (exit 3) when there is no open
    /// request, when the user requested it (unless `self_approval`), or is not an approver.
    public func approve(_ pipeline: Pipeline, environment: String, artifact tag: String,
                        comment: String? = nil) throws(EngineError) -> ApprovalResult {
        let (env, policy, request) = try openRequest(pipeline, environment: environment, tag: tag)
        let identity = ArtifactIdentity(pipeline: pipeline.name, environment: env.name, tag: tag, digest: request.digest)
        let now = clock.now()
        let given = gateApprovals(try engineCall { try store.approvals(requestID: request.id) }, boundTo: identity)
        switch policy.eligibility(of: actor, requester: request.requester, identity: identity, approvals: given, now: now) {
        case let .refused(message):
            _ = try engineCall {
                try store.appendAudit(audit("approve", pipeline: pipeline.name, environment: env.name, artifact: tag,
                                            outcome: "refused", details: message))
            }
            throw .refused(message)
        case let .alreadyApproved(message):
            let status = policy.evaluate(identity: identity, requester: request.requester, approvals: given, now: now)
            return ApprovalResult(outcome: .alreadyApproved, request: request, status: status, message: message)
        case .accepted:
            break
        }
        let approval = StoreApproval(requestID: request.id, approver: actor, approvedAt: now, comment: comment)
        // Accepted means this user has no approval that still counts; an expired one is replaced,
        // or the gate would keep seeing the expired one while this call reported it counted.
        let others = given.filter { $0.approver != actor }
        let all = others + [GantryGates.Approval(approver: actor, at: now, identity: identity)]
        let status = policy.evaluate(identity: identity, requester: request.requester, approvals: all, now: now)
        // The approval that completes the quorum carries the `approved` notification.
        let completes = status.isApproved && request.state != .approved
        _ = try engineCall {
            try store.addApproval(approval, renewing: true,
                                  audit: audit("approve", pipeline: pipeline.name, environment: env.name, artifact: tag,
                                               outcome: "recorded",
                                               details: "request #\(request.id)" + (comment.map { ": \($0)" } ?? ""))
                                      .notifying(completes ? approvedNotifications(pipeline, env: env, request: request,
                                                                                   status: status) : []))
        }
        guard status.isApproved else {
            return ApprovalResult(outcome: .recorded, request: request, status: status,
                                  message: "approval recorded for \(tag) to \(env.name); \(status.message)")
        }
        let approved = request.state == .approved ? request : try engineCall { try store.markRequestApproved(id: request.id) }
        return ApprovalResult(outcome: .approved, request: approved, status: status,
                              message: "\(tag) to \(env.name) is approved (\(status.counted.joined(separator: ", "))); "
                                  + "it runs on the next `gantry promote \(pipeline.name) \(env.name) --artifact \(tag)` while the window is open")
    }

    /// Closes the open request for (pipeline, environment, artifact); by the requester or an approver.
    public func reject(_ pipeline: Pipeline, environment: String, artifact tag: String,
                       comment: String) throws(EngineError) -> PromotionRequest {
        let (env, policy, request) = try openRequest(pipeline, environment: environment, tag: tag)
        guard actor == request.requester || policy.approvers.isEmpty || policy.approvers.contains(actor) else {
            let message = "\(actor) may not reject this request: only the requester (\(request.requester)) or an approver "
                + "(\(policy.approvers.joined(separator: ", "))) may"
            // A refusal is an action too, audited like a refused approval.
            _ = try engineCall {
                try store.appendAudit(audit("reject", pipeline: pipeline.name, environment: env.name, artifact: tag,
                                            outcome: "refused", details: message))
            }
            throw .refused(message)
        }
        return try engineCall {
            try store.rejectPromotionRequest(id: request.id, by: actor, comment: comment, now: clock.now(),
                                             audit: audit("reject", pipeline: pipeline.name, environment: env.name,
                                                          artifact: tag, outcome: "rejected",
                                                          details: "request #\(request.id): \(comment)"))
        }
    }

    private func openRequest(_ pipeline: Pipeline, environment: String,
                             tag: String) throws(EngineError) -> (Environment, ApprovalPolicy, PromotionRequest) {
        let env = try engineCall { try pipeline.environment(named: environment) }
        guard let policy = env.approval else {
            throw .refused("\(environment) needs no approval; there is nothing to approve")
        }
        guard let request = try engineCall({
            try store.livePromotionRequest(pipeline: pipeline.name, environment: environment, artifactTag: tag)
        }) else {
            throw .refused("there is no open promotion request for \(pipeline.name):\(tag) to \(environment); "
                + "`gantry promote \(pipeline.name) \(environment) --artifact \(tag)` opens one")
        }
        return (env, policy, request)
    }
}
