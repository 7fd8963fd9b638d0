import Foundation
import GantryStore

/// Why a live promotion request is out of date.
///
/// Derived each time it is read, never stored: the request itself stays live, so it can still be
/// approved, rejected or run with `gantry promote … --artifact TAG` while the path gate lets its
/// artifact in. Only what people are shown changes (`superseded` instead of `open`).
public enum Supersession: Sendable, Equatable {
    /// The environment already runs the request's artifact.
    case alreadyRunning(environment: String)
    /// The `from` environment moved on to another artifact after the request was opened.
    case fromMovedOn(environment: String, tag: String)

    /// One sentence for people and for `--json`.
    ///
    /// - Parameter tag: the request's artifact, for the way to still run it.
    public func reason(tag: String) -> String {
        switch self {
        case let .alreadyRunning(environment):
            "\(environment) already runs \(tag)"
        case let .fromMovedOn(environment, newer):
            "\(environment) moved on to \(newer) since it was requested; `--artifact \(tag)` still runs it while the path gate lets it in"
        }
    }

    /// Whether `request` is superseded, given what runs in its environment and in its `from`.
    ///
    /// - Parameters:
    ///   - running: the environment's current deployment.
    ///   - fromRunning: the current deployment of the environment's `from`; nil for an entry
    ///     environment or when nothing runs there.
    static func of(_ request: PromotionRequest, running: Deployment?, fromRunning: Deployment?) -> Supersession? {
        if let running, running.artifactTag == request.artifactTag {
            return .alreadyRunning(environment: running.environment)
        }
        // Only a move after the request counts: a request deliberately opened for an older
        // artifact (`--artifact`) is not out of date the moment it is made.
        if let from = fromRunning, from.artifactTag != request.artifactTag,
           (from.finishedAt ?? from.startedAt) > request.createdAt {
            return .fromMovedOn(environment: from.environment, tag: from.artifactTag)
        }
        return nil
    }
}
