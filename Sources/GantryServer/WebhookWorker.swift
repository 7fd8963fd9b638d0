import Foundation
import GantryEngine
import GantryModel
import Logging

/// Runs what the webhooks queued, reads the remotes every `reconcile` interval, and reloads the
/// pipelines folder, until a stop is requested.
///
/// One worker per server, one delivery at a time, in the order they arrived: the same push
/// arriving as a webhook and found by reconcile runs once (the engine skips a head it already
/// processed). At start-up the queue is drained first, then every remote is read, so a push made
/// while the server was stopped is found at once.
struct WebhookWorker: Sendable {
    let engine: Engine
    let state: ServerState
    let load: @Sendable () throws -> PipelineSet
    let wakeup: Wakeup
    let log: ServerLog
    /// How often the pipelines folder is read again.
    static let reloadInterval: TimeInterval = 5

    /// - Returns: whether a stop aborted a deployment the worker ran.
    func run() async -> Bool {
        var aborted = false
        do {
            for delivery in try engine.requeueAbandonedDeliveries() {
                log.line("webhook: delivery #\(delivery.id) (\(delivery.provider) \(delivery.delivery)) was left running by a "
                         + "stopped server; it runs again")
            }
        } catch {
            log.line("webhook: cannot look for abandoned deliveries: \(error.message)")
        }
        var reconcileAt: [String: Date] = [:]
        var reloadAt = Date().addingTimeInterval(Self.reloadInterval)
        var shownProblems: Set<String> = []
        while !engine.interruption.isRequested {
            if Date() >= reloadAt {
                shownProblems = reload(shown: shownProblems)
                reloadAt = Date().addingTimeInterval(Self.reloadInterval)
            }
            aborted = await drainQueue() || aborted
            if engine.interruption.isRequested { break }
            let queued = await reconcileDue(&reconcileAt)
            if queued || engine.interruption.isRequested { continue }
            let nextReconcile = reconcileAt.values.min().map { $0.timeIntervalSinceNow } ?? 1
            await wakeup.wait(seconds: max(0.05, min(1, nextReconcile)))
        }
        return aborted
    }

    /// Runs queued deliveries until none is left (or a stop is requested); true when a stop aborted one.
    private func drainQueue() async -> Bool {
        while !engine.interruption.isRequested {
            do {
                guard let report = try await engine.runNextDelivery(state.snapshot.pipelines) else { return false }
                let delivery = report.delivery
                let what = delivery.provider == Engine.reconcileProvider ? "recovered push" : "\(delivery.provider) delivery \(delivery.delivery)"
                for line in report.lines { log.line("webhook: #\(delivery.id) \(what): \(line)") }
                if report.state == .queued { log.line("webhook: #\(delivery.id) goes back to the queue (stopped)") }
                if report.outcomes.contains(where: { $0.signal != nil }) { return true }
            } catch {
                log.line("webhook: the queue cannot be read: \(error.message)")
                return false
            }
        }
        return false
    }

    /// Reads the remotes whose interval is up; true when it queued a push.
    private func reconcileDue(_ due: inout [String: Date]) async -> Bool {
        var queued = false
        let pipelines = state.snapshot.pipelines.filter { $0.webhook != nil }
        for key in due.keys where !pipelines.contains(where: { $0.name == key }) { due[key] = nil }
        for pipeline in pipelines where (due[pipeline.name] ?? .distantPast) <= Date() {
            if engine.interruption.isRequested { break }
            let report = await engine.reconcile(pipeline)
            due[pipeline.name] = Date().addingTimeInterval(pipeline.webhook?.reconcile ?? WebhookSettings.defaultReconcile)
            if report.error != nil || report.baseline || !report.queued.isEmpty { log.line(report.line) }
            queued = queued || !report.queued.isEmpty
        }
        return queued
    }

    /// Reads the pipelines folder again; keeps what was served when it cannot be read.
    private func reload(shown: Set<String>) -> Set<String> {
        let before = state.snapshot
        do {
            let (snapshot, problems) = try ServerState.load(load, secrets: engine.secrets, keepToken: .some(before.token))
            state.replace(snapshot)
            for problem in problems where !shown.contains(problem) { log.line("serve: \(problem)") }
            return Set(problems)
        } catch {
            let line = "serve: the pipelines cannot be read again (\(error)); serving the ones loaded before"
            if !shown.contains(line) { log.line(line) }
            return [line]
        }
    }
}
