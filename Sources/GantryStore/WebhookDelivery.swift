import Foundation
internal import GRDB

/// Where a queued push is.
public enum WebhookDeliveryState: String, Sendable, Codable, CaseIterable {
    /// Waiting for the server's worker.
    case queued
    /// A worker runs it now.
    case running
    /// Its pushes were triggered (whatever the deployments came to).
    case done
    /// It could not be run at all (the remote could not be fetched, no pipeline left).
    case failed
}

/// One push a Git host posted (or reconcile found), queued in the store before the server answered.
public struct WebhookDelivery: Sendable, Equatable, Identifiable {
    public var id: Int64
    /// `github`, `gitlab`, `gitea`, or `reconcile` for a push reconcile found.
    public var provider: String
    /// The provider's delivery id; reconcile's own for a recovered push.
    public var delivery: String
    public var receivedAt: Date
    public var pipelines: [String]
    /// The repository the payload named (`org/app`).
    public var repository: String
    /// The pushed refs as `old new ref` lines.
    public var refs: String
    public var state: WebhookDeliveryState
    /// `host pid N` of the worker that runs or ran it.
    public var claimedBy: String?
    public var startedAt: Date?
    public var finishedAt: Date?
    public var message: String?

    init(row: Row) throws {
        id = row["id"]
        provider = row["provider"]
        delivery = row["delivery"]
        receivedAt = row["received_at"]
        pipelines = StoredList.decode(row["pipelines"])
        repository = row["repository"]
        refs = row["refs"]
        state = try row.decode("state")
        claimedBy = row["claimed_by"]
        startedAt = row["started_at"]
        finishedAt = row["finished_at"]
        message = row["message"]
    }
}

/// A delivery to queue.
public struct NewWebhookDelivery: Sendable, Equatable {
    public var provider: String
    public var delivery: String
    public var receivedAt: Date
    public var pipelines: [String]
    public var repository: String
    public var refs: String

    public init(provider: String, delivery: String, receivedAt: Date, pipelines: [String], repository: String, refs: String) {
        self.provider = provider
        self.delivery = delivery
        self.receivedAt = receivedAt
        self.pipelines = pipelines
        self.repository = repository
        self.refs = refs
    }
}

/// The head of one ref of a pipeline's remote, as Gantry last processed it.
public struct RemoteHead: Sendable, Equatable {
    /// How the head came to be recorded.
    public enum Via: String, Sendable, Codable, CaseIterable {
        /// Seen on the first look at the remote: what was there before Gantry served it.
        case baseline
        /// A delivered push was run.
        case webhook
        /// A push reconcile found was run.
        case recovered
        /// Reconcile saw it, and no environment follows it.
        case listed
    }

    public var ref: String
    public var sha: String
    public var recordedAt: Date
    public var via: Via
}

/// Which remote a pipeline's recorded heads belong to, and how the last look at it went.
public struct RemoteBaseline: Sendable, Equatable {
    public var pipeline: String
    public var remote: String
    public var recordedAt: Date
    public var reconciledAt: Date?
    /// Why the last look failed; nil when it worked.
    public var error: String?
}
