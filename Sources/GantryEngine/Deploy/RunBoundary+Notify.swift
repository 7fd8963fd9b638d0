import Foundation
import GantryModel
import GantryStore

/// A run's own notifications: `started`, and how it ended. They leave the run through its
/// boundary, so they are masked with the run's secret values.
extension RunBoundary {
    /// `started`: the deployment is about to touch its hosts.
    func startedNotifications(_ deployment: Deployment, hosts: [String], now: Date) -> [OutboxMessage] {
        guard let notices, notices.wanted(.started) else { return [] }
        let document = NotificationDocument(
            event: NotifyEvent.started.rawValue, pipeline: deployment.pipeline, environment: deployment.environment,
            artifact: deployment.artifactTag, commit: deployment.commit, actor: deployment.actor, at: now,
            summary: "\(deployment.pipeline): \(deployment.actor) started \(deployment.kind.rawValue) of "
                + "\(deployment.artifactTag) to \(deployment.environment) on \(hosts.joined(separator: ", ")) "
                + "(deployment #\(deployment.id))",
            message: nil, deployment: deployment, request: nil, gates: [], rolledBackHosts: nil)
        return notices.messages(document, event: .started, deploymentID: deployment.id, mask: { self.mask($0) })
    }

    /// How a deployment ended, as one event: `blocked` (refused at the lock or by a policy before
    /// any host), `rolled_back` (a `gantry rollback` that succeeded, counted as `succeeded` too;
    /// or a rollout whose rollback steps ran, counted as `failed` too), `succeeded` or `failed`.
    func finishedNotifications(_ ended: Deployment, auditOutcome: String, rolledBack: [String]) -> [OutboxMessage] {
        guard let notices else { return [] }
        let event: NotifyEvent
        var also: [NotifyEvent] = []
        if auditOutcome.hasPrefix("refused") {
            event = .blocked
        } else if ended.status == .succeeded {
            (event, also) = ended.kind == .rollback ? (.rolledBack, [.succeeded]) : (.succeeded, [])
        } else {
            (event, also) = rolledBack.isEmpty ? (.failed, []) : (.rolledBack, [.failed])
        }
        guard notices.wanted(event, also: also) else { return [] }
        let message = ended.message ?? "\(ended.kind.rawValue) of \(ended.artifactTag) to \(ended.environment) \(ended.status.rawValue)"
        let document = NotificationDocument(
            event: event.rawValue, pipeline: ended.pipeline, environment: ended.environment, artifact: ended.artifactTag,
            commit: ended.commit, actor: ended.actor, at: ended.finishedAt ?? ended.startedAt,
            summary: "\(ended.pipeline): " + (message.split(separator: "\n").first.map(String.init) ?? message)
                + " (deployment #\(ended.id))",
            message: message, deployment: ended, request: nil, gates: [],
            rolledBackHosts: rolledBack.isEmpty ? nil : rolledBack)
        return notices.messages(document, event: event, also: also, deploymentID: ended.id, mask: { self.mask($0) })
    }
}
