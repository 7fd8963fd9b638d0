import Foundation
internal import GRDB

/// An audit event to append: who did what, where, and how it ended.
public struct AuditEntry: Sendable, Equatable, Codable {
    /// The acting user (the name of the real user id).
    public var actor: String
    /// The verb: `build`, `deploy`, `promote`, `approve`, `reject`, `rollback`, `exec`, `lock-takeover`…
    public var action: String
    public var pipeline: String?
    public var environment: String?
    public var artifact: String?
    /// How it ended: `succeeded`, `failed`, `refused`, `requested`…
    public var outcome: String
    /// Free text or JSON (gate results, override reason); never secret values.
    public var details: String
    public var at: Date
    /// Notifications about this event, written to the outbox in the event's own transaction.
    /// Not part of the event itself (not hashed, not stored in the audit log).
    public var notifications: [OutboxMessage] = []

    private enum CodingKeys: String, CodingKey {
        case actor, action, pipeline, environment, artifact, outcome, details, at
    }

    public init(actor: String, action: String, pipeline: String? = nil, environment: String? = nil,
                artifact: String? = nil, outcome: String, details: String = "", at: Date) {
        self.actor = actor
        self.action = action
        self.pipeline = pipeline
        self.environment = environment
        self.artifact = artifact
        self.outcome = outcome
        self.details = details
        self.at = at
    }

    /// The same entry carrying `messages` to the outbox.
    public func notifying(_ messages: [OutboxMessage]) -> AuditEntry {
        var copy = self
        copy.notifications += messages
        return copy
    }
}

/// A recorded audit event, chained to the one before it by its hash.
public struct AuditEvent: Sendable, Equatable, Codable, Identifiable {
    /// Its position in the chain, from 1 without gaps.
    public var id: Int64
    public var entry: AuditEntry
    /// The timestamp exactly as stored and hashed (ISO-8601, UTC, milliseconds).
    public var timestamp: String
    public var previousHash: String
    /// SHA-256 (hex) over the canonical encoding of the fields and `previousHash`.
    public var hash: String

    init(row: Row) {
        id = row["id"]
        timestamp = row["at"]
        entry = AuditEntry(actor: row["actor"], action: row["action"], pipeline: row["pipeline"],
                           environment: row["environment"], artifact: row["artifact"], outcome: row["outcome"],
                           details: row["details"], at: StoreTime.parse(timestamp) ?? .distantPast)
        previousHash = row["previous_hash"]
        hash = row["hash"]
    }
}

/// Which audit events to list.
public struct AuditFilter: Sendable, Equatable {
    public var pipeline: String?
    public var environment: String?
    public var actor: String?
    public var action: String?
    public var since: Date?
    /// The newest `limit` matching events (all when nil), returned oldest first.
    public var limit: Int?

    public init(pipeline: String? = nil, environment: String? = nil, actor: String? = nil, action: String? = nil,
                since: Date? = nil, limit: Int? = nil) {
        self.pipeline = pipeline
        self.environment = environment
        self.actor = actor
        self.action = action
        self.since = since
        self.limit = limit
    }
}

/// The chain's head as kept outside the database: how many events, and the last hash.
public struct AuditHead: Sendable, Equatable, Codable {
    public var count: Int64
    public var hash: String
}

/// Why an audit chain does not verify.
public enum AuditBreakReason: String, Sendable, Codable {
    /// An event's fields no longer match its hash.
    case edited
    /// An event was added that the chain or the head does not account for.
    case inserted
    /// One or more events are missing (in the middle, or the newest ones).
    case removed
    /// The head file disagrees with the chain in another way (missing, unreadable, other hash).
    case headMismatch = "head-mismatch"
}

/// The first place where the audit chain breaks.
public struct AuditBreak: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The first event concerned (for removed newest events: the first missing id).
    public var eventID: Int64
    public var reason: AuditBreakReason
    public var detail: String

    public var description: String { "audit event #\(eventID): \(reason.rawValue): \(detail)" }
}

/// The result of ``StateStore/verifyAudit()``.
public struct AuditVerification: Sendable, Equatable, Codable {
    /// Events found in the database.
    public var eventCount: Int64
    /// The first break, or nil when the chain and its head agree.
    public var firstBreak: AuditBreak?
    public var isIntact: Bool { firstBreak == nil }
}
