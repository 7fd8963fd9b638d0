import Foundation
import GantryGates
import GantryModel
import GantryStore

extension Engine {
    /// One environment as `gantry status` shows it.
    public struct EnvironmentStatus: Sendable {
        public var name: String
        /// The latest successful deployment (what runs there).
        public var current: Deployment?
        /// Deployments pending or running now.
        public var active: [Deployment]
        public var requests: [RequestStatus]
        /// Window state now; nil when the environment has no windows.
        public var window: WindowStatus?
        public var timeZone: TimeZone?
    }

    /// An open or approved promotion request with its approvals.
    public struct RequestStatus: Sendable {
        public var request: PromotionRequest
        public var approvedBy: [String]
        public var status: ApprovalStatus
        /// Why the request is out of date, when it is (derived now, never stored).
        public var superseded: Supersession?
    }

    /// What runs where, what is running, who must still approve, and whether windows are open.
    public func status(_ pipeline: Pipeline) throws(EngineError) -> [EnvironmentStatus] {
        let now = clock.now()
        let current = try engineCall { try store.currentDeployments(pipeline: pipeline.name) }
        let active = try engineCall { try store.activeDeployments(pipeline: pipeline.name) }
        let requests = try engineCall { try store.livePromotionRequests(pipeline: pipeline.name) }
        return try pipeline.environments.map { env throws(EngineError) in
            var statuses: [RequestStatus] = []
            for request in requests where request.environment == env.name {
                let approvals = try engineCall { try store.approvals(requestID: request.id) }
                let identity = ArtifactIdentity(pipeline: pipeline.name, environment: env.name,
                                                tag: request.artifactTag, digest: request.digest)
                let policy = env.approval ?? ApprovalPolicy(required: 0, approvers: [])
                let status = policy.evaluate(identity: identity, requester: request.requester,
                                             approvals: gateApprovals(approvals, boundTo: identity), now: now)
                // Only approvals that still count: an expired one is not "approved by" (its author may approve again).
                let superseded = Supersession.of(request, running: current[env.name],
                                                 fromRunning: env.from.flatMap { current[$0] })
                statuses.append(RequestStatus(request: request, approvedBy: status.counted, status: status,
                                              superseded: superseded))
            }
            return EnvironmentStatus(name: env.name, current: current[env.name],
                                     active: active.filter { $0.environment == env.name }, requests: statuses,
                                     window: env.windows?.evaluate(at: now), timeZone: env.windows?.timeZone)
        }
    }
}
