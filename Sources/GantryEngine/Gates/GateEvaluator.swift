import Foundation
import GantryGates
import GantryModel
import GantryStore

/// Evaluates the gates (in the documented order) for one artifact and one environment, without side effects.
///
/// Every gate is evaluated and every blocking one reported, in order: path, approval, window,
/// parity, then the migration ledger. The lock is the last gate and is taken by the deployment
/// itself; here it is only described. The parity gate reads facts over SSH (read-only probes).
struct GateEvaluator {
    let engine: Engine
    let now: Date

    var store: StateStore { engine.store }

    /// What the gates are asked about.
    struct Question {
        var pipeline: Pipeline
        var environment: Environment
        var artifact: Artifact
        var kind: DeploymentKind
        /// Who is asking; the requester when no promotion request exists yet.
        var actor: String
        /// Break-glass reason for the window gate.
        var overrideReason: String?
    }

    func evaluate(_ question: Question) async throws(EngineError) -> GateReport {
        GateReport(results: [
            try path(question),
            try approval(question),
            window(question),
            await parity(question),
            migrations(question),
            try lock(question),
        ])
    }

    private func path(_ q: Question) throws(EngineError) -> GateResult {
        if q.kind == .rollback || q.kind == .configOnly {
            return GateResult(gate: .path, state: .notApplicable,
                              reason: q.kind == .rollback ? "rollback: the artifact already ran in \(q.environment.name)"
                                  : "config-only: the artifact running there does not change")
        }
        guard let from = q.environment.from else {
            return GateResult(gate: .path, state: .passed, reason: "\(q.environment.name) is an entry environment")
        }
        // The present, not history: what `from` runs now, or a success there that no rollback
        // has undone since (a rolled-back artifact needs a new successful deployment to `from`).
        let tag = q.artifact.tag
        let standing = try engineCall { try store.pathStanding(pipeline: q.pipeline.name, environment: from, tag: tag) }
        if standing.current?.artifactTag == tag {
            return GateResult(gate: .path, state: .passed, reason: "\(tag) succeeded in \(from) and is what it runs now")
        }
        guard let success = standing.lastSuccess else {
            let now = standing.current.map { " (\(from) runs \($0.artifactTag))" } ?? " (nothing has succeeded in \(from) yet)"
            return GateResult(gate: .path, state: .blocked, reason: "\(tag) has not succeeded in \(from)\(now)",
                              unblock: "deploy \(tag) to \(from) first")
        }
        if let rollback = standing.rollbackSince {
            let when = WindowFormat.iso8601(rollback.finishedAt ?? rollback.startedAt, in: Self.utc)
            let runs = standing.current.map { "; \(from) runs \($0.artifactTag)" } ?? ""
            return GateResult(gate: .path, state: .blocked,
                              reason: "\(tag) succeeded in \(from) (deployment #\(success.id)) but was rolled back there since: "
                                  + "deployment #\(rollback.id), a rollback to \(rollback.artifactTag) by \(rollback.actor) at \(when)"
                                  + runs,
                              unblock: "deploy \(tag) to \(from) again (a new successful deployment) first")
        }
        return GateResult(gate: .path, state: .passed,
                          reason: "\(tag) succeeded in \(from) (deployment #\(success.id)); no rollback there since")
    }

    private static let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? .current

    private func approval(_ q: Question) throws(EngineError) -> GateResult {
        guard q.kind == .promote || q.kind == .deploy, let policy = q.environment.approval else {
            let why = q.kind == .rollback ? "rollback skips approvals" : "\(q.environment.name) needs no approval"
            return GateResult(gate: .approval, state: .notApplicable, reason: why)
        }
        let status = try approvalStatus(q, policy: policy)
        if status.isApproved {
            return GateResult(gate: .approval, state: .passed,
                              reason: "approved by \(status.counted.joined(separator: ", "))")
        }
        return GateResult(gate: .approval, state: .blocked, reason: status.message,
                          unblock: "gantry approve \(q.pipeline.name) \(q.environment.name) --artifact \(q.artifact.tag)")
    }

    /// The quorum for the live request of this artifact (none yet: nobody has approved).
    func approvalStatus(_ q: Question, policy: ApprovalPolicy) throws(EngineError) -> ApprovalStatus {
        let identity = ArtifactIdentity(pipeline: q.pipeline.name, environment: q.environment.name,
                                        tag: q.artifact.tag, digest: q.artifact.digest)
        let request = try engineCall {
            try store.livePromotionRequest(pipeline: q.pipeline.name, environment: q.environment.name,
                                           artifactTag: q.artifact.tag)
        }
        var approvals: [GantryGates.Approval] = []
        if let request {
            // Approvals are bound to the digest the request was opened for.
            let given = ArtifactIdentity(pipeline: request.pipeline, environment: request.environment,
                                         tag: request.artifactTag, digest: request.digest)
            approvals = gateApprovals(try engineCall { try store.approvals(requestID: request.id) }, boundTo: given)
        }
        return policy.evaluate(identity: identity, requester: request?.requester ?? q.actor,
                               approvals: approvals, now: now)
    }

    private func window(_ q: Question) -> GateResult {
        guard let policy = q.environment.windows else {
            return GateResult(gate: .window, state: .notApplicable, reason: "\(q.environment.name) has no windows: always open")
        }
        let status = policy.evaluate(at: now)
        if status.isOpen { return GateResult(gate: .window, state: .passed, reason: status.reason) }
        if let reason = q.overrideReason {
            return GateResult(gate: .window, state: .overridden, reason: "\(status.reason); overridden: \(reason)")
        }
        let opens = status.opensAt.map { "window opens \(WindowFormat.short($0, in: policy.timeZone, relativeTo: now))" }
            ?? "no opening within a year"
        return GateResult(gate: .window, state: .blocked, reason: status.reason,
                          unblock: "\(opens), or break glass with --override-window --reason \"…\"")
    }

    private func lock(_ q: Question) throws(EngineError) -> GateResult {
        let holder = try engineCall { try store.lockHolder(pipeline: q.pipeline.name, environment: q.environment.name) }
        guard let holder else {
            return GateResult(gate: .lock, state: .passed, reason: "\(q.environment.name) is not locked")
        }
        return GateResult(gate: .lock, state: .passed,
                          reason: "held by deployment #\(holder.deploymentID) (\(holder.actor), pid \(holder.pid) on \(holder.hostname)); "
                              + "the run waits for it up to --lock-wait")
    }
}
