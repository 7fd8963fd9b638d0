import Foundation
internal import GRDB
import Synchronization

/// Gantry's embedded state: artifacts, deployments, approvals, locks, schedules and the audit log.
///
/// One SQLite file (normally `.gantry/state.db`) shared by every `gantry` process of a team. It is
/// opened as a GRDB `DatabasePool` in WAL mode: status readers never wait for a deployment that is
/// writing, writers are serialised by SQLite itself across processes (`BEGIN IMMEDIATE` plus a busy
/// timeout), and the pool's one writer connection per process keeps writes in order within it.
///
/// Every mutating call accepts an optional ``AuditEntry``: when given, exactly one audit event is
/// appended in the same transaction as the change, so a change and its audit record are committed
/// or rolled back together. The notifications an audit entry carries (``AuditEntry/notifications``)
/// go into the outbox in that same transaction.
public final class StateStore: Sendable {
    /// The database file.
    public let path: String
    /// The file beside the database that holds the audit chain's head (count and last hash).
    public let auditHeadPath: String
    let pool: DatabasePool
    /// Set once this object wrote a notification (see ``wroteNotifications``).
    let notificationsWritten = Mutex(false)

    init(path: String, pool: DatabasePool) {
        self.path = path
        self.auditHeadPath = path + ".audit-head"
        self.pool = pool
    }

    /// How long a writer waits for another process's transaction before giving up.
    public static let busyTimeout: TimeInterval = 10

    // MARK: - Internal helpers shared by the concerns

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction; appends `audit` (with the notifications it
    /// carries) in it when given, and `notifications` that belong to no audit event.
    ///
    /// The audit head file is replaced while the transaction still holds SQLite's write lock, so
    /// two processes can never write heads out of order.
    func write<T>(_ context: String, audit: AuditEntry? = nil, notifications: [OutboxMessage] = [],
                  _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    if let audit { try appendAudit(audit, in: db) }
                    try insertNotifications(notifications, auditEventID: nil, in: db)
                    return .commit
                }
                guard let result else { throw StoreError.database(context: context, message: "transaction produced no result") }
                return result
            }
        } catch {
            throw StoreError.wrap(error, context: context)
        }
    }

    /// Appends an audit event and its notifications inside the caller's write transaction and
    /// replaces the head file.
    @discardableResult
    func appendAudit(_ entry: AuditEntry, in db: Database) throws -> AuditHead {
        let head = try AuditChain.append(entry, in: db)
        try insertNotifications(entry.notifications, auditEventID: head.count, in: db)
        try AuditChain.writeHead(head, to: auditHeadPath)
        return head
    }

    /// Runs `body` against a consistent snapshot.
    func read<T>(_ context: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError.wrap(error, context: context)
        }
    }
}

extension StoreError {
    /// Keeps our own errors as they are and gives SQLite's a context.
    static func wrap(_ error: any Error, context: String) -> StoreError {
        if let own = error as? StoreError { return own }
        if let db = error as? DatabaseError {
            return .database(context: context, message: db.message ?? "\(db.resultCode)")
        }
        return .database(context: context, message: "\(error)")
    }
}
