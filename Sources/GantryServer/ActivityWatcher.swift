import Foundation
import GantryEngine

/// Looks at the store every second: tells open pages when anything they show changed, and
/// counts finished deployments and gate refusals for `/metrics`.
struct ActivityWatcher: Sendable {
    let engine: Engine
    let feed: ChangeFeed
    let metrics: ServerMetrics
    let audit: AuditState

    func run() async {
        var stamp = (try? engine.activityStamp()) ?? ""
        var cursor = try? engine.activityCursor()
        var ticks = 0
        audit.refresh(engine)
        while !engine.interruption.isRequested {
            await engine.pause(seconds: 1)
            if engine.interruption.isRequested { break }
            ticks += 1
            if ticks % 15 == 0 { feed.publish(.keepalive) }
            audit.tick(engine)
            guard let now = try? engine.activityStamp(), now != stamp else { continue }
            stamp = now
            if let current = cursor, let (activity, next) = try? engine.activity(since: current) {
                metrics.record(activity)
                cursor = next
                // The chain is verified again only when the log grew, not at every step of a deployment.
                if next.audit > current.audit { audit.noteChange() }
            } else {
                audit.noteChange()
            }
            feed.publish(.changed)
        }
        feed.close()
    }
}
