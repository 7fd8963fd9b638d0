import Foundation
internal import GRDB

/// The migration of notifications: the outbox, written with the events it tells about.
extension StoreSchema {
    /// Notifications waiting to be sent, and what became of each.
    ///
    /// A row is written in the same transaction as the record of what it is about (its audit
    /// event, or a deployment's move to running), so a notification exists exactly when its
    /// event does. Rows are sent one at a time per (stream, url), in id order: `stream` is
    /// 'pipeline/environment' (or 'test #<id>' for `gantry notify test`). A sender claims a row
    /// (claimed_by, claim_pid, claim_host, claim_expires_at) before it sends, and `delivery_key`
    /// goes with every attempt as the Idempotency-Key header, so a receiver can drop a repeat.
    static func notificationOutbox(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE notification_outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                delivery_key TEXT NOT NULL UNIQUE,
                audit_event_id INTEGER REFERENCES audit_event(id),
                event TEXT NOT NULL,
                pipeline TEXT NOT NULL,
                environment TEXT NOT NULL,
                deployment_id INTEGER REFERENCES deployment(id),
                stream TEXT NOT NULL,
                -- the target as configured: vars rendered, secrets left as ${secrets.NAME}
                url TEXT NOT NULL,
                format TEXT NOT NULL CHECK (format IN ('slack','json')),
                -- the event document (secrets masked), without its id
                payload TEXT NOT NULL,
                created_at DATETIME NOT NULL,
                state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','delivered','failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at DATETIME NOT NULL,
                claimed_by TEXT,
                claim_pid INTEGER,
                claim_host TEXT,
                claim_expires_at DATETIME,
                last_status INTEGER,
                last_error TEXT,
                finished_at DATETIME
            );
            CREATE INDEX notification_outbox_pending ON notification_outbox (stream, url, id) WHERE state = 'pending';
            CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE state = 'pending';
            """)
    }
}
