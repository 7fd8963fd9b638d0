import Foundation
import GantryGit
import GantryModel
import GantryShell
import GantryStore

extension Engine {
    /// What running one queued delivery came to.
    public struct DeliveryReport: Sendable {
        public var delivery: WebhookDelivery
        /// How each triggered action ended.
        public var outcomes: [TriggerOutcome]
        /// `done`, `failed`, or `queued` when a stop interrupted it (it runs again at the next start).
        public var state: WebhookDeliveryState
        /// One line per pipeline for the log.
        public var lines: [String]
    }

    /// `host pid N`: who claims deliveries from this process.
    public static var workerName: String {
        "\(ProcessInfo.processInfo.hostName) pid \(getpid())"
    }

    /// Puts back in the queue the deliveries a stopped worker of this host left running.
    public func requeueAbandonedDeliveries() throws(EngineError) -> [WebhookDelivery] {
        let host = ProcessInfo.processInfo.hostName
        return try engineCall {
            try store.requeueAbandonedDeliveries { claimedBy in
                let parts = claimedBy.split(separator: " ")
                guard parts.count == 3, parts[0] == host, let pid = Int32(parts[2]) else { return false }
                return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
            }
        }
    }

    /// Takes the oldest queued delivery and runs it; nil when none waits.
    ///
    /// For each pipeline it is for: every pushed ref whose head was already processed is skipped
    /// (a redelivery under a new id, or a push reconcile ran first); the others are fetched into
    /// the pipeline's mirror, planned by ``TriggerPlanner`` against the mirror and run through
    /// ``trigger(_:pipelines:lockWait:)`` as a hook run would be, recorded as `webhook` (or
    /// `recovered` for what reconcile queued). A ref's head is recorded once its run ended; a run
    /// a stop interrupted records nothing and the delivery goes back to the queue.
    public func runNextDelivery(_ pipelines: [Pipeline]) async throws(EngineError) -> DeliveryReport? {
        guard let delivery = try engineCall({ try store.claimNextDelivery(worker: Self.workerName, now: clock.now()) }) else {
            return nil
        }
        let updates: [RefUpdate]
        do {
            updates = try RefUpdate.parseAll(bytes: Array(delivery.refs.utf8))
        } catch {
            return try finish(delivery, .failed, lines: ["unreadable refs: \(error)"], outcomes: [])
        }
        let engine = triggered(by: delivery.provider == Self.reconcileProvider ? .recovered : .webhook)
        var lines: [String] = []
        var outcomes: [TriggerOutcome] = []
        var failed = false
        for name in delivery.pipelines {
            guard let pipeline = pipelines.first(where: { $0.name == name }), let webhook = pipeline.webhook else {
                lines.append("\(name): no longer takes webhooks; nothing run")
                continue
            }
            do throws(EngineError) {
                let result = try await engine.runPush(updates, pipeline: pipeline, webhook: webhook)
                outcomes += result.outcomes
                lines.append(result.line)
            } catch {
                failed = true
                lines.append("\(name): \(error.message)")
            }
            if interruption.isRequested { break }
        }
        if interruption.isRequested {
            return try finish(delivery, .queued, lines: lines + ["stopped before it finished; it runs again at the next start"],
                              outcomes: outcomes)
        }
        return try finish(delivery, failed ? .failed : .done, lines: lines, outcomes: outcomes)
    }

    /// The provider name of the deliveries reconcile queues.
    public static let reconcileProvider = "reconcile"

    private func finish(_ delivery: WebhookDelivery, _ state: WebhookDeliveryState, lines: [String],
                        outcomes: [TriggerOutcome]) throws(EngineError) -> DeliveryReport {
        let message = lines.joined(separator: "\n")
        try engineCall { try store.finishDelivery(id: delivery.id, state: state, message: message, now: clock.now()) }
        return DeliveryReport(delivery: delivery, outcomes: outcomes, state: state, lines: lines)
    }

    /// Fetches, plans and runs the pushed refs of one pipeline.
    private func runPush(_ updates: [RefUpdate], pipeline: Pipeline,
                         webhook: WebhookSettings) async throws(EngineError) -> (outcomes: [TriggerOutcome], line: String) {
        let heads = try engineCall { try store.remoteHeads(pipeline: pipeline.name) }
        let pending = updates.filter { $0.kind != .other && heads[$0.refName]?.sha != ($0.isDeletion ? nil : $0.newSha) }
        guard !pending.isEmpty else {
            return ([], "\(pipeline.name): already processed (\(updates.map(\.shortName).joined(separator: ", ")))")
        }
        let mirrored = mirrored(pipeline)
        let mirror = mirrored.repository ?? ""
        let pushed = pending.filter { !$0.isDeletion }
        var resolved: [RefUpdate] = pending.filter(\.isDeletion)
        if !pushed.isEmpty {
            let access = RemoteMirror.access(pipeline, webhook, logger: logger)
            let refs = pushed.map(\.refName)
            let fetched: [String: String]
            let present: Set<String>
            do {
                (fetched, present) = try await LocalCommand.offPool {
                    let repository = try GitRepository.openOrCreateBare(at: mirror)
                    let heads = try repository.fetch(refs, from: access)
                    return (heads, Set(pushed.map(\.newSha).filter { repository.contains(object: $0) }))
                }
            } catch {
                throw EngineError.wrap(error)
            }
            for update in pushed {
                // The pushed object when the mirror has it (a later push may have moved the ref since);
                // else whatever the ref points at now.
                if present.contains(update.newSha) {
                    resolved.append(update)
                } else if let now = fetched[update.refName] {
                    resolved.append(RefUpdate(oldSha: update.oldSha, newSha: now, refName: update.refName))
                }
            }
        }
        let actions = TriggerPlanner.actions(for: resolved, pipelines: [mirrored], repositoryPath: mirror)
        let outcomes = actions.isEmpty ? [] : await trigger(actions, pipelines: [mirrored])
        if interruption.isRequested, outcomes.contains(where: { $0.signal != nil }) || outcomes.count < actions.count {
            return (outcomes, "\(pipeline.name): stopped")
        }
        let via: RemoteHead.Via = trigger == .recovered ? .recovered : .webhook
        for update in resolved {
            try engineCall {
                try store.recordRemoteHead(pipeline: pipeline.name, ref: update.refName,
                                           sha: update.isDeletion ? nil : update.newSha, via: via, now: clock.now())
            }
        }
        let names = resolved.map { $0.isDeletion ? "\($0.shortName) deleted" : "\($0.shortName) at \($0.newSha.prefix(7))" }
        let ran = actions.isEmpty ? "no environment follows it" : "\(actions.count) action\(actions.count == 1 ? "" : "s")"
        return (outcomes, "\(pipeline.name): \(names.joined(separator: ", ")): \(ran)")
    }
}
