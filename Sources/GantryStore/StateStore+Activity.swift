import Foundation
internal import GRDB

extension StateStore {
    /// A short text that changes whenever what a status page shows may have changed: a new
    /// deployment, audit event or delivery, a running deployment's status or step, a delivery
    /// taken or finished. Every part is an index seek, so a page can ask every second.
    public func activityStamp() throws -> String {
        try read("reading the activity stamp") { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT max(id) FROM deployment) AS deployment,
                       (SELECT max(id) FROM audit_event) AS audit,
                       (SELECT group_concat(id || ':' || status || ':' || coalesce(step, ''), ',')
                          FROM deployment INDEXED BY deployment_active
                          WHERE status IN ('pending','running')) AS active,
                       (SELECT max(id) FROM webhook_delivery) AS delivery,
                       (SELECT group_concat(id || ':' || state, ',') FROM webhook_delivery
                          WHERE state IN ('queued','running')) AS queue
                """)
            let parts: [String] = ["deployment", "audit", "active", "delivery", "queue"].map { column in
                (row?[column] as DatabaseValue?).map { $0.isNull ? "-" : "\($0)" } ?? "-"
            }
            return parts.joined(separator: "|")
        }
    }

    /// Deployments with an id above `id`, oldest first (at most `limit`).
    public func deployments(after id: Int64, limit: Int = 1000) throws -> [Deployment] {
        try read("reading new deployments") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM deployment WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit])
                .map(Deployment.init(row:))
        }
    }

    /// Audit events with an id above `id`, oldest first (at most `limit`).
    public func auditEvents(after id: Int64, limit: Int = 1000) throws -> [AuditEvent] {
        try read("reading new audit events") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_event WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit])
                .map(AuditEvent.init(row:))
        }
    }

    /// The highest deployment and audit ids (0 for an empty store).
    public func latestIDs() throws -> (deployment: Int64, audit: Int64) {
        try read("reading the latest ids") { db in
            (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM deployment") ?? 0,
             try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM audit_event") ?? 0)
        }
    }
}
