import Foundation
import GantryStore

extension Engine {
    /// Where a watcher of the store left off: the newest deployment and audit event it saw, and
    /// the deployments that were still running then.
    public struct ActivityCursor: Sendable {
        var deployment: Int64
        /// The newest audit event seen: the log grew when it moves.
        public internal(set) var audit: Int64
        var running: Set<Int64>
    }

    /// What changed in the store since a cursor, for counters such as a server's metrics.
    public struct Activity: Sendable {
        /// Deployments that ended since (whoever ran them: this process, the command line, a hook).
        public var finished: [Deployment]
        /// One entry per gate that blocked a run since, from the audit log.
        public var blockedGates: [GateResult.Gate]
    }

    /// A cursor at the store's present: what happened before it is never reported.
    public func activityCursor() throws(EngineError) -> ActivityCursor {
        let latest = try engineCall { try store.latestIDs() }
        let running = Set(try engineCall { try store.activeDeployments() }.map(\.id))
        return ActivityCursor(deployment: latest.deployment, audit: latest.audit, running: running)
    }

    /// What ended and what was refused since `cursor`, and the cursor to ask from next time.
    public func activity(since cursor: ActivityCursor) throws(EngineError) -> (Activity, ActivityCursor) {
        var next = cursor
        var finished: [Deployment] = []
        for id in cursor.running.sorted() {
            guard let deployment = try engineCall({ try store.deployment(id: id) }) else {
                next.running.remove(id)
                continue
            }
            if deployment.status.isFinished {
                finished.append(deployment)
                next.running.remove(id)
            }
        }
        for deployment in try engineCall({ try store.deployments(after: cursor.deployment) }) {
            next.deployment = max(next.deployment, deployment.id)
            if deployment.status.isFinished { finished.append(deployment) } else { next.running.insert(deployment.id) }
        }
        var blocked: [GateResult.Gate] = []
        for event in try engineCall({ try store.auditEvents(after: cursor.audit) }) {
            next.audit = max(next.audit, event.id)
            let entry = event.entry
            let refused = entry.outcome == "blocked" || (entry.action == "request" && entry.outcome == "opened")
            if refused { blocked += GateReport.blockingGates(inSummary: entry.details) }
        }
        return (Activity(finished: finished, blockedGates: blocked), next)
    }
}
