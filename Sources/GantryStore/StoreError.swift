import Foundation
import GantryShell

/// Everything that can go wrong in the state store, with enough context to tell the user why.
///
/// Business refusals (an artifact tag reused for another commit, a held lock) are kept apart from
/// infrastructure failures (the store cannot be opened or read), because the command line maps
/// them to different exit codes: see ``severity``.
public enum StoreError: SeverityCarrying, Sendable, Equatable {
    /// The store file or its folder cannot be created, opened or read, or is not a database.
    case unavailable(path: String, reason: String)
    /// The store has migrations this build does not know: a newer Gantry wrote it.
    case writtenByNewerGantry(path: String, unknownMigrations: [String])
    /// The tag is already recorded for another commit; a tag is built once.
    case artifactTagConflict(pipeline: String, tag: String, recordedCommit: String, newCommit: String)
    /// The tag is already recorded with another digest; a tag never points at two digests.
    case artifactDigestConflict(pipeline: String, tag: String, recordedDigest: String, newDigest: String)
    /// Another deployment holds the environment's lock and did not release it in time.
    case lockHeld(EnvironmentLock)
    /// A record the caller referred to does not exist.
    case notFound(String)
    /// The caller asked for something the store's rules refuse (e.g. a schedule with no time).
    case invalid(String)
    /// SQLite failed while doing `context`.
    case database(context: String, message: String)

    /// Conflicts and a held lock are refusals by policy; an unreadable or too-new store is an
    /// infrastructure problem; a missing record or an invalid request is a usage error.
    public var severity: Severity {
        switch self {
        case .unavailable, .writtenByNewerGantry, .database: return .infrastructure
        case .artifactTagConflict, .artifactDigestConflict, .lockHeld: return .refused
        case .notFound, .invalid: return .usage
        }
    }

    public var description: String {
        switch self {
        case let .unavailable(path, reason):
            return "state store \(path) is unavailable: \(reason)"
        case let .writtenByNewerGantry(path, unknown):
            return "state store \(path) was written by a newer Gantry (schema \(unknown.joined(separator: ", "))); upgrade gantry"
        case let .artifactTagConflict(pipeline, tag, recorded, new):
            return "artifact \(pipeline):\(tag) is already recorded for commit \(recorded); refusing to record it for commit \(new) (a tag is built once)"
        case let .artifactDigestConflict(pipeline, tag, recorded, new):
            return "artifact \(pipeline):\(tag) is recorded with digest \(recorded); refusing digest \(new) (a tag never points at two digests)"
        case let .lockHeld(holder):
            return "\(holder.pipeline)/\(holder.environment) is locked by deployment #\(holder.deploymentID) "
                + "(\(holder.actor), pid \(holder.pid) on \(holder.hostname), since \(StoreTime.display(holder.acquiredAt)))"
        case let .notFound(what):
            return "\(what) not found in the state store"
        case let .invalid(message):
            return message
        case let .database(context, message):
            return "state store error while \(context): \(message)"
        }
    }
}
