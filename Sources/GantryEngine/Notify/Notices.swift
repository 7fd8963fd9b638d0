import Foundation
import GantryModel
import GantryShell
import GantryStore

/// Turns an event of one environment into outbox messages: one per target that wants it, with
/// every string of the document masked.
struct Notices: Sendable {
    let pipeline: Pipeline
    let environment: Environment
    let targets: [NotifyTarget]

    init(pipeline: Pipeline, environment: Environment) {
        self.pipeline = pipeline
        self.environment = environment
        targets = pipeline.notifyTargets(for: environment)
    }

    /// Whether any target wants `event` (or one of `also`); nothing needs composing otherwise.
    func wanted(_ event: NotifyEvent, also: [NotifyEvent] = []) -> Bool {
        targets.contains { target in ([event] + also).contains { target.events.contains($0) } }
    }

    /// The messages for `document`, sent to every target whose `on:` lists `event` or one of `also`.
    ///
    /// - Parameters:
    ///   - also: events the same fact also counts as (a halted rollout that ran its rollback
    ///     steps is `rolled_back`, and `failed` too), so a target gets one message either way.
    ///   - mask: hides secret values; applied to every string of the document.
    func messages(_ document: NotificationDocument, event: NotifyEvent, also: [NotifyEvent] = [], deploymentID: Int64?,
                  mask: (String) -> String) -> [OutboxMessage] {
        let chosen = targets.filter { target in ([event] + also).contains { target.events.contains($0) } }
        return messages(document, to: chosen, deploymentID: deploymentID, stream: nil, mask: mask)
    }

    /// The messages for `document` to exactly `targets`.
    func messages(_ document: NotificationDocument, to targets: [NotifyTarget], deploymentID: Int64?, stream: String?,
                  mask: (String) -> String) -> [OutboxMessage] {
        guard !targets.isEmpty else { return [] }
        let payload = (try? JSONOutput.encode(Documents.notification(document).masked(by: mask))) ?? "{}"
        return targets.map { target in
            OutboxMessage(event: document.event, pipeline: pipeline.name, environment: environment.name,
                          deploymentID: deploymentID, stream: stream, url: storedURL(target), format: target.format.rawValue,
                          payload: payload, createdAt: document.at)
        }
    }

    /// The URL with vars and `env.name` rendered and every secret left as `${secrets.NAME}`: the
    /// store never holds a secret value; the sender resolves them when it sends.
    func storedURL(_ target: NotifyTarget) -> String {
        var context = pipeline.renderContext(for: environment)
        for case let .secret(name) in target.url.references { context[.secret(name)] = "${secrets.\(name)}" }
        return (try? target.url.renderFile(context)) ?? target.url.source
    }

    /// `gantry approve PIPELINE ENV --artifact TAG`, each word quoted for a shell when it needs it.
    func approveCommand(tag: String) -> String {
        (["gantry", "approve"] + [pipeline.name, environment.name, "--artifact", tag].map(ShellQuote.quote))
            .joined(separator: " ")
    }
}
