import Foundation
import GantryGates
import GantryModel
import GantryStore

/// The notifications of events that happen outside a running deployment: a request opened, a
/// quorum completed, a run refused. Each goes on the audit entry of its event.
extension Engine {
    /// Hides the secret values of `env` that this process can resolve; a secret it cannot resolve
    /// never reached the text being masked either.
    func eventMask(_ pipeline: Pipeline, env: Environment) -> SecretMasker {
        SecretMasker(secrets: Array(((try? availableSecrets(pipeline, env)) ?? [:]).values))
    }

    /// `requested`: what waits, who may approve, and the command that approves.
    func requestedNotifications(_ pipeline: Pipeline, env: Environment, artifact: Artifact,
                                gates: GateReport) -> [OutboxMessage] {
        let notices = Notices(pipeline: pipeline, environment: env)
        guard notices.wanted(.requested), let policy = env.approval else { return [] }
        let identity = ArtifactIdentity(pipeline: pipeline.name, environment: env.name, tag: artifact.tag,
                                        digest: artifact.digest)
        let status = policy.evaluate(identity: identity, requester: actor, approvals: [], now: clock.now())
        let command = notices.approveCommand(tag: artifact.tag)
        let document = NotificationDocument(
            event: NotifyEvent.requested.rawValue, pipeline: pipeline.name, environment: env.name, artifact: artifact.tag,
            commit: artifact.commit, actor: actor, at: clock.now(),
            summary: "\(pipeline.name) \(artifact.tag) waits for approval to \(env.name) (requested by \(actor)): "
                + "\(status.message); approve with `\(command)`",
            message: gates.blockingSummary, deployment: nil,
            request: .init(requester: actor, approvedBy: [], missing: status.missing,
                           mayApprove: status.candidates.description, approveCommand: command),
            gates: gates.results, rolledBackHosts: nil)
        let mask = eventMask(pipeline, env: env)
        return notices.messages(document, event: .requested, deploymentID: nil, mask: mask.mask)
    }

    /// `approved`: the quorum is complete.
    func approvedNotifications(_ pipeline: Pipeline, env: Environment, request: PromotionRequest,
                               status: ApprovalStatus) -> [OutboxMessage] {
        let notices = Notices(pipeline: pipeline, environment: env)
        guard notices.wanted(.approved) else { return [] }
        let artifact = try? store.artifact(pipeline: pipeline.name, tag: request.artifactTag)
        let document = NotificationDocument(
            event: NotifyEvent.approved.rawValue, pipeline: pipeline.name, environment: env.name,
            artifact: request.artifactTag, commit: artifact?.commit, actor: actor, at: clock.now(),
            summary: "\(pipeline.name) \(request.artifactTag) to \(env.name) is approved "
                + "(\(status.counted.joined(separator: ", "))); it runs on the next "
                + "`gantry promote \(pipeline.name) \(env.name) --artifact \(request.artifactTag)` while the window is open",
            message: nil, deployment: nil,
            request: .init(requester: request.requester, approvedBy: status.counted, missing: status.missing,
                           mayApprove: status.candidates.description,
                           approveCommand: notices.approveCommand(tag: request.artifactTag)),
            gates: [], rolledBackHosts: nil)
        return notices.messages(document, event: .approved, deploymentID: nil, mask: eventMask(pipeline, env: env).mask)
    }

    /// `blocked`: a deployment-like run refused by its gates.
    func blockedNotifications(_ kind: DeploymentKind, pipeline: Pipeline, env: Environment, artifact: Artifact,
                              gates: GateReport) -> [OutboxMessage] {
        let notices = Notices(pipeline: pipeline, environment: env)
        guard notices.wanted(.blocked) else { return [] }
        let names = gates.blocking.map(\.gate.rawValue).joined(separator: ", ")
        let document = NotificationDocument(
            event: NotifyEvent.blocked.rawValue, pipeline: pipeline.name, environment: env.name, artifact: artifact.tag,
            commit: artifact.commit, actor: actor, at: clock.now(),
            summary: "\(pipeline.name): \(kind.rawValue) of \(artifact.tag) to \(env.name) by \(actor) blocked by \(names)",
            message: gates.blockingSummary, deployment: nil, request: nil, gates: gates.results, rolledBackHosts: nil)
        return notices.messages(document, event: .blocked, deploymentID: nil, mask: eventMask(pipeline, env: env).mask)
    }
}
