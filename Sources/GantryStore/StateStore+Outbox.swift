import Foundation
internal import GRDB

extension StateStore {
    /// Writes `messages` inside the caller's transaction; the first attempt is due at once.
    func insertNotifications(_ messages: [OutboxMessage], auditEventID: Int64?, in db: Database) throws {
        for message in messages {
            try db.execute(sql: """
                INSERT INTO notification_outbox (delivery_key, audit_event_id, event, pipeline, environment, deployment_id,
                    stream, url, format, payload, created_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [UUID().uuidString.lowercased(), auditEventID, message.event, message.pipeline,
                                 message.environment, message.deploymentID,
                                 message.stream ?? "\(message.pipeline)/\(message.environment)", message.url,
                                 message.format, message.payload, message.createdAt, message.createdAt])
        }
        if !messages.isEmpty { notificationsWritten.withLock { $0 = true } }
    }

    /// Whether this store object wrote any notification (so the process should deliver before it exits).
    public var wroteNotifications: Bool { notificationsWritten.withLock { $0 } }

    /// Claims up to `limit` rows that are due: for each (stream, url) only its oldest pending row,
    /// so a stream is sent in order, one at a time.
    ///
    /// One write transaction: of several processes claiming at once, each row goes to one. A
    /// claim held by a process of this host that no longer exists is released first (its attempt
    /// may or may not have reached the receiver: the row is sent again with the same key); a
    /// claim elsewhere lapses at its `claim_expires_at`. Each claim counts as an attempt.
    ///
    /// - Parameters:
    ///   - lease: how long the claim holds; longer than one attempt may take.
    ///   - excluding: rows this process already knows it cannot send.
    ///   - only: when given, only these rows (`gantry notify test`).
    public func claimNotifications(now: Date, by claimant: OutboxClaimant, lease: TimeInterval, limit: Int,
                                   excluding: Set<Int64> = [], only: Set<Int64>? = nil,
                                   isProcessAlive: (Int32) -> Bool = LockPolicy.processExists) throws -> [OutboxEntry] {
        try write("claiming notifications to send") { db in
            let held = try Row.fetchAll(db, sql: """
                SELECT id, claim_pid FROM notification_outbox
                WHERE state = 'pending' AND claim_host = ? AND claim_expires_at > ? AND claim_pid != ?
                """, arguments: [claimant.host, now, claimant.pid])
            for row in held where !isProcessAlive(row["claim_pid"]) {
                try db.execute(sql: """
                    UPDATE notification_outbox SET claimed_by = NULL, claim_pid = NULL, claim_host = NULL,
                        claim_expires_at = NULL, last_error = COALESCE(last_error, 'its sender stopped during the attempt')
                    WHERE id = ?
                    """, arguments: [row["id"] as Int64])
            }
            var arguments: StatementArguments = [now, now]
            var filters = ""
            if !excluding.isEmpty {
                filters += " AND o.id NOT IN (\(excluding.map { _ in "?" }.joined(separator: ",")))"
                arguments += StatementArguments(Array(excluding))
            }
            if let only {
                filters += " AND o.id IN (\(only.map { _ in "?" }.joined(separator: ",")))"
                arguments += StatementArguments(Array(only))
            }
            arguments += [limit]
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM notification_outbox AS o
                WHERE o.state = 'pending' AND o.next_attempt_at <= ?
                  AND (o.claim_expires_at IS NULL OR o.claim_expires_at <= ?)\(filters)
                  AND NOT EXISTS (SELECT 1 FROM notification_outbox AS e
                                  WHERE e.state = 'pending' AND e.stream = o.stream AND e.url = o.url AND e.id < o.id)
                ORDER BY o.id LIMIT ?
                """, arguments: arguments)
            var claimed: [OutboxEntry] = []
            for row in rows {
                let id: Int64 = row["id"]
                try db.execute(sql: """
                    UPDATE notification_outbox SET attempts = attempts + 1, claimed_by = ?, claim_pid = ?, claim_host = ?,
                        claim_expires_at = ? WHERE id = ?
                    """, arguments: [claimant.name, claimant.pid, claimant.host, now.addingTimeInterval(lease), id])
                claimed.append(try Self.fetchNotification(db, id: id))
            }
            return claimed
        }
    }

