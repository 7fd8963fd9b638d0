import Foundation
import GantryStore

/// What a notification says, before it is masked and written to the outbox.
///
/// The outbox keeps it as ``Documents/notification(_:)`` prints it; the sender adds the
/// outbox's `id` and `delivery_key` (``Documents/delivered(_:id:key:)``).
public struct NotificationDocument: Sendable {
    /// `requested`, `approved`, `started`, `succeeded`, `failed`, `blocked`, `rolled_back`, or `test`.
    public var event: String
    public var pipeline: String
    public var environment: String
    public var artifact: String?
    public var commit: String?
    /// Who did what the event is about.
    public var actor: String
    public var at: Date
    /// One line for people.
    public var summary: String
    /// More for people: the gates that blocked, the deployment's message.
    public var message: String?
    public var deployment: Deployment?
    public var request: RequestPart?
    public var gates: [GateResult]
    /// Hosts whose `rollback:` steps ran (a halted rollout).
    public var rolledBackHosts: [String]?

    /// The promotion request a `requested` or `approved` notification is about.
    public struct RequestPart: Sendable {
        public var requester: String
        public var approvedBy: [String]
        public var missing: Int
        /// `bob or carol`, `anyone but alice`.
        public var mayApprove: String
        /// The command an approver runs.
        public var approveCommand: String
    }
}

extension Documents {
    /// The version of the notification document; a field is only ever added.
    public static let notificationVersion = 1

    /// A notification's document as the outbox keeps it (no `id` or `delivery_key` yet).
    public static func notification(_ document: NotificationDocument) -> JSONValue {
        .object([
            "version": .number(notificationVersion),
            "event": .string(document.event),
            "pipeline": .string(document.pipeline),
            "environment": .string(document.environment),
            "artifact": .text(document.artifact),
            "commit": .text(document.commit),
            "actor": .string(document.actor),
            "at": .time(document.at),
            "summary": .string(document.summary),
            "message": .text(document.message),
            "deployment": document.deployment.map(Documents.deployment) ?? .null,
            "request": document.request.map { request in
                .object([
                    "requester": .string(request.requester),
                    "approved_by": .strings(request.approvedBy),
                    "missing": .number(request.missing),
                    "may_approve": .string(request.mayApprove),
                    "approve_command": .string(request.approveCommand),
                ])
            } ?? .null,
            "gates": .array(document.gates.map(Documents.gate)),
            "rolled_back_hosts": .strings(document.rolledBackHosts),
        ])
    }

    /// The document a receiver gets: the kept one with the outbox `id` and its `delivery_key`.
    public static func delivered(_ kept: JSONValue, id: Int64, key: String) -> JSONValue {
        guard case var .object(fields) = kept else { return kept }
        fields["id"] = .int(id)
        fields["delivery_key"] = .string(key)
        return .object(fields)
    }
}

extension JSONValue {
    /// Every string in the value passed through `mask` (keys are field names, never masked).
    public func masked(by mask: (String) -> String) -> JSONValue {
        switch self {
        case let .string(text): .string(mask(text))
        case let .array(items): .array(items.map { $0.masked(by: mask) })
        case let .object(fields): .object(fields.mapValues { $0.masked(by: mask) })
        default: self
        }
    }

    /// The value of `key` in an object.
    subscript(key: String) -> JSONValue? {
        if case let .object(fields) = self { return fields[key] }
        return nil
    }

    /// The text of a string value.
    var string: String? {
        if case let .string(text) = self { return text }
        return nil
    }
}

extension Documents {
    /// One delivery attempt (`gantry notify test --json`).
    public static func delivery(_ attempt: DeliveryAttempt) -> JSONValue {
        var status = "delivered", reason: String?, next: Date?
        switch attempt.outcome {
        case .delivered: break
        case let .willRetry(at, why): (status, reason, next) = ("retrying", why, at)
        case let .gaveUp(why): (status, reason) = ("failed", why)
        case let .skipped(why): (status, reason) = ("not-sent", why)
        }
        return .object([
            "id": .int(attempt.id), "event": .string(attempt.event), "pipeline": .string(attempt.pipeline),
            "environment": .string(attempt.environment), "url": .string(attempt.url), "attempt": .number(attempt.attempt),
            "status": .string(status), "http_status": .number(attempt.httpStatus), "reason": .text(reason), "next_attempt_at": .time(next),
        ])
    }
}

extension Documents {
    /// One outbox row (`gantry notify list --json`): the URL as configured, never with secret values.
    public static func outboxEntry(_ entry: OutboxEntry) -> JSONValue {
        .object([
            "id": .int(entry.id), "delivery_key": .string(entry.deliveryKey), "event": .string(entry.message.event),
            "pipeline": .string(entry.message.pipeline), "environment": .string(entry.message.environment),
            "deployment": .number(entry.message.deploymentID), "url": .string(entry.message.url),
            "format": .string(entry.message.format), "status": .string(entry.state.rawValue), "attempts": .int(Int64(entry.attempts)),
            "next_attempt_at": .time(entry.state == .pending ? entry.nextAttemptAt : nil),
            "last_status": .number(entry.lastStatus), "last_error": .text(entry.lastError),
            "created_at": .time(entry.message.createdAt), "finished_at": .time(entry.finishedAt),
        ])
    }
}
