import Foundation
import GantryModel

extension Engine {
    /// How often a long-running scheduler looks for new schedules and approvals at the latest.
    public static let schedulerPollInterval: TimeInterval = 5

    /// How a long-running scheduler ended.
    public struct SchedulerStop: Sendable {
        /// A deployment it ran was aborted because a stop was requested.
        public var abortedDeployment: Bool
    }

    /// Serves the store until ``interruption`` asks it to stop: a pass, then a sleep until the
    /// next due slot, at most ``schedulerPollInterval`` so new schedules and approvals are seen.
    ///
    /// A stop request ends the sleep at once; a promotion running then finishes or aborts
    /// cleanly (the engine's part), and no new one starts. Each decision is reported once;
    /// notices that repeat every pass (something waits) only when they first appear.
    ///
    /// - Parameters:
    ///   - load: reads the pipelines for each pass, so edits to them are noticed.
    ///   - report: receives each decision, for the log.
    public func runScheduler(load: @Sendable () throws -> PipelineSet,
                             report: @Sendable (ScheduleDecision) -> Void) async -> SchedulerStop {
        let onTimeFrom = clock.now().addingTimeInterval(-Self.missedAfter)
        var shown: Set<String> = []
        var aborted = false
        while !interruption.isRequested {
            var notices: Set<String> = []
            var nextDue: Date?
            do {
                let set = try load()
                let result = try await schedulerPass(set, onTimeFrom: onTimeFrom)
                nextDue = result.nextDue
                for decision in result.decisions {
                    if decision.isNotice {
                        notices.insert(decision.message)
                        if shown.contains(decision.message) { continue }
                    }
                    if decision.kind == .aborted && interruption.isRequested { aborted = true }
                    report(decision)
                }
            } catch {
                let message = "scheduler pass failed: \(error)"
                notices.insert(message)
                if !shown.contains(message) {
                    report(.notice(.invalid, pipeline: "", message: message, severity: .infrastructure))
                }
            }
            shown = notices
            let wait = min(max(nextDue.map { $0.timeIntervalSince(clock.now()) } ?? Self.schedulerPollInterval, 0),
                           Self.schedulerPollInterval)
            await pause(seconds: wait)
        }
        return SchedulerStop(abortedDeployment: aborted)
    }

    /// Sleeps for `seconds`, or until a stop is requested.
    public func pause(seconds: TimeInterval) async {
        guard seconds > 0, !interruption.isRequested else { return }
        let sleeper = Task { try? await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
        let token = interruption.onRequest { sleeper.cancel() }
        await sleeper.value
        interruption.remove(token)
    }
}
