/// Something a notification is sent about.
public enum NotifyEvent: String, Sendable, Hashable, CaseIterable, Codable {
    /// A promotion request was opened: approvals are missing.
    case requested
    /// A promotion request's quorum is complete.
    case approved
    /// A deployment started running (its steps are about to run).
    case started
    /// A deployment succeeded.
    case succeeded
    /// A deployment failed, errored or was aborted.
    case failed
    /// A deployment-like run was refused by a gate or the lock.
    case blocked
    /// A `gantry rollback` ended well, or a halted rollout ran its `rollback:` steps.
    case rolledBack = "rolled_back"
}

/// One `notify:` entry: where notifications go, in which format, about what.
public struct NotifyTarget: Sendable, Hashable {
    /// The body sent.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// Slack's incoming-webhook message (`text` and `blocks`).
        case slack
        /// Gantry's own event document (docs/notifications.md).
        case json
    }

    /// Where to POST; `${secrets.NAME}` is resolved only when the notification is sent.
    public var url: Template
    public var format: Format
    /// The events this target receives, in the order written.
    public var events: [NotifyEvent]
    public var location: SourceLocation

    public init(url: Template, format: Format, events: [NotifyEvent], location: SourceLocation) {
        self.url = url
        self.format = format
        self.events = events
        self.location = location
    }
}

extension Pipeline {
    /// The targets notified about events of `environment`: the pipeline's entries, then the
    /// environment's. An environment entry with the same `url` as a pipeline entry replaces it
    /// in place (so an environment can change what one destination receives, or silence it
    /// with `on: []`).
    public func notifyTargets(for environment: Environment) -> [NotifyTarget] {
        var targets = notify
        for target in environment.notify {
            if let index = targets.firstIndex(where: { $0.url.source == target.url.source }) {
                targets[index] = target
            } else {
                targets.append(target)
            }
        }
        return targets
    }
}
