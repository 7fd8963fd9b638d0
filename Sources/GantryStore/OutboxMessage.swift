import Foundation
internal import GRDB

/// A notification to write to the outbox with the record of what it is about.
///
/// It rides on an ``AuditEntry`` (``AuditEntry/notifications``) or on a deployment's status
/// change, so it is committed in the same transaction as its event, or not at all.
public struct OutboxMessage: Sendable, Equatable {
    /// `requested`, `approved`, `started`, `succeeded`, `failed`, `blocked`, `rolled_back`, `test`.
    public var event: String
    public var pipeline: String
    public var environment: String
    public var deploymentID: Int64?
    /// Messages of one stream are sent in order, one at a time per URL (nil: 'pipeline/environment').
    public var stream: String?
    /// The target URL as configured, secrets still written `${secrets.NAME}`.
    public var url: String
    /// `slack` or `json`.
    public var format: String
    /// The event document, secrets already masked.
    public var payload: String
    public var createdAt: Date

    public init(event: String, pipeline: String, environment: String, deploymentID: Int64? = nil, stream: String? = nil,
                url: String, format: String, payload: String, createdAt: Date) {
        self.event = event
        self.pipeline = pipeline
        self.environment = environment
        self.deploymentID = deploymentID
        self.stream = stream
        self.url = url
        self.format = format
        self.payload = payload
        self.createdAt = createdAt
    }
}

/// Where an outbox row stands.
public enum OutboxState: String, Sendable, Codable {
    /// Not sent yet, or to be tried again.
    case pending
    /// A receiver answered 2xx; it is never sent again.
    case delivered
    /// Given up: a permanent refusal, or still undelivered a day after it was written.
    case failed
}

/// One outbox row as stored.
public struct OutboxEntry: Sendable, Equatable, Identifiable {
    public var id: Int64
    /// The Idempotency-Key sent with every attempt.
    public var deliveryKey: String
    public var auditEventID: Int64?
    public var message: OutboxMessage
    public var state: OutboxState
    /// Attempts started so far (a claim counts as one).
    public var attempts: Int
    public var nextAttemptAt: Date
    public var claimedBy: String?
    public var lastStatus: Int?
    public var lastError: String?
    public var finishedAt: Date?

    init(row: Row) throws {
        id = row["id"]
        deliveryKey = row["delivery_key"]
        auditEventID = row["audit_event_id"]
        message = OutboxMessage(event: row["event"], pipeline: row["pipeline"], environment: row["environment"],
                                deploymentID: row["deployment_id"], stream: row["stream"], url: row["url"],
                                format: row["format"], payload: row["payload"], createdAt: row["created_at"])
        state = try row.decode("state")
        attempts = row["attempts"]
        nextAttemptAt = row["next_attempt_at"]
        claimedBy = row["claimed_by"]
        lastStatus = row["last_status"]
        lastError = row["last_error"]
        finishedAt = row["finished_at"]
    }
}

/// Who claims outbox rows: a process on a host.
public struct OutboxClaimant: Sendable, Equatable {
    public var pid: Int32
    public var host: String

    public init(pid: Int32, host: String) {
        self.pid = pid
        self.host = host
    }

    /// `pid@host`, as stored in `claimed_by`.
    public var name: String { "\(pid)@\(host)" }
}

/// How one attempt at an outbox row ended.
public enum OutboxResult: Sendable, Equatable {
    /// The receiver answered 2xx.
    case delivered(status: Int)
    /// Try again at `at`.
    case retry(at: Date, status: Int?, error: String)
    /// Give up for good.
    case failed(status: Int?, error: String)
    /// This process could not send it (a secret it does not have): not an attempt; another may.
    case skipped(error: String)
}
