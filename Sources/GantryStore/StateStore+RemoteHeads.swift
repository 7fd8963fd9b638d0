import Foundation
internal import GRDB

extension StateStore {
    /// Every recorded head of `pipeline`'s remote, by full ref name.
    public func remoteHeads(pipeline: String) throws -> [String: RemoteHead] {
        try read("reading the remote heads of \(pipeline)") { db in
            var heads: [String: RemoteHead] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM remote_head WHERE pipeline = ?", arguments: [pipeline]) {
                let head = RemoteHead(ref: row["ref"], sha: row["sha"], recordedAt: row["recorded_at"], via: try row.decode("via"))
                heads[head.ref] = head
            }
            return heads
        }
    }

    /// Records `sha` as the processed head of `ref`; nil removes the ref (it was deleted).
    public func recordRemoteHead(pipeline: String, ref: String, sha: String?, via: RemoteHead.Via, now: Date) throws {
        try write("recording the head of \(ref) for \(pipeline)") { db in
            if let sha {
                try db.execute(sql: """
                    INSERT INTO remote_head (pipeline, ref, sha, recorded_at, via) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (pipeline, ref) DO UPDATE SET sha = excluded.sha, recorded_at = excluded.recorded_at,
                        via = excluded.via
                    """, arguments: [pipeline, ref, sha, now, via.rawValue])
            } else {
                try db.execute(sql: "DELETE FROM remote_head WHERE pipeline = ? AND ref = ?", arguments: [pipeline, ref])
            }
        }
    }

    /// Which remote `pipeline`'s heads were recorded for; nil before the first look.
    public func remoteBaseline(pipeline: String) throws -> RemoteBaseline? {
        try read("reading the remote baseline of \(pipeline)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM remote_baseline WHERE pipeline = ?", arguments: [pipeline]).map { row in
                RemoteBaseline(pipeline: row["pipeline"], remote: row["remote"], recordedAt: row["recorded_at"],
                               reconciledAt: row["reconciled_at"], error: row["error"])
            }
        }
    }

    /// The first look at `remote` for `pipeline` (or at a new remote): every head it has is
    /// recorded as the baseline, replacing heads of any earlier remote, except heads a delivery
    /// already processed for this same remote.
    public func recordBaseline(pipeline: String, remote: String, heads: [String: String], now: Date) throws {
        try write("recording the baseline of \(pipeline)") { db in
            let earlier = try String.fetchOne(db, sql: "SELECT remote FROM remote_baseline WHERE pipeline = ?",
                                              arguments: [pipeline])
            if earlier != nil && earlier != remote {
                try db.execute(sql: "DELETE FROM remote_head WHERE pipeline = ?", arguments: [pipeline])
            }
            for (ref, sha) in heads {
                try db.execute(sql: """
                    INSERT INTO remote_head (pipeline, ref, sha, recorded_at, via) VALUES (?, ?, ?, ?, 'baseline')
                    ON CONFLICT (pipeline, ref) DO NOTHING
                    """, arguments: [pipeline, ref, sha, now])
            }
            try db.execute(sql: """
                INSERT INTO remote_baseline (pipeline, remote, recorded_at, reconciled_at) VALUES (?1, ?2, ?3, ?3)
                ON CONFLICT (pipeline) DO UPDATE SET remote = excluded.remote, recorded_at = excluded.recorded_at,
                    reconciled_at = excluded.reconciled_at, error = NULL
                """, arguments: [pipeline, remote, now])
        }
    }

    /// Records when the remote of `pipeline` was last read, and why that failed when it did.
    public func noteReconcile(pipeline: String, at now: Date, error: String?) throws {
        try write("recording the reconcile of \(pipeline)") { db in
            try db.execute(sql: "UPDATE remote_baseline SET reconciled_at = ?, error = ? WHERE pipeline = ?",
                           arguments: [now, error, pipeline])
        }
    }
}
