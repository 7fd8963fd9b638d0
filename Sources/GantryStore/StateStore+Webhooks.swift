import Foundation
internal import GRDB

extension StateStore {
    /// What queueing a delivery did.
    public enum EnqueueResult: Sendable, Equatable {
        /// New: it waits for the worker.
        case queued(WebhookDelivery)
        /// Its id was seen before; the earlier row, untouched.
        case duplicate(WebhookDelivery)
    }

    /// Queues a delivery unless its (provider, id) was seen before: the insert is the replay guard.
    public func enqueueDelivery(_ delivery: NewWebhookDelivery) throws -> EnqueueResult {
        try write("queueing \(delivery.provider) delivery \(delivery.delivery)") { db in
            let names = StoredList.encode(delivery.pipelines)
            try db.execute(sql: """
                INSERT INTO webhook_delivery (provider, delivery, received_at, pipelines, repository, refs, state)
                VALUES (?, ?, ?, ?, ?, ?, 'queued')
                ON CONFLICT (provider, delivery) DO NOTHING
                """, arguments: [delivery.provider, delivery.delivery, delivery.receivedAt, names, delivery.repository,
                                 delivery.refs])
            if db.changesCount == 1 {
                return .queued(try Self.fetchDelivery(db, sql: "SELECT * FROM webhook_delivery WHERE id = ?",
                                                      [db.lastInsertedRowID]))
            }
            return .duplicate(try Self.fetchDelivery(db, sql: """
                SELECT * FROM webhook_delivery WHERE provider = ? AND delivery = ?
                """, [delivery.provider, delivery.delivery]))
        }
    }

    /// Takes the oldest queued delivery for `worker` (`host pid N`); nil when none waits.
    ///
    /// The read and the update share one write transaction, so two workers never take the same one.
    public func claimNextDelivery(worker: String, now: Date) throws -> WebhookDelivery? {
        try write("taking the next webhook delivery") { db in
            guard let id = try Int64.fetchOne(db, sql: """
                SELECT id FROM webhook_delivery WHERE state = 'queued' ORDER BY id LIMIT 1
                """) else { return nil }
            try db.execute(sql: """
                UPDATE webhook_delivery SET state = 'running', claimed_by = ?, started_at = ? WHERE id = ?
                """, arguments: [worker, now, id])
            return try Self.fetchDelivery(db, sql: "SELECT * FROM webhook_delivery WHERE id = ?", [id])
        }
    }

    /// Records how a delivery ended (`done`, `failed`), or puts it back in the queue (`queued`)
    /// when a stop interrupted it before its pushes were run.
    public func finishDelivery(id: Int64, state: WebhookDeliveryState, message: String?, now: Date) throws {
        try write("recording the outcome of webhook delivery #\(id)") { db in
            try db.execute(sql: """
                UPDATE webhook_delivery SET state = ?1, message = ?2,
                    finished_at = CASE WHEN ?1 IN ('done','failed') THEN ?3 END,
                    claimed_by = CASE WHEN ?1 = 'queued' THEN NULL ELSE claimed_by END
                WHERE id = ?4
                """, arguments: [state.rawValue, message, now, id])
            guard db.changesCount == 1 else { throw StoreError.notFound("webhook delivery #\(id)") }
        }
    }

    /// Deliveries left `running` by a worker that is gone (`isGone(claimedBy)`), back in the queue.
    /// - Returns: the deliveries put back.
    public func requeueAbandonedDeliveries(isGone: (String) -> Bool) throws -> [WebhookDelivery] {
        try write("requeueing abandoned webhook deliveries") { db in
            let running = try Row.fetchAll(db, sql: "SELECT * FROM webhook_delivery WHERE state = 'running' ORDER BY id")
                .map(WebhookDelivery.init(row:))
            let gone = running.filter { isGone($0.claimedBy ?? "") }
            for delivery in gone {
                try db.execute(sql: """
                    UPDATE webhook_delivery SET state = 'queued', claimed_by = NULL,
                        message = 'its worker stopped before it finished; queued again' WHERE id = ?
                    """, arguments: [delivery.id])
            }
            return gone
        }
    }

    /// The newest deliveries, newest first.
    public func recentDeliveries(limit: Int = 20) throws -> [WebhookDelivery] {
        try read("reading webhook deliveries") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM webhook_delivery ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map(WebhookDelivery.init(row:))
        }
    }

    /// How many deliveries wait or run.
    public func pendingDeliveryCount() throws -> Int {
        try read("counting webhook deliveries") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM webhook_delivery WHERE state IN ('queued','running')") ?? 0
        }
    }

    static func fetchDelivery(_ db: Database, sql: String, _ arguments: StatementArguments) throws -> WebhookDelivery {
        guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else {
            throw StoreError.notFound("webhook delivery")
        }
        return try WebhookDelivery(row: row)
    }
}
