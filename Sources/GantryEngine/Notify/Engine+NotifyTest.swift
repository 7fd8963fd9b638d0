import Foundation
import GantryModel
import GantryStore

extension Engine {
    /// Sends one `test` notification to each target of `pipeline` and waits for the answers.
    ///
    /// With `environment`, every target of that environment (the pipeline's and its own);
    /// without, each declared target once: the pipeline's in the first environment (whose
    /// secrets its URL is resolved with), each environment's own in that environment. A test is
    /// tried once and never retried later; it goes through the outbox like any notification
    /// (same headers, same masking) and is audited.
    ///
    /// - Returns: one attempt per target, in declaration order.
    /// - Throws: `EngineError` when the environment is unknown or no target is declared.
    public func sendTestNotifications(_ pipeline: Pipeline, environment: String?) async throws(EngineError) -> [DeliveryAttempt] {
        var plan: [(Environment, [NotifyTarget])] = []
        if let environment {
            let env = try engineCall { try pipeline.environment(named: environment) }
            plan = [(env, pipeline.notifyTargets(for: env))]
        } else if let first = pipeline.environments.first {
            plan = [(first, pipeline.notify)] + pipeline.environments.map { ($0, $0.notify) }
        }
        plan = plan.filter { !$0.1.isEmpty }
        guard !plan.isEmpty else {
            throw .configuration("\(pipeline.name) declares no 'notify' target"
                + (environment.map { " for \($0)" } ?? "") + "; see docs/notifications.md")
        }
        let now = clock.now()
        var messages: [OutboxMessage] = []
        for (env, targets) in plan {
            let notices = Notices(pipeline: pipeline, environment: env)
            let document = NotificationDocument(
                event: "test", pipeline: pipeline.name, environment: env.name, artifact: nil, commit: nil, actor: actor,
                at: now, summary: "Test notification from gantry: \(actor) checks that \(pipeline.name)/\(env.name) reaches this target",
                message: nil, deployment: nil, request: nil, gates: [], rolledBackHosts: nil)
            messages += notices.messages(document, to: targets, deploymentID: nil, stream: "test",
                                         mask: eventMask(pipeline, env: env).mask)
        }
        let entries = try engineCall {
            try store.enqueueNotifications(messages, audit: audit(
                "notify-test", pipeline: pipeline.name, environment: environment, artifact: nil, outcome: "sent",
                details: messages.map { "\($0.environment): \($0.url) (\($0.format))" }.joined(separator: "; ")))
        }
        var unsendable: Set<Int64> = []
        var attempts = await deliveryPass(until: nil, unsendable: &unsendable, only: Set(entries.map(\.id)))
        // A row this process cannot send (a secret it lacks) was left pending: close it as not sent.
        for entry in entries where !attempts.contains(where: { $0.id == entry.id }) {
            attempts.append(DeliveryAttempt(id: entry.id, event: "test", pipeline: pipeline.name,
                                            environment: entry.message.environment, url: entry.message.url, attempt: 0,
                                            outcome: .skipped(reason: "another notification to this URL is being sent"),
                                            httpStatus: nil))
        }
        try closeUnsent(attempts)
        return attempts.sorted { $0.id < $1.id }
    }

    /// Marks test rows that were not sent as failed, so no later process sends a stale test.
    private func closeUnsent(_ attempts: [DeliveryAttempt]) throws(EngineError) {
        let claimant = OutboxClaimant(pid: getpid(), host: Identity.hostName())
        for attempt in attempts {
            guard case let .skipped(reason) = attempt.outcome else { continue }
            let claimed = try engineCall {
                try store.claimNotifications(now: clock.now(), by: claimant, lease: 5, limit: 1, only: [attempt.id])
            }
            guard !claimed.isEmpty else { continue }
            try engineCall { try store.finishNotification(id: attempt.id, by: claimant, .failed(status: nil, error: reason),
                                                          now: clock.now()) }
        }
    }
}
