import Foundation
internal import GRDB

extension StateStore {
    /// Returns the live request for (pipeline, environment, artifact), opening one if there is none.
    ///
    /// At most one request per artifact and environment is live at a time (a unique index says so),
    /// so two people promoting the same artifact share one request and its approvals.
    /// - Returns: The request and whether this call created it.
    public func openPromotionRequest(pipeline: String, environment: String, artifactTag: String, digest: String?,
                                     requester: String, now: Date,
                                     audit: AuditEntry? = nil) throws -> (request: PromotionRequest, created: Bool) {
        try write("opening a promotion request for \(pipeline):\(artifactTag) to \(environment)", audit: audit) { db in
            if let live = try Self.fetchLiveRequest(db, pipeline: pipeline, environment: environment, tag: artifactTag) {
                return (live, false)
            }
            try db.execute(sql: """
                INSERT INTO promotion_request (pipeline, environment, artifact_tag, digest, requester, created_at, state)
                VALUES (?, ?, ?, ?, ?, ?, 'open')
                """, arguments: [pipeline, environment, artifactTag, digest, requester, now])
            return (try Self.fetchRequest(db, id: db.lastInsertedRowID), true)
        }
    }

    /// The live (open or approved) request for (pipeline, environment, artifact), if any.
    public func livePromotionRequest(pipeline: String, environment: String, artifactTag: String) throws -> PromotionRequest? {
        try read("reading the promotion request for \(pipeline):\(artifactTag)") { db in
            try Self.fetchLiveRequest(db, pipeline: pipeline, environment: environment, tag: artifactTag)
        }
    }

    /// One request by id.
    public func promotionRequest(id: Int64) throws -> PromotionRequest? {
        try read("reading promotion request #\(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM promotion_request WHERE id = ?", arguments: [id]).map(PromotionRequest.init(row:))
        }
    }

    /// Live requests (open or approved), oldest first, for `gantry status`.
    public func livePromotionRequests(pipeline: String? = nil) throws -> [PromotionRequest] {
        try read("reading open promotion requests") { db in
            try (pipeline.map { try Row.fetchAll(db, sql: StatusQueries.liveRequests, arguments: [$0]) } ?? Row.fetchAll(db, sql: StatusQueries.liveRequestsEverywhere)).map(PromotionRequest.init(row:))
        }
    }

    /// Records `approver`'s approval; a second approval by the same person counts once.
    ///
    /// Who may approve and whether the quorum is complete are decided by the gates, not here.
    /// - Parameters:
    ///   - approval: who approved which request, when.
    ///   - renewing: replace this person's earlier approval (time and comment) instead of keeping
    ///     it — for an approval that has expired, which must be renewable.
    ///   - audit: the event recorded in the same transaction.
    /// - Returns: `false` when this person had already approved and nothing changed (the first approval is kept).
    /// - Throws: ``StoreError/notFound(_:)`` when the request is not live.
    @discardableResult
    public func addApproval(_ approval: Approval, renewing: Bool = false, audit: AuditEntry? = nil) throws -> Bool {
        try write("recording \(approval.approver)'s approval of request #\(approval.requestID)", audit: audit) { db in
            let request = try Self.fetchRequest(db, id: approval.requestID)
            guard request.state.isLive else { throw StoreError.notFound("open promotion request #\(approval.requestID)") }
            let onConflict = renewing
                ? "DO UPDATE SET approved_at = excluded.approved_at, comment = excluded.comment"
                : "DO NOTHING"
            try db.execute(sql: """
                INSERT INTO approval (request_id, approver, approved_at, comment) VALUES (?, ?, ?, ?)
                ON CONFLICT (request_id, approver) \(onConflict)
                """, arguments: [approval.requestID, approval.approver, approval.approvedAt, approval.comment])
            return db.changesCount == 1
        }
    }

    /// The approvals of a request, in the order they were given.
    public func approvals(requestID: Int64) throws -> [Approval] {
        try read("reading approvals of request #\(requestID)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM approval WHERE request_id = ? ORDER BY approved_at, approver",
                             arguments: [requestID]).map(Approval.init(row:))
        }
    }

    /// Marks a request approved (its quorum is complete).
    @discardableResult
    public func markRequestApproved(id: Int64, audit: AuditEntry? = nil) throws -> PromotionRequest {
        try transition(id: id, to: .approved, from: [.open], closedBy: nil, comment: nil, deploymentID: nil, now: nil, audit: audit)
    }

    /// Closes a live request as rejected.
    @discardableResult
    public func rejectPromotionRequest(id: Int64, by person: String, comment: String, now: Date,
                                       audit: AuditEntry? = nil) throws -> PromotionRequest {
        try transition(id: id, to: .rejected, from: [.open, .approved], closedBy: person, comment: comment,
                       deploymentID: nil, now: now, audit: audit)
    }

    /// Closes a live request as executed by `deploymentID`.
    @discardableResult
    public func markRequestExecuted(id: Int64, deploymentID: Int64, by person: String, now: Date,
                                    audit: AuditEntry? = nil) throws -> PromotionRequest {
        try transition(id: id, to: .executed, from: [.open, .approved], closedBy: person, comment: nil,
                       deploymentID: deploymentID, now: now, audit: audit)
    }

    private func transition(id: Int64, to state: PromotionRequestState, from allowed: [PromotionRequestState],
                            closedBy: String?, comment: String?, deploymentID: Int64?, now: Date?,
                            audit: AuditEntry?) throws -> PromotionRequest {
        try write("marking promotion request #\(id) \(state.rawValue)", audit: audit) { db in
            let request = try Self.fetchRequest(db, id: id)
            guard allowed.contains(request.state) else {
                throw StoreError.invalid("promotion request #\(id) is \(request.state.rawValue); it cannot become \(state.rawValue)")
            }
            try db.execute(sql: """
                UPDATE promotion_request SET state = ?, closed_by = COALESCE(?, closed_by), closed_at = COALESCE(?, closed_at),
                    comment = COALESCE(?, comment), deployment_id = COALESCE(?, deployment_id)
                WHERE id = ?
                """, arguments: [state.rawValue, closedBy, now, comment, deploymentID, id])
            return try Self.fetchRequest(db, id: id)
        }
    }

    static func fetchRequest(_ db: Database, id: Int64) throws -> PromotionRequest {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM promotion_request WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound("promotion request #\(id)")
        }
        return try PromotionRequest(row: row)
    }

    static func fetchLiveRequest(_ db: Database, pipeline: String, environment: String, tag: String) throws -> PromotionRequest? {
        try Row.fetchOne(db, sql: """
            SELECT * FROM promotion_request
            WHERE pipeline = ? AND environment = ? AND artifact_tag = ? AND state IN ('open','approved')
            """, arguments: [pipeline, environment, tag]).map(PromotionRequest.init(row:))
    }
}