    /// Records how an attempt ended. Only the claimant may reschedule or give up a row; a
    /// delivery is recorded whoever reports it (the row was delivered either way).
    public func finishNotification(id: Int64, by claimant: OutboxClaimant, _ result: OutboxResult, now: Date) throws {
        try write("recording notification #\(id)") { db in
            let release = "claimed_by = NULL, claim_pid = NULL, claim_host = NULL, claim_expires_at = NULL"
            switch result {
            case let .delivered(status):
                try db.execute(sql: """
                    UPDATE notification_outbox SET state = 'delivered', last_status = ?, last_error = NULL, finished_at = ?,
                        \(release) WHERE id = ? AND state = 'pending'
                    """, arguments: [status, now, id])
            case let .retry(at, status, error):
                try db.execute(sql: """
                    UPDATE notification_outbox SET next_attempt_at = ?, last_status = ?, last_error = ?, \(release)
                    WHERE id = ? AND state = 'pending' AND claimed_by = ?
                    """, arguments: [at, status, error, id, claimant.name])
            case let .failed(status, error):
                try db.execute(sql: """
                    UPDATE notification_outbox SET state = 'failed', last_status = ?, last_error = ?, finished_at = ?, \(release)
                    WHERE id = ? AND state = 'pending' AND claimed_by = ?
                    """, arguments: [status, error, now, id, claimant.name])
            case let .skipped(error):
                try db.execute(sql: """
                    UPDATE notification_outbox SET attempts = MAX(attempts - 1, 0), last_error = ?, \(release)
                    WHERE id = ? AND state = 'pending' AND claimed_by = ?
                    """, arguments: [error, id, claimant.name])
            }
        }
    }

    /// The earliest next attempt of a pending row (claimed or not); nil when none waits. A read:
    /// a sender polls it so that an idle outbox costs no write transaction.
    public func nextNotificationDue() throws -> Date? {
        try read("reading the notification outbox") { db in
            try Row.fetchOne(db, sql: "SELECT MIN(next_attempt_at) AS due FROM notification_outbox WHERE state = 'pending'")?["due"]
        }
    }

    /// Outbox rows, newest first: of one pipeline and in one state when given, at most `limit`
    /// (`gantry notify list`; tests read them all).
    public func notifications(pipeline: String? = nil, state: OutboxState? = nil, limit: Int = .max) throws -> [OutboxEntry] {
        try read("reading the notification outbox") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM notification_outbox WHERE (?1 IS NULL OR pipeline = ?1) AND (?2 IS NULL OR state = ?2)
                ORDER BY id DESC LIMIT ?3
                """, arguments: [pipeline, state?.rawValue, limit]).map(OutboxEntry.init(row:))
        }
    }

    /// Writes notifications that belong to no other record (`gantry notify test`) and returns their rows.
    public func enqueueNotifications(_ messages: [OutboxMessage], audit: AuditEntry? = nil) throws -> [OutboxEntry] {
        try write("writing notifications", audit: audit) { db in
            let before = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM notification_outbox") ?? 0
            try insertNotifications(messages, auditEventID: nil, in: db)
            return try Row.fetchAll(db, sql: "SELECT * FROM notification_outbox WHERE id > ? ORDER BY id", arguments: [before])
                .map(OutboxEntry.init(row:))
        }
    }

    static func fetchNotification(_ db: Database, id: Int64) throws -> OutboxEntry {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM notification_outbox WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound("notification #\(id)")
        }
        return try OutboxEntry(row: row)
    }
}
